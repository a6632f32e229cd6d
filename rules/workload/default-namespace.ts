import { defineRule } from '../../src/engine/rule.js';
import { getPair, pairSpan } from '../../src/load/index.js';
import { type K8sObject, neighbourGroups } from '../../src/model/index.js';
import { cis } from '../references.js';

const NAMESPACE_GRANTS = new Set(['Role', 'RoleBinding']);

export default defineRule({
  meta: {
    id: 'default-namespace',
    title: 'Object in the default namespace',
    severity: 'low',
    category: 'workload',
    fires:
      'A namespaced object sets `metadata.namespace: default` while other objects of the tree set a namespace other than `default`; or it sets no namespace while a neighbour sets one other than `default`. Neighbours are the objects of the same folder, and those one kustomization in the tree gathers (its folder and the files and folders its `resources`, `bases` and `components` name).',
    silent:
      'Groups where no object names a namespace other than `default`: charts and bases that leave the namespace to `helm -n`, `kubectl -n` or kustomize are not reported, nor is one folder because another folder of the repository sets namespaces. Objects that a kustomization with `namespace:` gathers. A Role or RoleBinding written for `default` (it grants access there, so it belongs there). Cluster-scoped kinds, configuration files and tool configs (kind, Skaffold, Kustomize’s own kinds).',
    assumes:
      'An object without `metadata.namespace` lands in the namespace of the client applying it (`kubectl -n`, `helm -n`, a kustomization’s `namespace:`), which the tree does not say; only an object that writes `default` is known to be in `default`.',
    rationale:
      'The default namespace is where everything ends up by accident: policies, quotas, RBAC and Pod Security labels are set per namespace, and `default` rarely has any. A repository that uses namespaces elsewhere most likely forgot this one.',
    remediation:
      "Set `metadata.namespace` to the application's namespace (or set it for the whole directory with kustomize's `namespace:`).",
    references: [cis('5.7.4', 'The default namespace should not be used')],
    presets: ['recommended'],
    peers: {
      'kube-linter': ['use-namespace'],
      checkov: ['CKV_K8S_21'],
      kics: ['611ab018-c4aa-4ba2-b0f6-a448337509a6', 'e84eaf4d-2f45-47b2-abe8-e581b06deb66'],
      kubescape: ['C-0061', 'C-0209', 'C-0212'],
      trivy: ['KSV-0110'],
    },
  },
  create(context) {
    return {
      done() {
        const objects = context.model.objects;
        const groups = neighbourGroups(context.model);
        const setsOwn = (o: K8sObject) =>
          o.namespaced && o.explicitNamespace !== undefined && o.explicitNamespace !== 'default';
        const groupsSettingNamespaces = new Set(objects.filter(setsOwn).map((o) => groups.groupOf(o)));
        if (!groupsSettingNamespaces.size) return;
        for (const o of objects) {
          if (!o.namespaced || setsOwn(o)) continue;
          // A Role or RoleBinding in default grants access to the default namespace: it must be there.
          if (o.explicitNamespace === 'default' && NAMESPACE_GRANTS.has(o.kind)) continue;
          if (groups.namespacedByKustomization(o)) continue;
          // An explicit `default` is a choice of the default namespace, judged against the whole tree;
          // a namespace left out is judged by the neighbours it is applied with.
          if (o.explicitNamespace === undefined && !groupsSettingNamespaces.has(groups.groupOf(o))) continue;
          context.guard(o, () => {
            const pair = getPair(o.metadata, 'namespace');
            context.report({
              object: o,
              span: pair ? pairSpan(pair) : o.anchor,
              path: o.path('metadata', 'namespace'),
              message: pair
                ? `${o.kind} "${o.name}" is in the default namespace while the rest of the tree uses its own namespaces; set metadata.namespace to the application's namespace`
                : `${o.kind} "${o.name}" sets no namespace, so it lands in whatever namespace the client uses (default unless told otherwise), while its neighbours (same folder or kustomization) set one; set metadata.namespace`,
            });
          });
        }
      },
    };
  },
});
