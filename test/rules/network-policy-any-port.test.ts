import rule from '../../rules/cluster/network-policy-any-port.js';
import { ruleTester } from '../rule-tester.js';

const np = (body: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: api}
${body}`;

ruleTester(rule, {
  valid: [
    {
      name: 'ingress from a peer on one port',
      code: np(`  ingress:
    - from:
        - podSelector: {matchLabels: {app: web}}
      ports:
        - {protocol: TCP, port: 8080}
`),
    },
    {
      name: 'egress to kube-dns that lists 53/UDP and 53/TCP',
      code: np(`  policyTypes: [Egress]
  egress:
    - to:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
          podSelector: {matchLabels: {k8s-app: kube-dns}}
      ports:
        - {protocol: UDP, port: 53}
        - {protocol: TCP, port: 53}
`),
    },
    {
      name: 'a rule with no peers allows everything (network-policy-allows-all reports it)',
      code: np('  ingress:\n    - {}\n'),
    },
    {
      name: 'an explicitly empty from list is "all sources", not named peers',
      code: np('  ingress:\n    - from: []\n'),
    },
    {
      name: 'Calico Deny rule and an ICMP-only Allow rule',
      code: `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: p, namespace: shop}
spec:
  selector: app == 'api'
  ingress:
    - action: Deny
      source: {selector: app == 'web'}
    - action: Allow
      protocol: ICMP
      source: {selector: app == 'web'}
    - action: Allow
      protocol: TCP
      source: {selector: app == 'web'}
      destination: {ports: [8080]}
`,
    },
    {
      name: 'Cilium rule with toPorts, and one to the all entity',
      code: `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: p, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: api}}
  egress:
    - toEndpoints: [{matchLabels: {app: db}}]
      toPorts:
        - ports: [{port: "5432", protocol: TCP}]
    - toEntities: [all]
`,
    },
  ],
  invalid: [
    {
      name: 'ingress from pods and egress to a CIDR, neither with ports',
      code: np(`  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - podSelector: {matchLabels: {app: web}}
  egress:
    - to:
        - ipBlock: {cidr: 10.0.0.0/8}
`),
      errors: [
        {
          line: 11,
          column: 7,
          endLine: 11,
          endColumn: 11,
          message: 'NetworkPolicy api: ingress rule 1 lists peers but no ports',
          severity: 'low',
          path: 'spec.ingress[0].from',
        },
        {
          line: 14,
          column: 7,
          endLine: 14,
          endColumn: 9,
          message: 'egress rule 1',
          path: 'spec.egress[0].to',
        },
      ],
    },
    {
      name: 'egress to kube-dns without ports is no exception',
      code: np(`  policyTypes: [Egress]
  egress:
    - to:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
          podSelector: {matchLabels: {k8s-app: kube-dns}}
      ports: []
`),
      errors: [{ line: 11, column: 7, endLine: 11, endColumn: 9, path: 'spec.egress[0].to' }],
    },
    {
      name: 'Calico Allow with a source selector and no destination ports',
      code: `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: g}
spec:
  selector: all()
  ingress:
    - action: Allow
      protocol: TCP
      source:
        selector: role == 'frontend'
`,
      errors: [{ line: 9, column: 7, endLine: 9, endColumn: 13, path: 'spec.ingress[0].source' }],
    },
    {
      name: 'Cilium egress to endpoints without toPorts (in specs[1])',
      code: `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: c, namespace: shop}
specs:
  - endpointSelector: {matchLabels: {app: api}}
    egress:
      - toEndpoints: [{matchLabels: {app: db}}]
        toPorts: [{ports: [{port: "5432"}]}]
  - endpointSelector: {matchLabels: {app: web}}
    egress:
      - toEndpoints: [{matchLabels: {app: api}}]
`,
      errors: [{ line: 11, column: 9, endLine: 11, endColumn: 20, path: 'specs[1].egress[0].toEndpoints' }],
    },
  ],
});
