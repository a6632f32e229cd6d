// Binding-level RBAC rules: who is granted what, resolved across files.
import bindingExcessivePermissions from '../../../rules/cluster/binding-excessive-permissions.js';
import clusterAdminBinding from '../../../rules/cluster/cluster-admin-binding.js';
import rbacAnonymousSubject from '../../../rules/cluster/rbac-anonymous-subject.js';
import rbacDanglingReference from '../../../rules/cluster/rbac-dangling-reference.js';
import rbacDefaultServiceAccount from '../../../rules/cluster/rbac-default-service-account.js';
import systemMastersMapping from '../../../rules/cluster/system-masters-mapping.js';
import workloadExcessivePermissions from '../../../rules/cluster/workload-excessive-permissions.js';
import { ruleTester } from '../../rule-tester.js';

/** A binding; `roleRef` is on line 6, its `name` on line 9, subjects from line 11. */
const binding = (
  kind: string,
  roleKind: string,
  roleName: string,
  subjects: string,
  ns = 'team-a',
) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: b
${kind === 'RoleBinding' ? `  namespace: ${ns}\n` : ''}roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ${roleKind}
  name: ${roleName}
subjects:
${subjects}`;

const sa = (name: string, ns?: string) =>
  `- kind: ServiceAccount\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}`;

ruleTester(clusterAdminBinding, {
  valid: [
    {
      name: 'a binding to edit',
      code: binding('ClusterRoleBinding', 'ClusterRole', 'edit', '- kind: Group\n  name: devs\n'),
    },
  ],
  invalid: [
    {
      name: 'ClusterRoleBinding to cluster-admin is critical',
      code: binding('ClusterRoleBinding', 'ClusterRole', 'cluster-admin', '- kind: User\n  name: alice\n'),
      errors: [
        { line: 8, column: 3, endLine: 8, endColumn: 22, severity: 'critical', message: 'to User alice' },
      ],
    },
    {
      name: 'RoleBinding to cluster-admin is high',
      code: binding('RoleBinding', 'ClusterRole', 'cluster-admin', sa('ci')),
      errors: [
        {
          line: 9,
          column: 3,
          endLine: 9,
          endColumn: 22,
          severity: 'high',
          message: 'within namespace team-a',
        },
      ],
    },
  ],
});

ruleTester(rbacAnonymousSubject, {
  valid: [
    {
      name: 'named users',
      code: binding('ClusterRoleBinding', 'ClusterRole', 'view', '- kind: User\n  name: alice\n'),
    },
    {
      name: 'the built-in public-info-viewer binding',
      code: binding(
        'ClusterRoleBinding',
        'ClusterRole',
        'system:public-info-viewer',
        '- kind: Group\n  name: system:unauthenticated\n',
      ),
    },
    {
      name: 'a ServiceAccount named like the group',
      code: binding('ClusterRoleBinding', 'ClusterRole', 'view', sa('system:authenticated', 'x')),
    },
  ],
  invalid: [
    {
      name: 'anonymous is critical, authenticated is high',
      code: binding(
        'ClusterRoleBinding',
        'ClusterRole',
        'view',
        '- kind: User\n  name: system:anonymous\n- kind: Group\n  name: system:authenticated\n',
      ),
      errors: [
        { line: 11, column: 3, endLine: 11, endColumn: 25, severity: 'critical', path: 'subjects[0].name' },
        {
          line: 13,
          column: 3,
          endLine: 13,
          endColumn: 29,
          severity: 'high',
          message: 'every authenticated user',
        },
      ],
    },
  ],
});

ruleTester(rbacDefaultServiceAccount, {
  valid: [{ name: 'a dedicated ServiceAccount', code: binding('RoleBinding', 'Role', 'r', sa('app')) }],
  invalid: [
    {
      name: 'default SA without namespace means the binding’s namespace',
      code: binding('RoleBinding', 'Role', 'r', sa('default')),
      errors: [
        {
          line: 12,
          column: 3,
          endLine: 12,
          endColumn: 16,
          message: 'default ServiceAccount of namespace team-a (the binding’s namespace',
        },
      ],
    },
    {
      name: 'the default ServiceAccount named as a User',
      code: binding(
        'ClusterRoleBinding',
        'ClusterRole',
        'view',
        '- kind: User\n  name: system:serviceaccount:ci:default\n',
      ),
      errors: [
        {
          line: 11,
          column: 3,
          endLine: 11,
          endColumn: 41,
          message: 'default ServiceAccount of namespace ci,',
        },
      ],
    },
  ],
});

const roleFile = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: r
  namespace: team-a
rules: []
`;
const saFile = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: app
  namespace: team-a
