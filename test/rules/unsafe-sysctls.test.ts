import rule from '../../rules/workload/unsafe-sysctls.js';
import { ruleTester } from '../rule-tester.js';

const pod = (sysctls: string, os = '') => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
${os}  securityContext:
    sysctls:
${sysctls}  containers:
  - name: app
    image: app:1.0
`;

ruleTester(rule, {
  valid: [
    {
      name: 'safe sysctls, dotted and slashed',
      code: pod(
        '    - {name: net.ipv4.tcp_keepalive_time, value: "600"}\n    - {name: net/ipv4/ip_unprivileged_port_start, value: "0"}\n',
      ),
    },
    {
      name: 'tcp_rmem and tcp_wmem are safe since 1.32 (the default target is later)',
      code: pod(
        '    - {name: net.ipv4.tcp_rmem, value: "4096 87380 16777216"}\n    - {name: net/ipv4/tcp_wmem, value: "4096 65536 16777216"}\n',
      ),
    },
    {
      name: 'windows pods are exempt',
      code: pod('    - {name: kernel.msgmax, value: "1"}\n', '  os: {name: windows}\n'),
    },
  ],
  invalid: [
    {
      name: 'tcp_rmem with a target older than 1.32 is not yet safe',
      kubernetesVersion: '1.31',
      code: pod('    - {name: net.ipv4.tcp_rmem, value: "4096 87380 16777216"}\n'),
      errors: [
        {
          line: 8,
          column: 8,
          endLine: 8,
          endColumn: 31,
          message:
            'sysctl net.ipv4.tcp_rmem is in the Pod Security safe set only since Kubernetes 1.32 (target 1.31)',
          path: 'spec.securityContext.sysctls[0].name',
        },
      ],
    },
    {
      name: 'unsafe sysctls next to a safe one',
      code: pod(
        '    - name: kernel.shm_rmid_forced\n      value: "1"\n    - name: net.core.somaxconn\n      value: "1024"\n    - {name: kernel.msgmax, value: "65536"}\n',
      ),
      errors: [
        {
          line: 10,
          column: 7,
          endLine: 10,
          endColumn: 31,
          message: 'sysctl net.core.somaxconn is not in the Pod Security safe set',
          path: 'spec.securityContext.sysctls[1].name',
        },
        { line: 12, column: 8, endLine: 12, endColumn: 27, path: 'spec.securityContext.sysctls[2].name' },
      ],
    },
  ],
});
