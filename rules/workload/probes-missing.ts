import { defineRule } from '../../src/engine/rule.js';
import { get } from '../../src/load/index.js';
import { k8sDocs } from '../references.js';

const PROBES = [
  ['livenessProbe', 'liveness', 'restarts it when it hangs'],
  ['readinessProbe', 'readiness', 'keeps traffic away while it is not ready'],
] as const;

export default defineRule({
  meta: {
    id: 'probes-missing',
    title: 'Liveness or readiness probe missing',
    severity: 'low',
    category: 'workload',
    fires:
      'A regular container of a long-running pod has no `livenessProbe`, or no `readinessProbe`: one finding per missing probe.',
    silent:
      'Pods that run to completion (Jobs, CronJobs, bare Pods with `restartPolicy` other than Always); init and ephemeral containers. A `startupProbe` does not replace either.',
    rationale:
      'Without probes a hung process keeps receiving traffic and is never restarted; availability is part of security (a denial of service needs less effort).',
    remediation:
      "Add a `readinessProbe` (traffic) and a `livenessProbe` (restart) that check the process's health endpoint or port.",
    references: [
      k8sDocs(
        'Configure Liveness, Readiness and Startup Probes',
        'tasks/configure-pod-container/configure-liveness-readiness-startup-probes/',
      ),
    ],
    presets: ['recommended'],
    peers: {
      'kube-linter': ['no-liveness-probe', 'no-readiness-probe'],
      polaris: ['livenessProbeMissing', 'readinessProbeMissing'],
      'kube-score': ['pod-probes'],
      checkov: ['CKV_K8S_8', 'CKV_K8S_9'],
      kics: ['ade74944-a674-4e00-859e-c6eab5bde441', 'a659f3b5-9bf0-438a-bd9a-7d3a6427f1e3'],
      kubescape: ['C-0018', 'C-0056'],
    },
  },
  create(context) {
    return {
      container(c) {
        if (c.kind !== 'container' || c.pod.runsToCompletion) return;
        for (const [field, what, does] of PROBES) {
          if (get(c.node, field) !== undefined) continue;
          context.report({
            object: c.object,
            span: c.anchor,
            path: c.sub(field),
            message: `container "${c.name}" has no ${what} probe, which ${does}; add a ${field}`,
          });
        }
      },
    };
  },
});
