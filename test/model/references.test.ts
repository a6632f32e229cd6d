// The indexed pod lookups of src/model/references.ts must answer exactly as the scans they replace.
import { describe, expect, it } from 'vitest';
import { loadText } from '../../src/load/index.js';
import {
  type LabelSelector,
  Model,
  type PodSpecView,
  readLabelSelector,
  selectorFromLabels,
} from '../../src/model/index.js';
import {
  mayShareNamespace,
  objectsIn,
  podsCompatible,
  podsSharingNamespace,
  selectedPods,
  selectsAnyPod,
  selectsPod,
  treeKnows,
} from '../../src/model/references.js';

const workload = (kind: string, name: string, ns: string | undefined, labels: string, extra = '') => `---
apiVersion: apps/v1
kind: ${kind}
metadata:
  name: ${name}${ns === undefined ? '' : `\n  namespace: ${ns}`}${extra}
spec:
  replicas: 2
  template:
    metadata:
      labels: {${labels}}
    spec:
      containers: [{name: c, image: nginx}]
`;

// Several namespaces, unset namespaces (not `default`), a written `default`, a Helm hook, and
// controllers that add labels of their own (StatefulSet pod names, Deployment template hashes).
const text = [
  workload('Deployment', 'web', 'shop', 'app: web, tier: front'),
  workload('Deployment', 'web', undefined, 'app: web, tier: front'),
  workload('Deployment', 'api', 'shop', 'app: api, tier: back'),
  workload('StatefulSet', 'db', 'shop', 'app: db'),
  workload('StatefulSet', 'db', undefined, 'app: db'),
  workload('Deployment', 'web', 'default', 'app: web'),
  workload('Deployment', 'web-other', 'other', 'app: web, tier: front'),
  workload('Deployment', 'hook', 'shop', 'app: web', '\n  annotations: {helm.sh/hook: test}'),
  workload('Deployment', 'num', undefined, 'app: web, version: 1'),
].join('');

const model = new Model([loadText('a.yaml', text)]);

const selectorOf = (yaml: string): LabelSelector =>
  readLabelSelector(loadText('s.yaml', yaml).documents[0]?.root ?? undefined);

const selectors: LabelSelector[] = [
  selectorFromLabels({ app: 'web' }),
  selectorFromLabels({ app: 'web', tier: 'front' }),
  selectorFromLabels({ tier: 'back' }),
  selectorFromLabels({ app: 'nothing' }),
  selectorFromLabels({ version: '1' }),
  selectorFromLabels({ app: 'db', 'statefulset.kubernetes.io/pod-name': 'db-1' }),
  selectorFromLabels({ app: 'db', 'statefulset.kubernetes.io/pod-name': 'db-2' }),
  selectorFromLabels({ 'statefulset.kubernetes.io/pod-name': 'db-0' }),
  selectorFromLabels({ 'pod-template-hash': 'abc' }),
  selectorOf('matchLabels: {app: web}\nmatchExpressions: [{key: tier, operator: NotIn, values: [back]}]'),
  selectorOf('matchExpressions: [{key: tier, operator: In, values: [front, back]}]'),
];

const names = (pods: readonly PodSpecView[]) => pods.map((p) => p.object.displayName);

describe('selectedPods', () => {
  for (const ns of [undefined, 'shop', 'other', 'default', 'nowhere', '']) {
    it(`answers as the scan of podsCompatible does, namespace ${JSON.stringify(ns)}`, () => {
      for (const sel of selectors) {
        const scan = podsCompatible(model, ns).filter((p) => selectsPod(sel, p));
        expect(names(selectedPods(model, ns, sel))).toEqual(names(scan));
        expect(selectsAnyPod(model, ns, sel)).toBe(scan.length > 0);
      }
    });
  }

  it('an unset namespace is not default: it may be any namespace, while a written default is only default', () => {
    expect(names(selectedPods(model, 'shop', selectorFromLabels({ app: 'web' })))).toEqual([
      'Deployment/shop/web',
      'Deployment/web',
      'Deployment/num',
    ]);
    expect(names(selectedPods(model, 'default', selectorFromLabels({ app: 'web', tier: 'front' })))).toEqual([
      'Deployment/web',
    ]);
  });

  it('labels a controller adds are matched without being on the template', () => {
    expect(
      names(
        selectedPods(model, 'shop', selectorFromLabels({ 'statefulset.kubernetes.io/pod-name': 'db-1' })),
      ),
    ).toEqual(['StatefulSet/shop/db', 'StatefulSet/db']);
  });
});

describe('objects applied together (folders, written and unset namespaces)', () => {
  const cm = (name: string, ns?: string) =>
    `---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}${ns ? `, namespace: ${ns}` : ''}}\n`;
  const tree = new Model([
    loadText('apps/web/deploy.yaml', text),
    loadText('apps/web/config.yaml', cm('c1') + cm('c2', 'shop')),
    loadText('apps/api/deploy.yaml', workload('Deployment', 'api2', undefined, 'app: api')),
    loadText(
      'apps/api/sa.yaml',
      '---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: s, namespace: shop}\n',
    ),
    loadText(
      'root.yaml',
      workload('Deployment', 'top', 'shop', 'app: top') +
        workload('Deployment', 'top2', undefined, 'app: top') +
        cm('c3'),
    ),
  ]);
  const folder = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');

  it('podsSharingNamespace is the scan of every pod with mayShareNamespace, in scan order', () => {
    for (const o of tree.objects) {
      const scan = tree.podSpecs().filter((p) => mayShareNamespace(p.object, o));
      expect(podsSharingNamespace(tree, o), o.displayName).toEqual(scan);
    }
    // An unset namespace is not default: from the web folder, a pod in shop shares only with shop.
    const shopConfig = tree.objects.find((o) => o.name === 'c2')!;
    expect(names(podsSharingNamespace(tree, shopConfig))).toContain('Deployment/shop/top');
    expect(names(podsSharingNamespace(tree, shopConfig))).not.toContain('Deployment/default/web');
  });

  it('treeKnows, for a namespace left unset, looks at the referrer folder only', () => {
    for (const o of tree.objects) {
      for (const kinds of [['ConfigMap'], ['ServiceAccount'], ['Deployment', 'ConfigMap'], ['Secret']]) {
        const scan = kinds.some((k) =>
          objectsIn(tree, k, undefined).some((x) => folder(x.file.path) === folder(o.file.path)),
        );
        expect(treeKnows(tree, kinds, undefined, o), `${o.displayName} ${kinds}`).toBe(scan);
      }
    }
    const api = tree.objects.find((o) => o.name === 'api2')!;
    expect(treeKnows(tree, ['ConfigMap'], undefined, api)).toBe(false);
    expect(treeKnows(tree, ['ConfigMap'], 'shop', api)).toBe(true);
  });
});
