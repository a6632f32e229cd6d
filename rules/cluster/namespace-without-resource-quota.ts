import { defineRule } from '../../src/engine/rule.js';
import { cis, k8sDocs, nsa } from '../references.js';
import { reportNamespacesWithout } from './lib/namespaces.js';

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
    peers: { kics: ['48a5beba-e4c0-4584-a2aa-e6894e4cf424'], trivy: ['KSV-0040'] },
  },
  create(context) {
    return {
      done: () =>
        reportNamespacesWithout(context, 'ResourceQuota', 'bounding the total CPU, memory and object counts'),
    };
  },
});
