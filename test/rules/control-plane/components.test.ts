import apiserverProfiling from '../../../rules/control-plane/apiserver-profiling.js';
import cmBind from '../../../rules/control-plane/controller-manager-bind-address.js';
import cmHardening from '../../../rules/control-plane/controller-manager-hardening.js';
import cmProfiling from '../../../rules/control-plane/controller-manager-profiling.js';
import sharedCa from '../../../rules/control-plane/etcd-shared-ca.js';
import etcdTls from '../../../rules/control-plane/etcd-tls.js';
import schedulerBind from '../../../rules/control-plane/scheduler-bind-address.js';
import schedulerProfiling from '../../../rules/control-plane/scheduler-profiling.js';
import { ruleTester } from '../../rule-tester.js';
import { clusterConfiguration, staticPod } from './helpers.js';

const COMMAND = { line: 10, column: 7, endLine: 10, endColumn: 14, path: 'spec.containers[0].command' };

ruleTester(apiserverProfiling, {
  valid: [{ code: staticPod('kube-apiserver', ['--profiling=false']) }],
  invalid: [
    {
      code: staticPod('kube-apiserver', ['--secure-port=6443']),
      errors: [{ ...COMMAND, message: 'CIS 1.2.16' }],
    },
    {
      name: 'bare boolean flag is true',
      code: staticPod('kube-apiserver', ['--profiling']),
      errors: [{ line: 12, column: 11, endLine: 12, endColumn: 22 }],
    },
  ],
});

ruleTester(cmProfiling, {
  valid: [
    {
      code: clusterConfiguration('controllerManager:\n  extraArgs:\n    profiling: "false"\n', 'v1beta3'),
    },
  ],
  invalid: [
    {
      code: clusterConfiguration('controllerManager: {}\n'),
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 18, message: 'CIS 1.3.2' }],
    },
  ],
});

ruleTester(schedulerProfiling, {
  valid: [{ code: staticPod('kube-scheduler', ['--profiling=false']) }],
  invalid: [
    {
      code: clusterConfiguration('scheduler:\n  extraArgs:\n    - name: profiling\n      value: "true"\n'),
      errors: [
        {
          line: 5,
          column: 7,
          endLine: 6,
          endColumn: 20,
          message: 'CIS 1.4.1',
          path: 'scheduler.extraArgs[0]',
        },
      ],
    },
  ],
});

ruleTester(schedulerBind, {
  valid: [
    { code: staticPod('kube-scheduler', ['--bind-address=127.0.0.1']) },
    { name: 'kubeadm default is loopback', code: clusterConfiguration('scheduler: {}\n') },
  ],
  invalid: [
    {
      code: staticPod('kube-scheduler', ['--leader-elect=true']),
      errors: [{ ...COMMAND, message: '0.0.0.0' }],
    },
    {
      code: clusterConfiguration('scheduler:\n  extraArgs:\n    bind-address: 0.0.0.0\n', 'v1beta3'),
      errors: [{ line: 5, column: 5, endLine: 5, endColumn: 26, message: 'CIS 1.4.2' }],
    },
  ],
});

ruleTester(cmBind, {
  valid: [{ code: staticPod('kube-controller-manager', ['--bind-address=::1']) }],
  invalid: [
    {
      code: staticPod('kube-controller-manager', ['--bind-address', '10.0.0.1']),
      errors: [{ line: 12, column: 11, endLine: 13, endColumn: 19, message: 'CIS 1.3.7' }],
    },
  ],
});

const goodCm = [
  '--use-service-account-credentials=true',
  '--service-account-private-key-file=/pki/sa.key',
  '--root-ca-file=/pki/ca.crt',
  '--terminated-pod-gc-threshold=1000',
];

