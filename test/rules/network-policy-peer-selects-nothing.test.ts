import rule from '../../rules/references/network-policy-peer-selects-nothing.js';
import { ruleTester } from '../rule-tester.js';

const deploy = (name: string, ns = 'shop') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: c, image: nginx:1.27}]}
`;

const policy = (peer: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress:
    - from:
${peer}`;

ruleTester(rule, {
  valid: [
    {
      name: 'the peer selects a workload',
      files: {
        'd.yaml': `${deploy('api')}---\n${deploy('web')}`,
        'p.yaml': policy('        - podSelector: {matchLabels: {app: web}}\n'),
      },
    },
    {
      name: 'a namespaceSelector that can pick any namespace',
      files: {
        'd.yaml': deploy('api'),
        'p.yaml': policy(
          '        - namespaceSelector: {matchLabels: {team: edge}}\n          podSelector: {matchLabels: {app: proxy}}\n',
        ),
      },
    },
    {
      name: 'a named namespace the tree runs nothing in',
      files: {
        'd.yaml': deploy('api'),
        'p.yaml': policy(
          '        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}\n          podSelector: {matchLabels: {app: controller}}\n',
        ),
      },
    },
    {
      name: 'a named namespace with pods in the tree but no Namespace object (kube-system, say)',
      files: {
        'd.yaml': `${deploy('api')}---\n${deploy('etcd', 'kube-system')}`,
        'p.yaml': policy(
          '        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}\n          podSelector: {matchLabels: {k8s-app: kube-dns}}\n',
        ),
      },
    },
  ],
  invalid: [
    {
      name: 'a peer in the policy namespace matching nothing',
      files: {
        'd.yaml': `${deploy('api')}---\n${deploy('web')}`,
        'p.yaml': policy('        - podSelector: {matchLabels: {app: frontend}}\n'),
      },
      errors: [
        {
          file: 'p.yaml',
          line: 8,
          column: 11,
          endLine: 8,
          endColumn: 22,
          message:
            "NetworkPolicy api: the ingress peer's podSelector matches no pod template in namespace shop",
          severity: 'low',
          path: 'spec.ingress[0].from[0].podSelector',
        },
      ],
    },
    {
      name: 'a peer in a namespace named by kubernetes.io/metadata.name, whose Namespace the tree holds',
      files: {
        'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: batch}\n',
        'd.yaml': `${deploy('api')}---\n${deploy('worker', 'batch')}`,
        'p.yaml': policy(
          '        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: batch}}\n          podSelector: {matchLabels: {app: api}}\n',
        ),
      },
      errors: [
        { file: 'p.yaml', line: 9, column: 11, endLine: 9, endColumn: 22, message: 'in namespace batch' },
      ],
    },
  ],
});
