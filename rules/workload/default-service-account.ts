import { defineRule } from '../../src/engine/rule.js';
import { pairSpan } from '../../src/load/index.js';
import { cis } from '../references.js';

export default defineRule({
  meta: {
    id: 'default-service-account',
    title: 'Pod uses the default ServiceAccount',
    severity: 'low',
    category: 'workload',
    fires:
      'A pod spec leaves `serviceAccountName` (and the deprecated `serviceAccount`) unset, or sets it to `default`.',
    silent: 'A dedicated ServiceAccount name.',
    assumes:
      "Unset means the namespace's `default` ServiceAccount, shared by every pod that does not choose one.",
    rationale:
      'Permissions granted to the shared default ServiceAccount reach every pod in the namespace; a ServiceAccount per workload keeps RBAC grants and audit trails specific. The seed advice: ensure the default service token is not used.',
    remediation:
      'Create a ServiceAccount for the workload (with `automountServiceAccountToken: false` unless it calls the API) and set `serviceAccountName` to it.',
    references: [cis('5.1.5', 'Ensure that default service accounts are not actively used')],
    presets: ['recommended'],
    peers: {
      'kube-linter': ['default-service-account'],
      kics: ['b93e973e-9066-4455-a63b-c1c0e1ec3a48', '591ade62-d6b0-4580-b1ae-209f80ba1cd9'],
      kubescape: ['C-0189', 'C-0225', 'C-0239'],
    },
  },
  create(context) {
    return {
      podSpec(pod) {
        const f = pod.field('serviceAccountName') ?? pod.field('serviceAccount');
        const name = pod.serviceAccountName;
        if (name && name !== 'default') return;
        context.report({
          object: pod.object,
          span: f ? pairSpan(f.pair) : pod.anchor,
          path: f ? f.path : pod.sub('serviceAccountName'),
          message: f
            ? "the pod runs as the namespace's default ServiceAccount; create a dedicated ServiceAccount and set serviceAccountName to it"
            : "the pod sets no serviceAccountName, so it runs as the namespace's default ServiceAccount; create a dedicated ServiceAccount and set serviceAccountName to it",
        });
      },
    };
  },
});
