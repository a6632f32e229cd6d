import { cis, nsa } from '../references.js';
import { roleCheckRule } from './lib/role-rule.js';

export default roleCheckRule(
  {
    id: 'rbac-wildcard',
    title: 'RBAC rule uses a wildcard',
    fires:
      'A Role or ClusterRole in the tree has `*` in `verbs`, `resources`, `apiGroups` or `nonResourceURLs` of some rule. Reported once per role, on the first `*`.',
    silent:
      'Roles listing verbs, resources and groups by name; aggregated ClusterRoles (their components are checked); built-in roles (bindings to them are checked by binding-excessive-permissions).',
    assumes:
      'The RBAC authorizer treats `*` as every verb (including escalate, bind, impersonate), every resource and subresource, and every API group, present and future.',
    rationale:
      'A wildcard grants today’s and tomorrow’s resources and verbs, including ones that escalate privileges. The seed advice: follow least privilege and give service accounts only the permissions their pods need.',
    remediation: 'List the verbs, resources and API groups the holder needs instead of `*`.',
    references: [
      cis('5.1.3', 'Minimize wildcard use in Roles and ClusterRoles'),
      nsa('Authentication and authorization: least privilege RBAC'),
    ],
    presets: ['recommended'],
    peers: {
      'kube-linter': ['wildcard-in-rules'],
      checkov: ['CKV_K8S_49'],
      kics: ['6b896afb-ca07-467a-b256-1a0077a1c08e'],
      kubescape: ['C-0035', 'C-0187'],
      trivy: ['KSV-0044', 'KSV-0045', 'KSV-0046', 'KSV-0112'],
    },
  },
  { advice: 'replace `*` with the verbs, resources and API groups actually needed' },
);
