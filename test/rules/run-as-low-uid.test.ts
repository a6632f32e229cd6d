import rule from '../../rules/workload/run-as-low-uid.js';
import { ruleTester } from '../rule-tester.js';

const deployment = (containerSc: string, podSc = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:${podSc}
      containers:
        - name: web
          image: nginx:1.27
${containerSc}`;

ruleTester(rule, {
  valid: [
    { name: 'no runAsUser', code: deployment('') },
    {
      name: 'GID 0 is left to root-group',
      code: deployment('          securityContext:\n            runAsGroup: 0\n'),
    },
    { name: 'UID 10000', code: deployment('          securityContext:\n            runAsUser: 10000\n') },
    {
      name: 'UID 0 is left to run-as-root',
      code: deployment('          securityContext:\n            runAsUser: 0\n'),
    },
    {
      name: 'a high container UID overrides a low pod UID',
      code: deployment(
        '          securityContext:\n            runAsUser: 20000\n',
        '\n      securityContext:\n        runAsUser: 1000',
      ),
    },
  ],
  invalid: [
    {
      name: 'low container UID',
      code: deployment('          securityContext:\n            runAsUser: 1000\n'),
      errors: [
        {
          line: 12,
          column: 13,
          endLine: 12,
          endColumn: 28,
          message: 'container "web" runs as UID 1000',
          severity: 'low',
          path: 'spec.template.spec.containers[0].securityContext.runAsUser',
        },
      ],
    },
    {
      name: 'low pod UID inherited by the container',
      code: deployment('', '\n      securityContext:\n        runAsUser: 9999'),
      errors: [
        {
          line: 9,
          column: 9,
          endLine: 9,
          endColumn: 24,
          message: 'UID 9999 from the pod securityContext',
          path: 'spec.template.spec.securityContext.runAsUser',
        },
      ],
    },
    {
      name: 'low container GID',
      code: deployment(
        '          securityContext:\n            runAsUser: 10001\n            runAsGroup: 100\n',
      ),
      errors: [
        {
          line: 13,
          column: 13,
          endLine: 13,
          endColumn: 28,
          message: 'container "web" runs as GID 100',
          path: 'spec.template.spec.containers[0].securityContext.runAsGroup',
        },
      ],
    },
  ],
});
