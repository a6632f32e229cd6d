import rule from '../../rules/workload/default-namespace.js';
import { ruleTester } from '../rule-tester.js';

const cm = (name: string, namespace?: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
${namespace ? `  namespace: ${namespace}\n` : ''}data: {}
`;

ruleTester(rule, {
  valid: [
    {
      name: 'no object sets a namespace (a chart left to helm -n)',
      files: { 'a.yaml': cm('a'), 'b.yaml': cm('b') },
    },
    { name: 'only explicit default everywhere', files: { 'a.yaml': cm('a', 'default') } },
    {
      name: 'cluster-scoped kinds have no namespace',
      files: {
        'a.yaml': cm('a', 'shop'),
        'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n',
        'crb.yaml':
          'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: r\nrules: []\n',
      },
    },
  ],
  invalid: [
    {
      name: 'the repo uses namespaces: a missing one and an explicit default are reported',
      files: { 'a.yaml': cm('a', 'shop'), 'b.yaml': cm('b'), 'c.yaml': cm('c', 'default') },
      errors: [
        {
          file: 'b.yaml',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 10,
          severity: 'low',
          message: 'ConfigMap "b" sets no namespace',
          path: 'metadata.namespace',
        },
        {
          file: 'c.yaml',
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 21,
          message: 'is in the default namespace',
        },
      ],
    },
  ],
});
