import { defineRule } from '../../src/engine/rule.js';
import { getPair, str } from '../../src/load/index.js';
import { k8sDocs } from '../references.js';

export default defineRule({
  meta: {
    id: 'deprecated-service-account-field',
    title: 'Deprecated serviceAccount field',
    severity: 'low',
    category: 'workload',
    fires:
      'A pod spec sets `serviceAccount` (the deprecated alias) instead of `serviceAccountName`; with a different value in each, the finding says which one the API server uses.',
    silent:
      'Pod specs with only `serviceAccountName`, or both fields with the same value (kubectl and controllers write both).',
    assumes:
      'When both are set, `serviceAccountName` wins; when only `serviceAccount` is set, the API server copies it to `serviceAccountName`.',
    rationale:
      'Reviewers and policies read `serviceAccountName`; an identity set through the deprecated field is easy to miss, and two different values hide which credentials the pod really gets.',
    remediation: 'Rename `serviceAccount` to `serviceAccountName` (and remove the old field).',
    references: [
      k8sDocs(
        'PodSpec: serviceAccount (deprecated)',
        'reference/kubernetes-api/workload-resources/pod-v1/#security-context',
      ),
    ],
    presets: ['recommended'],
    peers: { 'kube-linter': ['deprecated-service-account-field'], kubescape: ['C-0294'] },
  },
  create(context) {
    return {
      podSpec(pod) {
        const old = getPair(pod.node, 'serviceAccount');
        if (!old) return;
        const current = getPair(pod.node, 'serviceAccountName');
        const oldName = str(old.value);
        const name = str(current?.value);
        if (current && name === oldName) return;
        context.report({
          object: pod.object,
          span: old.key,
          path: pod.sub('serviceAccount'),
          message: current
            ? `${pod.object.kind} "${pod.object.name}" sets serviceAccount "${oldName ?? ''}" and serviceAccountName "${name ?? ''}"; the pod runs as "${name ?? ''}": remove the deprecated serviceAccount`
            : `${pod.object.kind} "${pod.object.name}" sets the deprecated serviceAccount field; rename it to serviceAccountName`,
        });
      },
    };
  },
});
