import { describe, expect, it } from 'vitest';
import rule from '../../rules/workload/workload-exposed.js';
import { lintCase, ruleTester } from '../rule-tester.js';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers: [{name: web, image: web:1}]
`;

const service = (selector: string, ns = 'shop') => `apiVersion: v1
kind: Service
metadata: {name: web, namespace: ${ns}}
spec:
${selector}  ports: [{port: 80}]
`;

const INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: public, namespace: shop}
spec:
  rules:
  - http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service: {name: web, port: {number: 80}}
`;

ruleTester(rule, {
  valid: [
    {
      name: 'Service selected but not routed',
      files: { 'deploy.yaml': DEPLOYMENT, 'svc.yaml': service('  selector: {app: web}\n') },
    },
    {
      name: 'routed Service without a selector (hand-made Endpoints)',
      files: { 'deploy.yaml': DEPLOYMENT, 'svc.yaml': service(''), 'ing.yaml': INGRESS },
    },
    {
      name: 'routed Service selecting other pods',
      files: {
        'deploy.yaml': DEPLOYMENT,
        'svc.yaml': service('  selector: {app: api}\n'),
        'ing.yaml': INGRESS,
      },
    },
    {
      name: 'Service in another namespace than the route',
      files: {
        'deploy.yaml': DEPLOYMENT.replace('namespace: shop', 'namespace: other'),
        'svc.yaml': service('  selector: {app: web}\n', 'other'),
        'ing.yaml': INGRESS,
      },
    },
  ],
  invalid: [
    {
      name: 'Ingress -> Service -> Deployment',
      files: {
        'deploy.yaml': DEPLOYMENT,
        'svc.yaml': service('  selector: {app: web}\n'),
        'ing.yaml': INGRESS,
      },
      errors: [
        {
          file: 'deploy.yaml',
          line: 8,
          column: 7,
          endLine: 8,
          endColumn: 25,
          message:
            'Deployment "web" is reachable from outside the cluster through Ingress "public" and Service "web"',
          severity: 'info',
          path: 'spec.template.metadata.labels',
        },
      ],
    },
    {
      name: 'HTTPRoute with a cross-namespace backendRef to a bare Pod',
      files: {
        'pod.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: api
  namespace: backend
  labels:
    app: api
spec:
  containers: [{name: api, image: api:1}]
`,
        'svc.yaml': `apiVersion: v1
kind: Service
metadata: {name: api, namespace: backend}
spec:
  selector: {app: api}
  ports: [{port: 8080}]
`,
        'route.yaml': `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: api, namespace: edge}
spec:
  parentRefs: [{name: gw}]
  rules:
  - backendRefs:
    - {name: api, namespace: backend, port: 8080}
`,
      },
      errors: [
        {
          file: 'pod.yaml',
          line: 6,
          column: 3,
          endLine: 7,
          endColumn: 13,
          message: 'through HTTPRoute "api" and Service "api"',
          path: 'metadata.labels',
        },
      ],
    },
  ],
});

describe('workload-exposed related locations', () => {
  it('lists the route backend and the Service selector of the chain', () => {
    const findings = lintCase(rule, {
      files: {
        'deploy.yaml': DEPLOYMENT,
        'svc.yaml': service('  selector: {app: web}\n'),
        'ing.yaml': INGRESS,
      },
    }).filter((f) => f.ruleId === 'workload-exposed');
    expect(findings).toHaveLength(1);
    expect(
      findings[0]!.related.map((r) => [
        r.file,
        r.startLine,
        r.startColumn,
        r.endLine,
        r.endColumn,
        r.message,
      ]),
    ).toEqual([
      ['ing.yaml', 11, 21, 11, 30, 'Ingress "public" routes to Service "web"'],
      ['svc.yaml', 5, 3, 5, 23, 'Service "web" selects the workload\'s pods'],
    ]);
  });
});
