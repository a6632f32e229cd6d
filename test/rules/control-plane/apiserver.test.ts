import { describe, expect, it } from 'vitest';
import admission from '../../../rules/control-plane/apiserver-admission-plugins.js';
import anonymous from '../../../rules/control-plane/apiserver-anonymous-auth.js';
import audit from '../../../rules/control-plane/apiserver-audit-logging.js';
import authz from '../../../rules/control-plane/apiserver-authorization-mode.js';
import encryption from '../../../rules/control-plane/apiserver-encryption-at-rest.js';
import insecure from '../../../rules/control-plane/apiserver-insecure-serving.js';
import requestTimeout, { goDurationSeconds } from '../../../rules/control-plane/apiserver-request-timeout.js';
import serviceAccount from '../../../rules/control-plane/apiserver-service-account-hardening.js';
import tls from '../../../rules/control-plane/apiserver-tls.js';
import { ruleTester } from '../../rule-tester.js';
import { clusterConfiguration, staticPod } from './helpers.js';

const apiserver = (...flags: string[]) => staticPod('kube-apiserver', flags);
// `command:` key of a static Pod.
const COMMAND = { line: 10, column: 7, endLine: 10, endColumn: 14, path: 'spec.containers[0].command' };

ruleTester(anonymous, {
  valid: [
    { name: 'static Pod with --anonymous-auth=false', code: apiserver('--anonymous-auth=false') },
    {
      name: 'kubeadm map form',
      code: clusterConfiguration('apiServer:\n  extraArgs:\n    anonymous-auth: "false"\n', 'v1beta3'),
    },
    {
      name: 'kubeadm list form',
      code: clusterConfiguration(
        'apiServer:\n  extraArgs:\n    - name: anonymous-auth\n      value: "false"\n',
      ),
    },
    {
      name: 'structured authentication config decides',
      code: apiserver('--authentication-config=/etc/k/authn.yaml'),
    },
    {
      name: 'an ordinary container is not an API server',
      code: staticPod('web', ['--anonymous-auth=true'], 'nginx'),
    },
  ],
  invalid: [
    {
      name: 'flag missing points at command:',
      code: apiserver('--secure-port=6443'),
      errors: [{ ...COMMAND, message: '[CIS 1.2.1]' }],
    },
    {
      name: 'explicit true points at the flag',
      code: apiserver('--anonymous-auth=true'),
      errors: [{ line: 12, column: 11, endLine: 12, endColumn: 32, path: 'spec.containers[0].command[1]' }],
    },
    {
      name: 'a boolean flag takes no separate value: `--anonymous-auth false` is --anonymous-auth (true)',
      code: apiserver('--anonymous-auth', 'false', '--profiling'),
      errors: [{ line: 12, column: 11, endLine: 12, endColumn: 27 }],
    },
    {
      name: 'repeated flag: the last one wins',
      code: apiserver('--anonymous-auth=false', '--anonymous-auth=true'),
      errors: [{ line: 13, column: 11, endLine: 13, endColumn: 32 }],
    },
    {
      name: 'recognised by image when the command is the image entrypoint',
      code: `apiVersion: v1
kind: Pod
metadata: {name: api}
spec:
  containers:
    - name: api
      image: registry.k8s.io/kube-apiserver:v1.34.2
      args: ["--anonymous-auth=1"]
`,
      errors: [{ line: 8, column: 14, endLine: 8, endColumn: 34 }],
    },
    {
      name: 'kubeadm default: points at apiServer',
      code: clusterConfiguration('apiServer: {}\n'),
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 10, path: 'apiServer' }],
    },
    {
      name: 'kubeadm extraArgs without the flag: points at extraArgs',
      code: clusterConfiguration('apiServer:\n  extraArgs:\n    - name: profiling\n      value: "false"\n'),
      errors: [{ line: 4, column: 3, endLine: 4, endColumn: 12, path: 'apiServer.extraArgs' }],
    },
    {
      name: 'kubeadm map form set to true',
      code: clusterConfiguration('apiServer:\n  extraArgs:\n    anonymous-auth: "true"\n', 'v1beta3'),
      errors: [{ line: 5, column: 5, endLine: 5, endColumn: 27, path: 'apiServer.extraArgs.anonymous-auth' }],
    },
    {
      name: 'no apiServer at all: points at kind',
      code: clusterConfiguration('clusterName: k\n'),
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 27 }],
    },
    {
      name: 'Cluster API KubeadmControlPlane',
      code: `apiVersion: controlplane.cluster.x-k8s.io/v1beta1
kind: KubeadmControlPlane
metadata: {name: cp}
spec:
  version: v1.34.1
  kubeadmConfigSpec:
    clusterConfiguration:
      apiServer:
        extraArgs:
          anonymous-auth: "true"
`,
      errors: [
        {
          line: 10,
          column: 11,
          endLine: 10,
          endColumn: 33,
          path: 'spec.kubeadmConfigSpec.clusterConfiguration.apiServer.extraArgs.anonymous-auth',
        },
      ],
    },
  ],
});

