import { k8sDocs, nsa } from '../references.js';
import { roleCheckRule } from './lib/role-rule.js';

export default roleCheckRule(
  {
    id: 'rbac-node-proxy',
    title: 'RBAC role can use nodes/proxy',
    fires: 'A Role or ClusterRole in the tree allows any verb on `nodes/proxy` (directly or through `*`).',
    silent: '`nodes` alone, `nodes/metrics`, `nodes/stats`.',
    assumes: 'The kubelet authorizes its API through the `nodes/proxy` subresource.',
    rationale:
      'nodes/proxy reaches the kubelet API, which runs commands in any pod on the node without the audit trail of pods/exec. The seed advice: limit access to internal APIs.',
    remediation: 'Grant `nodes/metrics` or `nodes/stats` for monitoring instead of `nodes/proxy`.',
    references: [
      k8sDocs('Kubernetes RBAC good practices: nodes/proxy', 'concepts/security/rbac-good-practices/'),
      nsa('Authentication and authorization: least privilege RBAC'),
    ],
    presets: ['recommended'],
    peers: { checkov: ['CKV2_K8S_2'], kubescape: ['C-0279'], trivy: ['KSV-0047'] },
  },
  { advice: 'use nodes/metrics or nodes/stats instead' },
);
