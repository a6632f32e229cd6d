import rule from '../../rules/cluster/tiller-deployed.js';
import { ruleTester } from '../rule-tester.js';

/** A Deployment named `name` whose only container runs `image` (on line 11, value from column 18). */
const deployment = (image: string, name = 'tiller-deploy') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: kube-system
spec:
  template:
    spec:
      containers:
        - name: tiller
          image: ${image}
`;

/** A Service; the selector is on line 7. */
const service = (name: string, selector: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: kube-system
spec:
  selector: ${selector}
  ports: [{port: 44134}]
`;

ruleTester(rule, {
  valid: [
    { name: 'another workload', code: deployment('nginx:1.27', 'web') },
    { name: 'an image merely containing tiller', code: deployment('example.com/distiller:1.0', 'web') },
    { name: 'a Service selecting other pods', code: service('web', '{app: helm, name: web}') },
  ],
  invalid: [
    {
      name: 'the Tiller image as helm init deploys it',
      code: deployment('gcr.io/kubernetes-helm/tiller:v2.17.0'),
      errors: [
        {
          line: 11,
          column: 18,
          endLine: 11,
          endColumn: 55,
          message: "runs Helm v2's Tiller",
          severity: 'high',
          path: 'spec.template.spec.containers[0].image',
        },
      ],
    },
    {
      name: 'the Tiller image from another registry under another name',
      code: deployment('ghcr.io/helm/tiller@sha256:abc', 'helm'),
      errors: [{ line: 11, column: 18, endLine: 11, endColumn: 48 }],
    },
    {
      name: 'a tiller-deploy Deployment with a renamed image is reported on its name',
      code: deployment('registry.example.com/mirror/helm2:v2.17.0'),
      errors: [
        { line: 4, column: 3, endLine: 4, endColumn: 22, path: 'metadata.name', message: 'named as Helm v2' },
      ],
    },
    {
      name: 'a Service selecting Tiller pods',
      code: service('helm-api', '{app: helm, name: tiller}'),
      errors: [
        {
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 38,
          path: 'spec.selector',
          message: 'Service helm-api exposes',
        },
      ],
    },
    {
      name: 'the tiller-deploy Service',
      code: service('tiller-deploy', '{app: other}'),
      errors: [{ line: 4, column: 3, endLine: 4, endColumn: 22, path: 'metadata.name' }],
    },
  ],
});
