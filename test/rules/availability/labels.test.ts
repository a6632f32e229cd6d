import invalidLabel from '../../../rules/availability/invalid-label.js';
import { requiredMetadataRule } from '../../../rules/availability/required-metadata.js';
import type { Rule } from '../../../src/engine/rule.js';
import { ruleTester } from '../../rule-tester.js';

const service = (labels: string, selector = 'app: web') => `apiVersion: v1
kind: Service
metadata:
  name: web
  labels:
${labels}spec:
  selector:
    ${selector}
  ports: [{port: 80}]
`;

ruleTester(invalidLabel, {
  valid: [
    { name: 'ordinary labels', code: service('    app.kubernetes.io/name: web\n    tier: ""\n') },
    { name: 'numbers are invalid-field-type, not this', code: service('    version: 1\n') },
    { name: 'a 63-character value', code: service(`    v: ${'a'.repeat(63)}\n`) },
  ],
  invalid: [
    {
      name: 'a value with a space',
      code: service('    team: platform team\n'),
      errors: [
        {
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 24,
          path: 'metadata.labels.team',
          message: 'has value "platform team"',
        },
      ],
    },
    {
      name: 'a key whose prefix is not lower case',
      code: service('    Example.com/name: web\n'),
      errors: [
        {
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 21,
          message: 'prefix must be a lower-case DNS subdomain',
        },
      ],
    },
    {
      name: 'a 64-character value in the selector',
      code: service('    app: web\n', `app: ${'b'.repeat(64)}`),
      errors: [
        { line: 9, column: 10, endLine: 9, endColumn: 74, path: 'spec.selector.app', message: 'at most 63' },
      ],
    },
    {
      name: 'a value ending in a dash',
      code: service('    app: web-\n'),
      errors: [{ line: 6, column: 10, endLine: 6, endColumn: 14 }],
    },
  ],
});

ruleTester(requiredMetadataRule('labels') as unknown as Rule, {
  valid: [
    { name: 'silent without options', code: service('    app: web\n') },
    { name: 'present', code: service('    owner: payments\n'), options: { keys: ['owner'] } },
    {
      name: 'another kind',
      code: service('    app: web\n'),
      options: { keys: ['owner'], kinds: ['Deployment'] },
    },
  ],
  invalid: [
    {
      name: 'missing owner and team',
      code: service('    app: web\n'),
      options: { keys: ['owner', 'team'] },
      errors: [{ line: 5, column: 3, endLine: 5, endColumn: 9, message: '"owner", "team"' }],
    },
  ],
});

ruleTester(requiredMetadataRule('annotations') as unknown as Rule, {
  valid: [{ name: 'silent without options', code: service('    app: web\n') }],
  invalid: [
    {
      name: 'no annotations at all: the finding points at the name',
      code: service('    app: web\n'),
      options: { keys: ['contact'] },
      errors: [
        {
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 12,
          path: 'metadata.annotations',
          message: 'annotation "contact"',
        },
      ],
    },
  ],
});
