import { defineRule } from '../../src/engine/rule.js';
import { k8sDocs } from '../references.js';
import { autoscalersOf, replicasOf } from './lib.js';

export default defineRule({
  meta: {
    id: 'hpa-replicas-conflict',
    title: 'Replica count written while an autoscaler manages it',
    severity: 'low',
    category: 'workload',
    fires:
      'A Deployment, StatefulSet, ReplicaSet or ReplicationController sets `spec.replicas` while a HorizontalPodAutoscaler or KEDA ScaledObject in the tree targets it.',
    silent: 'Workloads without `spec.replicas`; workloads no autoscaler in the tree targets.',
    rationale:
      "Every `kubectl apply` (or GitOps sync) resets the replica count to the manifest's value, undoing the autoscaler: a scaled-out service drops to the written count under load until the autoscaler catches up.",
    remediation: "Remove `spec.replicas` and let the autoscaler's `minReplicas` set the floor.",
    references: [
      k8sDocs(
        'Horizontal Pod Autoscaling: Migrating Deployments and StatefulSets to horizontal autoscaling',
        'tasks/run-application/horizontal-pod-autoscale/#migrating-deployments-and-statefulsets-to-horizontal-autoscaling',
      ),
    ],
    presets: ['recommended'],
    peers: {
      'kube-score': ['deployment-targeted-by-hpa-does-not-have-replicas-configured'],
      kics: ['5744cbb8-5946-4b75-a196-ade44449525b'],
    },
  },
  create(context) {
    return {
      object(o) {
        const replicas = replicasOf(o);
        if (!replicas?.pair) return;
        const scalers = autoscalersOf(context.model, o);
        if (scalers.length === 0) return;
        context.report({
          object: o,
          span: replicas.pair.key,
          path: o.path('spec', 'replicas'),
          message: `${o.kind} "${o.name}" sets replicas while ${scalers[0]!.kind} "${scalers[0]!.name}" scales it, so every apply resets the count; remove spec.replicas`,
          related: scalers.map((a) => ({
            object: a,
            span: a.anchor,
            message: `${a.kind} "${a.name}" scales it`,
          })),
        });
      },
    };
  },
});
