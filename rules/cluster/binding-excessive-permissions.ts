import { defineRule, type Severity, severityRank } from '../../src/engine/rule.js';
import { roleDisplayName, subjectDisplayName } from '../../src/model/index.js';
import { cis, nsa } from '../references.js';
import { chainLocations, fitList, MESSAGE_BUDGET, uniqueLocations } from './lib/chain.js';
import { GrantFlagger, scopeText } from './lib/grants.js';
import type { FlaggedGrant } from './lib/rbac-checks.js';

/**
 * High for a ClusterRoleBinding or for escalation/wildcards, else medium; a binding-only grant
 * (ConfigMap writes, deletes…) is never rated above its own severity.
 */
function bindingSeverity(
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  flags: readonly FlaggedGrant[],
): Severity {
  let best: Severity = 'info';
  for (const f of flags) {
    const strong = f.check.id === 'rbac-privilege-escalation' || f.check.id === 'rbac-wildcard';
    let s: Severity = kind === 'ClusterRoleBinding' || strong ? 'high' : 'medium';
    if (f.check.bindingOnly && severityRank(f.check.severity) < severityRank(s)) s = f.check.severity;
    if (severityRank(s) > severityRank(best)) best = s;
  }
  return best;
}

export default defineRule({
  meta: {
    id: 'binding-excessive-permissions',
    title: 'Binding grants dangerous permissions',
    severity: 'high',
    category: 'rbac',
    fires:
      'A RoleBinding or ClusterRoleBinding with subjects names a role that, once resolved (tree roles, built-in `admin`/`edit`/`view`, aggregated ClusterRoles), grants something the RBAC rules flag: wildcards, Secret reads, privilege escalation, pod exec, nodes/proxy, webhook changes or workload creation; or one of the grants only this rule and workload-excessive-permissions report (no per-role rule): `create` on persistentvolumes (high), `create`/`update`/`patch` on rolebindings or clusterrolebindings, `update`/`patch` on services/status, `update`/`patch` on configmaps, `delete`/`deletecollection` on pods, replicationcontrollers, deployments, replicasets, statefulsets, daemonsets, jobs, cronjobs, secrets or events (medium). One finding per binding, on `roleRef`, with the chain binding → role → rule as related locations. High for ClusterRoleBindings and for escalation or wildcards; medium for other RoleBindings; a grant of the second list never raises the finding above its own severity.',
    silent:
      'Bindings without subjects, bindings to `cluster-admin` (reported by cluster-admin-binding), bindings to roles that grant none of these (`view`), and roles that are neither in the tree nor built in (see rbac-dangling-reference).',
    assumes:
      'Built-in `admin` and `edit` include Secret reads, pods/exec, workload creation, ServiceAccount impersonation and token creation, ConfigMap writes and deletes (the bootstrap aggregated roles); `admin` also writes RoleBindings. Cluster-scoped grants (persistentvolumes, clusterrolebindings) count only through a ClusterRoleBinding.',
    rationale:
      'The role alone does not say who holds it; the binding does. Binding `edit` cluster-wide gives every subject every Secret of the cluster. The seed advice: assign roles following least privilege.',
    remediation:
      'Bind a role with only the permissions the subjects need, in the namespace they need it; prefer RoleBindings over ClusterRoleBindings.',
    references: [
      cis('5.1.1', 'Ensure that the cluster-admin role is only used where required'),
      cis('5.1.2', 'Minimize access to secrets'),
      nsa('Authentication and authorization: least privilege RBAC'),
    ],
    presets: ['recommended'],
    peers: {
      polaris: [
        'clusterrolebindingPodExecAttach',
        'rolebindingClusterAdminRole',
        'rolebindingClusterRolePodExecAttach',
        'rolebindingRolePodExecAttach',
      ],
      checkov: ['CKV2_K8S_1', 'CKV2_K8S_4'],
      kics: ['056ac60e-fe07-4acc-9b34-8e1d51716ab9'],
      kubescape: ['C-0007', 'C-0031', 'C-0037', 'C-0278'],
      trivy: ['KSV-0049', 'KSV-0051', 'KSV-0052', 'KSV-0055', 'KSV-0115'],
    },
  },
  create(context) {
    return {
      done() {
        const flagger = new GrantFlagger(context.model);
        for (const b of flagger.graph.bindings) {
          context.guard(b.object, () => {
            if (b.subjects.length === 0) return;
            if (b.roleRefKind === 'ClusterRole' && b.roleRefName === 'cluster-admin') return;
            const role = flagger.graph.roleOf(b);
            if (!role) return;
            const flags = flagger.forRole(role, b);
            if (!flags.length) return;
            const severity = bindingSeverity(b.kind, flags);
            const subjects = b.subjects.map(subjectDisplayName);
            const grants = flags.map((f) => ({ short: f.check.what, long: `${f.check.what} (${f.detail})` }));
            const head = `${b.object.displayName} binds ${roleDisplayName(role)} ${scopeText(b)} to ${subjects.length > 3 ? `${subjects.slice(0, 3).join(', ')} and ${subjects.length - 3} more` : subjects.join(', ')}, which lets them `;
            const tail = '; bind a role with only the permissions needed';
            context.report({
              object: b.object,
              span: b.roleRefSpan,
              path: b.roleRefNamePair ? b.object.path('roleRef', 'name') : b.object.path('roleRef'),
              severity,
              message: `${head}${fitList(grants, MESSAGE_BUDGET - head.length - tail.length - 1)}${tail}`,
              related: uniqueLocations(flags.flatMap((f) => chainLocations(b, role, f))),
            });
          });
        }
      },
    };
  },
});
