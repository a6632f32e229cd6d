import rule from '../../rules/cluster/apiserver-egress-allowed.js';
import { ruleTester } from '../rule-tester.js';

const options = { apiServerCIDRs: ['10.96.0.1', '2001:db8::1/128'] };

/** A Deployment `worker` in `shop` whose pods get no API token (or do, with `automount: true`). */
const worker = (automount = 'false', extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: worker, namespace: shop}
spec:
  selector: {matchLabels: {app: worker}}
  template:
    metadata: {labels: {app: worker}}
    spec:
      automountServiceAccountToken: ${automount}
      containers: [{name: w, image: registry.example.com/worker:1}]
${extra}`;

const egress = (to: string, ports = '') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: worker-egress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: worker}}
  policyTypes: [Egress]
  egress:
    - to:
        - ipBlock:
${to}${ports}`;

const anywhere = '            cidr: 0.0.0.0/0\n';

ruleTester(rule, {
  valid: [
    { name: 'off without apiServerCIDRs', files: { 'w.yaml': worker(), 'np.yaml': egress(anywhere) } },
    {
      name: 'the API server address is excepted',
      files: {
        'w.yaml': worker(),
        'np.yaml': egress(`${anywhere}            except: [10.0.0.0/8]\n`),
      },
      options,
    },
    {
      name: 'the selected pods mount a token, so they may need the API',
      files: { 'w.yaml': worker('true'), 'np.yaml': egress(anywhere) },
      options,
    },
    {
      name: 'a projected serviceAccountToken volume is an API credential',
      files: {
        'w.yaml': worker(
          'false',
          '      volumes:\n        - name: token\n          projected:\n            sources: [{serviceAccountToken: {path: token}}]\n',
        ),
        'np.yaml': egress(anywhere),
      },
      options,
    },
    {
      name: 'ports that exclude 443 and 6443',
      files: {
        'w.yaml': worker(),
        'np.yaml': egress(anywhere, '      ports:\n        - {protocol: TCP, port: 5432}\n'),
      },
      options,
    },
    {
      name: 'the policy selects no pod in the tree',
      files: { 'np.yaml': egress(anywhere) },
      options,
    },
  ],
  invalid: [
    {
      name: '0.0.0.0/0 from tokenless pods',
      files: { 'w.yaml': worker(), 'np.yaml': egress(anywhere) },
      options,
      errors: [
        {
          file: 'np.yaml',
          line: 10,
          column: 19,
          endLine: 10,
          endColumn: 28,
          message:
            'NetworkPolicy worker-egress allows egress to 0.0.0.0/0, which includes the API server address 10.96.0.1, from pods that have no API token (Deployment/shop/worker)',
          severity: 'medium',
          path: 'spec.egress[0].to[0].ipBlock.cidr',
        },
      ],
    },
    {
      name: 'an except that only partly covers an API server range leaves the rest reachable; port range 443-8443',
      files: {
        'w.yaml': worker(),
        'np.yaml': egress(
          '            cidr: 172.20.0.0/16\n            except: [172.20.0.0/29]\n',
          '      ports:\n        - {protocol: TCP, port: 443, endPort: 8443}\n',
        ),
      },
      options: { apiServerCIDRs: ['172.20.0.0/28'] },
      errors: [
        { file: 'np.yaml', line: 10, column: 19, endLine: 10, endColumn: 32, message: 'address 172.20.0.8' },
      ],
    },
    {
      name: 'IPv6 ::/0 in a Cilium toCIDRSet',
      files: {
        'w.yaml': worker(),
        'cnp.yaml': `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: w, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: worker}}
  egress:
    - toCIDRSet:
        - cidr: "::/0"
          except: ["fd00::/8"]
`,
      },
      options,
      errors: [
        {
          file: 'cnp.yaml',
          line: 8,
          column: 17,
          endLine: 8,
          endColumn: 23,
          message: 'API server address 2001:db8::1',
          path: 'spec.egress[0].toCIDRSet[0].cidr',
        },
      ],
    },
    {
      name: 'a ServiceAccount in the tree that disables automount makes the pod tokenless',
      files: {
        'w.yaml': worker('null').replace(
          '      automountServiceAccountToken: null\n',
          '      serviceAccountName: worker\n',
        ),
        'sa.yaml':
          'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: worker, namespace: shop}\nautomountServiceAccountToken: false\n',
        'np.yaml': egress(anywhere),
      },
      options,
      errors: [{ file: 'np.yaml', line: 10, column: 19, endLine: 10, endColumn: 28 }],
    },
  ],
});
