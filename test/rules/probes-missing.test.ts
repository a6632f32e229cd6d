import rule from '../../rules/workload/probes-missing.js';
import { ruleTester } from '../rule-tester.js';

const withProbes = `    livenessProbe: {httpGet: {path: /healthz, port: 8080}}
    readinessProbe: {httpGet: {path: /ready, port: 8080}}
`;

ruleTester(rule, {
  valid: [
    {
      name: 'both probes; init containers need none',
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
${withProbes}`,
    },
    {
      name: 'a CronJob on a removed API version runs to completion',
      code: `apiVersion: batch/v1beta1
kind: CronJob
metadata: {name: c}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{name: job, image: a:1}]
`,
    },
    {
      name: 'a bare Pod with restartPolicy Never',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  restartPolicy: Never\n  containers: [{name: a, image: a:1}]\n',
    },
  ],
  invalid: [
    {
      name: 'a Deployment container without probes: one finding per probe',
      code: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      containers:
      - name: web
        image: a:1
        readinessProbe: {tcpSocket: {port: 80}}
      - name: sidecar
        image: b:1
`,
      errors: [
        { line: 8, column: 9, endLine: 8, endColumn: 18, message: 'container "web" has no liveness probe' },
        {
          line: 11,
          column: 9,
          endLine: 11,
          endColumn: 22,
          message: 'no liveness probe',
          path: 'spec.template.spec.containers[1].livenessProbe',
        },
        { line: 11, column: 9, endLine: 11, endColumn: 22, message: 'no readiness probe' },
      ],
    },
  ],
});
