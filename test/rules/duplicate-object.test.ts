import rule from '../../rules/references/duplicate-object.js';
import { ruleTester } from '../rule-tester.js';

const cm = (name: string, ns = 'shop') => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: ${ns}
data: {a: "1"}
`;

ruleTester(rule, {
  valid: [
    { name: 'different names', code: `${cm('a')}---\n${cm('b')}` },
    { name: 'different namespaces', code: `${cm('a', 'shop')}---\n${cm('a', 'batch')}` },
    {
      name: 'different API groups (Kubernetes and Calico NetworkPolicy)',
      code: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec: {podSelector: {}}\n---\napiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec: {selector: all()}\n',
    },
    {
      name: 'a Kustomize patch repeats the name of the object it patches (another file)',
      files: { 'base/deployment.yaml': cm('a'), 'base/patch.yaml': cm('a') },
    },
    {
      name: 'environments in sibling folders repeat objects',
      files: { 'overlays/dev/cm.yaml': cm('a'), 'overlays/prod/cm.yaml': cm('a') },
    },
    {
      name: 'generateName only',
      code: 'apiVersion: batch/v1\nkind: Job\nmetadata: {generateName: run-}\nspec: {}\n---\napiVersion: batch/v1\nkind: Job\nmetadata: {generateName: run-}\nspec: {}\n',
    },
  ],
  invalid: [
    {
      name: 'the same ConfigMap twice in one file',
      code: `${cm('settings')}---\n${cm('settings')}`,
      errors: [
        {
          line: 11,
          column: 3,
          endLine: 11,
          endColumn: 17,
          message: 'ConfigMap settings in namespace shop is defined twice (also at manifest.yaml)',
          severity: 'medium',
          path: 'metadata.name',
        },
      ],
    },
  ],
});
