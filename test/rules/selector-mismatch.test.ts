import rule from '../../rules/references/selector-mismatch.js';
import { ruleTester } from '../rule-tester.js';

const deployment = (selector: string, labels = '{app: web, tier: front}') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector:
${selector}
  template:
    metadata:
      labels: ${labels}
    spec:
      containers: [{name: web, image: nginx:1.27}]
`;

ruleTester(rule, {
  valid: [
    { name: 'selector is a subset of the template labels', code: deployment('    matchLabels: {app: web}') },
    {
      name: 'matchExpressions the labels satisfy',
      code: deployment(
        '    matchExpressions:\n      - {key: tier, operator: In, values: [front, back]}\n      - {key: canary, operator: DoesNotExist}',
      ),
    },
    {
      name: 'a ReplicationController without selector defaults it from the template',
      code: 'apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc}\nspec:\n  template:\n    metadata: {labels: {app: x}}\n    spec: {containers: [{name: x, image: x}]}\n',
    },
    {
      name: 'a Job without a selector gets a generated one',
      code: 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    metadata: {labels: {app: x}}\n    spec: {restartPolicy: Never, containers: [{name: x, image: x}]}\n',
    },
  ],
  invalid: [
    {
      name: 'matchLabels value differs from the template',
      code: deployment('    matchLabels:\n      app: website'),
      errors: [
        {
          line: 7,
          column: 7,
          endLine: 7,
          endColumn: 19,
          message:
            'Deployment web: the selector requires app=website but the template has app=web, so the API server refuses it',
          severity: 'high',
          path: 'spec.selector.matchLabels.app',
        },
      ],
    },
    {
      name: 'a matchExpressions requirement the labels fail',
      code: deployment(
        '    matchLabels: {app: web}\n    matchExpressions:\n      - {key: tier, operator: NotIn, values: [front]}',
      ),
      errors: [
        {
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 54,
          message: 'fail the selector requirement tier NotIn (front)',
          path: 'spec.selector.matchExpressions[0]',
        },
      ],
    },
    {
      name: 'an empty selector on an apps kind',
      code: deployment('    {}').replace('  selector:\n    {}', '  selector: {}'),
      errors: [
        {
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 11,
          message: 'the selector is empty',
          path: 'spec.selector',
        },
      ],
    },
    {
      name: 'a ReplicationController selector label missing from the template',
      code: 'apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc}\nspec:\n  selector:\n    app: x\n    env: prod\n  template:\n    metadata: {labels: {app: x}}\n    spec: {containers: [{name: x, image: x}]}\n',
      errors: [{ line: 7, column: 5, endLine: 7, endColumn: 14, path: 'spec.selector.env' }],
    },
  ],
});
