import rule from '../../rules/workload/proc-mount-unmasked.js';
import { ruleTester } from '../rule-tester.js';

const pod = (sc: string, os = '') => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
${os}  containers:
  - name: app
    image: app:1.0
${sc}`;

ruleTester(rule, {
  valid: [
    { name: 'Default', code: pod('    securityContext:\n      procMount: Default\n') },
    {
      name: 'windows pods are exempt',
      code: pod('    securityContext:\n      procMount: Unmasked\n', '  os: {name: windows}\n'),
    },
  ],
  invalid: [
    {
      name: 'Unmasked',
      code: pod('    securityContext:\n      procMount: Unmasked\n'),
      errors: [
        {
          line: 10,
          column: 7,
          endLine: 10,
          endColumn: 26,
          message: 'unmasked /proc',
          path: 'spec.containers[0].securityContext.procMount',
        },
      ],
    },
  ],
});
