import rule from '../../rules/cluster/ingress-nginx-snippets.js';
import { ruleTester } from '../rule-tester.js';

/** An Ingress with one annotation (on line 7, key from column 5). */
const ingress = (annotation: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
  annotations:
    ${annotation}
spec:
  rules: [{host: shop.example.com}]
`;

/** The controller ConfigMap with one data entry (on line 7). */
const configMap = (entry: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
data:
  ${entry}
`;

ruleTester(rule, {
  valid: [
    {
      name: 'another ingress-nginx annotation',
      code: ingress('nginx.ingress.kubernetes.io/rewrite-target: /'),
    },
    {
      name: 'a snippet annotation of another controller prefix',
      code: ingress('example.com/configuration-snippet: "x"'),
    },
    { name: 'snippets disallowed', code: configMap('allow-snippet-annotations: "false"') },
    {
      name: 'a snippet written by the operator in the controller ConfigMap',
      code: configMap('http-snippet: "proxy_cache_path /tmp/c levels=1:2 keys_zone=c:10m;"'),
    },
    {
      name: 'a snippet annotation on a Service is not read by ingress-nginx',
      code: ingress('nginx.ingress.kubernetes.io/server-snippet: "x"')
        .replace('networking.k8s.io/v1', 'v1')
        .replace('kind: Ingress', 'kind: Service'),
    },
  ],
  invalid: [
    {
      name: 'configuration-snippet on an Ingress',
      code: ingress('nginx.ingress.kubernetes.io/configuration-snippet: "more_set_headers \\"X: y\\";"'),
      errors: [
        {
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 54,
          severity: 'medium',
          message: 'with nginx.ingress.kubernetes.io/configuration-snippet',
          path: 'metadata.annotations["nginx.ingress.kubernetes.io/configuration-snippet"]',
        },
      ],
    },
    {
      name: 'server-snippet and auth-snippet, each reported',
      code: ingress(
        'nginx.ingress.kubernetes.io/server-snippet: "location /x {}"\n    nginx.ingress.kubernetes.io/auth-snippet: "x"',
      ),
      errors: [
        { line: 7, column: 5, endLine: 7, endColumn: 47, message: 'server-snippet' },
        { line: 8, column: 5, endLine: 8, endColumn: 45, message: 'auth-snippet' },
      ],
    },
    {
      name: 'the controller ConfigMap allows snippets',
      code: configMap('allow-snippet-annotations: "true"'),
      errors: [
        {
          line: 7,
          column: 30,
          endLine: 7,
          endColumn: 36,
          severity: 'high',
          path: 'data.allow-snippet-annotations',
          message: 'set allow-snippet-annotations: "false"',
        },
      ],
    },
  ],
});
