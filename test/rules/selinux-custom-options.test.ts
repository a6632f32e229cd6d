import rule from '../../rules/workload/selinux-custom-options.js';
import { ruleTester } from '../rule-tester.js';

const pod = (podSc: string, sc: string, os = '') => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
${os}${podSc}  containers:
  - name: app
    image: app:1.0
${sc}`;

ruleTester(rule, {
  valid: [
    { name: 'nothing set', code: pod('', '') },
    {
      name: 'allowed type and a level',
      code: pod(
        '  securityContext:\n    seLinuxOptions: {type: container_init_t, level: "s0:c123,c456"}\n',
        '',
      ),
    },
    {
      name: 'container_engine_t (allowed since 1.31), empty user',
      code: pod('', '    securityContext:\n      seLinuxOptions: {type: container_engine_t, user: ""}\n'),
    },
    {
      name: 'windows pods are exempt',
      code: pod('  securityContext:\n    seLinuxOptions: {type: spc_t}\n', '', '  os: {name: windows}\n'),
    },
  ],
  invalid: [
    {
      name: 'container_engine_t with a target before 1.31',
      kubernetesVersion: '1.30',
      code: pod('', '    securityContext:\n      seLinuxOptions: {type: container_engine_t}\n'),
      errors: [{ line: 10, column: 24, endLine: 10, endColumn: 48, message: 'container_engine_t' }],
    },
    {
      name: 'pod-level custom type and role',
      code: pod('  securityContext:\n    seLinuxOptions:\n      type: spc_t\n      role: sysadm_r\n', ''),
      errors: [
        {
          line: 8,
          column: 7,
          endLine: 8,
          endColumn: 18,
          message: 'container "app" runs with SELinux type "spc_t"',
          path: 'spec.securityContext.seLinuxOptions.type',
        },
        { line: 9, column: 7, endLine: 9, endColumn: 21, message: 'sets a custom SELinux role "sysadm_r"' },
      ],
    },
    {
      name: 'the container overrides the pod options as a whole',
      code: pod(
        '  securityContext:\n    seLinuxOptions: {type: container_t}\n',
        '    securityContext:\n      seLinuxOptions: {user: system_u}\n',
      ),
      errors: [
        {
          line: 12,
          column: 24,
          endLine: 12,
          endColumn: 38,
          path: 'spec.containers[0].securityContext.seLinuxOptions.user',
        },
      ],
    },
  ],
});