ruleTester(authz, {
  valid: [
    { code: apiserver('--authorization-mode=Node,RBAC') },
    {
      name: 'repeated slice flag accumulates',
      code: apiserver('--authorization-mode=Node', '--authorization-mode=RBAC'),
    },
    { name: 'kubeadm default Node,RBAC', code: clusterConfiguration('apiServer: {}\n') },
    { name: 'structured authorization config', code: apiserver('--authorization-config=/etc/k/authz.yaml') },
  ],
  invalid: [
    {
      name: 'unset: AlwaysAllow by default',
      code: apiserver('--secure-port=6443'),
      errors: [{ ...COMMAND, message: 'defaults to AlwaysAllow' }],
    },
    {
      name: 'AlwaysAllow, separate value form spans both items',
      code: apiserver('--authorization-mode', 'AlwaysAllow'),
      errors: [
        {
          line: 12,
          column: 11,
          endLine: 13,
          endColumn: 22,
          severity: 'critical',
          message: 'includes AlwaysAllow',
        },
      ],
    },
    {
      name: 'Node missing is high',
      code: apiserver('--authorization-mode=RBAC'),
      errors: [{ line: 12, column: 11, endLine: 12, endColumn: 36, severity: 'high', message: 'lacks Node' }],
    },
    {
      name: 'kubeadm extraArgs override the default',
      code: clusterConfiguration(
        'apiServer:\n  extraArgs:\n    authorization-mode: AlwaysAllow\n',
        'v1beta3',
      ),
      errors: [{ line: 5, column: 5, endLine: 5, endColumn: 36, severity: 'critical' }],
    },
  ],
});

ruleTester(admission, {
  valid: [
    {
      code: apiserver(
        '--enable-admission-plugins=NodeRestriction,PodSecurity,EventRateLimit,AlwaysPullImages',
      ),
    },
    {
      name: 'kubeadm with EventRateLimit and AlwaysPullImages added (NodeRestriction is its own default)',
      code: clusterConfiguration(
        'apiServer:\n  extraArgs:\n    - name: enable-admission-plugins\n      value: NodeRestriction,EventRateLimit,AlwaysPullImages\n',
      ),
    },
  ],
  invalid: [
    {
      name: 'kubeadm default: EventRateLimit and AlwaysPullImages missing (low)',
      code: clusterConfiguration('apiServer: {}\n'),
      errors: [
        { line: 3, column: 1, endLine: 3, endColumn: 10, severity: 'low', message: 'AlwaysPullImages' },
        { line: 3, column: 1, endLine: 3, endColumn: 10, severity: 'low', message: 'EventRateLimit' },
      ],
    },
    {
      name: 'AlwaysAdmit and no NodeRestriction',
      code: apiserver('--enable-admission-plugins=AlwaysAdmit'),
      errors: [
        { line: 12, column: 11, endLine: 12, endColumn: 49, message: 'AlwaysAdmit' },
        { line: 12, column: 11, endLine: 12, endColumn: 49, message: 'AlwaysPullImages' },
        { line: 12, column: 11, endLine: 12, endColumn: 49, message: 'EventRateLimit' },
        { line: 12, column: 11, endLine: 12, endColumn: 49, message: 'NodeRestriction' },
      ],
    },
    {
      name: 'NodeRestriction missing entirely',
      code: apiserver('--secure-port=6443'),
      errors: [
        { ...COMMAND, message: 'AlwaysPullImages' },
        { ...COMMAND, message: 'EventRateLimit' },
        { ...COMMAND, message: 'NodeRestriction' },
      ],
    },
    {
      name: 'a security plugin disabled',
      code: apiserver(
        '--enable-admission-plugins=NodeRestriction,EventRateLimit,AlwaysPullImages',
        '--disable-admission-plugins=PodSecurity,DefaultStorageClass',
      ),
      errors: [{ line: 13, column: 11, endLine: 13, endColumn: 70, message: 'PodSecurity' }],
    },
    {
      name: 'a plugins flag written in two places accumulates',
      code: apiserver(
        '--enable-admission-plugins=NodeRestriction',
        '--enable-admission-plugins=EventRateLimit,AlwaysPullImages,AlwaysAdmit',
      ),
      errors: [{ line: 13, column: 11, endLine: 13, endColumn: 81, message: 'AlwaysAdmit' }],
    },
  ],
});

