import rule from '../../rules/cluster/dashboard-deployed.js';
import { ruleTester } from '../rule-tester.js';

/** A Deployment whose only container runs `image` (on line 11, value from column 18). */
const withImage = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dash
  namespace: kubernetes-dashboard
spec:
  template:
    spec:
      containers:
        - name: dash
          image: ${image}
`;

ruleTester(rule, {
  valid: [
    { name: 'another image', code: withImage('nginx:1.27') },
    { name: 'a Grafana dashboard sidecar', code: withImage('kiwigrid/k8s-sidecar-dashboard:1.0') },
    { name: 'an image merely named dashboard', code: withImage('example.com/team/dashboard:2.0') },
  ],
  invalid: [
    {
      name: 'kubernetesui/dashboard',
      code: withImage('kubernetesui/dashboard:v2.7.0'),
      errors: [
        {
          line: 11,
          column: 18,
          endLine: 11,
          endColumn: 47,
          message: 'runs the Kubernetes Dashboard',
          severity: 'low',
          path: 'spec.template.spec.containers[0].image',
        },
      ],
    },
    {
      name: 'the v3 API part from a mirror registry, by digest',
      code: withImage('docker.io/kubernetesui/dashboard-api@sha256:abc'),
      errors: [{ line: 11, column: 18, endLine: 11, endColumn: 65 }],
    },
    {
      name: 'the old kubernetes-dashboard-amd64 image in a bare Pod',
      code: `apiVersion: v1
kind: Pod
metadata: {name: d}
spec:
  containers:
  - name: d
    image: k8s.gcr.io/kubernetes-dashboard-amd64:v1.10.1
`,
      errors: [{ line: 7, column: 12, endLine: 7, endColumn: 57, path: 'spec.containers[0].image' }],
    },
  ],
});
