import { defineRule } from '../../src/engine/rule.js';
import { getIn, getPair, type YNode } from '../../src/load/index.js';
import type { K8sObject } from '../../src/model/index.js';
import { k8sDocs } from '../references.js';
import { intOrPercent, replicasOf, workloadsSelectedBy } from './lib.js';

export default defineRule({
  meta: {
    id: 'pdb-blocks-eviction',
    title: 'PodDisruptionBudget blocks every eviction',
    severity: 'medium',
    category: 'workload',
    fires:
      'A PodDisruptionBudget that allows no voluntary disruption: `maxUnavailable: 0` or `0%`, `minAvailable: 100%`, or a `minAvailable` count at or above the replicas of every workload in the tree it selects. Also (severity low) a budget that leaves room for at most one disruption with `unhealthyPodEvictionPolicy` unset: two pods that are not ready then hold every node drain.',
    silent:
      'Budgets that allow at least one disruption; `minAvailable` counts when the selected workload is not in the tree (its replica count is unknown); `unhealthyPodEvictionPolicy: AlwaysAllow`.',
    assumes:
      'An unset `spec.replicas` is 1; an unset `unhealthyPodEvictionPolicy` is `IfHealthyBudget`, under which pods that are running but not ready are evicted only while the budget holds.',
    rationale:
      'A budget that allows no disruption makes node drains hang: cluster upgrades and security patches of the nodes then stall, or operators force them and lose the protection altogether.',
    remediation:
      'Use `maxUnavailable: 1` (or a `minAvailable` below the replica count), and set `unhealthyPodEvictionPolicy: AlwaysAllow` so broken pods never block a drain.',
    references: [
      k8sDocs('Specifying a Disruption Budget for your Application', 'tasks/run-application/configure-pdb/'),
      k8sDocs(
        'Unhealthy Pod Eviction Policy',
        'tasks/run-application/configure-pdb/#unhealthy-pod-eviction-policy',
      ),
    ],
    presets: ['recommended'],
    peers: {
      'kube-linter': ['pdb-unhealthy-pod-eviction-policy', 'pdb-max-unavailable', 'pdb-min-available'],
      polaris: ['pdbDisruptionsIsZero', 'pdbMinAvailableGreaterThanHPAMinReplicas'],
      'kube-score': ['poddisruptionbudget-has-policy'],
    },
    kinds: ['PodDisruptionBudget'],
  },
  create(context) {
    const report = (o: K8sObject, node: YNode, field: string, why: string) =>
      context.report({
        object: o,
        span: node,
        path: o.path('spec', field),
        message: `PodDisruptionBudget "${o.name}" ${why}, so no pod can ever be evicted and node drains hang; use maxUnavailable: 1`,
      });
    return {
      object(o) {
        if (o.kind !== 'PodDisruptionBudget') return;
        const maxNode = getIn(o.root, ['spec', 'maxUnavailable']);
        const minNode = getIn(o.root, ['spec', 'minAvailable']);
        const max = intOrPercent(maxNode);
        const min = intOrPercent(minNode);
        const selected = workloadsSelectedBy(context.model, o);
        const replicaCounts = selected.map((p) => replicasOf(p.object)?.count ?? 1);
        // Room for disruptions, when it can be known: undefined when it depends on pods outside the tree.
        let room: number | undefined;
        if (max && maxNode) {
          if ('count' in max ? max.count === 0 : max.percent === 0) {
            report(o, maxNode, 'maxUnavailable', `sets maxUnavailable ${'count' in max ? 0 : '0%'}`);
            return;
          }
          if ('count' in max) room = max.count;
        } else if (min && minNode) {
          if ('percent' in min && min.percent >= 100) {
            report(o, minNode, 'minAvailable', 'requires 100% of its pods available');
            return;
          }
          if ('count' in min && replicaCounts.length > 0) {
            const replicas = Math.min(...replicaCounts);
            if (replicas > 0 && min.count >= replicas) {
              report(
                o,
                minNode,
                'minAvailable',
                `requires ${min.count} available pods of ${replicas} replicas`,
              );
              return;
            }
            room = replicas - min.count;
          }
        }
        if (room === undefined || room > 1) return;
        if (getPair(getIn(o.root, ['spec']), 'unhealthyPodEvictionPolicy')) return;
        const at = o.locate(['spec', 'unhealthyPodEvictionPolicy']);
        context.report({
          object: o,
          span: at.span,
          path: o.path('spec', 'unhealthyPodEvictionPolicy'),
          severity: 'low',
          message: `PodDisruptionBudget "${o.name}" allows one disruption and leaves unhealthyPodEvictionPolicy unset, so two pods that are not ready block every node drain; set unhealthyPodEvictionPolicy: AlwaysAllow`,
        });
      },
    };
  },
});