ruleTester(insecure, {
  valid: [
    { code: apiserver('--insecure-port=0', '--secure-port=6443') },
    { code: clusterConfiguration('apiServer: {}\n') },
  ],
  invalid: [
    {
      code: apiserver(
        '--insecure-port=8080',
        '--insecure-bind-address=0.0.0.0',
        '--token-auth-file=/etc/tokens.csv',
      ),
      errors: [
        { line: 12, column: 11, endLine: 12, endColumn: 31, message: 'plain HTTP' },
        { line: 13, column: 11, endLine: 13, endColumn: 42, message: 'insecure-bind-address' },
        { line: 14, column: 11, endLine: 14, endColumn: 44, message: 'static' },
      ],
    },
    {
      name: 'secure port off, kubelet traffic over HTTP, removed basic auth',
      code: apiserver('--secure-port=0', '--kubelet-https=false', '--basic-auth-file=/etc/passwords.csv'),
      errors: [
        { line: 12, column: 11, endLine: 12, endColumn: 26, message: 'HTTPS endpoint' },
        { line: 13, column: 11, endLine: 13, endColumn: 32, message: 'plain HTTP' },
        { line: 14, column: 11, endLine: 14, endColumn: 47, message: 'removed in Kubernetes 1.19' },
      ],
    },
  ],
});

ruleTester(audit, {
  valid: [
    {
      code: apiserver(
        '--audit-policy-file=/etc/k/audit.yaml',
        '--audit-log-path=/var/log/audit.log',
        '--audit-log-maxage=30',
        '--audit-log-maxbackup=10',
        '--audit-log-maxsize=100',
      ),
    },
    { name: 'stdout backend', code: apiserver('--audit-policy-file=/p.yaml', '--audit-log-path=-') },
    {
      name: 'webhook backend',
      code: apiserver('--audit-policy-file=/p.yaml', '--audit-webhook-config-file=/w.yaml'),
    },
  ],
  invalid: [
    {
      name: 'no audit flags at all',
      code: apiserver('--secure-port=6443'),
      errors: [
        { ...COMMAND, message: 'audit-policy-file' },
        { ...COMMAND, message: 'no audit backend' },
      ],
    },
    {
      name: 'retention missing and too short, reported at --audit-log-path',
      code: apiserver(
        '--audit-policy-file=/p.yaml',
        '--audit-log-path=/var/log/audit.log',
        '--audit-log-maxage=7',
      ),
      errors: [
        {
          line: 13,
          column: 11,
          endLine: 13,
          endColumn: 46,
          message: /maxage=7 is below 30.*maxbackup is missing.*maxsize is missing/,
        },
      ],
    },
  ],
});

ruleTester(encryption, {
  valid: [{ code: apiserver('--encryption-provider-config=/etc/k/enc.yaml') }],
  invalid: [
    { code: apiserver('--secure-port=6443'), errors: [{ ...COMMAND, message: 'CIS 1.2.28' }] },
    {
      code: clusterConfiguration('apiServer: {}\n'),
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 10 }],
    },
  ],
});

const fullTls = [
  '--tls-cert-file=/pki/apiserver.crt',
  '--tls-private-key-file=/pki/apiserver.key',
  '--client-ca-file=/pki/ca.crt',
  '--kubelet-client-certificate=/pki/kc.crt',
  '--kubelet-client-key=/pki/kc.key',
  '--kubelet-certificate-authority=/pki/ca.crt',
  '--etcd-servers=https://127.0.0.1:2379',
  '--etcd-certfile=/pki/e.crt',
  '--etcd-keyfile=/pki/e.key',
  '--etcd-cafile=/pki/etcd/ca.crt',
  '--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
];

