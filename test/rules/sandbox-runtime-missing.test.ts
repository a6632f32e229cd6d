import rule from '../../rules/workload/sandbox-runtime-missing.js';
import { ruleTester } from '../rule-tester.js';

const deployment = (namespace: string, tier: string, podFields = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: runner
  namespace: ${namespace}
spec:
  template:
    metadata:
      labels: {tier: ${tier}}
    spec:
${podFields}      containers:
        - name: runner
          image: runner:1.0
`;

const options = {
  untrusted: { selector: { matchLabels: { tier: 'untrusted' } }, namespaces: ['jobs'] },
  sandboxRuntimes: ['gvisor', 'kata'],
};

ruleTester(rule, {
  valid: [
    { name: 'silent without options', code: deployment('jobs', 'untrusted') },
    {
      name: 'a sandboxed runtime',
      code: deployment('jobs', 'untrusted', '      runtimeClassName: gvisor\n'),
      options,
    },
    { name: 'labels do not match', code: deployment('jobs', 'trusted'), options },
    { name: 'namespace does not match', code: deployment('web', 'untrusted'), options },
  ],
  invalid: [
    {
      name: 'no runtimeClassName: points at spec',
      code: deployment('jobs', 'untrusted'),
      options,
      errors: [{ line: 10, column: 5, endLine: 10, endColumn: 9, message: 'sets no runtimeClassName' }],
    },
    {
      name: 'a runtime class that is not a sandbox; namespaces alone',
      code: deployment('jobs', 'x', '      runtimeClassName: runc\n'),
      options: { untrusted: { namespaces: ['jobs'] }, sandboxRuntimes: ['gvisor'] },
      errors: [
        {
          line: 11,
          column: 7,
          endLine: 11,
          endColumn: 29,
          path: 'spec.template.spec.runtimeClassName',
          message: '"runc"',
        },
      ],
    },
  ],
});
