import { defineRule } from '../../src/engine/rule.js';
import { cis, k8sDocs, nsa } from '../references.js';
import { reportNamespacesWithout } from './lib/namespaces.js';

export default defineRule({
  meta: {
    id: 'namespace-without-limit-range',
    title: 'Namespace without LimitRange',
    severity: 'low',
    category: 'governance',
    fires:
      'A namespace that runs workloads in the tree has no LimitRange in the tree. Reported on the Namespace object when present, else on the first workload of the namespace.',
    silent: 'Namespaces with a LimitRange anywhere in the tree; namespaces the tree runs nothing in.',
    assumes:
      'Without a LimitRange, nothing bounds the default and maximum requests and limits per container of the namespace.',
    rationale:
      'One runaway or compromised workload can starve the rest of the cluster (denial of service, cryptomining). The NSA/CISA guide recommends resource policies per namespace.',
    remediation:
      'Add a LimitRange to the namespace bounding the default and maximum requests and limits per container.',
    references: [
      nsa('Pod security: resource policies'),
      cis('5.7.1', 'Create administrative boundaries between resources using namespaces'),
      k8sDocs('Limit Ranges', 'concepts/policy/limit-range/'),
    ],
    presets: ['recommended'],
    peers: { kics: ['4a20ebac-1060-4c81-95d1-1f7f620e983b'], trivy: ['KSV-0039'] },
  },
  create(context) {
    return {
      done: () =>
        reportNamespacesWithout(
          context,
          'LimitRange',
          'bounding the default and maximum requests and limits per container',
        ),
    };
  },
});
