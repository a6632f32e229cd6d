import { defineRule } from '../../src/engine/rule.js';
import { nsa } from '../references.js';
import { containerLimit, limitRangeDefaults, podLimit, RESOURCES } from '../shared/resources.js';
import { containerMissing } from '../shared/security.js';

export default defineRule({
  meta: {
    id: 'resource-limits-missing',
    title: 'Resource limits missing',
    severity: 'medium',
    category: 'workload',
    fires:
      'A container (regular or init) has no memory limit, or no CPU limit: one finding per missing resource.',
    silent:
      "Limits set on the container; limits set at pod level (`spec.resources.limits`); a LimitRange of type Container in the pod's namespace, in the scanned tree, whose `default` covers the resource; ephemeral containers (the API does not allow them resources).",
    assumes: "Without a limit the container may use all the node's memory and CPU.",
    rationale:
      "Without limits one pod (runaway, or an attacker mining or flooding) can starve its neighbours and the node's own daemons. The NSA/CISA guide recommends resource limits to contain denial of service.",
    remediation:
      'Set `resources.limits.memory` and `resources.limits.cpu` on every container (or a LimitRange with defaults in the namespace).',
    references: [nsa('Network separation and hardening: Resource policies')],
    presets: ['recommended'],
    peers: {
      'kube-linter': ['unset-cpu-requirements', 'unset-memory-requirements'],
      polaris: ['cpuLimitsMissing', 'memoryLimitsMissing'],
      'kube-score': ['container-resources'],
      checkov: ['CKV_K8S_11', 'CKV_K8S_13'],
      kics: ['b14d1bc4-a208-45db-92f0-e21f8e2588e9', '4ac0e2b7-d2d2-4af7-8799-e8de6721ccda'],
      kubescape: ['C-0004', 'C-0009', 'C-0050', 'C-0270', 'C-0271'],
      trivy: ['KSV-0011', 'KSV-0018'],
    },
  },
  create(context) {
    return {
      container(c) {
        if (c.kind === 'ephemeralContainer') return;
        const defaults = limitRangeDefaults(context.model, c.object.namespace);
        for (const r of RESOURCES) {
          if (containerLimit(c, r) || podLimit(c, r) || defaults.limits.has(r)) continue;
          context.report({
            object: c.object,
            span: containerMissing(c, ['resources', 'limits', r]),
            path: c.sub('resources', 'limits', r),
            message: `container "${c.name}" has no ${r} limit, so it can use all the node's ${r}; set resources.limits.${r}`,
          });
        }
      },
    };
  },
});
