import { defineRule } from '../../src/engine/rule.js';
import { getIn } from '../../src/load/index.js';
import { k8sDocs } from '../references.js';

export default defineRule({
  meta: {
    id: 'cronjob-deadline-missing',
    title: 'CronJob without a starting deadline',
    severity: 'low',
    category: 'workload',
    fires: 'A CronJob without `spec.startingDeadlineSeconds`.',
    silent: 'CronJobs that set `startingDeadlineSeconds`.',
    assumes:
      'Without a deadline the controller counts every missed schedule since the last run; after more than 100 misses (a controller outage, a long suspension) it stops scheduling the CronJob altogether.',
    rationale:
      'A CronJob that silently stops running (backups, certificate renewals, secret rotation) is a security and availability failure nobody sees; a starting deadline bounds the missed runs counted.',
    remediation:
      'Set `spec.startingDeadlineSeconds` (for example 200, well below the interval of the schedule).',
    references: [
      k8sDocs('CronJob limitations', 'concepts/workloads/controllers/cron-jobs/#cron-job-limitations'),
    ],
    presets: ['recommended'],
    peers: { 'kube-score': ['cronjob-has-deadline'], kics: ['192fe40b-b1c3-448a-aba2-6cc19a300fe3'] },
    kinds: ['CronJob'],
  },
  create(context) {
    return {
      object(o) {
        if (o.kind !== 'CronJob') return;
        if (getIn(o.root, ['spec', 'startingDeadlineSeconds']) !== undefined) return;
        const at = o.locate(['spec', 'startingDeadlineSeconds']);
        context.report({
          object: o,
          span: at.span,
          path: o.path('spec', 'startingDeadlineSeconds'),
          message: `CronJob "${o.name}" has no startingDeadlineSeconds, so after 100 missed schedules it stops running for good; set spec.startingDeadlineSeconds`,
        });
      },
    };
  },
});
