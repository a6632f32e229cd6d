import { defineRule } from '../../src/engine/rule.js';
import { getPair, pairSpan } from '../../src/load/index.js';
import { cis } from '../references.js';

export default defineRule({
  meta: {
    id: 'default-namespace',
    title: 'Object in the default namespace',
    severity: 'low',
    category: 'workload',
    fires:
      'A namespaced object sets `metadata.namespace: default` or no namespace, while other objects in the scanned tree set a namespace other than `default`.',
    silent:
      'Trees where no object names a namespace other than `default`: charts and bases that leave the namespace to `helm -n`, `kubectl -n` or kustomize are not reported. Cluster-scoped kinds and configuration files.',
    assumes:
      'An object without `metadata.namespace` lands in the namespace of the client applying it, `default` unless told otherwise.',
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
        const usesNamespaces = objects.some(
          (o) => o.namespaced && o.explicitNamespace !== undefined && o.explicitNamespace !== 'default',
        );
        if (!usesNamespaces) return;
        for (const o of objects) {
          if (!o.namespaced || (o.explicitNamespace !== undefined && o.explicitNamespace !== 'default'))
            continue;
          context.guard(o, () => {
            const pair = getPair(o.metadata, 'namespace');
            context.report({
              object: o,
              span: pair ? pairSpan(pair) : o.anchor,
              path: o.path('metadata', 'namespace'),
              message: pair
                ? `${o.kind} "${o.name}" is in the default namespace while the rest of the tree uses its own namespaces; set metadata.namespace to the application's namespace`
                : `${o.kind} "${o.name}" sets no namespace, so it lands in default (or whatever namespace the client uses) while the rest of the tree sets namespaces; set metadata.namespace`,
            });
          });
        }
      },
    };
  },
});
