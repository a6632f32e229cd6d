import { defineRule } from '../../src/engine/rule.js';
import { getPair, pairSpan } from '../../src/load/index.js';
import { RbacGraph } from '../../src/model/index.js';
import { cis } from '../references.js';

export default defineRule({
  meta: {
    id: 'rbac-default-service-account',
    title: 'Binding grants a namespace’s default ServiceAccount',
    severity: 'medium',
    category: 'rbac',
    fires:
      'A RoleBinding or ClusterRoleBinding has a ServiceAccount subject named `default`, or a User subject `system:serviceaccount:<namespace>:default` (the same account by its user name).',
    silent: 'Bindings to dedicated ServiceAccounts.',
    assumes:
      'Every pod that names no ServiceAccount runs as `default`, and its token is mounted unless automounting is turned off.',
    rationale:
      'Permissions on `default` go to every pod of the namespace that does not choose an account, including ones added later. The seed advice: ensure the default service token is not used.',
    remediation: 'Create a ServiceAccount for the workload that needs the permissions and bind that instead.',
    references: [cis('5.1.5', 'Ensure that default service accounts are not actively used')],
    presets: ['recommended'],
    peers: { checkov: ['CKV_K8S_42'], kics: ['1e749bc9-fde8-471c-af0c-8254efd2dee5'] },
  },
  create(context) {
    return {
      done() {
        for (const b of RbacGraph.of(context.model).bindings) {
          for (const s of b.subjects) {
            // The ServiceAccount may also be named by its user name, system:serviceaccount:<ns>:default.
            const asUser = s.kind === 'User' ? /^system:serviceaccount:([^:]+):default$/.exec(s.name) : null;
            if (!(s.kind === 'ServiceAccount' && s.name === 'default') && !asUser) continue;
            const namespace = asUser ? asUser[1] : s.namespace;
            const pair = getPair(s.node, 'name');
            context.report({
              object: b.object,
              span: pair ? pairSpan(pair) : s.node,
              path: b.object.path('subjects', s.index, 'name'),
              message: `${b.object.displayName} grants ${b.roleRefKind ?? 'role'} ${b.roleRefName ?? '?'} to the default ServiceAccount of namespace ${namespace ?? '?'}${s.namespaceDefaulted ? ' (the binding’s namespace, as none is written)' : ''}, so every pod there that names no ServiceAccount holds it; bind a dedicated ServiceAccount`,
            });
          }
        }
      },
    };
  },
});