ruleTester(cmHardening, {
  valid: [
    { code: staticPod('kube-controller-manager', goodCm) },
    {
      name: 'kubeadm defaults with a pod GC threshold',
      code: clusterConfiguration(
        'controllerManager:\n  extraArgs:\n    - name: terminated-pod-gc-threshold\n      value: "1000"\n',
      ),
    },
  ],
  invalid: [
    {
      code: staticPod('kube-controller-manager', ['--kubeconfig=/etc/k/cm.conf']),
      errors: [
        { ...COMMAND, message: 'CIS 1.3.3' },
        { ...COMMAND, message: 'CIS 1.3.5' },
        { ...COMMAND, message: 'CIS 1.3.4' },
        { ...COMMAND, message: 'CIS 1.3.1', severity: 'low' },
      ],
    },
    {
      name: 'kubeadm leaves the pod GC threshold at 12,500',
      code: clusterConfiguration('controllerManager: {}\n'),
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 18, message: 'terminated-pod-gc-threshold' }],
    },
    {
      code: staticPod('kube-controller-manager', [
        ...goodCm,
        '--feature-gates=Foo=true,RotateKubeletServerCertificate=false',
      ]),
      errors: [{ line: 16, column: 11, endLine: 16, endColumn: 72, message: 'CIS 1.3.6' }],
    },
  ],
});

const goodEtcd = [
  '--cert-file=/pki/etcd/server.crt',
  '--key-file=/pki/etcd/server.key',
  '--client-cert-auth=true',
  '--trusted-ca-file=/pki/etcd/ca.crt',
  '--peer-cert-file=/pki/etcd/peer.crt',
  '--peer-key-file=/pki/etcd/peer.key',
  '--peer-client-cert-auth=true',
  '--listen-client-urls=https://127.0.0.1:2379',
];

ruleTester(etcdTls, {
  valid: [
    { code: staticPod('etcd', goodEtcd, 'registry.k8s.io/etcd:3.6.4-0') },
    {
      name: 'kubeadm local etcd',
      code: clusterConfiguration('etcd:\n  local:\n    dataDir: /var/lib/etcd\n'),
    },
    {
      name: 'kubeadm external etcd is not described there',
      code: clusterConfiguration('etcd:\n  external:\n    endpoints: [https://e:2379]\n'),
    },
  ],
  invalid: [
    {
      name: 'auto-tls, plain HTTP and no client auth',
      code: staticPod(
        'etcd',
        [
          ...goodEtcd.slice(0, 2),
          '--auto-tls',
          '--peer-cert-file=/p.crt',
          '--peer-key-file=/p.key',
          '--peer-client-cert-auth',
          '--listen-client-urls=http://0.0.0.0:2379',
        ],
        'registry.k8s.io/etcd:3.6.4-0',
      ),
      errors: [
        { ...COMMAND, message: '--client-cert-auth is not true' },
        { line: 14, column: 11, endLine: 14, endColumn: 21, message: 'auto-tls is true' },
        { line: 18, column: 11, endLine: 18, endColumn: 51, message: 'plain HTTP' },
      ],
    },
    {
      name: 'kubeadm extraArgs turning client auth off',
      code: clusterConfiguration(
        'etcd:\n  local:\n    extraArgs:\n      client-cert-auth: "false"\n',
        'v1beta3',
      ),
      errors: [
        { line: 6, column: 7, endLine: 6, endColumn: 32, path: 'etcd.local.extraArgs.client-cert-auth' },
      ],
    },
  ],
});

ruleTester(sharedCa, {
  valid: [
    { name: 'kubeadm: separate etcd CA', code: clusterConfiguration('etcd:\n  local: {}\napiServer: {}\n') },
    {
      files: {
        'etcd.yaml': staticPod('etcd', ['--trusted-ca-file=/pki/etcd/ca.crt']),
        'api.yaml': staticPod('kube-apiserver', ['--client-ca-file=/pki/ca.crt']),
      },
    },
  ],
  invalid: [
    {
      name: 'static Pods in two files sharing the CA',
      files: {
        'etcd.yaml': staticPod('etcd', ['--trusted-ca-file=/pki/ca.crt']),
        'api.yaml': staticPod('kube-apiserver', ['--client-ca-file=/pki/ca.crt']),
      },
      errors: [{ file: 'etcd.yaml', line: 12, column: 11, endLine: 12, endColumn: 40, message: 'CIS 2.7' }],
    },
    {
      name: 'kubeadm etcd extraArgs pointing at the cluster CA',
      code: clusterConfiguration(
        'etcd:\n  local:\n    extraArgs:\n      - name: trusted-ca-file\n        value: /etc/kubernetes/pki/ca.crt\n',
      ),
      errors: [{ line: 6, column: 9, endLine: 7, endColumn: 42 }],
    },
  ],
});
