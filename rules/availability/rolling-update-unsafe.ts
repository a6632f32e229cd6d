import { defineRule } from '../../src/engine/rule.js';
import { getIn, getPair, str } from '../../src/load/index.js';
import { k8sDocs } from '../references.js';
import { intOrPercent, replicasOf } from './lib.js';

const ROLLING: Record<string, readonly string[]> = {
  Deployment: ['spec', 'strategy', 'rollingUpdate', 'maxUnavailable'],
  StatefulSet: ['spec', 'updateStrategy', 'rollingUpdate', 'maxUnavailable'],
  DaemonSet: ['spec', 'updateStrategy', 'rollingUpdate', 'maxUnavailable'],
};

export default defineRule({
  meta: {
    id: 'rolling-update-unsafe',
    title: 'Update takes every replica down at once',
    severity: 'low',
    category: 'workload',
    fires:
      'A rolling update may stop every pod at once: `maxUnavailable` of `100%` (Deployment, StatefulSet, DaemonSet), or a count at or above the replicas written in the manifest; or a Deployment with `strategy.type: Recreate` and more than one replica.',
    silent:
      'The defaults (`maxUnavailable: 25%` for Deployments, 1 for StatefulSets and DaemonSets); `Recreate` with one replica (often required by a ReadWriteOnce volume); percentages below 100%.',
    assumes: 'An unset `spec.replicas` is 1.',
    rationale:
      'An update that stops every pod before new ones are ready is an outage on every deploy, and a broken image then leaves nothing running.',
    remediation:
      'Use `RollingUpdate` with `maxUnavailable` below the replica count (for example 25% or 1) and a `maxSurge`.',
    references: [k8sDocs('Deployments: Strategy', 'concepts/workloads/controllers/deployment/#strategy')],
    presets: ['recommended'],
    peers: {
      'kube-linter': ['no-rolling-update-strategy'],
      'kube-score': ['deployment-strategy'],
      kubescape: ['C-0305'],
    },
    kinds: ['Deployment', 'StatefulSet', 'DaemonSet'],
  },
  create(context) {
    return {
      object(o) {
        const path = ROLLING[o.kind];
        if (!path) return;
        const replicas = replicasOf(o);
        if (o.kind === 'Deployment') {
          const typePair = getPair(getIn(o.root, ['spec', 'strategy']), 'type');
          if (str(typePair?.value) === 'Recreate') {
            if (replicas && replicas.count > 1)
              context.report({
                object: o,
                span: typePair!.value,
                path: o.path('spec', 'strategy', 'type'),
                message: `Deployment "${o.name}" uses the Recreate strategy with ${replicas.count} replicas, so every deploy stops all of them before new ones start; use RollingUpdate with maxUnavailable below ${replicas.count}`,
              });
            return;
          }
        }
        const node = getIn(o.root, path);
        const value = intOrPercent(node);
        if (!node || !value) return;
        const all =
          'percent' in value
            ? value.percent >= 100
            : o.kind !== 'DaemonSet' &&
              replicas !== undefined &&
              replicas.count > 1 &&
              value.count >= replicas.count;
        if (!all) return;
        context.report({
          object: o,
          span: node,
          path: o.path(...path),
          message: `${o.kind} "${o.name}" allows maxUnavailable ${'percent' in value ? `${value.percent}%` : value.count}, so an update may stop every pod at once; lower it (for example to 25% or 1)`,
        });
      },
    };
  },
});
