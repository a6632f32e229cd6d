import { defineRule } from '../../src/engine/rule.js';
import { cis, k8sDocs, nsa } from '../references.js';
import { anchorNote, namespaceAnchor, namespacesWithWorkloads } from './lib/namespaces.js';

export default defineRule({
  meta: {
    id: 'namespace-without-resource-quota',
    title: 'Namespace without ResourceQuota',
    severity: 'low',
    category: 'governance',
    fires:
      'A namespace that runs workloads in the tree has no ResourceQuota in the tree. Reported on the Namespace object when present, else on the first workload of the namespace.',
    silent: 'Namespaces with a ResourceQuota anywhere in the tree; namespaces the tree runs nothing in.',
    assumes:
      'Without a ResourceQuota, nothing bounds the total CPU, memory and object counts of the namespace.',
    rationale:
      'One runaway or compromised workload can starve the rest of the cluster (denial of service, cryptomining). The NSA/CISA guide recommends resource policies per namespace.',
    remediation: 'Add a ResourceQuota to the namespace bounding the total CPU, memory and object counts.',
    references: [
      nsa('Pod security: resource policies'),
      cis('5.7.1', 'Create administrative boundaries between resources using namespaces'),
      k8sDocs('Resource Quotas', 'concepts/policy/resource-quotas/'),
    ],
    presets: ['recommended'],
  },
  create(context) {
    return {
      done() {
        const { model } = context;
        const covered = new Set<string>();
        for (const o of model.ofKind('ResourceQuota'))
          if (o.apiVersion === 'v1' && o.namespace) covered.add(o.namespace);
        for (const ns of namespacesWithWorkloads(model)) {
          if (covered.has(ns.namespace)) continue;
          const at = namespaceAnchor(ns);
          context.guard(at.object, () => {
            context.report({
              object: at.object,
              span: at.span,
              path: at.path,
              message: `namespace ${ns.namespace} runs ${ns.pods.length} workload(s) and has no ResourceQuota${anchorNote(at)}; add one bounding the total CPU, memory and object counts`,
            });
          });
        }
      },
    };
  },
});