`;

ruleTester(rbacDanglingReference, {
  valid: [
    {
      name: 'role and ServiceAccount in other files',
      files: {
        'rbac/b.yaml': binding('RoleBinding', 'Role', 'r', sa('app')),
        'rbac/r.yaml': roleFile,
        'apps/sa.yaml': saFile,
      },
    },
    {
      name: 'built-in ClusterRoles',
      code: binding(
        'ClusterRoleBinding',
        'ClusterRole',
        'system:controller:job-controller',
        '- kind: User\n  name: a\n',
      ),
    },
    {
      name: 'ServiceAccounts of namespaces the tree puts nothing in',
      code: binding('ClusterRoleBinding', 'ClusterRole', 'view', sa('agent', 'elsewhere')),
    },
  ],
  invalid: [
    {
      name: 'a ClusterRoleBinding naming a Role, and a ClusterRole that exists nowhere',
      files: {
        'a.yaml': binding('ClusterRoleBinding', 'Role', 'r', '- kind: User\n  name: a\n'),
        'b.yaml': binding('RoleBinding', 'ClusterRole', 'ops-reader', '- kind: User\n  name: a\n'),
      },
      errors: [
        {
          file: 'a.yaml',
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 10,
          message: 'a ClusterRoleBinding can only bind a ClusterRole',
        },
        {
          file: 'b.yaml',
          line: 9,
          column: 3,
          endLine: 9,
          endColumn: 19,
          message: 'refers to ClusterRole ops-reader, which is neither',
        },
      ],
    },
    {
      name: 'a typo in roleRef and a missing ServiceAccount',
      files: {
        'rbac/b.yaml': binding('RoleBinding', 'Role', 'rr', sa('ap')),
        'rbac/r.yaml': roleFile,
        'apps/sa.yaml': saFile,
      },
      errors: [
        {
          file: 'rbac/b.yaml',
          line: 9,
          column: 3,
          endLine: 9,
          endColumn: 11,
          message: 'refers to Role rr in namespace team-a',
        },
        {
          file: 'rbac/b.yaml',
          line: 12,
          column: 3,
          endLine: 12,
          endColumn: 11,
          message: 'ServiceAccount team-a/ap',
        },
      ],
    },
  ],
});

const aggregated = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: monitoring-extra
  labels:
    rbac.authorization.k8s.io/aggregate-to-view: "true"
rules:
- apiGroups: [""]
  resources: [secrets]
  verbs: [list]
`;

