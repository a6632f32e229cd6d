import rule from '../../rules/references/duplicate-env-var.js';
import { podManifest, ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'distinct names',
      code: podManifest('    env:\n      - {name: A, value: "1"}\n      - {name: B, value: "2"}\n'),
    },
    {
      name: 'the same name in env and envFrom is by design',
      code: podManifest(
        '    envFrom: [{configMapRef: {name: cfg}}]\n    env:\n      - {name: A, value: "1"}\n',
      ),
    },
  ],
  invalid: [
    {
      name: 'the same name twice in one container',
      code: podManifest(
        '    env:\n      - name: LOG_LEVEL\n        value: debug\n      - name: LOG_LEVEL\n        value: info\n',
      ),
      errors: [
        {
          line: 12,
          column: 15,
          endLine: 12,
          endColumn: 24,
          message: 'container "app" defines environment variable LOG_LEVEL twice',
          severity: 'medium',
          path: 'spec.containers[0].env[1].name',
        },
      ],
    },
  ],
});
