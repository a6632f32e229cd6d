import rule from '../../rules/workload/run-as-root.js';
import { ruleTester } from '../rule-tester.js';

const pod = (podSc: string, containerSc: string) => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
${podSc}  containers:
  - name: app
    image: app:1.0
${containerSc}`;

ruleTester(rule, {
  valid: [
    {
      name: 'pod-level runAsNonRoot covers the container',
      code: pod('  securityContext:\n    runAsNonRoot: true\n', ''),
    },
    { name: 'container runAsUser > 0', code: pod('', '    securityContext:\n      runAsUser: 1000\n') },
    {
      name: 'pod runAsUser 0 overridden by the container',
      code: pod('  securityContext:\n    runAsUser: 0\n', '    securityContext:\n      runAsUser: 1000\n'),
    },
    {
      name: 'merge key shares a securityContext',
      code: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: a
    image: a
    securityContext: &sc
      runAsNonRoot: true
  - name: b
    image: b
    securityContext:
      <<: *sc
      readOnlyRootFilesystem: true
`,
    },
  ],
  invalid: [
    {
      name: 'no security context: points at the container name',
      code: pod('', ''),
      errors: [
        { line: 7, column: 5, endLine: 7, endColumn: 14, message: 'may run as root', severity: 'high' },
      ],
    },
    {
      name: 'container overrides the pod back to unsafe',
      code: pod(
        '  securityContext:\n    runAsNonRoot: true\n',
        '    securityContext:\n      runAsNonRoot: false\n',
      ),
      errors: [{ line: 12, column: 7, endLine: 12, endColumn: 26, message: 'runAsNonRoot: false' }],
    },
    {
      name: 'explicit runAsUser 0 at pod level is critical',
      code: pod('  securityContext:\n    runAsUser: 0\n', ''),
      errors: [
        {
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 17,
          severity: 'critical',
          message: 'runs as root (runAsUser: 0 from the pod',
        },
      ],
    },
    {
      name: 'runAsUser 0 with runAsNonRoot true: the kubelet refuses it',
      code: pod('', '    securityContext:\n      runAsNonRoot: true\n      runAsUser: 0\n'),
      errors: [
        {
          line: 11,
          column: 7,
          endLine: 11,
          endColumn: 19,
          severity: 'critical',
          message: 'kubelet refuses to start it',
        },
      ],
    },
    {
      name: 'securityContext without the field: points at securityContext',
      code: pod('', '    securityContext:\n      readOnlyRootFilesystem: true\n'),
      errors: [{ line: 9, column: 5, endLine: 10, endColumn: 35 }],
    },
  ],
});