/** A role named `r` whose rules start on line 7 (a Role) or 6 (a ClusterRole). */
const roleWith = (kind: 'Role' | 'ClusterRole', rules: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: r
${kind === 'Role' ? '  namespace: team-a\n' : ''}rules:
${rules}`;

ruleTester(bindingExcessivePermissions, {
  valid: [
    {
      name: 'built-in view grants nothing flagged',
      code: binding('RoleBinding', 'ClusterRole', 'view', sa('app')),
    },
    {
      name: 'cluster-admin is left to cluster-admin-binding',
      code: binding('ClusterRoleBinding', 'ClusterRole', 'cluster-admin', sa('app', 'x')),
    },
    { name: 'no subjects', code: binding('ClusterRoleBinding', 'ClusterRole', 'edit', '') },
    {
      name: 'reads, non-delete writes and claims are not binding-only grants',
      files: {
        'rb.yaml': binding('RoleBinding', 'Role', 'r', sa('app')),
        'role.yaml': roleWith(
          'Role',
          [
            '- apiGroups: [""]\n  resources: [configmaps, services/status, events]\n  verbs: [get, list, watch, create]',
            '- apiGroups: [""]\n  resources: [persistentvolumeclaims, services, pods/log]\n  verbs: [create, update, delete]',
            '- apiGroups: [apps]\n  resources: [deployments, deployments/scale]\n  verbs: [update, patch]',
            '- apiGroups: [rbac.authorization.k8s.io]\n  resources: [rolebindings, clusterrolebindings]\n  verbs: [get, list, delete]',
            '',
          ].join('\n'),
        ),
      },
    },
    {
      name: 'cluster-scoped grants (PersistentVolumes, ClusterRoleBindings) are void under a RoleBinding',
      files: {
        'rb.yaml': binding('RoleBinding', 'ClusterRole', 'r', sa('app')),
        'role.yaml': roleWith(
          'ClusterRole',
          '- apiGroups: ["", rbac.authorization.k8s.io]\n  resources: [persistentvolumes, clusterrolebindings]\n  verbs: [create, update]\n',
        ),
      },
    },
  ],
  invalid: [
    {
      name: 'ClusterRoleBinding to built-in admin is high, grants in the message',
      code: binding('ClusterRoleBinding', 'ClusterRole', 'admin', '- kind: Group\n  name: devs\n'),
      errors: [
        {
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 14,
          severity: 'high',
          path: 'roleRef.name',
          message:
            /^ClusterRoleBinding\/b binds ClusterRole\/admin cluster-wide to Group devs, which lets them escalate privileges; read Secrets; /,
        },
      ],
    },
    {
      name: 'view picks up a labelled ClusterRole from another file (aggregation)',
      files: { 'b.yaml': binding('RoleBinding', 'ClusterRole', 'view', sa('app')), 'extra.yaml': aggregated },
      errors: [
        {
          file: 'b.yaml',
          line: 9,
          column: 3,
          endLine: 9,
          endColumn: 13,
          severity: 'medium',
          message: 'read Secrets (list secrets); bind a role',
        },
      ],
    },
    {
      name: 'deleting Secrets and events, within a namespace: medium',
      files: {
        'rb.yaml': binding('RoleBinding', 'Role', 'r', sa('app')),
        'role.yaml': roleWith(
          'Role',
          '- apiGroups: [""]\n  resources: [secrets, events]\n  verbs: [delete]\n',
        ),
      },
      errors: [
        {
          file: 'rb.yaml',
          line: 9,
          column: 3,
          endLine: 9,
          endColumn: 10,
          severity: 'medium',
          message:
            'RoleBinding/team-a/b binds Role/team-a/r in namespace team-a to ServiceAccount team-a/app, which lets them delete workloads, Secrets or events (delete secrets, events); bind a role',
        },
      ],
    },
    {
      name: 'deleting workloads (deletecollection, events.k8s.io events)',
      files: {
        'rb.yaml': binding('RoleBinding', 'Role', 'r', sa('app')),
        'role.yaml': roleWith(
          'Role',
          '- apiGroups: [apps, batch, events.k8s.io]\n  resources: [statefulsets, cronjobs, events]\n  verbs: [deletecollection]\n',
        ),
      },
      errors: [
        {
          file: 'rb.yaml',
          line: 9,
          column: 3,
          endLine: 9,
          endColumn: 10,
          severity: 'medium',
          message: 'delete workloads, Secrets or events (deletecollection statefulsets, cronjobs, events)',
        },
      ],
    },
    {
      name: 'changing a named ConfigMap (CoreDNS) still counts',
      files: {
        'rb.yaml': binding('RoleBinding', 'Role', 'r', sa('app'), 'kube-system'),
        'role.yaml': roleWith(
          'Role',
          '- apiGroups: [""]\n  resources: [configmaps]\n  resourceNames: [coredns]\n  verbs: [patch]\n',
        ).replace('team-a', 'kube-system'),
      },
      errors: [
        {
          file: 'rb.yaml',
          line: 9,
          column: 3,
          endLine: 9,
          endColumn: 10,
          severity: 'medium',
          message: 'which lets them change ConfigMaps (patch configmaps); bind a role',
        },
      ],
    },
    {
      name: 'writing services/status',
      files: {
        'rb.yaml': binding('RoleBinding', 'Role', 'r', sa('app')),
        'role.yaml': roleWith(
          'Role',
          '- apiGroups: [""]\n  resources: [services/status]\n  verbs: [update]\n',
        ),
      },
      errors: [
        {
          file: 'rb.yaml',
          line: 9,
          column: 3,
          endLine: 9,
          endColumn: 10,
          severity: 'medium',
          message: 'change Service status (CVE-2020-8554) (update services/status)',
        },
      ],
    },
    {
      name: 'creating PersistentVolumes cluster-wide: high',
      files: {
        'crb.yaml': binding('ClusterRoleBinding', 'ClusterRole', 'r', sa('app', 'team-a')),
        'role.yaml': roleWith(
          'ClusterRole',
          '- apiGroups: [""]\n  resources: [persistentvolumes]\n  verbs: [create]\n',
        ),
      },
      errors: [
        {
          file: 'crb.yaml',
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 10,
          severity: 'high',
          message:
            'create PersistentVolumes (hostPath ones expose node directories) (create persistentvolumes)',
        },
      ],
    },
    {
      name: 'writing role bindings cluster-wide stays medium (the grant’s own severity)',
      files: {
        'crb.yaml': binding('ClusterRoleBinding', 'ClusterRole', 'r', sa('app', 'team-a')),
        'role.yaml': roleWith(
          'ClusterRole',
          '- apiGroups: [rbac.authorization.k8s.io]\n  resources: [rolebindings, clusterrolebindings]\n  verbs: [create, update]\n',
        ),
      },
      errors: [
        {
          file: 'crb.yaml',
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 10,
          severity: 'medium',
          message: 'create or change role bindings (create/update rolebindings, clusterrolebindings)',
        },
      ],
    },
  ],
});

const deployment = (podExtra: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  namespace: team-a
spec:
  template:
    metadata:
      labels: {app: app}
    spec:
${podExtra}      containers:
      - name: app
        image: app:1
`;

const secretReader = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
  namespace: team-a
rules:
- apiGroups: [""]
  resources: [secrets]
  verbs: [get, list]
`;

ruleTester(workloadExcessivePermissions, {
  valid: [
    {
      name: 'token not mounted',
      files: {
        'app.yaml': deployment('      serviceAccountName: app\n      automountServiceAccountToken: false\n'),
        'rb.yaml': binding('RoleBinding', 'Role', 'reader', sa('app')),
        'role.yaml': secretReader,
      },
    },
    {
      name: 'the ServiceAccount in the tree turns automounting off',
      files: {
        'app.yaml': deployment('      serviceAccountName: app\n'),
        'sa.yaml':
          'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: app, namespace: team-a}\nautomountServiceAccountToken: false\n',
        'rb.yaml': binding('RoleBinding', 'Role', 'reader', sa('app')),
        'role.yaml': secretReader,
      },
    },
    {
      name: 'a binding in the same namespace name for another ServiceAccount',
      files: {
        'app.yaml': deployment('      serviceAccountName: app\n'),
        'rb.yaml': binding('RoleBinding', 'Role', 'reader', sa('other')),
        'role.yaml': secretReader,
      },
    },
  ],
  invalid: [
    {
      name: 'serviceAccountName → RoleBinding (no subject namespace) → Role → rule, across three files',
      files: {
        'apps/app.yaml': deployment('      serviceAccountName: app\n'),
        'rbac/rb.yaml': binding('RoleBinding', 'Role', 'reader', sa('app')),
        'rbac/role.yaml': secretReader,
      },
      errors: [
        {
          file: 'apps/app.yaml',
          line: 11,
          column: 7,
          endLine: 11,
          endColumn: 30,
          path: 'spec.template.spec.serviceAccountName',
          message: 'read Secrets in namespace team-a (get/list secrets, via RoleBinding/team-a/b)',
        },
      ],
    },
    {
      name: 'a binding-only grant (deleting Secrets) reaches the workload',
      files: {
        'apps/app.yaml': deployment('      serviceAccountName: app\n'),
        'rbac/rb.yaml': binding('RoleBinding', 'Role', 'cleaner', sa('app')),
        'rbac/role.yaml': secretReader.replace('reader', 'cleaner').replace('[get, list]', '[delete]'),
      },
      errors: [
        {
          file: 'apps/app.yaml',
          line: 11,
          column: 7,
          endLine: 11,
          endColumn: 30,
          path: 'spec.template.spec.serviceAccountName',
          message:
            'which can delete workloads, Secrets or events in namespace team-a (delete secrets, via RoleBinding/team-a/b);',
        },
      ],
    },
    {
      name: 'a User subject spelling the ServiceAccount’s user name',
      files: {
        'apps/app.yaml': deployment('      serviceAccountName: app\n'),
        'rbac/rb.yaml': binding(
          'RoleBinding',
          'Role',
          'reader',
          '- kind: User\n  name: system:serviceaccount:team-a:app\n',
        ),
        'rbac/role.yaml': secretReader,
      },
      errors: [
        {
          file: 'apps/app.yaml',
          line: 11,
          column: 7,
          endLine: 11,
          endColumn: 30,
          message: 'read Secrets in namespace team-a',
        },
      ],
    },
    {
      name: 'the default ServiceAccount, through a group binding',
      files: {
        'apps/app.yaml': deployment(''),
        'rbac/crb.yaml': binding(
          'ClusterRoleBinding',
          'ClusterRole',
          'edit',
          '- kind: Group\n  name: system:serviceaccounts:team-a\n',
        ),
      },
      errors: [
        {
          file: 'apps/app.yaml',
          line: 10,
          column: 5,
          endLine: 10,
          endColumn: 9,
          message:
            'runs as ServiceAccount team-a/default (the default), which can escalate privileges, read Secrets, exec into, attach to or port-forward pods, create workloads, change ConfigMaps, delete workloads, Secrets or events cluster-wide;',
        },
      ],
    },
  ],
});

const awsAuth = (mapRoles: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: kube-system
data:
  mapRoles: |
${mapRoles}`;

ruleTester(systemMastersMapping, {
  valid: [
    {
      name: 'nodes mapped to their groups',
      code: awsAuth(
        '    - rolearn: arn:aws:iam::1:role/node\n      username: system:node:{{EC2PrivateDNSName}}\n      groups: [system:bootstrappers, system:nodes]\n',
      ),
    },
    {
      name: 'another ConfigMap',
      code: awsAuth('    - rolearn: arn:aws:iam::1:role/admin\n      groups: [system:masters]\n').replace(
        'aws-auth',
        'notes',
      ),
    },
  ],
  invalid: [
    {
      name: 'an IAM role in system:masters, pointed at inside the string',
      code: awsAuth(
        '    - rolearn: arn:aws:iam::1:role/node\n      groups: [system:nodes]\n    - rolearn: arn:aws:iam::1:role/admin\n      username: admin\n      groups:\n        - system:masters\n',
      ),
      errors: [
        {
          line: 13,
          column: 11,
          endLine: 13,
          endColumn: 25,
          path: 'data.mapRoles',
          message: 'arn:aws:iam::1:role/admin in system:masters',
        },
      ],
    },
    {
      name: 'eksctl iamIdentityMappings',
      code: `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata: {name: c, region: eu-west-1}
iamIdentityMappings:
- arn: arn:aws:iam::1:role/ops
  groups: [system:masters]
`,
      errors: [{ line: 6, column: 12, endLine: 6, endColumn: 26, path: 'iamIdentityMappings[0].groups[0]' }],
    },
  ],
});
