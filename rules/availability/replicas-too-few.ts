import { defineRule } from '../../src/engine/rule.js';
import { k8sDocs } from '../references.js';
import { autoscalerMin, autoscalersOf, replicasOf } from './lib.js';

interface Options {
  readonly min?: number;
}

export default defineRule<Options>({
  meta: {
    id: 'replicas-too-few',
    title: 'Too few replicas',
    severity: 'low',
    category: 'workload',
    fires:
      'A Deployment, ReplicaSet or ReplicationController runs fewer than `options.min` replicas (default 2): `spec.replicas` below it, or unset (the API defaults it to 1). When an autoscaler (HorizontalPodAutoscaler, KEDA ScaledObject) in the tree targets the workload, its `minReplicas` is what counts, and the finding points at it.',
    silent:
      "StatefulSets (often a single primary by design, where more replicas need the application's own clustering); `replicas: 0` (scaled down on purpose); an autoscaler with `minReplicas` at or above the minimum; DaemonSets, Jobs and bare Pods.",
    assumes:
      'An unset `spec.replicas` is 1; an HPA without `minReplicas` keeps 1; a ScaledObject without `minReplicaCount` keeps 0.',
    rationale:
      'One replica means every node drain, eviction or crash is an outage. Availability is part of security: a single pod is the easiest denial of service.',
    remediation:
      "Run at least two replicas (`spec.replicas: 2`, or the autoscaler's `minReplicas: 2`) and spread them over nodes.",
    references: [
      k8sDocs(
        'Deployments: Scaling a Deployment',
        'concepts/workloads/controllers/deployment/#scaling-a-deployment',
      ),
    ],
    presets: ['recommended'],
    peers: {
      'kube-linter': ['hpa-minimum-three-replicas', 'minimum-three-replicas'],
      polaris: ['deploymentMissingReplicas', 'hpaMinAvailability'],
      'kube-score': ['deployment-replicas', 'horizontalpodautoscaler-replicas'],
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        min: { type: 'integer', minimum: 1, description: 'The smallest acceptable replica count.' },
      },
    },
    defaultOptions: { min: 2 },
  },
  create(context) {
    const min = context.options.min ?? 2;
    return {
      object(o) {
        if (o.kind === 'StatefulSet') return;
        const replicas = replicasOf(o);
        if (!replicas) return;
        const scalers = autoscalersOf(context.model, o);
        if (scalers.length > 0) {
          for (const a of scalers) {
            const low = autoscalerMin(a);
            if (low.count >= min || low.count === 0) continue;
            const field = a.kind === 'ScaledObject' ? 'minReplicaCount' : 'minReplicas';
            const at = a.locate(['spec', field]);
            context.report({
              object: a,
              span: at.span,
              path: a.path('spec', field),
              message: `${a.kind} "${a.name}" keeps ${o.kind} "${o.name}" at ${low.count} replica${low.count === 1 ? '' : 's'}${low.node ? '' : ` (${field} is unset)`}, so a node drain or crash is an outage; set ${field}: ${min}`,
              related: [{ object: o, span: o.anchor, message: `the ${o.kind} it scales` }],
            });
          }
          return;
        }
        if (replicas.count >= min || replicas.count === 0) return;
        const at = o.locate(['spec', 'replicas']);
        context.report({
          object: o,
          span: replicas.pair ? replicas.pair.value : at.span,
          path: o.path('spec', 'replicas'),
          message: replicas.pair
            ? `${o.kind} "${o.name}" runs ${replicas.count} replica, so a node drain or crash is an outage; set replicas: ${min} or more`
            : `${o.kind} "${o.name}" sets no replicas, so it runs 1 and a node drain or crash is an outage; set replicas: ${min} or more`,
        });
      },
    };
  },
});
