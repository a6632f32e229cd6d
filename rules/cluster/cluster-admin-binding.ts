import { defineRule } from '../../src/engine/rule.js';
import { namespaceText, RbacGraph, subjectDisplayName } from '../../src/model/index.js';
import { cis, nsa } from '../references.js';

export default defineRule({
  meta: {
    id: 'cluster-admin-binding',
    title: 'Binding to cluster-admin',
    severity: 'critical',
    category: 'rbac',
    fires:
      'A ClusterRoleBinding or RoleBinding whose `roleRef` is the ClusterRole `cluster-admin`. A RoleBinding (full control of one namespace, its Secrets and RBAC included) is high.',
    silent: 'Bindings to other roles (see binding-excessive-permissions).',
    assumes: '`cluster-admin` is the built-in superuser role: `*` on every resource and non-resource URL.',
    rationale:
      'cluster-admin can do anything, including reading every Secret and granting itself more. The seed advice: heavily restrict permissions for users and accounts.',
    remediation:
      'Bind a role limited to what the subjects need; keep cluster-admin for break-glass access outside Git.',
    references: [
      cis('5.1.1', 'Ensure that the cluster-admin role is only used where required'),
      nsa('Authentication and authorization: least privilege RBAC'),
    ],
    presets: ['recommended'],
    peers: {
      'kube-linter': ['cluster-admin-role-binding'],
      polaris: ['clusterrolebindingClusterAdmin', 'rolebindingClusterAdminClusterRole'],
      kics: ['249328b8-5f0f-409f-b1dd-029f07882e11'],
      kubescape: ['C-0035', 'C-0185'],
      trivy: ['KSV-0111'],
    },
  },
  create(context) {
    return {
      done() {
        for (const b of RbacGraph.of(context.model).bindings) {
          if (b.roleRefKind !== 'ClusterRole' || b.roleRefName !== 'cluster-admin') continue;
          const subjects = b.subjects.map(subjectDisplayName);
          const who = subjects.length ? subjects.join(', ') : 'no subjects yet';
          const cluster = b.kind === 'ClusterRoleBinding';
          context.report({
            object: b.object,
            span: b.roleRefSpan,
            path: b.object.path('roleRef', 'name'),
            ...(cluster ? {} : { severity: 'high' as const }),
            message: cluster
              ? `${b.object.displayName} grants cluster-admin (every action on every resource) to ${who}; bind a role with only the permissions needed`
              : `${b.object.displayName} grants cluster-admin within ${namespaceText(b.namespace ?? '')} (every resource there, Secrets and RBAC included) to ${who}; bind a narrower Role`,
          });
        }
      },
    };
  },
});
