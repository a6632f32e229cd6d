import { cis, k8sDocs, nsa } from '../references.js';
import { roleCheckRule } from './lib/role-rule.js';

export default roleCheckRule(
  {
    id: 'rbac-privilege-escalation',
    title: 'RBAC role can escalate privileges',
    fires:
      'A Role or ClusterRole in the tree allows `escalate` or `bind` on roles/clusterroles, `impersonate` on users, groups, serviceaccounts or uids, `create` on `serviceaccounts/token`, `update`/`patch` on `certificatesigningrequests/approval`, or `approve` on signers (directly or through `*`).',
    silent: 'Roles that only read RBAC objects, and write verbs on roles without `escalate`/`bind`.',
    assumes:
      'The API server lets a subject create or bind roles with permissions it does not hold only through `escalate` and `bind`; `*` in verbs includes them.',
    rationale:
      'Each of these verbs turns a limited identity into a stronger one: grant yourself any role, act as another user, mint a token for a more powerful ServiceAccount, or approve a client certificate for any identity. The seed advice warns about privilege escalation and asks for least privilege.',
    remediation:
      'Remove escalate, bind, impersonate, token creation and CSR approval from the role; grant them only to a tightly held administrative identity, limited with `resourceNames`.',
    references: [
      cis('5.1.8', 'Limit use of the Bind, Impersonate and Escalate permissions'),
      k8sDocs(
        'Kubernetes RBAC good practices: privilege escalation risks',
        'concepts/security/rbac-good-practices/',
      ),
      nsa('Authentication and authorization: least privilege RBAC'),
    ],
    presets: ['recommended'],
    peers: {
      checkov: ['CKV_K8S_156', 'CKV_K8S_157', 'CKV_K8S_158', 'CKV2_K8S_3'],
      kics: ['8320826e-7a9c-4b0b-9535-578333193432', '9f85c3f6-26fd-4007-938a-2e0cb0100980'],
      kubescape: ['C-0053', 'C-0065', 'C-0191', 'C-0280', 'C-0282'],
      trivy: ['KSV-0043', 'KSV-0050'],
    },
  },
  { advice: 'remove these verbs from the role and keep them with a tightly held administrative identity' },
);
