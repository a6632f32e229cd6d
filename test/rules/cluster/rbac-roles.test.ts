// Per-role RBAC rules: one finding per role and kind of grant, matched as the RBAC authorizer does.
import rbacNodeProxy from '../../../rules/cluster/rbac-node-proxy.js';
import rbacPodExec from '../../../rules/cluster/rbac-pod-exec.js';
import rbacPrivilegeEscalation from '../../../rules/cluster/rbac-privilege-escalation.js';
import rbacSecretsRead from '../../../rules/cluster/rbac-secrets-read.js';
import rbacWebhookModification from '../../../rules/cluster/rbac-webhook-modification.js';
import rbacWildcard from '../../../rules/cluster/rbac-wildcard.js';
import rbacWorkloadCreate from '../../../rules/cluster/rbac-workload-create.js';
import { ruleTester } from '../../rule-tester.js';

/** A ClusterRole (or Role) whose `rules:` entries start on line 6. */
const role = (rules: string, kind = 'ClusterRole') => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: r
rules:
${rules}`;

const rule = (groups: string, resources: string, verbs: string) =>
  `- apiGroups: ${groups}\n  resources: ${resources}\n  verbs: ${verbs}\n`;

ruleTester(rbacWildcard, {
  valid: [
    { name: 'named verbs and resources', code: role(rule('[""]', '[pods]', '[get, list]')) },
    {
      name: 'an aggregated ClusterRole is checked through its components',
      code: `${role('[]')}aggregationRule:\n  clusterRoleSelectors:\n  - matchLabels: {x: "y"}\n`,
    },
    {
      name: 'a wildcard in a non-RBAC kind named ClusterRole',
      code: role(rule('["*"]', '["*"]', '["*"]')).replace('rbac.authorization.k8s.io/v1', 'example.com/v1'),
    },
  ],
  invalid: [
    {
      name: 'resources: ["*"] points at the star',
      code: role(rule('[""]', '["*"]', '[get]')),
      errors: [
        { line: 7, column: 15, endLine: 7, endColumn: 18, path: 'rules[0]', message: '* in resources' },
      ],
    },
    {
      name: 'stars in verbs, resources and groups: one finding, on the first',
      code: role(rule("['*']", "['*']", "['*']")),
      errors: [
        { line: 8, column: 11, endLine: 8, endColumn: 14, message: '* in verbs, resources, apiGroups' },
      ],
    },
    {
      name: 'two wildcard rules: one finding per role',
      code: role(rule('[apps]', '[deployments]', '["*"]') + rule('["*"]', '[pods]', '[get]')),
      errors: [{ line: 8, column: 11, endLine: 8, endColumn: 14, message: '(rules[0])' }],
    },
  ],
});

ruleTester(rbacSecretsRead, {
  valid: [
    {
      // Deleting is a binding-only grant: binding-/workload-excessive-permissions report it.
      name: 'deleting Secrets is not reading them',
      code: role(rule('[""]', '[secrets]', '[delete, deletecollection]'), 'Role'),
    },
    {
      name: 'named Secrets only',
      code: role(`${rule('[""]', '[secrets]', '[get]')}  resourceNames: [app-config]\n`, 'Role'),
    },
    { name: 'write-only on secrets', code: role(rule('[""]', '[secrets]', '[create, update]')) },
    { name: 'secrets in another API group', code: role(rule('[example.com]', '[secrets]', '[get]')) },
    { name: 'pods/* is not secrets', code: role(rule('[""]', '["pods/*"]', '[get]')) },
  ],
  invalid: [
    {
      name: 'get on secrets in a Role',
      code: role(rule('[""]', '[secrets]', '[get, list]'), 'Role'),
      errors: [
        {
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 23,
          severity: 'high',
          message: 'Role/r grants get/list secrets (rules[0])',
        },
      ],
    },
    {
      name: 'resources "*" with get reads secrets',
      code: role(rule('[""]', '["*"]', '[get]')),
      errors: [{ line: 7, column: 3, endLine: 7, endColumn: 19, message: 'get secrets' }],
    },
    {
      name: 'critical when a ClusterRoleBinding in another file binds it',
      files: {
        'roles/r.yaml': role(rule('["*"]', '[secrets]', '["*"]')),
        'bindings/b.yaml': `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: everyone-reads}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r}
