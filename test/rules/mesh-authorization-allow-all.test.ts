import rule from '../../rules/cluster/mesh-authorization-allow-all.js';
import { ruleTester } from '../rule-tester.js';

const namespace = (labels: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
${labels}`;

const allowNothing = (ns: string) => `---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: allow-nothing
  namespace: ${ns}
spec: {}
`;

const peerAuth = `---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-system}
spec: {mtls: {mode: STRICT}}
`;

ruleTester(rule, {
  valid: [
    {
      name: 'no Istio objects in the tree: an injected namespace alone says nothing',
      code: namespace('    istio-injection: enabled\n'),
    },
    {
      name: 'deny-by-default in the namespace itself',
      code: namespace('    istio-injection: enabled\n') + allowNothing('shop'),
    },
    {
      name: 'deny-by-default in the root namespace covers every namespace',
      code: namespace('    istio.io/dataplane-mode: ambient\n') + allowNothing('istio-system'),
    },
    {
      name: 'a custom root namespace',
      code: namespace('    istio.io/rev: canary\n') + allowNothing('mesh-root'),
      options: { rootNamespace: 'mesh-root' },
    },
    {
      name: 'a namespace not in the mesh, and injection disabled',
      code: `${namespace('    team: shop\n')}---
apiVersion: v1
kind: Namespace
metadata:
  name: batch
  labels: {istio-injection: disabled}
${peerAuth}`,
    },
    {
      name: 'ALLOW rules with conditions, and an empty rule in a DENY policy',
      code: `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  rules:
    - from: [{source: {principals: ["cluster.local/ns/shop/sa/frontend"]}}]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: deny-all, namespace: shop}
spec:
  action: DENY
  rules: [{}]
`,
    },
  ],
  invalid: [
    {
      name: 'an injected namespace with no deny-by-default policy',
      code: namespace('    app.kubernetes.io/part-of: shop\n    istio-injection: enabled\n') + peerAuth,
      errors: [
        {
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 29,
          message: 'Namespace shop is in the Istio mesh but no deny-by-default AuthorizationPolicy covers it',
          severity: 'low',
          path: 'metadata.labels.istio-injection',
        },
      ],
    },
    {
      name: 'a selector-scoped ALLOW policy is not deny-by-default, and an empty rule allows everything',
      code: `${namespace('    istio.io/dataplane-mode: ambient\n')}---
apiVersion: security.istio.io/v1beta1
kind: AuthorizationPolicy
metadata: {name: open, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  action: ALLOW
  rules:
    - {}
`,
      errors: [
        { line: 6, column: 5, endLine: 6, endColumn: 37, path: 'metadata.labels["istio.io/dataplane-mode"]' },
        {
          line: 15,
          column: 7,
          endLine: 15,
          endColumn: 9,
          message:
            'AuthorizationPolicy open has an empty ALLOW rule, which matches every request to the workloads it selects',
          path: 'spec.rules[0]',
        },
      ],
    },
  ],
});
