import rule from '../../rules/workload/projected-token-long-expiry.js';
import { ruleTester } from '../rule-tester.js';

const pod = (token: string) => `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    image: app:1
  volumes:
  - name: token
    projected:
      sources:
      - configMap: {name: ca}
      - serviceAccountToken:
          path: token
${token}`;

ruleTester(rule, {
  valid: [
    { name: 'default lifetime', code: pod('') },
    { name: 'exactly one day', code: pod('          expirationSeconds: 86400\n') },
    { name: 'one hour', code: pod('          expirationSeconds: 3600\n') },
  ],
  invalid: [
    {
      name: 'a week-long token',
      code: pod('          expirationSeconds: 604800\n'),
      errors: [
        {
          line: 15,
          column: 11,
          endLine: 15,
          endColumn: 36,
          message: 'projected volume "token" requests a service account token valid for 604800 seconds',
          severity: 'low',
          path: 'spec.volumes[0].projected.sources[1].serviceAccountToken.expirationSeconds',
        },
      ],
    },
    {
      name: 'in a Deployment template',
      code: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      containers: [{name: app, image: app:1}]
      volumes:
      - name: t
        projected: {sources: [{serviceAccountToken: {path: t, expirationSeconds: 86401}}]}
`,
      errors: [
        {
          line: 10,
          column: 63,
          endLine: 10,
          endColumn: 87,
          path: 'spec.template.spec.volumes[0].projected.sources[0].serviceAccountToken.expirationSeconds',
        },
      ],
    },
  ],
});
