import defaultServiceAccount from '../../rules/workload/default-service-account.js';
import serviceAccountTokenAutomount from '../../rules/workload/service-account-token-automount.js';
import { ruleTester } from '../rule-tester.js';

const deployment = (podFields: string, namespace = 'shop') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${namespace}
spec:
  template:
    spec:
${podFields}      containers:
        - name: web
          image: web:1.0
`;

const sa = (name: string, automount: string, namespace = 'shop') => `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${name}
  namespace: ${namespace}
${automount}`;

ruleTester(serviceAccountTokenAutomount, {
  valid: [
    { name: 'the pod opts out', code: deployment('      automountServiceAccountToken: false\n') },
    {
      name: 'its ServiceAccount opts out (another file)',
      files: {
        'deploy.yaml': deployment('      serviceAccountName: web\n'),
        'sa.yaml': sa('web', 'automountServiceAccountToken: false\n'),
      },
    },
    {
      name: 'the default ServiceAccount of the namespace opts out',
      files: {
        'deploy.yaml': deployment(''),
        'sa.yaml': sa('default', 'automountServiceAccountToken: false\n'),
      },
    },
  ],
  invalid: [
    {
      name: 'nothing opts out and the ServiceAccount is not in the tree: points at spec',
      code: deployment('      serviceAccountName: web\n'),
      errors: [
        {
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 9,
          message: 'its ServiceAccount is not in the scanned files',
          path: 'spec.template.spec.automountServiceAccountToken',
        },
      ],
    },
    {
      name: 'the pod field wins over the ServiceAccount',
      files: {
        'deploy.yaml': deployment(
          '      serviceAccountName: web\n      automountServiceAccountToken: true\n',
        ),
        'sa.yaml': sa('web', 'automountServiceAccountToken: false\n'),
      },
      errors: [
        {
          file: 'deploy.yaml',
          line: 10,
          column: 7,
          endLine: 10,
          endColumn: 41,
          message: 'overrides the ServiceAccount',
        },
      ],
    },
    {
      name: 'a ServiceAccount in another namespace does not count',
      files: {
        'deploy.yaml': deployment('      serviceAccountName: web\n'),
        'sa.yaml': sa('web', 'automountServiceAccountToken: false\n', 'other'),
      },
      errors: [{ file: 'deploy.yaml', line: 8, column: 5, endLine: 8, endColumn: 9 }],
    },
    {
      name: 'the ServiceAccount is found but leaves it on',
      files: { 'deploy.yaml': deployment('      serviceAccountName: web\n'), 'sa.yaml': sa('web', '') },
      errors: [
        {
          file: 'deploy.yaml',
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 9,
          message: 'nor does its ServiceAccount',
        },
      ],
    },
  ],
});

ruleTester(defaultServiceAccount, {
  valid: [{ name: 'a dedicated ServiceAccount', code: deployment('      serviceAccountName: web\n') }],
  invalid: [
    {
      name: 'serviceAccountName: default',
      code: deployment('      serviceAccountName: default\n'),
      errors: [
        { line: 9, column: 7, endLine: 9, endColumn: 34, path: 'spec.template.spec.serviceAccountName' },
      ],
    },
    {
      name: 'unset: points at spec',
      code: deployment(''),
      errors: [{ line: 8, column: 5, endLine: 8, endColumn: 9, message: 'sets no serviceAccountName' }],
    },
  ],
});
