// Causes 3 and 4 of issue 11: a component is the program a container runs, never a flag value; the
// cluster's bootstrap roles and the pods operators create exist; RBAC scope and CSR approval are
// judged as the authorizer judges them.
import { describe } from 'vitest';
import bindingPermissions from '../../../rules/cluster/binding-excessive-permissions.js';
import networkPolicySelectsNothing from '../../../rules/cluster/network-policy-selects-nothing.js';
import rbacDanglingReference from '../../../rules/cluster/rbac-dangling-reference.js';
import rbacNodeProxy from '../../../rules/cluster/rbac-node-proxy.js';
import rbacPrivilegeEscalation from '../../../rules/cluster/rbac-privilege-escalation.js';
import kubeletAnonymousAuth from '../../../rules/control-plane/kubelet-anonymous-auth.js';
import kubeletAuthorizationMode from '../../../rules/control-plane/kubelet-authorization-mode.js';
import { ruleTester } from '../../rule-tester.js';

const operator = (command: string, args: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: prometheus-operator
  namespace: monitoring
spec:
  template:
    spec:
      containers:
      - name: prometheus-operator
        image: quay.io/prometheus-operator/prometheus-operator:v0.80.0
${command}        args:
${args}`;

describe('a component is recognised from the executable, never from a flag value', () => {
  for (const rule of [kubeletAnonymousAuth, kubeletAuthorizationMode]) {
    ruleTester(rule, {
      valid: [
        {
          name: 'prometheus-operator with --kubelet-service=kube-system/kubelet is not a kubelet',
          code: operator(
            '',
            '        - --kubelet-service=kube-system/kubelet\n        - --kubelet-endpoints=true\n',
          ),
        },
        {
          name: 'a command whose flag value ends in /kubelet is not a kubelet either',
          code: operator(
            '        command: [/bin/operator, --kubelet-service=kube-system/kubelet]\n',
            '        - --log-level=info\n',
          ),
        },
      ],
      invalid: [
        {
          name: 'command[0] kubelet is a kubelet',
          code: operator(
            '        command: [/usr/bin/kubelet, --anonymous-auth=true, --authentication-token-webhook=true, --authorization-mode=AlwaysAllow]\n',
            '        - --v=2\n',
          ),
          errors:
            rule === kubeletAnonymousAuth
              ? [{ line: 12, column: 37, endLine: 12, endColumn: 58, message: '--anonymous-auth is true' }]
              : [{ line: 12, column: 97, endLine: 12, endColumn: 129, message: 'AlwaysAllow' }],
        },
      ],
    });
  }
});

const binding = (
  kind: string,
  namespace: string | undefined,
  refKind: string,
  ref: string,
) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: b
${namespace ? `  namespace: ${namespace}\n` : ''}roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ${refKind}
  name: ${ref}
subjects:
- kind: Group
  name: devs
`;

describe('the API server’s bootstrap roles are not dangling', () => {
  ruleTester(rbacDanglingReference, {
    valid: [
      {
        name: 'extension-apiserver-authentication-reader in kube-system',
        code: binding('RoleBinding', 'kube-system', 'Role', 'extension-apiserver-authentication-reader'),
      },
      {
        name: 'system:auth-delegator',
        code: binding('ClusterRoleBinding', undefined, 'ClusterRole', 'system:auth-delegator'),
      },
      {
        name: 'any system: ClusterRole (the bootstrap set grows with releases)',
        code: binding('ClusterRoleBinding', undefined, 'ClusterRole', 'system:kubelet-api-admin'),
      },
      { name: 'view', code: binding('RoleBinding', 'shop', 'ClusterRole', 'view') },
    ],
    invalid: [
      {
        name: 'the authentication reader is bootstrapped in kube-system only',
        code: binding('RoleBinding', 'shop', 'Role', 'extension-apiserver-authentication-reader'),
        errors: [
          {
            line: 9,
            column: 3,
            endLine: 9,
            endColumn: 50,
            message: 'Role extension-apiserver-authentication-reader in namespace shop',
          },
        ],
      },
      {
        name: 'a ClusterRole that is neither in the tree nor built in',
        code: binding('ClusterRoleBinding', undefined, 'ClusterRole', 'monitoring-reader'),
        errors: [{ line: 8, column: 3, endLine: 8, endColumn: 26 }],
      },
    ],
  });
});

const prometheus = `apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata:
  name: k8s
  namespace: monitoring
spec:
  podMetadata:
    labels:
      app.kubernetes.io/part-of: kube-prometheus
`;

const workload = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: grafana
  namespace: monitoring
spec:
  template:
    metadata:
      labels: {app.kubernetes.io/name: grafana}
    spec:
      containers:
      - {name: grafana, image: grafana/grafana:11.0.0}
`;

const policy = (labels: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: prometheus-k8s
  namespace: monitoring
spec:
  podSelector:
    matchLabels: ${labels}
  policyTypes: [Ingress]
`;

describe('pods that operators create from custom resources in the tree count for selectors', () => {
  ruleTester(networkPolicySelectsNothing, {
    valid: [
      {
        name: 'the operator’s own labels of a Prometheus',
        files: {
          'p.yaml': prometheus,
          'g.yaml': workload,
          'np.yaml': policy('{app.kubernetes.io/name: prometheus, prometheus: k8s}'),
        },
      },
      {
        name: 'podMetadata labels of a Prometheus',
        files: {
          'p.yaml': prometheus,
          'g.yaml': workload,
          'np.yaml': policy('{app.kubernetes.io/part-of: kube-prometheus}'),
        },
      },
      {
        name: 'an Alertmanager’s labels',
        files: {
          'a.yaml': prometheus
            .replace('kind: Prometheus', 'kind: Alertmanager')
            .replace('name: k8s', 'name: main'),
          'g.yaml': workload,
          'np.yaml': policy('{app.kubernetes.io/name: alertmanager, alertmanager: main}'),
        },
      },
    ],
    invalid: [
      {
        name: 'a Prometheus in another namespace does not count',
        files: {
          'p.yaml': prometheus.replace('namespace: monitoring', 'namespace: other'),
          'g.yaml': workload,
          'np.yaml': policy('{app.kubernetes.io/name: prometheus}'),
        },
        errors: [
          {
            file: 'np.yaml',
            line: 7,
            column: 3,
            endLine: 8,
            endColumn: 54,
            message: 'selects none of the 1 workload(s) of namespace monitoring',
          },
        ],
      },
    ],
  });
});

const role = (kind: string, rules: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: r
${kind === 'Role' ? '  namespace: shop\n' : ''}rules:
${rules}`;

const nodesProxy = "- apiGroups: ['']\n  resources: [nodes/proxy]\n  verbs: [get]\n";
const csrApproval =
  '- apiGroups: [certificates.k8s.io]\n  resources: [certificatesigningrequests/approval]\n  verbs: [update]\n';
const signers = '- apiGroups: [certificates.k8s.io]\n  resources: [signers]\n  verbs: [approve]\n';

describe('a namespaced Role cannot grant cluster-scoped resources', () => {
  ruleTester(rbacNodeProxy, {
    valid: [{ name: 'nodes/proxy in a Role grants nothing', code: role('Role', nodesProxy) }],
    invalid: [
      {
        name: 'nodes/proxy in a ClusterRole',
        code: role('ClusterRole', nodesProxy),
        errors: [{ line: 7, column: 3, endLine: 7, endColumn: 27 }],
      },
    ],
  });

  ruleTester(bindingPermissions, {
    valid: [
      {
        name: 'a RoleBinding to a ClusterRole with nodes/proxy grants it nowhere',
        files: {
          'cr.yaml': role('ClusterRole', nodesProxy),
          'rb.yaml': binding('RoleBinding', 'shop', 'ClusterRole', 'r'),
        },
      },
    ],
    invalid: [
      {
        name: 'a ClusterRoleBinding to it does',
        files: {
          'cr.yaml': role('ClusterRole', nodesProxy),
          'crb.yaml': binding('ClusterRoleBinding', undefined, 'ClusterRole', 'r'),
        },
        errors: [
          {
            file: 'crb.yaml',
            line: 8,
            column: 3,
            endLine: 8,
            endColumn: 10,
            message: 'reach the kubelet API through nodes/proxy',
          },
        ],
      },
    ],
  });
});

describe('approving a CSR needs update on the approval subresource and approve on a signer', () => {
  ruleTester(rbacPrivilegeEscalation, {
    valid: [
      { name: 'update on certificatesigningrequests/approval alone', code: role('ClusterRole', csrApproval) },
      { name: 'approve on signers alone', code: role('ClusterRole', signers) },
    ],
    invalid: [
      {
        name: 'both, in two rules of one role',
        code: role('ClusterRole', csrApproval + signers),
        errors: [
          {
            line: 7,
            column: 3,
            endLine: 7,
            endColumn: 51,
            message: 'update certificatesigningrequests/approval; approve signers',
          },
        ],
      },
    ],
  });
});
