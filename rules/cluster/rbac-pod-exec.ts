import { k8sDocs, nsa } from '../references.js';
import { roleCheckRule } from './lib/role-rule.js';

export default roleCheckRule(
  {
    id: 'rbac-pod-exec',
    title: 'RBAC role can exec into, attach to or port-forward pods',
    fires:
      'A Role or ClusterRole in the tree allows `create` or `get` on `pods/exec`, `pods/attach` or `pods/portforward` (directly, through `*/exec`, or through `resources: ["*"]`).',
    silent: '`pods` alone (it does not cover the subresources), and `pods/log`.',
    assumes:
      'Exec needs `create` on pods/exec; before Kubernetes 1.30 a WebSocket exec needed only `get`, so both count.',
    rationale:
      'Exec gives a shell in the pod with its ServiceAccount token, mounted Secrets and network position. The seed advice: restrict what users and service accounts may do.',
    remediation:
      'Remove the exec/attach/portforward subresources; use logs and debugging workflows with audited break-glass access.',
    references: [
      k8sDocs('Kubernetes RBAC good practices', 'concepts/security/rbac-good-practices/'),
      nsa('Authentication and authorization: least privilege RBAC'),
    ],
    presets: ['recommended'],
    peers: {
      polaris: ['clusterrolePodExecAttach', 'rolePodExecAttach'],
      checkov: ['CKV2_K8S_2'],
      kics: [
        'd45330fd-f58d-45fb-a682-6481477a0f84',
        'c589f42c-7924-4871-aee2-1cede9bc7cbc',
        '38fa11ef-dbcc-4da8-9680-7e1fd855b6fb',
      ],
      kubescape: ['C-0002', 'C-0063'],
      trivy: ['KSV-0053', 'KSV-0054'],
    },
  },
  { advice: 'remove pods/exec, pods/attach and pods/portforward from it' },
);
