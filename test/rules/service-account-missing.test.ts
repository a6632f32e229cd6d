import rule from '../../rules/references/service-account-missing.js';
import { ruleTester } from '../rule-tester.js';

const pod = (sa: string, ns = 'shop') => `apiVersion: v1
kind: Pod
metadata: {name: p, namespace: ${ns}}
spec:
  serviceAccountName: ${sa}
  containers: [{name: app, image: app:1}]
`;
const sa = (name: string, ns = 'shop') =>
  `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: ${name}, namespace: ${ns}}\n`;
const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n';

ruleTester(rule, {
  valid: [
    { name: 'the ServiceAccount is defined', files: { 'p.yaml': pod('api'), 'sa.yaml': sa('api') } },
    { name: 'default always exists', files: { 'p.yaml': pod('default'), 'ns.yaml': namespace } },
    {
      name: 'the tree defines no ServiceAccount there and does not own the namespace (Terraform may)',
      files: { 'p.yaml': pod('api'), 'sa.yaml': sa('api', 'other') },
    },
    {
      name: 'an unwritten ServiceAccount namespace matches',
      files: {
        'p.yaml': pod('api'),
        'sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: api}\n',
      },
    },
  ],
  invalid: [
    {
      name: 'other ServiceAccounts are defined in the namespace, not this one',
      files: { 'p.yaml': pod('api'), 'sa.yaml': sa('web') },
      errors: [
        {
          file: 'p.yaml',
          line: 5,
          column: 23,
          endLine: 5,
          endColumn: 26,
          message: 'the pod runs as ServiceAccount api, which the tree does not define in namespace shop',
          severity: 'low',
          path: 'spec.serviceAccountName',
        },
      ],
    },
    {
      name: 'the tree owns the namespace',
      files: { 'ns.yaml': namespace, 'p.yaml': pod('api') },
      errors: [{ file: 'p.yaml', line: 5, column: 23, endLine: 5, endColumn: 26 }],
    },
  ],
});
