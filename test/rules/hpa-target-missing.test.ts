import rule from '../../rules/references/hpa-target-missing.js';
import { ruleTester } from '../rule-tester.js';

const deploy = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: c, image: nginx:1.27}]}
`;

const hpa = (target: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: shop}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: ${target}
  minReplicas: 2
  maxReplicas: 5
`;

ruleTester(rule, {
  valid: [
    { name: 'the target exists', files: { 'd.yaml': deploy('web'), 'h.yaml': hpa('web') } },
    { name: 'the tree defines no Deployment in the namespace', files: { 'h.yaml': hpa('web') } },
  ],
  invalid: [
    {
      name: 'a Deployment name typo',
      files: { 'd.yaml': deploy('web'), 'h.yaml': hpa('wbe') },
      errors: [
        {
          file: 'h.yaml',
          line: 8,
          column: 11,
          endLine: 8,
          endColumn: 14,
          message:
            'HorizontalPodAutoscaler web scales Deployment wbe, which the tree does not define in namespace shop',
          severity: 'low',
          path: 'spec.scaleTargetRef.name',
        },
      ],
    },
    {
      name: 'a KEDA ScaledObject (target kind defaults to Deployment)',
      files: {
        'd.yaml': deploy('web'),
        'k.yaml':
          'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: q, namespace: shop}\nspec:\n  scaleTargetRef: {name: worker}\n',
      },
      errors: [
        {
          file: 'k.yaml',
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 32,
          message: 'ScaledObject q scales Deployment worker',
        },
      ],
    },
  ],
});
