import apiserverAnonymousAuth from '../../../rules/control-plane/apiserver-anonymous-auth.js';
import endpointPublic from '../../../rules/control-plane/apiserver-endpoint-public.js';
import kubeletReadOnlyPort from '../../../rules/control-plane/kubelet-read-only-port.js';
import auditOff from '../../../rules/control-plane/managed-cluster-audit-logging-off.js';
import tlsSkip from '../../../rules/control-plane/tls-verification-disabled.js';
import { ruleTester } from '../../rule-tester.js';

/** An eksctl ClusterConfig; `body` starts on line 7. */
const eksctl = (body: string) => `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: prod
  region: eu-west-1
  version: "1.36"
${body}`;

ruleTester(auditOff, {
  valid: [
    { code: eksctl('cloudWatch:\n  clusterLogging:\n    enableTypes: ["audit", "authenticator"]\n') },
    { code: eksctl('cloudWatch:\n  clusterLogging:\n    enableTypes: ["*"]\n') },
  ],
  invalid: [
    {
      name: 'no cloudWatch at all: points at kind',
      code: eksctl(''),
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 5, message: 'off by default' }],
    },
    {
      code: eksctl('cloudWatch:\n  clusterLogging:\n    enableTypes: ["api", "authenticator"]\n'),
      errors: [
        { line: 9, column: 5, endLine: 9, endColumn: 42, path: 'cloudWatch.clusterLogging.enableTypes' },
      ],
    },
  ],
});

ruleTester(endpointPublic, {
  valid: [
    { code: eksctl('vpc:\n  clusterEndpoints:\n    publicAccess: false\n    privateAccess: true\n') },
    { code: eksctl('vpc:\n  publicAccessCIDRs: ["203.0.113.0/24"]\n') },
    {
      code: 'apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata: {name: k}\nspec:\n  kubernetesApiAccess: [10.0.0.0/8]\n',
    },
  ],
  invalid: [
    {
      name: 'eksctl default endpoint',
      code: eksctl(''),
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 5, message: 'eksctl default' }],
    },
    {
      code: eksctl(
        'vpc:\n  clusterEndpoints:\n    publicAccess: true\n  publicAccessCIDRs:\n    - 0.0.0.0/0\n',
      ),
      errors: [
        {
          line: 11,
          column: 7,
          endLine: 11,
          endColumn: 16,
          path: 'vpc.publicAccessCIDRs[0]',
          message: 'open to 0.0.0.0/0',
        },
      ],
    },
    {
      code: 'apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata: {name: k}\nspec:\n  kubernetesApiAccess:\n  - 10.0.0.0/8\n  - ::/0\n',
      errors: [{ line: 7, column: 5, endLine: 7, endColumn: 9, path: 'spec.kubernetesApiAccess[1]' }],
    },
  ],
});

ruleTester(tlsSkip, {
  valid: [
    {
      code: 'apiVersion: apiregistration.k8s.io/v1\nkind: APIService\nmetadata: {name: v1beta1.metrics.k8s.io}\nspec:\n  caBundle: Zm9v\n',
    },
    {
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: m}\nspec:\n  containers:\n    - name: m\n      image: metrics-server\n      args: ["--kubelet-insecure-tls=false"]\n',
    },
  ],
  invalid: [
    {
      code: 'apiVersion: apiregistration.k8s.io/v1\nkind: APIService\nmetadata: {name: v1beta1.metrics.k8s.io}\nspec:\n  insecureSkipTLSVerify: true\n',
      errors: [{ line: 5, column: 3, endLine: 5, endColumn: 30 }],
    },
    {
      name: 'kubeconfig',
      code: 'apiVersion: v1\nkind: Config\nclusters:\n  - name: prod\n    cluster:\n      server: https://k:6443\n      insecure-skip-tls-verify: true\n',
      errors: [{ line: 7, column: 7, endLine: 7, endColumn: 37, message: '"prod"' }],
    },
    {
      name: 'metrics-server with --kubelet-insecure-tls',
      code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: metrics-server}\nspec:\n  template:\n    spec:\n      containers:\n        - name: metrics-server\n          image: registry.k8s.io/metrics-server/metrics-server:v0.8.0\n          args:\n            - --secure-port=10250\n            - --kubelet-insecure-tls\n',
      errors: [
        {
          line: 12,
          column: 15,
          endLine: 12,
          endColumn: 37,
          path: 'spec.template.spec.containers[0].args[1]',
        },
      ],
    },
  ],
});

// kops: its Cluster spec sections map onto component flags; kops' own defaults are not modelled, so
// only values written in the spec are judged.
const kops = (body: string) => `apiVersion: kops.k8s.io/v1alpha2
kind: Cluster
metadata: {name: k.example.com}
spec:
${body}`;

ruleTester(apiserverAnonymousAuth, {
  valid: [
    {
      name: 'kops: unwritten flags are not judged',
      code: kops('  kubeAPIServer:\n    auditLogPath: /var/log/audit.log\n'),
    },
    { code: kops('  kubeAPIServer:\n    anonymousAuth: false\n') },
    {
      name: 'a Cluster API Cluster is not kops',
      code: 'apiVersion: cluster.x-k8s.io/v1beta1\nkind: Cluster\nmetadata: {name: c}\nspec:\n  kubeAPIServer: {anonymousAuth: true}\n',
    },
  ],
  invalid: [
    {
      code: kops('  kubeAPIServer:\n    anonymousAuth: true\n'),
      errors: [
        {
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 24,
          path: 'spec.kubeAPIServer.anonymousAuth',
          message: 'kops spec.kubeAPIServer',
        },
      ],
    },
  ],
});

ruleTester(kubeletReadOnlyPort, {
  valid: [{ name: 'kops kubelet without the field', code: kops('  kubelet:\n    anonymousAuth: false\n') }],
  invalid: [
    {
      code: kops('  kubelet:\n    readOnlyPort: 10255\n'),
      errors: [{ line: 6, column: 5, endLine: 6, endColumn: 24, path: 'spec.kubelet.readOnlyPort' }],
    },
  ],
});
