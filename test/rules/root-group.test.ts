import rootGroup from '../../rules/workload/root-group.js';
import shareProcessNamespace from '../../rules/workload/share-process-namespace.js';
import { podManifest, ruleTester } from '../rule-tester.js';

const pod = (podFields: string, sc = '') => podManifest(sc, podFields);

ruleTester(rootGroup, {
  valid: [
    {
      name: 'non-zero groups',
      code: pod(
        '  securityContext:\n    runAsGroup: 1000\n    fsGroup: 2000\n    supplementalGroups: [3000]\n',
      ),
    },
    {
      name: 'pod runAsGroup 0 overridden by the container',
      code: pod('  securityContext:\n    runAsGroup: 0\n', '    securityContext:\n      runAsGroup: 1000\n'),
    },
  ],
  invalid: [
    {
      name: 'runAsGroup, fsGroup and supplementalGroups 0',
      code: pod('  securityContext:\n    runAsGroup: 0\n    fsGroup: 0\n    supplementalGroups: [1000, 0]\n'),
      errors: [
        {
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 18,
          message: 'container "app" runs with the root group',
          path: 'spec.securityContext.runAsGroup',
        },
        { line: 8, column: 5, endLine: 8, endColumn: 15, message: 'fsGroup: 0' },
        {
          line: 9,
          column: 32,
          endLine: 9,
          endColumn: 33,
          path: 'spec.securityContext.supplementalGroups[1]',
        },
      ],
    },
  ],
});

ruleTester(shareProcessNamespace, {
  valid: [{ name: 'false', code: pod('  shareProcessNamespace: false\n') }],
  invalid: [
    {
      name: 'true',
      code: pod('  shareProcessNamespace: true\n'),
      errors: [{ line: 6, column: 3, endLine: 6, endColumn: 30, path: 'spec.shareProcessNamespace' }],
    },
  ],
});
