// Network isolation rules, with policies in one file covering workloads in another.
import metadataApiEgressAllowed from '../../../rules/cluster/metadata-api-egress-allowed.js';
import namespaceWithoutDefaultDeny from '../../../rules/cluster/namespace-without-default-deny.js';
import networkPolicyAllowsAll from '../../../rules/cluster/network-policy-allows-all.js';
import networkPolicySelectsNothing from '../../../rules/cluster/network-policy-selects-nothing.js';
import podNotIsolated from '../../../rules/cluster/pod-not-isolated.js';
import { ruleTester } from '../../rule-tester.js';

const deployment = (name: string, ns = 'shop') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: c
        image: img:1
`;

const namespace = (name: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
`;

/** A Kubernetes NetworkPolicy; `spec` body from line 7. */
const policy = (spec: string, ns = 'shop', name = 'p') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${ns}
spec:
${spec}`;

const denyAll = policy('  podSelector: {}\n  policyTypes: [Ingress, Egress]\n');

ruleTester(namespaceWithoutDefaultDeny, {
  valid: [
    {
      name: 'deny-all in another folder',
      files: { 'apps/web.yaml': deployment('web'), 'net/deny.yaml': denyAll },
    },
    {
      name: 'matchLabels: {} selects all; DNS egress allowed is still a default deny',
      files: {
        'apps/web.yaml': deployment('web'),
        'net/deny.yaml': policy(
          '  podSelector: {matchLabels: {}}\n  policyTypes: [Ingress, Egress]\n  egress:\n  - ports:\n    - {port: 53, protocol: UDP}\n',
        ),
      },
    },
    {
      name: 'a Calico GlobalNetworkPolicy covers every namespace',
      files: {
        'apps/web.yaml': deployment('web'),
        'apps/api.yaml': deployment('api', 'payments'),
        'net/global.yaml': `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: default-deny}
spec:
  selector: projectcalico.org/namespace not in {'kube-system'}
  types: [Ingress, Egress]
`,
      },
    },
    {
      name: 'a Cilium clusterwide policy with empty ingress and egress sections',
      files: {
        'apps/web.yaml': deployment('web'),
        'net/cilium.yaml': `apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: default-deny}
spec:
  endpointSelector: {}
  ingress: [{}]
  egress: [{}]
`,
      },
    },
    { name: 'no workloads in the namespace', code: namespace('empty') },
  ],
  invalid: [
    {
      name: 'no policy at all: on the Namespace object from another file',
      files: { 'ns.yaml': namespace('shop'), 'apps/web.yaml': deployment('web') },
      errors: [
        {
          file: 'ns.yaml',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 13,
          message: 'denies ingress and egress by default',
        },
      ],
    },
    {
      name: 'ingress-only deny (default policyTypes), no Namespace object: on the first workload',
      files: { 'apps/web.yaml': deployment('web'), 'net/deny.yaml': policy('  podSelector: {}\n') },
      errors: [
        {
          file: 'apps/web.yaml',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 12,
          message: 'denies egress by default (reported on Deployment/shop/web',
        },
      ],
    },
    {
      name: 'a Calico policy with only egress rules and no types isolates egress only',
      files: {
        'apps/web.yaml': deployment('web'),
        'net/calico.yaml': `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: dns-only, namespace: shop}
spec:
  selector: all()
  egress:
  - action: Allow
    protocol: UDP
    destination: {ports: [53]}
`,
      },
      errors: [
        {
          file: 'apps/web.yaml',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 12,
          message: 'denies ingress by default',
        },
      ],
    },
    {
      name: 'a select-all policy that allows all ingress denies nothing',
      files: {
        'apps/web.yaml': deployment('web'),
        'net/p.yaml': policy('  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  ingress:\n  - {}\n'),
      },
      errors: [
        {
          file: 'apps/web.yaml',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 12,
          message: 'denies ingress by default',
        },
      ],
    },
  ],
});

ruleTester(podNotIsolated, {
  valid: [
    { name: 'no policies in the namespace', files: { 'a.yaml': deployment('web') } },
    {
      name: 'selected by matchExpressions in another file',
      files: {
        'a.yaml': deployment('web'),
        'p.yaml': policy(
          '  podSelector:\n    matchExpressions:\n    - {key: app, operator: In, values: [web, api]}\n',
        ),
      },
    },
    {
      name: 'selected by a Cilium policy with a k8s: prefixed label',
      files: {
        'a.yaml': deployment('web'),
        'p.yaml': `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  endpointSelector:
    matchLabels: {"k8s:app": web}
  ingress: [{}]
