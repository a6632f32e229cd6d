import rule from '../../rules/references/ingress-backend-missing.js';
import { ruleTester } from '../rule-tester.js';

const svc = (name: string, ns = 'shop') => `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {app: ${name}}
  ports: [{name: http, port: 80, targetPort: 8080}]
`;

const ingress = (service: string, port: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: shop}
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: ${service}
                port: {${port}}
`;

ruleTester(rule, {
  valid: [
    {
      name: 'Service and port number exist',
      files: { 's.yaml': svc('web'), 'i.yaml': ingress('web', 'number: 80') },
    },
    { name: 'port by name', files: { 's.yaml': svc('web'), 'i.yaml': ingress('web', 'name: http') } },
    {
      name: 'the tree defines no Service in the namespace',
      files: { 's.yaml': svc('web', 'other'), 'i.yaml': ingress('api', 'number: 80') },
    },
    {
      name: 'an HTTPRoute to another kind, and an external VirtualService host',
      files: {
        's.yaml': svc('web'),
        'r.yaml': `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: shop}
spec:
  rules:
    - backendRefs: [{group: example.com, kind: Bucket, name: assets}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: v, namespace: shop}
spec:
  hosts: [shop.example.com]
  http:
    - route: [{destination: {host: api.example.com}}]
`,
      },
    },
  ],
  invalid: [
    {
      name: 'an Ingress to a missing Service',
      files: { 's.yaml': svc('web'), 'i.yaml': ingress('frontend', 'number: 80') },
      errors: [
        {
          file: 'i.yaml',
          line: 13,
          column: 23,
          endLine: 13,
          endColumn: 31,
          message:
            'Ingress shop routes to Service frontend, which the tree does not define in namespace shop',
          severity: 'medium',
          path: 'spec.rules[0].http.paths[0].backend.service.name',
        },
      ],
    },
    {
      name: 'an Ingress to a port the Service lacks',
      files: { 's.yaml': svc('web'), 'i.yaml': ingress('web', 'number: 8080') },
      errors: [
        {
          file: 'i.yaml',
          line: 14,
          column: 32,
          endLine: 14,
          endColumn: 36,
          message: 'routes to port 8080 of Service web, which defines no such port',
          path: 'spec.rules[0].http.paths[0].backend.service.port.number',
        },
      ],
    },
    {
      name: 'an HTTPRoute port and a VirtualService host in FQDN form',
      files: {
        's.yaml': svc('web'),
        'r.yaml': `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: shop}
spec:
  rules:
    - backendRefs:
        - name: web
          port: 8080
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: v, namespace: edge}
spec:
  hosts: [shop.example.com]
  http:
    - route:
        - destination:
            host: api.shop.svc.cluster.local
            port: {number: 80}
`,
      },
      errors: [
        {
          file: 'r.yaml',
          line: 8,
          column: 17,
          endLine: 8,
          endColumn: 21,
          path: 'spec.rules[0].backendRefs[0].port',
        },
        {
          file: 'r.yaml',
          line: 18,
          column: 19,
          endLine: 18,
          endColumn: 45,
          message: 'VirtualService v routes to Service api, which the tree does not define in namespace shop',
          path: 'spec.http[0].route[0].destination.host',
        },
      ],
    },
  ],
});
