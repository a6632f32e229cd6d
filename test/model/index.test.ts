// Model look-ups by kind, namespace key and name: an unset namespace is a key of its own, not `default`.
import { describe, expect, it } from 'vitest';
import { loadText } from '../../src/load/index.js';
import { Model, UNSET_NAMESPACE } from '../../src/model/index.js';

const sa = (name: string, ns?: string) =>
  `---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: ${name}${ns ? `, namespace: ${ns}` : ''}}\n`;

const model = new Model([
  loadText(
    'a.yaml',
    sa('a', 'x') +
      sa('a') +
      sa('b', 'team-y') +
      sa('c', 'team-y') +
      sa('c', 'team-z') +
      sa('d', 'default') +
      sa('a', 'x').replace('{name: a', '{name: a, labels: {second: "yes"}') +
      '---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\n',
  ),
]);
const shown = (o: ReturnType<Model['find']>) => o && `${o.displayName}${o.labels.second ? ' (second)' : ''}`;

describe('Model.find and Model.resolve', () => {
  it('find matches kind, namespace key and name exactly; the later of two definitions wins', () => {
    expect(shown(model.find('ServiceAccount', 'x', 'a'))).toBe('ServiceAccount/x/a (second)');
    expect(shown(model.find('ServiceAccount', UNSET_NAMESPACE, 'a'))).toBe('ServiceAccount/a');
    expect(model.find('ServiceAccount', 'default', 'a')).toBeUndefined();
    expect(model.find('ServiceAccount', UNSET_NAMESPACE, 'd')).toBeUndefined();
    expect(shown(model.find('ClusterRole', undefined, 'r'))).toBe('ClusterRole/r');
    expect(model.find('ClusterRole', UNSET_NAMESPACE, 'r')).toBeUndefined();
    expect(model.find('Role', undefined, 'r')).toBeUndefined();
  });

  it('resolve falls back from a written namespace to the unset one, and from unset to a single match', () => {
    expect(shown(model.resolve('ServiceAccount', 'elsewhere', 'a'))).toBe('ServiceAccount/a');
    expect(shown(model.resolve('ServiceAccount', 'x', 'a'))).toBe('ServiceAccount/x/a (second)');
    expect(model.resolve('ServiceAccount', 'elsewhere', 'b')).toBeUndefined();
    expect(shown(model.resolve('ServiceAccount', UNSET_NAMESPACE, 'b'))).toBe('ServiceAccount/team-y/b');
    expect(shown(model.resolve('ServiceAccount', UNSET_NAMESPACE, 'd'))).toBe('ServiceAccount/default/d');
    // Two of that name in different namespaces: ambiguous.
    expect(model.resolve('ServiceAccount', UNSET_NAMESPACE, 'c')).toBeUndefined();
    expect(model.resolve('ServiceAccount', undefined, 'b')).toBeUndefined();
  });
});
