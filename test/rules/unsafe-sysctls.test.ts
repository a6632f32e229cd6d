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
      name: 'windows pods are exempt',
      code: pod('    - {name: kernel.msgmax, value: "1"}\n', '  os: {name: windows}\n'),
    },
  ],
  invalid: [
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
