import rule from '../../rules/references/service-target-port-invalid.js';
import { ruleTester } from '../rule-tester.js';

const deploy = (ports: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports: ${ports}
`;

const svc = (targetPort: string) => `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports:
    - port: 80
      targetPort: ${targetPort}
`;

/** A Helm test hook carrying the Service's labels but no ports (FP cause 9). */
const testHook = `apiVersion: v1
kind: Pod
metadata:
  name: web-test
  namespace: shop
  labels: {app: web}
  annotations: {helm.sh/hook: test}
spec:
  restartPolicy: Never
  containers: [{name: wget, image: busybox:1.36, command: [wget, web:80]}]
`;

ruleTester(rule, {
  valid: [
    {
      name: 'a Helm test hook is no backend',
      files: {
        'd.yaml': deploy('[{name: http, containerPort: 8080}]'),
        's.yaml': svc('http'),
        't.yaml': testHook,
      },
    },
    {
      name: 'the pods name the port',
      files: { 'd.yaml': deploy('[{name: http, containerPort: 8080}]'), 's.yaml': svc('http') },
    },
    { name: 'a numeric target port', files: { 'd.yaml': deploy('[]'), 's.yaml': svc('8080') } },
    { name: 'selects no pod in the tree', files: { 's.yaml': svc('http') } },
    {
      name: 'an unresolved Kustomize variable is not a port name',
      files: { 'd.yaml': deploy('[]'), 's.yaml': svc('"$(HTTP_PORT)"') },
    },
  ],
  invalid: [
    {
      name: 'a Pod without the hook annotation is a backend',
      files: {
        'd.yaml': deploy('[{name: http, containerPort: 8080}]'),
        's.yaml': svc('http'),
        't.yaml': testHook.replace('  annotations: {helm.sh/hook: test}\n', ''),
      },
      errors: [
        {
          file: 's.yaml',
          line: 8,
          column: 19,
          endLine: 8,
          endColumn: 23,
          message: 'which Pod/shop/web-test does not define',
        },
      ],
    },
    {
      name: 'the pods have no port of that name',
      files: { 'd.yaml': deploy('[{name: web, containerPort: 8080}]'), 's.yaml': svc('http') },
      errors: [
        {
          file: 's.yaml',
          line: 8,
          column: 19,
          endLine: 8,
          endColumn: 23,
          message: 'Service web targets port "http", which Deployment/shop/web does not define',
          severity: 'medium',
          path: 'spec.ports[0].targetPort',
        },
      ],
    },
  ],
});