ruleTester(tls, {
  valid: [
    { code: apiserver(...fullTls) },
    {
      name: 'kubeadm with the kubelet CA and strong ciphers added',
      code: clusterConfiguration(
        'apiServer:\n  extraArgs:\n    - name: kubelet-certificate-authority\n      value: /etc/kubernetes/pki/ca.crt\n    - name: tls-cipher-suites\n      value: TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256\n',
      ),
    },
  ],
  invalid: [
    {
      name: 'kubeadm default lacks the kubelet CA',
      code: clusterConfiguration('apiServer: {}\n'),
      errors: [
        {
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 10,
          severity: 'low',
          message: "Go's default TLS 1.2 suites",
        },
        { line: 3, column: 1, endLine: 3, endColumn: 10, message: 'kubelet-certificate-authority' },
      ],
    },
    {
      name: 'plain-HTTP etcd, weak ciphers',
      code: apiserver(
        ...fullTls.filter((f) => !f.startsWith('--etcd-servers') && !f.startsWith('--tls-cipher-suites')),
        '--etcd-servers=http://10.0.0.5:2379',
        '--tls-cipher-suites=TLS_RSA_WITH_AES_128_CBC_SHA,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
      ),
      errors: [
        { line: 21, column: 11, endLine: 21, endColumn: 46, message: 'plain HTTP' },
        { line: 22, column: 11, endLine: 22, endColumn: 97, message: 'TLS_RSA_WITH_AES_128_CBC_SHA' },
      ],
    },
    {
      name: 'nothing configured',
      code: apiserver('--etcd-servers=https://127.0.0.1:2379'),
      errors: [
        { ...COMMAND, message: '--tls-cipher-suites is not set' },
        { ...COMMAND, message: 'client-ca-file' },
        { ...COMMAND, message: 'etcd-cafile' },
        { ...COMMAND, message: 'etcd-certfile' },
        { ...COMMAND, message: 'kubelet-certificate-authority' },
        { ...COMMAND, message: 'kubelet-client-certificate' },
        { ...COMMAND, message: 'tls-cert-file or --tls-private-key-file' },
      ],
    },
  ],
});

ruleTester(serviceAccount, {
  valid: [
    { code: apiserver('--service-account-key-file=/sa.pub', '--service-account-signing-key-file=/sa.key') },
    { code: clusterConfiguration('apiServer: {}\n') },
  ],
  invalid: [
    {
      code: apiserver(
        '--service-account-lookup=false',
        '--service-account-key-file=/sa.pub',
        '--service-account-signing-key-file=/sa.key',
      ),
      errors: [{ line: 12, column: 11, endLine: 12, endColumn: 41, message: 'deleted service accounts' }],
    },
    { code: apiserver('--secure-port=6443'), errors: [{ ...COMMAND, message: 'service-account-key-file' }] },
  ],
});

ruleTester(requestTimeout, {
  valid: [
    { name: 'unset: the default is 1m', code: apiserver('--secure-port=6443') },
    { name: 'five minutes', code: apiserver('--request-timeout=5m0s') },
    { name: 'kubeadm default', code: clusterConfiguration('apiServer: {}\n') },
  ],
  invalid: [
    {
      name: 'an hour',
      code: apiserver('--request-timeout=1h'),
      errors: [{ line: 12, column: 11, endLine: 12, endColumn: 31, message: 'for 60 minutes' }],
    },
    {
      name: 'not a Go duration',
      code: apiserver('--request-timeout=300'),
      errors: [{ line: 12, column: 11, endLine: 12, endColumn: 32, message: 'not a Go duration' }],
    },
  ],
});

describe('goDurationSeconds', () => {
  it('reads Go durations and refuses the rest', () => {
    expect(goDurationSeconds('1m30s')).toBe(90);
    expect(goDurationSeconds('2h')).toBe(7200);
    expect(goDurationSeconds('0')).toBe(0);
    expect(goDurationSeconds('300')).toBeUndefined();
    expect(goDurationSeconds('5 m')).toBeUndefined();
  });
});
