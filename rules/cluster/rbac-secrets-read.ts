import { cis, nsa } from '../references.js';
import { roleCheckRule } from './lib/role-rule.js';

export default roleCheckRule(
  {
    id: 'rbac-secrets-read',
    title: 'RBAC role can read Secrets',
    fires:
      'A Role or ClusterRole in the tree allows `get`, `list` or `watch` on `secrets` (directly or through `*`). Critical when the ClusterRole is bound by a ClusterRoleBinding in the tree (every Secret of the cluster).',
    silent: 'Grants limited by `resourceNames` to named Secrets; roles with only write verbs on secrets.',
    assumes: 'Matching as the RBAC authorizer does: `*` in verbs, resources or apiGroups includes secrets.',
    rationale:
      'Reading Secrets yields tokens and passwords, often including ServiceAccount tokens with more rights than the reader. `list` and `watch` return every Secret’s content. The seed advice: restrict permissions heavily and keep secrets out of reach.',
    remediation:
      'Drop get/list/watch on secrets, or limit `get` to the named Secrets the workload needs with `resourceNames`.',
    references: [
      cis('5.1.2', 'Minimize access to secrets'),
      nsa('Authentication and authorization: least privilege RBAC'),
    ],
    presets: ['recommended'],
    peers: {
      'kube-linter': ['access-to-secrets'],
      kics: ['b7bca5c4-1dab-4c2c-8cbe-3050b9d59b14'],
      kubescape: ['C-0015', 'C-0186'],
      trivy: ['KSV-0041', 'KSV-0113'],
    },
  },
  {
    advice: 'remove get/list/watch on secrets or restrict it with resourceNames',
    refine(role, graph) {
      if (role.kind !== 'ClusterRole') return {};
      const view = graph.roleOfObject(role);
      const crb = view && graph.bindingsOfRole(view).find((b) => b.kind === 'ClusterRoleBinding');
      return crb
        ? {
            severity: 'critical',
            note: ` in every namespace (bound cluster-wide by ${crb.object.displayName})`,
          }
        : {};
    },
  },
);
