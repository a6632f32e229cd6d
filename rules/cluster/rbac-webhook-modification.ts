import { k8sDocs, nsa } from '../references.js';
import { roleCheckRule } from './lib/role-rule.js';

export default roleCheckRule(
  {
    id: 'rbac-webhook-modification',
    title: 'RBAC role can change admission webhooks',
    fires:
      'A Role or ClusterRole in the tree allows create, update, patch or delete on validatingwebhookconfigurations or mutatingwebhookconfigurations (directly or through `*`).',
    silent: 'Read-only access to webhook configurations.',
    assumes: 'Admission webhooks see, and can mutate, every object sent to the API server.',
    rationale:
      'Whoever edits a webhook configuration can disable policy enforcement or route every object, Secrets included, to a server of their choice. The seed advice counts admission control among the fundamentals.',
    remediation:
      'Keep webhook configuration changes with cluster administrators and the operator that owns the webhook.',
    references: [
      k8sDocs('Kubernetes RBAC good practices: control admission', 'concepts/security/rbac-good-practices/'),
      nsa('Authentication and authorization: least privilege RBAC'),
    ],
    presets: ['recommended'],
    peers: { checkov: ['CKV_K8S_155'], kubescape: ['C-0281'], trivy: ['KSV-0114'] },
  },
  { advice: 'remove write access to webhook configurations' },
);
