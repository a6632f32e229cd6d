import { defineRule } from '../../src/engine/rule.js';
import { getPair, str } from '../../src/load/index.js';
import { k8sDocs } from '../references.js';

const ALWAYS_ONLY = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
]);
const TO_COMPLETION = new Set(['Job', 'CronJob']);

export default defineRule({
  meta: {
    id: 'restart-policy-invalid',
    title: 'Restart policy the API server rejects',
    severity: 'medium',
    category: 'workload',
    fires:
      'The pod template of a Deployment, StatefulSet, DaemonSet, ReplicaSet or ReplicationController sets `restartPolicy` to anything but `Always`; the pod template of a Job or CronJob sets `restartPolicy: Always` or leaves it unset (the API server requires `OnFailure` or `Never` there).',
    silent: 'Bare Pods (any of the three values is valid); custom resources with pod templates.',
    assumes:
      'A Job pod template without `restartPolicy` is rejected: the API server asks for OnFailure or Never.',
    rationale:
      'The API server refuses the object, so the workload (or a security fix in the same change) never reaches the cluster; a GitOps sync stays broken until someone reads its logs.',
    remediation:
      'Use `restartPolicy: Always` for long-running controllers and `OnFailure` or `Never` for Jobs and CronJobs.',
    references: [k8sDocs('Jobs: Pod template', 'concepts/workloads/controllers/job/#pod-template')],
    presets: ['recommended'],
    peers: { 'kube-linter': ['restart-policy'], 'kube-score': ['cronjob-restartpolicy'] },
  },
  create(context) {
    return {
      podSpec(pod) {
        const kind = pod.object.kind;
        const pair = getPair(pod.node, 'restartPolicy');
        const value = str(pair?.value);
        if (ALWAYS_ONLY.has(kind)) {
          if (!pair || value === 'Always') return;
          context.report({
            object: pod.object,
            span: pair.value,
            path: pod.sub('restartPolicy'),
            message: `${kind} "${pod.object.name}" sets restartPolicy ${value ?? '(not a string)'}, which the API server rejects for ${kind}s; use Always or remove the field`,
          });
        } else if (TO_COMPLETION.has(kind)) {
          if (value === 'OnFailure' || value === 'Never') return;
          context.report({
            object: pod.object,
            span: pair ? pair.value : pod.anchor,
            path: pod.sub('restartPolicy'),
            message: pair
              ? `${kind} "${pod.object.name}" sets restartPolicy ${value ?? '(not a string)'}, which the API server rejects for ${kind}s; use OnFailure or Never`
              : `${kind} "${pod.object.name}" sets no restartPolicy, which the API server rejects for ${kind}s; set restartPolicy: OnFailure or Never`,
          });
        }
      },
    };
  },
});
