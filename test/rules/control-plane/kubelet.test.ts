import anonymous from '../../../rules/control-plane/kubelet-anonymous-auth.js';
import authz from '../../../rules/control-plane/kubelet-authorization-mode.js';
import rotation from '../../../rules/control-plane/kubelet-certificate-rotation.js';
import hardening from '../../../rules/control-plane/kubelet-hardening.js';
import readOnly from '../../../rules/control-plane/kubelet-read-only-port.js';
import kubeletTls from '../../../rules/control-plane/kubelet-tls.js';
import { ruleTester } from '../../rule-tester.js';
import { staticPod } from './helpers.js';

/** A KubeletConfiguration; `body` starts on line 3. */
const kubeletConfig = (body: string) => `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
${body}`;

/** kubeadm InitConfiguration with kubeletExtraArgs entries from line 6. */
const initConfig = (args: string) => `apiVersion: kubeadm.k8s.io/v1beta3
kind: InitConfiguration
nodeRegistration:
  name: node
  kubeletExtraArgs:
${args}`;

// A kubelet run from a container with flags only: flag defaults apply.
const kubeletPod = (...flags: string[]) => staticPod('kubelet', flags, 'example.com/kubelet:v1.34.2');
const COMMAND = { line: 10, column: 7, endLine: 10, endColumn: 14, path: 'spec.containers[0].command' };

ruleTester(anonymous, {
  valid: [
    { name: 'config file default is false', code: kubeletConfig('readOnlyPort: 0\n') },
    { code: kubeletConfig('authentication:\n  anonymous:\n    enabled: false\n') },
    { name: 'kubeletExtraArgs without the flag', code: initConfig('    v: "2"\n') },
    { code: kubeletPod('--anonymous-auth=false') },
    {
      name: 'kubelet with a config file: defaults unknown',
      code: kubeletPod('--config=/var/lib/kubelet/config.yaml'),
    },
  ],
  invalid: [
    {
      code: kubeletConfig('authentication:\n  anonymous:\n    enabled: true\n'),
      errors: [
        {
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 18,
          path: 'authentication.anonymous.enabled',
          message: 'CIS 4.2.1',
        },
      ],
    },
    {
      code: initConfig('    anonymous-auth: "true"\n'),
      errors: [
        {
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 27,
          path: 'nodeRegistration.kubeletExtraArgs.anonymous-auth',
        },
      ],
    },
    {
      name: 'flag default is true',
      code: kubeletPod('--v=2'),
      errors: [{ ...COMMAND, message: 'defaults to true' }],
    },
  ],
});

ruleTester(authz, {
  valid: [
    { code: kubeletConfig('authorization:\n  mode: Webhook\n') },
    { name: 'config file defaults', code: kubeletConfig('readOnlyPort: 0\n') },
    { code: kubeletPod('--authorization-mode=Webhook', '--authentication-token-webhook') },
  ],
  invalid: [
    {
      code: kubeletConfig(
        'authorization:\n  mode: AlwaysAllow\nauthentication:\n  webhook:\n    enabled: false\n',
      ),
      errors: [
        { line: 4, column: 3, endLine: 4, endColumn: 20, message: 'AlwaysAllow' },
        { line: 7, column: 5, endLine: 7, endColumn: 19, message: 'bearer tokens' },
      ],
    },
    {
      name: 'flag defaults: AlwaysAllow and no webhook authentication',
      code: kubeletPod('--v=2'),
      errors: [
        { ...COMMAND, message: 'defaults to AlwaysAllow' },
        { ...COMMAND, message: 'bearer tokens' },
      ],
    },
  ],
});

ruleTester(readOnly, {
  valid: [
    { code: kubeletConfig('readOnlyPort: 0\n') },
    { name: 'config file default 0', code: kubeletConfig('rotateCertificates: true\n') },
    { code: kubeletPod('--read-only-port=0') },
  ],
  invalid: [
    {
      code: kubeletConfig('readOnlyPort: 10255\n'),
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 20, path: 'readOnlyPort' }],
    },
    {
      code: initConfig('    read-only-port: "10255"\n'),
      errors: [{ line: 6, column: 5, endLine: 6, endColumn: 28 }],
    },
    { code: kubeletPod('--v=2'), errors: [{ ...COMMAND, message: '10255' }] },
    {
      name: 'Cluster API worker template, v1beta4 list form',
      code: `apiVersion: bootstrap.cluster.x-k8s.io/v1beta1
kind: KubeadmConfigTemplate
metadata: {name: workers}
spec:
  template:
    spec:
      joinConfiguration:
        nodeRegistration:
          kubeletExtraArgs:
            - name: read-only-port
              value: "10255"
`,
      errors: [
        {
          line: 10,
          column: 15,
          endLine: 11,
          endColumn: 29,
          path: 'spec.template.spec.joinConfiguration.nodeRegistration.kubeletExtraArgs[0]',
        },
      ],
    },
  ],
});

