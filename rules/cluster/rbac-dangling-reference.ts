import { defineRule } from '../../src/engine/rule.js';
import { getPair, pairSpan } from '../../src/load/index.js';
import { namespaceText, RbacGraph, subjectDisplayName } from '../../src/model/index.js';
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
      'Built-in ClusterRoles (`admin`, `edit`, `view`, `cluster-admin`, every `system:*` name) and the Roles the API server bootstraps in kube-system and kube-public (`extension-apiserver-authentication-reader`, `system::leader-locking-*` …), the `default` ServiceAccount (every namespace has one), ServiceAccounts of namespaces the tree puts nothing in (they are managed elsewhere), and a subject `ns/name` when the tree has a ServiceAccount `name` without a namespace (it is applied to a namespace the tree does not name).',
    assumes:
      'The scanned tree holds the roles and ServiceAccounts of the namespaces it deploys to. An object without `metadata.namespace` may be applied to any namespace, so it matches a reference from any namespace that has no object of that name.',
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
              const where =
                b.roleRefKind === 'Role' && b.namespace ? ` in ${namespaceText(b.namespace)}` : '';
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
              if (model.resolve('ServiceAccount', s.namespace, s.name)) continue;
              const pair = getPair(s.node, 'name');
              context.report({
                object: b.object,
                span: pair ? pairSpan(pair) : s.node,
                path: b.object.path('subjects', s.index, 'name'),
                message: `${b.object.displayName} grants ${subjectDisplayName(s)}, which is not in the scanned tree although objects of ${namespaceText(s.namespace)} are; fix the name or namespace, or add the ServiceAccount`,
              });
            }
          });
        }
      },
    };
  },
});
