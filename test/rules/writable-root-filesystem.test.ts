import rule from '../../rules/workload/writable-root-filesystem.js';
import { podManifest, ruleTester } from '../rule-tester.js';

const pod = podManifest;

ruleTester(rule, {
  valid: [
    {
      name: 'readOnlyRootFilesystem: true',
      code: pod('    securityContext:\n      readOnlyRootFilesystem: true\n'),
    },
    { name: 'windows pods are exempt', code: pod('', '  os: {name: windows}\n') },
  ],
  invalid: [
    {
      name: 'unset',
      code: pod(''),
      errors: [
        {
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 14,
          path: 'spec.containers[0].securityContext.readOnlyRootFilesystem',
        },
      ],
    },
    {
      name: 'false',
      code: pod('    securityContext:\n      readOnlyRootFilesystem: false\n'),
      errors: [
        { line: 10, column: 7, endLine: 10, endColumn: 36, message: '(readOnlyRootFilesystem: false)' },
      ],
    },
    {
      name: 'a pod-level value means nothing',
      code: pod('', '  securityContext:\n    readOnlyRootFilesystem: true\n'),
      errors: [{ line: 9, column: 5, endLine: 9, endColumn: 14 }],
    },
  ],
});
