import rule from '../../rules/cluster/openshift-route-insecure.js';
import { ruleTester } from '../rule-tester.js';

/** A Route; `spec` body from line 7. */
const route = (spec: string, apiVersion = 'route.openshift.io/v1') => `apiVersion: ${apiVersion}
kind: Route
metadata:
  name: shop
  namespace: shop
spec:
  to: {kind: Service, name: shop}
${spec}`;

ruleTester(rule, {
  valid: [
    { name: 'edge TLS', code: route('  tls:\n    termination: edge\n') },
    {
      name: 'edge TLS redirecting plain HTTP',
      code: route('  tls:\n    termination: edge\n    insecureEdgeTerminationPolicy: Redirect\n'),
    },
    { name: 'passthrough', code: route('  tls: {termination: passthrough}\n') },
    {
      name: 'a Route of another group is not an OpenShift Route',
      code: route('', 'example.com/v1'),
    },
  ],
  invalid: [
    {
      name: 'no tls: reported on spec',
      code: route(''),
      errors: [
        {
          line: 6,
          column: 1,
          endLine: 6,
          endColumn: 5,
          severity: 'medium',
          path: 'spec.tls',
          message: 'Route shop has no spec.tls',
        },
      ],
    },
    {
      name: 'tls: null is no TLS, reported on the written field',
      code: route('  tls: null\n'),
      errors: [{ line: 8, column: 3, endLine: 8, endColumn: 12, path: 'spec.tls' }],
    },
    {
      name: 'insecureEdgeTerminationPolicy: Allow',
      code: route('  tls:\n    termination: edge\n    insecureEdgeTerminationPolicy: Allow\n'),
      errors: [
        {
          line: 10,
          column: 5,
          endLine: 10,
          endColumn: 41,
          path: 'spec.tls.insecureEdgeTerminationPolicy',
          message: 'set it to Redirect',
        },
      ],
    },
    {
      name: 'an OpenShift 3 v1 Route without TLS',
      code: route('', 'v1'),
      errors: [{ line: 6, column: 1, endLine: 6, endColumn: 5 }],
    },
  ],
});
