import { defineRule } from '../../src/engine/rule.js';
import { k8sDocs } from '../references.js';
import {
  containerLimit,
  containerRequest,
  limitRangeDefaults,
  podLimit,
  podRequest,
  RESOURCES,
} from '../shared/resources.js';
import { containerMissing } from '../shared/security.js';

export default defineRule({
  meta: {
    id: 'resource-requests-missing',
    title: 'Resource requests missing',
    severity: 'low',
    category: 'workload',
    fires:
      'A container (regular or init) has no memory request, or no CPU request: one finding per missing resource.',
    silent:
      'A request on the container; a limit on the container (the API defaults the request to the limit); pod-level requests or limits; a LimitRange of type Container in the namespace, in the scanned tree, with `defaultRequest` or `default` for the resource; ephemeral containers.',
    assumes:
      'A container without requests is scheduled as if it needed nothing and is the first evicted (BestEffort).',
    rationale:
      'Requests tell the scheduler what a pod needs; without them nodes are overcommitted and pods are evicted or throttled unpredictably, which is an availability risk.',
    remediation:
      "Set `resources.requests.memory` and `resources.requests.cpu` to the container's typical use.",
    references: [
      k8sDocs(
        'Resource Management for Pods and Containers',
        'concepts/configuration/manage-resources-containers/',
      ),
    ],
    presets: ['recommended'],
    peers: {
      'kube-linter': ['unset-cpu-requirements', 'unset-memory-requirements'],
      polaris: ['cpuRequestsMissing', 'memoryRequestsMissing'],
      'kube-score': ['container-resources'],
      checkov: ['CKV_K8S_10', 'CKV_K8S_12'],
      kics: ['ca469dd4-c736-448f-8ac1-30a642705e0a', '229588ef-8fde-40c8-8756-f4f2b5825ded'],
      kubescape: ['C-0004', 'C-0050', 'C-0268', 'C-0269'],
      trivy: ['KSV-0015', 'KSV-0016'],
    },
  },
  create(context) {
    return {
      container(c) {
        if (c.kind === 'ephemeralContainer') return;
        const defaults = limitRangeDefaults(context.model, c.object.namespace);
        for (const r of RESOURCES) {
          if (containerRequest(c, r) || containerLimit(c, r) || podRequest(c, r) || podLimit(c, r)) continue;
          if (defaults.requests.has(r)) continue;
          context.report({
            object: c.object,
            span: containerMissing(c, ['resources', 'requests', r]),
            path: c.sub('resources', 'requests', r),
            message: `container "${c.name}" has no ${r} request, so the scheduler assumes it needs none; set resources.requests.${r}`,
          });
        }
      },
    };
  },
});
