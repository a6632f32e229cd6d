import { defineRule } from '../../src/engine/rule.js';
import { getPair, pairSpan } from '../../src/load/index.js';
import { RbacGraph } from '../../src/model/index.js';
import { cis, nsa } from '../references.js';

// Built-in discovery roles that the API server itself binds to these groups.
const HARMLESS = new Set(['system:public-info-viewer', 'system:discovery', 'system:basic-user']);

export default defineRule({
  meta: {
    id: 'rbac-anonymous-subject',
    title: 'Binding grants anonymous or all authenticated users',
    severity: 'critical',
    category: 'rbac',
    fires:
      'A RoleBinding or ClusterRoleBinding has the subject User `system:anonymous` or Group `system:unauthenticated` (critical), or Group `system:authenticated` (high: every user and every ServiceAccount of the cluster).',
    silent:
      'Bindings of these groups to the built-in discovery roles (`system:public-info-viewer`, `system:discovery`, `system:basic-user`), which the API server creates itself.',
    assumes:
      'Anonymous requests are enabled by default on the API server and belong to `system:unauthenticated`.',
    rationale:
      'Anyone who can reach the API server, or any identity at all, gains the role. The seed advice: strong authentication and least privilege.',
    remediation: 'Bind the role to the specific users, groups or ServiceAccounts that need it.',
    references: [
      cis('5.1.1', 'Ensure that the cluster-admin role is only used where required'),
      nsa('Authentication and authorization: disable anonymous access'),
    ],
    presets: ['recommended'],
    peers: { kubescape: ['C-0262', 'C-0265'], trivy: ['KSV-0122', 'KSV-01011'] },
  },
  create(context) {
    return {
      done() {
        for (const b of RbacGraph.of(context.model).bindings) {
          if (b.roleRefName && HARMLESS.has(b.roleRefName)) continue;
          for (const s of b.subjects) {
            const anonymous =
              (s.kind === 'User' && s.name === 'system:anonymous') ||
              (s.kind === 'Group' && s.name === 'system:unauthenticated');
            const everyone = s.kind === 'Group' && s.name === 'system:authenticated';
            if (!anonymous && !everyone) continue;
            const pair = getPair(s.node, 'name');
            context.report({
              object: b.object,
              span: pair ? pairSpan(pair) : s.node,
              path: b.object.path('subjects', s.index, 'name'),
              severity: anonymous ? 'critical' : 'high',
              message: `${b.object.displayName} grants ${b.roleRefKind ?? 'role'} ${b.roleRefName ?? '?'} to ${s.name}, that is ${anonymous ? 'anyone who can reach the API server without credentials' : 'every authenticated user and ServiceAccount'}; bind specific subjects instead`,
            });
          }
        }
      },
    };
  },
});
