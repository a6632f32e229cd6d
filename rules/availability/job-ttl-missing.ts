import { defineRule } from '../../src/engine/rule.js';
import { getIn } from '../../src/load/index.js';
import { k8sDocs } from '../references.js';

export default defineRule({
  meta: {
    id: 'job-ttl-missing',
    title: 'Finished Job never cleaned up',
    severity: 'low',
    category: 'workload',
    fires: 'A Job (not one a CronJob creates) without `spec.ttlSecondsAfterFinished`.',
    silent:
      'Jobs with `ttlSecondsAfterFinished` (any value, 0 included); CronJobs, whose Jobs are pruned by `successfulJobsHistoryLimit` and `failedJobsHistoryLimit`; Helm hook Jobs with a `helm.sh/hook-delete-policy`.',
    assumes: 'Without a TTL, a finished Job and its pods stay in the cluster until someone deletes them.',
    rationale:
      'Finished Jobs keep their pods, logs and any Secrets they mounted around indefinitely; they pile up, slow the API server and keep credentials on nodes longer than needed.',
    remediation:
      'Set `spec.ttlSecondsAfterFinished` (for example 3600) so the TTL controller deletes the Job and its pods.',
    references: [
      k8sDocs('Automatic Cleanup for Finished Jobs', 'concepts/workloads/controllers/ttlafterfinished/'),
    ],
    presets: ['recommended'],
    peers: { 'kube-linter': ['job-ttl-seconds-after-finished'] },
    kinds: ['Job'],
  },
  create(context) {
    return {
      object(o) {
        if (o.kind !== 'Job') return;
        if (getIn(o.root, ['spec', 'ttlSecondsAfterFinished']) !== undefined) return;
        if (o.annotations['helm.sh/hook-delete-policy'] !== undefined) return;
        const at = o.locate(['spec', 'ttlSecondsAfterFinished']);
        context.report({
          object: o,
          span: at.span,
          path: o.path('spec', 'ttlSecondsAfterFinished'),
          message: `Job "${o.name}" has no ttlSecondsAfterFinished, so it and its pods stay after it finishes; set spec.ttlSecondsAfterFinished (for example 3600)`,
        });
      },
    };
  },
});
