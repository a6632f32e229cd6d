import rule from '../../rules/workload/windows-host-process.js';
import { ruleTester } from '../rule-tester.js';

const pod = (podSc: string, sc: string) => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  os: {name: windows}
${podSc}  containers:
  - name: app
    image: app:1.0
${sc}  - name: agent
    image: agent:1.0
`;

ruleTester(rule, {
  valid: [
    { name: 'unset', code: pod('', '') },
    { name: 'false', code: pod('  securityContext:\n    windowsOptions: {hostProcess: false}\n', '') },
  ],
  invalid: [
    {
      name: 'pod-level hostProcess reaches both containers: one finding',
      code: pod('  securityContext:\n    windowsOptions:\n      hostProcess: true\n', ''),
      errors: [
        {
          line: 9,
          column: 7,
          endLine: 9,
          endColumn: 24,
          severity: 'critical',
          message: 'containers "app" and "agent" run as Windows HostProcess containers',
          path: 'spec.securityContext.windowsOptions.hostProcess',
        },
      ],
    },
    {
      name: 'container-level hostProcess',
      code: pod('', '    securityContext:\n      windowsOptions: {hostProcess: true}\n'),
      errors: [
        {
          line: 11,
          column: 24,
          endLine: 11,
          endColumn: 41,
          message: 'container "app" runs as a Windows HostProcess container',
        },
      ],
    },
  ],
});
