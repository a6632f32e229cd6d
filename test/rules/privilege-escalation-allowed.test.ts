import rule from '../../rules/workload/privilege-escalation-allowed.js';
import { podManifest, ruleTester } from '../rule-tester.js';

const pod = podManifest;

ruleTester(rule, {
  valid: [
    {
      name: 'allowPrivilegeEscalation: false',
      code: pod('    securityContext:\n      allowPrivilegeEscalation: false\n'),
    },
    { name: 'windows pods are exempt', code: pod('', '  os:\n    name: windows\n') },
    {
      name: 'false with baseline capabilities added',
      code: pod(
        '    securityContext:\n      allowPrivilegeEscalation: false\n      capabilities: {add: [NET_BIND_SERVICE]}\n',
      ),
    },
  ],
  invalid: [
    {
      name: 'unset: points at the container name',
      code: pod(''),
      errors: [
        {
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 14,
          message: 'unset means true',
          path: 'spec.containers[0].securityContext.allowPrivilegeEscalation',
        },
      ],
    },
    {
      name: 'a pod-level value means nothing (PodSecurityContext has no such field)',
      code: pod('', '  securityContext:\n    allowPrivilegeEscalation: false\n'),
      errors: [{ line: 9, column: 5, endLine: 9, endColumn: 14 }],
    },
    {
      name: 'explicit true',
      code: pod('    securityContext:\n      allowPrivilegeEscalation: true\n'),
      errors: [
        { line: 10, column: 7, endLine: 10, endColumn: 37, message: '(allowPrivilegeEscalation: true)' },
      ],
    },
    {
      name: 'implied true by privileged',
      code: pod('    securityContext:\n      privileged: true\n      allowPrivilegeEscalation: false\n'),
      errors: [
        {
          line: 10,
          column: 7,
          endLine: 10,
          endColumn: 23,
          message: 'privileged: true implies it is true',
          path: 'spec.containers[0].securityContext.privileged',
        },
      ],
    },
    {
      name: 'implied true by CAP_SYS_ADMIN (prefix and lower case)',
      code: pod(
        '    securityContext:\n      allowPrivilegeEscalation: false\n      capabilities:\n        add: [cap_sys_admin]\n',
      ),
      errors: [
        {
          line: 12,
          column: 15,
          endLine: 12,
          endColumn: 28,
          message: 'added SYS_ADMIN capability implies it',
        },
      ],
    },
    {
      name: 'init and ephemeral containers are checked too',
      code: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - name: init
    image: a:1
  containers:
  - name: app
    image: a:1
    securityContext: {allowPrivilegeEscalation: false}
  ephemeralContainers:
  - name: debug
    image: a:1
    securityContext: {allowPrivilegeEscalation: yes}
`,
      errors: [
        { line: 6, column: 5, endLine: 6, endColumn: 15, message: '"init"' },
        { line: 15, column: 23, endLine: 15, endColumn: 52, message: '"debug"' },
      ],
    },
  ],
});