ruleTester(rotation, {
  valid: [
    { code: kubeletConfig('rotateCertificates: true\n') },
    { name: 'unset', code: kubeletConfig('readOnlyPort: 0\n') },
    { code: kubeletConfig('featureGates:\n  RotateKubeletServerCertificate: true\n') },
  ],
  invalid: [
    {
      code: kubeletConfig(
        'rotateCertificates: false\nfeatureGates:\n  RotateKubeletServerCertificate: false\n',
      ),
      errors: [
        { line: 3, column: 1, endLine: 3, endColumn: 26, message: 'CIS 4.2.11' },
        { line: 5, column: 3, endLine: 5, endColumn: 40, message: 'CIS 4.2.12' },
      ],
    },
    {
      name: 'feature gate in a flag list',
      code: initConfig('    feature-gates: "A=true,RotateKubeletServerCertificate=false"\n'),
      errors: [{ line: 6, column: 5, endLine: 6, endColumn: 65, message: 'CIS 4.2.12' }],
    },
  ],
});

// Settings a hardened kubelet writes, so each case shows only what it is about.
const hardenedFile = 'podPidsLimit: 4096\ntlsCipherSuites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]\n';
const hardenedFlags = ['--pod-max-pids=4096', '--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'];

ruleTester(hardening, {
  valid: [
    {
      code: kubeletConfig(`protectKernelDefaults: true\nstreamingConnectionIdleTimeout: 0s\n${hardenedFile}`),
    },
    { name: 'kubeletExtraArgs: the config file is not in view', code: initConfig('    v: "2"\n') },
    {
      code: kubeletPod(
        '--protect-kernel-defaults',
        '--streaming-connection-idle-timeout=5m',
        ...hardenedFlags,
      ),
    },
    {
      name: 'eventRecordQPS 0 means no limit',
      code: kubeletConfig(`protectKernelDefaults: true\neventRecordQPS: 0\n${hardenedFile}`),
    },
  ],
  invalid: [
    {
      name: 'protectKernelDefaults unset points at kind',
      code: kubeletConfig(`readOnlyPort: 0\n${hardenedFile}`),
      errors: [
        { line: 2, column: 1, endLine: 2, endColumn: 5, path: 'protectKernelDefaults', message: 'CIS 4.2.6' },
      ],
    },
    {
      code: kubeletConfig(
        'protectKernelDefaults: true\nmakeIPTablesUtilChains: false\npodPidsLimit: 4096\ntlsCipherSuites:\n  - TLS_RSA_WITH_RC4_128_SHA\n  - TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n',
      ),
      errors: [
        { line: 4, column: 1, endLine: 4, endColumn: 30, message: 'CIS 4.2.7' },
        { line: 6, column: 1, endLine: 8, endColumn: 42, message: 'TLS_RSA_WITH_RC4_128_SHA' },
      ],
    },
    {
      name: 'a zero idle timeout on the command line disables it',
      code: kubeletPod(
        '--protect-kernel-defaults=true',
        '--streaming-connection-idle-timeout=0',
        ...hardenedFlags,
      ),
      errors: [{ line: 13, column: 11, endLine: 13, endColumn: 48, message: 'CIS 4.2.5' }],
    },
    {
      name: 'no PID limit and Go default ciphers in the config file',
      code: kubeletConfig('protectKernelDefaults: true\n'),
      errors: [
        { line: 2, column: 1, endLine: 2, endColumn: 5, path: 'podPidsLimit', message: 'CIS 4.2.14' },
        { line: 2, column: 1, endLine: 2, endColumn: 5, path: 'tlsCipherSuites', message: 'CIS 4.2.13' },
      ],
    },
    {
      name: 'an explicit unlimited PID limit, a low event rate and a hostname override on the command line',
      code: kubeletPod(
        '--protect-kernel-defaults=true',
        '--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
        '--pod-max-pids=-1',
        '--event-qps=2',
        '--hostname-override=node-a',
      ),
      errors: [
        { line: 14, column: 11, endLine: 14, endColumn: 28, message: 'CIS 4.2.14' },
        { line: 15, column: 11, endLine: 15, endColumn: 24, message: 'CIS 4.2.9' },
        { line: 16, column: 11, endLine: 16, endColumn: 37, message: 'CIS 4.2.8' },
      ],
    },
  ],
});

ruleTester(kubeletTls, {
  valid: [
    {
      name: 'client CA and serving certificates bootstrapped',
      code: kubeletConfig(
        'authentication:\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\nserverTLSBootstrap: true\n',
      ),
    },
    {
      name: 'client CA and a serving certificate on the command line',
      code: kubeletPod(
        '--client-ca-file=/pki/ca.crt',
        '--tls-cert-file=/pki/k.crt',
        '--tls-private-key-file=/pki/k.key',
      ),
    },
    { name: 'kubeletExtraArgs: the config file is not in view', code: initConfig('    v: "2"\n') },
  ],
  invalid: [
    {
      name: 'self-signed serving certificate (kubeadm default config file)',
      code: kubeletConfig('authentication:\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\n'),
      errors: [
        { line: 2, column: 1, endLine: 2, endColumn: 5, path: 'serverTLSBootstrap', message: 'CIS 4.2.10' },
      ],
    },
    {
      name: 'bootstrap turned off explicitly, no client CA',
      code: kubeletConfig('serverTLSBootstrap: false\n'),
      errors: [
        {
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 5,
          path: 'authentication.x509.clientCAFile',
          message: 'CIS 4.2.3',
        },
        { line: 3, column: 1, endLine: 3, endColumn: 26, path: 'serverTLSBootstrap', message: 'CIS 4.2.10' },
      ],
    },
    {
      name: 'a certificate without its key on the command line',
      code: kubeletPod('--client-ca-file=/pki/ca.crt', '--tls-cert-file=/pki/k.crt'),
      errors: [{ ...COMMAND, message: 'self-signed' }],
    },
  ],
});
