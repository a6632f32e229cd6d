import rule from '../../rules/references/pdb-selects-nothing.js';
import { ruleTester } from '../rule-tester.js';

const deploy = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx:1.27}]}
`;

const pdb = (selector: string, ns = 'shop') => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web, namespace: ${ns}}
spec:
  minAvailable: 1
  selector: ${selector}
`;

ruleTester(rule, {
  valid: [
    {
      name: 'selects the Deployment',
      files: { 'd.yaml': deploy, 'p.yaml': pdb('{matchLabels: {app: web}}') },
    },
    { name: 'an empty selector selects every pod', files: { 'd.yaml': deploy, 'p.yaml': pdb('{}') } },
    {
      name: 'another namespace',
      files: { 'd.yaml': deploy, 'p.yaml': pdb('{matchLabels: {app: api}}', 'batch') },
    },
  ],
  invalid: [
    {
      name: 'matchExpressions no pod satisfies',
      files: {
        'd.yaml': deploy,
        'p.yaml': pdb('{matchExpressions: [{key: app, operator: In, values: [api]}]}'),
      },
      errors: [
        {
          file: 'p.yaml',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 11,
          message: 'PodDisruptionBudget web selects no pod template in namespace shop',
          severity: 'low',
          path: 'spec.selector',
        },
      ],
    },
  ],
});
