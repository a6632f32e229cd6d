import { defineRule } from '../../src/engine/rule.js';
import { get, getIn } from '../../src/load/index.js';
import { k8sDocs } from '../references.js';
import { autoscalersOf, replicasOf } from './lib.js';

export default defineRule({
  meta: {
    id: 'anti-affinity-missing',
    title: 'Replicas not spread across nodes',
    severity: 'low',
    category: 'workload',
    fires:
      'A Deployment, StatefulSet, ReplicaSet or ReplicationController with more than one replica (or an autoscaler targeting it) whose pod template has neither `affinity.podAntiAffinity` nor `topologySpreadConstraints`.',
    silent:
      'One replica; pods with a pod anti-affinity term (required or preferred) or any topology spread constraint; DaemonSets (one per node by design).',
    assumes:
      'The scheduler does not spread replicas of one workload unless told to (beyond its default, soft, zone spreading when the cluster configures it).',
    rationale:
      'Replicas that land on one node fail together: a node drain or a node failure takes down every replica at once, and the extra replicas bought nothing.',
    remediation:
      "Add `topologySpreadConstraints` over `kubernetes.io/hostname` (and the zone), or a preferred `podAntiAffinity` on the pod's own labels.",
    references: [
      k8sDocs('Pod Topology Spread Constraints', 'concepts/scheduling-eviction/topology-spread-constraints/'),
    ],
    presets: ['recommended'],
    peers: {
      'kube-linter': ['no-anti-affinity'],
      polaris: ['topologySpreadConstraint'],
      'kube-score': [
        'deployment-has-host-podantiaffinity',
        'statefulset-has-host-podantiaffinity',
        'pod-topology-spread-constraints',
      ],
      kics: ['d740d048-8ed3-49d3-b77b-6f072f3b669e', 'a31b7b82-d994-48c4-bd21-3bab6c31827a'],
    },
  },
  create(context) {
    return {
      podSpec(pod) {
        const replicas = replicasOf(pod.object);
        if (!replicas) return;
        const scaled = autoscalersOf(context.model, pod.object).length > 0;
        if (replicas.count <= 1 && !scaled) return;
        if (getIn(pod.node, ['affinity', 'podAntiAffinity']) !== undefined) return;
        if (get(pod.node, 'topologySpreadConstraints') !== undefined) return;
        context.report({
          object: pod.object,
          span: pod.anchor,
          path: pod.sub('topologySpreadConstraints'),
          message: `${pod.object.kind} "${pod.object.name}" runs ${scaled ? 'autoscaled' : replicas.count} replicas with no pod anti-affinity or topology spread, so they may share a node and fail together; add topologySpreadConstraints over kubernetes.io/hostname`,
        });
      },
    };
  },
});
