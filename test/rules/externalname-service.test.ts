import rule from '../../rules/cluster/externalname-service.js';
import { ruleTester } from '../rule-tester.js';

/** A Service; `spec` body from line 6. */
const service = (spec: string, apiVersion = 'v1') => `apiVersion: ${apiVersion}
kind: Service
metadata:
  name: db
spec:
${spec}`;

ruleTester(rule, {
  valid: [
    { name: 'no type (ClusterIP)', code: service('  ports: [{port: 5432}]\n') },
    { name: 'LoadBalancer', code: service('  type: LoadBalancer\n') },
    {
      name: 'a Service of another API group is not the core Service',
      code: service('  type: ExternalName\n', 'serving.knative.dev/v1'),
    },
  ],
  invalid: [
    {
      name: 'an ExternalName alias',
      code: service('  type: ExternalName\n  externalName: db.example.com\n'),
      errors: [
        {
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 21,
          severity: 'low',
          path: 'spec.type',
          message: 'Service db is an ExternalName alias to db.example.com',
        },
      ],
    },
    {
      name: 'ExternalName without externalName, in flow style',
      code: service('  {type: ExternalName}\n').replace('spec:\n  {', 'spec: {'),
      errors: [{ line: 5, column: 8, endLine: 5, endColumn: 26, message: 'ExternalName alias,' }],
    },
  ],
});
