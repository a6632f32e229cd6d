import { defineRule } from '../../src/engine/rule.js';
import { getPair, pairSpan } from '../../src/load/index.js';
import { RbacGraph } from '../../src/model/index.js';
import { k8sDocs } from '../references.js';

export default defineRule({
  meta: {
    id: 'rbac-dangling-reference',
    title: 'Binding refers to a role or ServiceAccount that does not exist',
    severity: 'low',
    category: 'rbac',
    fires:
      'A binding’s `roleRef` names a Role or ClusterRole that is neither in the tree nor built in, or a ServiceAccount subject names an account that is not in the tree, in a namespace the tree does deploy to.',
    silent:
      'Built-in ClusterRoles (`admin`, `edit`, `view`, `cluster-admin`, `system:*` bootstrap roles), the `default` ServiceAccount (every namespace has one), and ServiceAccounts of namespaces the tree puts nothing in (they are managed elsewhere).',
    assumes: 'The scanned tree holds the roles and ServiceAccounts of the namespaces it deploys to.',
    rationale:
      'A binding to a missing name grants nothing today and grants whatever is created under that name tomorrow: a typo becomes a latent grant. The seed advice: review roles and bindings regularly.',
    remediation: 'Fix the name, add the missing role or ServiceAccount, or delete the binding.',
    references: [k8sDocs('Using RBAC Authorization', 'reference/access-authn-authz/rbac/')],
    presets: ['recommended'],
  },
  create(context) {
    return {
      done() {
        const { model } = context;
        const graph = RbacGraph.of(model);
        for (const b of graph.bindings) {
          context.guard(b.object, () => {
            if (
              b.roleRefName &&
              (b.roleRefKind === 'Role' || b.roleRefKind === 'ClusterRole') &&
              !graph.roleOf(b)
            ) {
              const clusterToRole = b.kind === 'ClusterRoleBinding' && b.roleRefKind === 'Role';
              const where = b.roleRefKind === 'Role' && b.namespace ? ` in namespace ${b.namespace}` : '';
              context.report({
                object: b.object,
                span: b.roleRefSpan,
                path: b.object.path('roleRef', 'name'),
                message: clusterToRole
                  ? `${b.object.displayName} refers to Role ${b.roleRefName}, but a ClusterRoleBinding can only bind a ClusterRole, so the API server rejects it; refer to a ClusterRole or use a RoleBinding`
                  : `${b.object.displayName} refers to ${b.roleRefKind} ${b.roleRefName}${where}, which is neither in the scanned tree nor built in; fix the name or add the role`,
              });
            }
            for (const s of b.subjects) {
              if (s.kind !== 'ServiceAccount' || !s.namespace || s.name === 'default') continue;
              if (model.inNamespace(s.namespace).length === 0) continue;
              if (model.find('ServiceAccount', s.namespace, s.name)) continue;
              const pair = getPair(s.node, 'name');
              context.report({
                object: b.object,
                span: pair ? pairSpan(pair) : s.node,
                path: b.object.path('subjects', s.index, 'name'),
                message: `${b.object.displayName} grants ServiceAccount ${s.namespace}/${s.name}, which is not in the scanned tree although namespace ${s.namespace} is; fix the name or namespace, or add the ServiceAccount`,
              });
            }
          });
        }
      },
    };
  },
});
