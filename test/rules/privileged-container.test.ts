import rule from '../../rules/workload/privileged-container.js';
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
    { name: 'no securityContext', code: deployment('') },
    {
      name: 'privileged: false',
      code: deployment('          securityContext:\n            privileged: false\n'),
    },
    {
      name: 'privileged at pod level means nothing (PodSecurityContext has no such field)',
      code: deployment('', '\n      securityContext:\n        privileged: true'),
    },
    {
      name: 'the string "true" is not a boolean (invalid-field-type reports it)',
      code: deployment('          securityContext:\n            privileged: "true"\n'),
    },
  ],
  invalid: [
    {
      name: 'privileged container in a Deployment',
      code: deployment('          securityContext:\n            privileged: true\n'),
      errors: [
        {
          line: 12,
          column: 25,
          endLine: 12,
          endColumn: 29,
          message: 'container "web" runs privileged',
          severity: 'critical',
          path: 'spec.template.spec.containers[0].securityContext.privileged',
        },
      ],
    },
    {
      name: 'init and ephemeral containers of a Pod, YAML 1.1 boolean',
      code: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - name: init
    image: busybox
    securityContext: {privileged: yes}
  containers:
  - name: app
    image: app
  ephemeralContainers:
  - name: debug
    image: busybox
    securityContext:
      privileged: true
`,
      errors: [
        { line: 8, column: 35, endLine: 8, endColumn: 38, message: '"init"' },
        { line: 16, column: 19, endLine: 16, endColumn: 23, message: '"debug"' },
      ],
    },
    {
      name: 'a CronJob on a removed API version is still linted',
      code: `apiVersion: batch/v1beta1
kind: CronJob
metadata: {name: c}
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: job
            image: busybox
            securityContext:
              privileged: true
`,
      errors: [
        {
          line: 14,
          column: 27,
          endLine: 14,
          endColumn: 31,
          path: 'spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged',
        },
      ],
    },
  ],
});
