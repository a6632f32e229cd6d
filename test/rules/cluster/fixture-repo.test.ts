// The graph rules on a small repository (fixtures/cluster/repo): three namespaces, workloads in
// apps/<ns>/, NetworkPolicies in network/ (Kubernetes and Calico), and RBAC in rbac/ whose chains
// cross folders (a ClusterRoleBinding in rbac/ grants a ServiceAccount defined in apps/shop/, an
// aggregated ClusterRole collects a labelled component, a RoleBinding reaches built-in `edit`).
import { describe, expect, it } from 'vitest';
import { lintFixtureRepo, summary } from './helpers.js';

const GRAPH_RULES = [
  'namespace-without-default-deny',
  'pod-not-isolated',
  'network-policy-selects-nothing',
  'metadata-api-egress-allowed',
  'network-policy-allows-all',
  'rbac-secrets-read',
  'rbac-pod-exec',
  'rbac-wildcard',
  'rbac-dangling-reference',
  'binding-excessive-permissions',
  'workload-excessive-permissions',
];

describe('fixtures/cluster/repo', () => {
  const findings = lintFixtureRepo('cluster/repo', GRAPH_RULES);

  it('reports exactly the expected findings, across files', () => {
    expect(findings.filter((f) => f.ruleId === 'rule-error')).toEqual([]);
    expect(summary(findings)).toEqual([
      // ledger is selected by no policy of payments (only ledger-db is).
      'pod-not-isolated medium apps/payments/ledger.yaml:12:7-13:20',
      // Through RoleBinding ledger-ops (no subject namespace) → aggregated ops → ops-debug rules[1].
      'workload-excessive-permissions high apps/payments/ledger.yaml:15:7-15:33',
      // Through the ClusterRoleBinding in rbac/ → secret-reader.
      'workload-excessive-permissions high apps/shop/api.yaml:15:7-15:30',
      // Through RoleBinding web-edit → built-in edit (aggregated from system:aggregate-to-edit).
      'workload-excessive-permissions high apps/shop/web.yaml:15:7-15:30',
      // payments: no select-all policy at all; monitoring: Calico all() covers ingress only.
      'namespace-without-default-deny medium namespaces/namespaces.yaml:11:3-11:17',
      'namespace-without-default-deny medium namespaces/namespaces.yaml:18:3-18:19',
      // api-egress has no except for the metadata range; web-egress excepts 169.254.0.0/16.
      'metadata-api-egress-allowed high network/shop.yaml:40:15-40:24',
      // storefront-ingress selects app=storefront, which no workload of shop has.
      'network-policy-selects-nothing low network/shop.yaml:50:3-52:22',
      'binding-excessive-permissions high rbac/bindings.yaml:8:3-8:22',
      'binding-excessive-permissions medium rbac/bindings.yaml:22:3-22:12',
      // edit within one namespace is still high: it impersonates ServiceAccounts and mints their tokens.
      'binding-excessive-permissions high rbac/bindings.yaml:36:3-36:13',
      // Critical: bound cluster-wide by a ClusterRoleBinding in another file.
      'rbac-secrets-read critical rbac/cluster-roles.yaml:7:3-7:23',
      'rbac-pod-exec high rbac/cluster-roles.yaml:32:3-32:25',
    ]);
  });

  it('names each namespace’s missing direction', () => {
    const deny = findings.filter((f) => f.ruleId === 'namespace-without-default-deny').map((f) => f.message);
    expect(deny[0]).toContain(
      'namespace payments runs 2 workload(s) but has no NetworkPolicy selecting all pods that denies ingress and egress',
    );
    expect(deny[1]).toContain(
      'namespace monitoring runs 1 workload(s) but has no NetworkPolicy selecting all pods that denies egress by default',
    );
  });

  it('gives the chain binding → role → rule as related locations, the message naming the binding', () => {
    const ledger = findings.find(
      (f) => f.ruleId === 'workload-excessive-permissions' && f.location.file.endsWith('ledger.yaml'),
    )!;
    expect(ledger.message).toContain(
      'exec into, attach to or port-forward pods in namespace payments (create pods/exec, via RoleBinding/payments/ledger-ops)',
    );
    expect(ledger.related.map((r) => `${r.file}:${r.startLine}:${r.startColumn} ${r.message}`)).toEqual([
      'fixtures/cluster/repo/rbac/bindings.yaml:22:3 RoleBinding/payments/ledger-ops binds ClusterRole/ops',
      'fixtures/cluster/repo/rbac/cluster-roles.yaml:14:3 ClusterRole/ops aggregates ClusterRole/ops-debug',
      'fixtures/cluster/repo/rbac/cluster-roles.yaml:32:3 ClusterRole/ops-debug rules[1] grants create pods/exec',
    ]);
    const api = findings.find(
      (f) => f.ruleId === 'workload-excessive-permissions' && f.location.file.endsWith('api.yaml'),
    )!;
    expect(api.message).toContain(
      'read Secrets cluster-wide (get/list/watch secrets, via ClusterRoleBinding/api-reads-secrets)',
    );
    expect(api.related).toHaveLength(2);
  });

  it('resolves built-in edit through its aggregation', () => {
    const web = findings.find(
      (f) => f.ruleId === 'binding-excessive-permissions' && f.location.startLine === 36,
    )!;
    // The detailed grants do not fit in 400 characters: the message names them, related locations hold the rules.
    expect(web.message).toContain(
      'which lets them escalate privileges; read Secrets; exec into, attach to or port-forward pods; create workloads;',
    );
    expect(web.message.length).toBeLessThan(400);
    // The viewers binding (built-in view) grants nothing flagged.
    expect(findings.some((f) => f.message.includes('viewers'))).toBe(false);
  });
});