`,
      },
    },
  ],
  invalid: [
    {
      name: 'api is selected by no policy of shop',
      files: {
        'web.yaml': deployment('web'),
        'api.yaml': deployment('api'),
        'p.yaml': policy('  podSelector:\n    matchLabels: {app: web}\n'),
      },
      errors: [
        {
          file: 'api.yaml',
          line: 9,
          column: 7,
          endLine: 10,
          endColumn: 17,
          path: 'spec.template.metadata.labels',
        },
      ],
    },
  ],
});

ruleTester(networkPolicyAllowsAll, {
  valid: [
    {
      name: 'named peers',
      code: policy(
        '  podSelector: {}\n  ingress:\n  - from:\n    - podSelector: {matchLabels: {app: web}}\n',
      ),
    },
    {
      name: 'every source on one port',
      code: policy('  podSelector: {}\n  ingress:\n  - ports: [{port: 443}]\n'),
    },
    {
      name: 'namespaceSelector: {} together with a podSelector',
      code: policy(
        '  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector: {}\n      podSelector: {matchLabels: {app: prometheus}}\n',
      ),
    },
    {
      name: 'egress to 0.0.0.0/0 is the metadata rule’s concern',
      code: policy('  podSelector: {}\n  egress:\n  - to:\n    - ipBlock: {cidr: 0.0.0.0/0}\n'),
    },
  ],
  invalid: [
    {
      name: 'an empty rule, an empty peer, namespaceSelector {} and 0.0.0.0/0 ingress',
      code: policy(
        '  podSelector: {}\n  ingress:\n  - {}\n  - from:\n    - {}\n    - namespaceSelector: {}\n    - ipBlock:\n        cidr: ::/0\n',
      ),
      errors: [
        { line: 9, column: 5, endLine: 9, endColumn: 7, path: 'spec.ingress[0]' },
        { line: 11, column: 7, endLine: 11, endColumn: 9, path: 'spec.ingress[1].from[0]' },
        {
          line: 12,
          column: 7,
          endLine: 12,
          endColumn: 28,
          path: 'spec.ingress[1].from[1].namespaceSelector',
        },
        { line: 14, column: 9, endLine: 14, endColumn: 19, message: 'allows ::/0, every address' },
      ],
    },
  ],
});

const egressTo = (block: string, ports = '') =>
  policy(`  podSelector: {}\n  egress:\n  - to:\n    - ipBlock:\n${block}${ports}`);

ruleTester(metadataApiEgressAllowed, {
  valid: [
    {
      name: 'except 169.254.0.0/16 covers the metadata address',
      code: egressTo('        cidr: 0.0.0.0/0\n        except: [169.254.0.0/16]\n'),
    },
    { name: 'a public range not containing it', code: egressTo('        cidr: 52.0.0.0/8\n') },
    {
      name: 'only port 443',
      code: egressTo('        cidr: 0.0.0.0/0\n', '    ports:\n    - {port: 443, protocol: TCP}\n'),
    },
    {
      name: 'IPv6 with the AWS metadata address excepted',
      code: egressTo('        cidr: ::/0\n        except: ["fd00:ec2::/64"]\n'),
    },
  ],
  invalid: [
    {
      name: '0.0.0.0/0 excepting only private ranges',
      code: egressTo('        cidr: 0.0.0.0/0\n        except: [10.0.0.0/8, 169.254.169.0/31]\n'),
      errors: [
        {
          line: 11,
          column: 15,
          endLine: 11,
          endColumn: 24,
          severity: 'high',
          message: 'includes the cloud metadata address 169.254.169.254',
        },
      ],
    },
    {
      name: '169.254.0.0/16 itself, with a port range containing 80',
      code: egressTo('        cidr: 169.254.0.0/16\n', '    ports:\n    - {port: 1, endPort: 1024}\n'),
      errors: [{ line: 11, column: 15, endLine: 11, endColumn: 29 }],
    },
    {
      name: '::/0 reaches fd00:ec2::254',
      code: egressTo('        cidr: "::/0"\n'),
      errors: [{ line: 11, column: 15, endLine: 11, endColumn: 21, message: 'fd00:ec2::254' }],
    },
    {
      name: 'Cilium toCIDRSet',
      code: `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: c, namespace: shop}
spec:
  endpointSelector: {}
  egress:
  - toCIDRSet:
    - cidr: 0.0.0.0/0
      except: [10.0.0.0/8]
`,
      errors: [{ line: 8, column: 13, endLine: 8, endColumn: 22, path: 'spec.egress[0].toCIDRSet[0].cidr' }],
    },
  ],
});

ruleTester(networkPolicySelectsNothing, {
  valid: [
    {
      name: 'selects a workload in another file',
      files: {
        'a.yaml': deployment('web'),
        'p.yaml': policy('  podSelector:\n    matchLabels: {app: web}\n'),
      },
    },
    {
      name: 'no workloads of that namespace in the tree',
      files: {
        'a.yaml': deployment('web', 'other'),
        'p.yaml': policy('  podSelector:\n    matchLabels: {app: x}\n'),
      },
    },
    { name: 'select-all', files: { 'a.yaml': deployment('web'), 'p.yaml': denyAll } },
  ],
  invalid: [
    {
      name: 'a renamed label',
      files: {
        'a.yaml': deployment('web'),
        'p.yaml': policy('  podSelector:\n    matchLabels: {app: website}\n'),
      },
      errors: [
        {
          file: 'p.yaml',
          line: 7,
          column: 3,
          endLine: 8,
          endColumn: 32,
          severity: 'low',
          path: 'spec.podSelector',
        },
      ],
    },
    {
      name: 'a Calico selector matching nothing',
      files: {
        'a.yaml': deployment('web'),
        'p.yaml': `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: c, namespace: shop}
spec:
  selector: app == 'webb'
`,
      },
      errors: [{ file: 'p.yaml', line: 5, column: 3, endLine: 5, endColumn: 26 }],
    },
  ],
});