subjects: [{kind: Group, name: devs}]
`,
      },
      errors: [
        {
          file: 'roles/r.yaml',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 23,
          severity: 'critical',
          message: 'in every namespace (bound cluster-wide by ClusterRoleBinding/everyone-reads)',
        },
      ],
    },
  ],
});

ruleTester(rbacPrivilegeEscalation, {
  valid: [
    {
      name: 'managing roles without escalate or bind',
      code: role(rule('[rbac.authorization.k8s.io]', '[roles, rolebindings]', '[create, update]')),
    },
    { name: 'reading ServiceAccounts', code: role(rule('[""]', '[serviceaccounts]', '[get]')) },
    {
      name: 'reading CSRs',
      code: role(rule('[certificates.k8s.io]', '[certificatesigningrequests]', '[get, list]')),
    },
  ],
  invalid: [
    {
      name: 'escalate and bind on clusterroles',
      code: role(rule('[rbac.authorization.k8s.io]', '[clusterroles]', '[escalate, bind]')),
      errors: [
        {
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 28,
          severity: 'critical',
          message: 'escalate/bind clusterroles',
        },
      ],
    },
    {
      name: 'verbs "*" includes escalate, bind and impersonate; once per role',
      code: role(rule('["*"]', '["*"]', '["*"]')),
      errors: [
        {
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 19,
          message:
            'escalate/bind clusterroles, roles; impersonate users, groups, serviceaccounts, uids; create serviceaccounts/token; update/patch certificatesigningrequests/approval; approve signers',
        },
      ],
    },
    {
      name: 'token creation in a second rule',
      code: role(rule('[""]', '[pods]', '[get]') + rule('[""]', '[serviceaccounts/token]', '[create]')),
      errors: [
        {
          line: 10,
          column: 3,
          endLine: 10,
          endColumn: 37,
          path: 'rules[1]',
          message: 'create serviceaccounts/token (rules[1])',
        },
      ],
    },
  ],
});

ruleTester(rbacPodExec, {
  valid: [
    { name: 'pods alone does not cover pods/exec', code: role(rule('[""]', '[pods]', '[create, get]')) },
    { name: 'pods/log', code: role(rule('[""]', '[pods/log]', '[get]')) },
  ],
  invalid: [
    {
      name: 'create pods/exec',
      code: role(rule('[""]', '[pods/exec]', '[create]')),
      errors: [{ line: 7, column: 3, endLine: 7, endColumn: 25, message: 'create pods/exec' }],
    },
    {
      name: '*/exec covers the exec subresource of pods',
      code: role(rule('[""]', '["*/exec"]', '[create]')),
      errors: [{ line: 7, column: 3, endLine: 7, endColumn: 24, message: 'create pods/exec' }],
    },
    {
      name: 'resources "*" with create includes exec, attach and portforward',
      code: role(rule('[""]', '["*"]', '[create]')),
      errors: [
        {
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 19,
          message: 'create pods/exec, pods/attach, pods/portforward',
        },
      ],
    },
  ],
});

ruleTester(rbacWorkloadCreate, {
  valid: [
    {
      name: 'deleting workloads and creating PersistentVolumes or bindings (binding-only grants)',
      code: role(
        `${rule('[apps, batch]', '[deployments, jobs]', '[delete]')}${rule('["", rbac.authorization.k8s.io]', '[persistentvolumes, rolebindings]', '[create]')}`,
      ),
    },
    {
      name: 'updating and scaling',
      code: role(rule('[apps]', '[deployments, deployments/scale]', '[update, patch]')),
    },
    { name: 'deployments in the wrong group', code: role(rule('[""]', '[deployments]', '[create]')) },
  ],
  invalid: [
    {
      name: 'create deployments and jobs',
      code: role(rule('[apps, batch]', '[deployments, jobs]', '[create]')),
      errors: [
        {
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 33,
          severity: 'medium',
          message: 'create deployments, jobs',
        },
      ],
    },
  ],
});

ruleTester(rbacNodeProxy, {
  valid: [{ name: 'nodes and nodes/metrics', code: role(rule('[""]', '[nodes, nodes/metrics]', '[get]')) }],
  invalid: [
    {
      name: 'get nodes/proxy',
      code: role(rule('[""]', '[nodes/proxy]', '[get]')),
      errors: [{ line: 7, column: 3, endLine: 7, endColumn: 27, message: 'get nodes/proxy' }],
    },
  ],
});

ruleTester(rbacWebhookModification, {
  valid: [
    {
      name: 'read-only',
      code: role(rule('[admissionregistration.k8s.io]', '[validatingwebhookconfigurations]', '[get, list]')),
    },
  ],
  invalid: [
    {
      name: 'patch a mutating webhook configuration',
      code: role(rule('[admissionregistration.k8s.io]', '[mutatingwebhookconfigurations]', '[patch]')),
      errors: [
        { line: 7, column: 3, endLine: 7, endColumn: 45, message: 'patch mutatingwebhookconfigurations' },
      ],
    },
  ],
});
