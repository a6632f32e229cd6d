import { defineRule } from '../../src/engine/rule.js';
import { getPair, str } from '../../src/load/index.js';
import { findCompatible, treeKnows, writtenNamespace } from '../../src/model/references.js';

export default defineRule({
  meta: {
    id: 'service-account-missing',
    title: 'Pod names a ServiceAccount that does not exist',
    severity: 'low',
    category: 'workload',
    fires:
      'A pod spec’s `serviceAccountName` (or the deprecated `serviceAccount`) names a ServiceAccount the tree does not define in the pod’s namespace, when the tree can know: it defines ServiceAccounts in that namespace, or owns the namespace (its Namespace object is in the tree). An unwritten namespace matches any, and only objects also left unwritten in the same folder (applied together) tell the tree it can know.',
    silent:
      '`default` (every namespace has it); ServiceAccounts in namespaces where the tree defines none and does not own the namespace (Terraform, a platform team or an operator may create them).',
    assumes:
      'The API server admits the pod but the controller cannot create it until the ServiceAccount exists.',
    rationale:
      'A pod referencing a missing ServiceAccount never starts (the ServiceAccount admission plugin rejects it), and the usual fix under pressure is to drop the line and fall back to `default`, with whatever that account was granted. The seed advice: give each workload its own least-privilege ServiceAccount.',
    remediation:
      'Add the ServiceAccount (with `automountServiceAccountToken: false` unless the pod calls the API), or fix the name.',
    references: [
      {
        title: 'Kubernetes docs: Configure Service Accounts for Pods',
        url: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/',
      },
    ],
    presets: ['recommended'],
    peers: { 'kube-linter': ['non-existent-service-account'], kubescape: ['C-0307'] },
  },
  create(context) {
    return {
      podSpec(pod) {
        const pair = getPair(pod.node, 'serviceAccountName') ?? getPair(pod.node, 'serviceAccount');
        const name = str(pair?.value);
        if (!pair || !name || name === 'default') return;
        const ns = writtenNamespace(pod.object);
        if (findCompatible(context.model, 'ServiceAccount', ns, name).length > 0) return;
        if (!treeKnows(context.model, ['ServiceAccount'], ns, pod.object)) return;
        context.report({
          object: pod.object,
          span: pair.value,
          path: pod.sub(String(pair.key.value)),
          message: `the pod runs as ServiceAccount ${name}, which the tree does not define${ns ? ` in namespace ${ns}` : ''}; add it or fix the name`,
        });
      },
    };
  },
});
