import { defineRule } from '../../src/engine/rule.js';
import { k8sDocs } from '../references.js';
import { autoscalersOf, budgetsFor, replicasOf } from './lib.js';

export default defineRule({
  meta: {
    id: 'pdb-missing',
    title: 'No PodDisruptionBudget',
    severity: 'low',
    category: 'workload',
    fires:
      'A Deployment, StatefulSet, ReplicaSet or ReplicationController with more than one replica (or autoscaled) whose pods no PodDisruptionBudget in the tree selects (same namespace; when either side leaves its namespace unwritten, only from the same folder or rendered source).',
    silent:
      'One replica; pods selected by a PodDisruptionBudget in the tree. Off by default: the budget may live in another repository.',
    assumes: 'Without a budget, a node drain may evict every replica at once.',
    rationale:
      'Voluntary disruptions (node drains, cluster upgrades, autoscaler scale-downs) evict pods without regard for the application; a PodDisruptionBudget makes them wait until enough replicas run elsewhere.',
    remediation:
      'Add a PodDisruptionBudget selecting the pods, with `maxUnavailable: 1` (or a `minAvailable` below the replica count).',
    references: [
      k8sDocs('Specifying a Disruption Budget for your Application', 'tasks/run-application/configure-pdb/'),
    ],
    presets: [],
    peers: {
      polaris: ['missingPodDisruptionBudget'],
      'kube-score': ['statefulset-has-poddisruptionbudget', 'deployment-has-poddisruptionbudget'],
      kics: ['b23e9b98-0cb6-4fc9-b257-1f3270442678', '1db3a5a5-bf75-44e5-9e44-c56cfc8b1ac5'],
    },
  },
  create(context) {
    return {
      podSpec(pod) {
        const replicas = replicasOf(pod.object);
        if (!replicas) return;
        if (replicas.count <= 1 && autoscalersOf(context.model, pod.object).length === 0) return;
        if (budgetsFor(context.model, pod).length > 0) return;
        const o = pod.object;
        context.report({
          object: o,
          span: o.anchor,
          path: o.path('metadata', 'name'),
          message: `${o.kind} "${o.name}" runs several replicas but no PodDisruptionBudget selects its pods, so a node drain may evict them all at once; add a PodDisruptionBudget with maxUnavailable: 1`,
        });
      },
    };
  },
});
