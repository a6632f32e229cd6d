import { defineRule } from '../../src/engine/rule.js';
import { get } from '../../src/load/index.js';
import { k8sDocs } from '../references.js';

export default defineRule({
  meta: {
    id: 'priority-class-missing',
    title: 'No priority class',
    severity: 'low',
    category: 'workload',
    fires: 'A pod spec without `priorityClassName`.',
    silent:
      'Pod specs that set `priorityClassName`. Off by default: many clusters rely on a global default PriorityClass.',
    assumes:
      'Without a priority class (and no global default), a pod has priority 0 and is among the first preempted.',
    rationale:
      'Under resource pressure the scheduler preempts low-priority pods first; critical services (ingress, DNS, security agents) without a priority class can be evicted in favour of batch work.',
    remediation: 'Set `priorityClassName` to a PriorityClass that reflects how critical the workload is.',
    references: [
      k8sDocs('Pod Priority and Preemption', 'concepts/scheduling-eviction/pod-priority-preemption/'),
    ],
    presets: [],
    peers: { 'kube-linter': ['priority-class-name'], polaris: ['priorityClassNotSet'] },
  },
  create(context) {
    return {
      podSpec(pod) {
        if (get(pod.node, 'priorityClassName') !== undefined) return;
        context.report({
          object: pod.object,
          span: pod.anchor,
          path: pod.sub('priorityClassName'),
          message: `${pod.object.kind} "${pod.object.name}" sets no priorityClassName, so under pressure it is preempted like any batch job; set priorityClassName`,
        });
      },
    };
  },
});
