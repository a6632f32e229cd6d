// The network and RBAC model helpers the cluster rules stand on.
import { describe, expect, it } from 'vitest';
import {
  cidrContains,
  metadataReached,
  type PolicyRule,
  parseCalicoSelector,
  parseCidr,
  readAwsAuthMappings,
  resourceMatches,
  ruleAllows,
} from '../../../src/model/index.js';

const cidr = (s: string) => {
  const c = parseCidr(s);
  if (!c) throw new Error(`bad CIDR ${s}`);
  return c;
};

describe('CIDR containment', () => {
  it('contains by prefix, not by text', () => {
    expect(cidrContains(cidr('169.254.0.0/16'), cidr('169.254.169.254/32'))).toBe(true);
    expect(cidrContains(cidr('169.254.169.0/24'), cidr('169.254.169.254'))).toBe(true);
    expect(cidrContains(cidr('169.254.168.0/24'), cidr('169.254.169.254'))).toBe(false);
    expect(cidrContains(cidr('0.0.0.0/0'), cidr('10.1.2.3/32'))).toBe(true);
    expect(cidrContains(cidr('10.0.0.0/8'), cidr('0.0.0.0/0'))).toBe(false);
  });

  it('handles IPv6, compressed forms and embedded IPv4', () => {
    expect(cidrContains(cidr('::/0'), cidr('fd00:ec2::254/128'))).toBe(true);
    expect(cidrContains(cidr('fd00:ec2::/64'), cidr('fd00:ec2:0:0:0:0:0:254'))).toBe(true);
    expect(cidrContains(cidr('fd00::/16'), cidr('fe80::1'))).toBe(false);
    expect(cidr('::ffff:10.0.0.1').prefix).toBe(128);
    expect(cidrContains(cidr('0.0.0.0/0'), cidr('::/0'))).toBe(false);
  });

  it('rejects malformed text', () => {
    for (const bad of ['10.0.0.256/8', '10.0.0.0/33', '1::2::3', 'fd00:ec2::/129', 'abc', '10.0.0/8']) {
      expect(parseCidr(bad), bad).toBeUndefined();
    }
  });

  it('finds the metadata address unless an except covers it', () => {
    expect(metadataReached(cidr('0.0.0.0/0'), [cidr('10.0.0.0/8')])).toBeDefined();
    expect(metadataReached(cidr('0.0.0.0/0'), [cidr('169.254.0.0/16')])).toBeUndefined();
    expect(metadataReached(cidr('::/0'), [cidr('fd00:ec2::254/128')])).toBeUndefined();
  });
});

describe('Calico selectors', () => {
  const selects = (sel: string, labels: Record<string, string>) =>
    parseCalicoSelector(sel)?.every((t) => t(labels));
  it('evaluates the simple forms', () => {
    expect(parseCalicoSelector('all()')).toEqual([]);
    expect(selects("app == 'web' && has(tier)", { app: 'web', tier: 'x' })).toBe(true);
    expect(selects("app != 'web'", { app: 'web' })).toBe(false);
    expect(selects("app in {'a', 'b'}", { app: 'b' })).toBe(true);
    expect(selects("app not in {'a'}", {})).toBe(true);
    expect(selects('!has(app)', { app: 'x' })).toBe(false);
  });
  it('gives up on forms it does not model', () => {
    expect(parseCalicoSelector("app == 'a' || app == 'b'")).toBeUndefined();
    expect(parseCalicoSelector("(app == 'a')")).toBeUndefined();
  });
});

describe('RBAC matching', () => {
  const r = (resources: string[], verbs: string[], apiGroups = ['']): PolicyRule =>
    ({ resources, verbs, apiGroups, resourceNames: [], nonResourceURLs: [] }) as unknown as PolicyRule;
  it('matches subresources as the authorizer does', () => {
    expect(resourceMatches(r(['*'], []), 'pods/exec')).toBe(true);
    expect(resourceMatches(r(['*/exec'], []), 'pods/exec')).toBe(true);
    expect(resourceMatches(r(['pods'], []), 'pods/exec')).toBe(false);
    expect(resourceMatches(r(['pods/*'], []), 'pods/exec')).toBe(false);
  });
  it('matches verbs and groups with wildcards', () => {
    expect(ruleAllows(r(['roles'], ['*'], ['*']), 'escalate', 'rbac.authorization.k8s.io', 'roles')).toBe(
      true,
    );
    expect(ruleAllows(r(['roles'], ['create']), 'create', 'rbac.authorization.k8s.io', 'roles')).toBe(false);
  });
});

describe('aws-auth mappings', () => {
  it('reads the YAML inside the string', () => {
    expect(readAwsAuthMappings('- rolearn: arn:x\n  username: a\n  groups: [system:masters]\n')).toEqual([
      { arn: 'arn:x', username: 'a', groups: ['system:masters'] },
    ]);
    expect(readAwsAuthMappings('{not: [valid')).toEqual([]);
  });
});
