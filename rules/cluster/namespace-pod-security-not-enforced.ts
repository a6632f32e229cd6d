import { defineRule } from '../../src/engine/rule.js';
import { getPair, pairSpan, str } from '../../src/load/index.js';
import { k8sDocs, nsa } from '../references.js';

const ENFORCE = 'pod-security.kubernetes.io/enforce';

export default defineRule({
  meta: {
    id: 'namespace-pod-security-not-enforced',
    title: 'Namespace does not enforce a Pod Security Standard',
    severity: 'medium',
    category: 'admission',
    fires: `A Namespace without the \`${ENFORCE}\` label, or with it set to \`privileged\`.`,
    silent: '`baseline` or `restricted` enforcement.',
    assumes:
      'Without the label, Pod Security Admission applies the cluster default, which is `privileged` (no restriction) unless the admission configuration says otherwise.',
    rationale:
      'Pod Security Admission is the built-in way to stop privileged, host-namespace and root pods at the API server, whatever manifests slip past review. The seed advice: enforce security standards with Pod Security Admission.',
    remediation: `Label the namespace \`${ENFORCE}: restricted\` (or \`baseline\` where restricted is not yet possible), with \`warn\` and \`audit\` at the same or a stricter level.`,
    references: [
      k8sDocs('Pod Security Admission', 'concepts/security/pod-security-admission/'),
      nsa('Pod security: Pod Security Admission'),
      {
        title:
          'CIS Kubernetes Benchmark 5.2.1: Ensure that the cluster has at least one active policy control mechanism in place',
      },
    ],
    presets: ['recommended'],
    peers: {
      kubescape: [
        'C-0192',
        'C-0193',
        'C-0194',
        'C-0195',
        'C-0196',
        'C-0197',
        'C-0198',
        'C-0199',
        'C-0200',
        'C-0201',
        'C-0202',
        'C-0203',
        'C-0204',
      ],
    },
    kinds: ['Namespace'],
  },
  create(context) {
    return {
      object(o) {
        if (o.apiVersion !== 'v1') return;
        const labels = getPair(o.metadata, 'labels');
        const enforce = getPair(labels?.value, ENFORCE);
        if (!enforce) {
          context.report({
            object: o,
            span: labels ? pairSpan(labels) : o.anchor,
            path: o.path('metadata', 'labels', ENFORCE),
            message: `Namespace ${o.name} has no ${ENFORCE} label, so Pod Security Admission enforces nothing there by default; label it ${ENFORCE}: restricted (or baseline)`,
          });
          return;
        }
        if (str(enforce.value) === 'privileged') {
          context.report({
            object: o,
            span: pairSpan(enforce),
            path: o.path('metadata', 'labels', ENFORCE),
            message: `Namespace ${o.name} enforces the privileged Pod Security level, which allows any pod; enforce restricted (or baseline)`,
          });
        }
      },
    };
  },
});
