// Service mesh and governance rules.
import meshInjectionDisabled from '../../../rules/cluster/mesh-injection-disabled.js';
import mtlsNotStrict from '../../../rules/cluster/mtls-not-strict.js';
import namespaceWithoutLimitRange from '../../../rules/cluster/namespace-without-limit-range.js';
import namespaceWithoutResourceQuota from '../../../rules/cluster/namespace-without-resource-quota.js';
import { ruleTester } from '../../rule-tester.js';

const deployment = (ns: string, annotations = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${ns}
spec:
  template:
    metadata:
      labels: {app: web}
${annotations}    spec:
      containers:
      - name: c
        image: img:1
`;

const peerAuth = (ns: string, mtls: string) => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: ${ns}
spec:
${mtls}`;

ruleTester(mtlsNotStrict, {
  valid: [
    {
      name: 'mesh-wide STRICT in istio-system',
      files: {
        'a.yaml': deployment('shop'),
        'mesh.yaml': peerAuth('istio-system', '  mtls: {mode: STRICT}\n'),
      },
    },
    {
      name: 'namespace STRICT',
      files: { 'a.yaml': deployment('shop'), 'pa.yaml': peerAuth('shop', '  mtls:\n    mode: STRICT\n') },
    },
    { name: 'no Istio in the tree', code: deployment('shop') },
  ],
  invalid: [
    {
      name: 'PERMISSIVE, and a port left DISABLE',
      code: peerAuth(
        'shop',
        '  mtls:\n    mode: PERMISSIVE\n  portLevelMtls:\n    8080:\n      mode: DISABLE\n',
      ),
      errors: [
        { line: 8, column: 5, endLine: 8, endColumn: 21, path: 'spec.mtls.mode' },
        { line: 11, column: 7, endLine: 11, endColumn: 20, message: 'port 8080 mTLS mode DISABLE' },
      ],
    },
    {
      name: 'DestinationRule tls DISABLE',
      code: `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: db, namespace: istio-system}
spec:
  host: db.data.svc.cluster.local
  trafficPolicy:
    tls:
      mode: DISABLE
`,
      errors: [{ line: 8, column: 7, endLine: 8, endColumn: 20, path: 'spec.trafficPolicy.tls.mode' }],
    },
    {
      name: 'Istio in use, namespace without a STRICT policy',
      files: {
        'apps/a.yaml': deployment('shop'),
        'istio/pa.yaml': peerAuth('data', '  mtls: {mode: STRICT}\n'),
      },
      errors: [
        {
          file: 'apps/a.yaml',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 12,
          message: 'namespace shop has no STRICT PeerAuthentication',
        },
      ],
    },
  ],
});

const namespace = (name: string, labels = '') => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
${labels}`;

ruleTester(meshInjectionDisabled, {
  valid: [
    {
      name: 'no mesh: opt-outs mean nothing',
      code: deployment('shop', '      annotations: {sidecar.istio.io/inject: "false"}\n'),
    },
    {
      name: 'every namespace with workloads injected',
      files: {
        'ns.yaml': namespace('shop', '  labels: {istio-injection: enabled}\n'),
        'a.yaml': deployment('shop'),
      },
    },
  ],
  invalid: [
    {
      name: 'a workload opting out while its namespace is injected',
      files: {
        'ns.yaml': namespace('shop', '  labels: {istio-injection: enabled}\n'),
        'a.yaml': deployment('shop', '      annotations:\n        sidecar.istio.io/inject: "false"\n'),
      },
      errors: [
        {
          file: 'a.yaml',
          line: 11,
          column: 9,
          endLine: 11,
          endColumn: 41,
          path: 'spec.template.metadata.annotations["sidecar.istio.io/inject"]',
        },
      ],
    },
    {
      name: 'a namespace without injection while another has ambient mode',
      files: {
        'ns.yaml': `${namespace('shop', '  labels: {istio.io/dataplane-mode: ambient}\n')}---\n${namespace('billing', '  labels: {team: billing}\n')}`,
        'a.yaml': deployment('billing'),
      },
      errors: [
        {
          file: 'ns.yaml',
          line: 11,
          column: 3,
          endLine: 11,
          endColumn: 26,
          message: 'Namespace billing runs workloads but has no injection or ambient label',
        },
      ],
    },
    {
      name: 'istio-injection: disabled',
      files: {
        'ns.yaml': namespace('shop', '  labels:\n    istio-injection: disabled\n'),
        'pa.yaml': peerAuth('istio-system', '  mtls: {mode: STRICT}\n'),
      },
      errors: [{ file: 'ns.yaml', line: 6, column: 5, endLine: 6, endColumn: 30 }],
    },
  ],
});

const quota = (ns: string) => `apiVersion: v1
kind: ResourceQuota
metadata: {name: q, namespace: ${ns}}
spec: {hard: {pods: "10"}}
`;
const limits = (ns: string) => `apiVersion: v1
kind: LimitRange
metadata: {name: l, namespace: ${ns}}
spec: {limits: [{type: Container, default: {cpu: 500m}}]}
`;

ruleTester(namespaceWithoutResourceQuota, {
  valid: [
    { name: 'a quota in another file', files: { 'a.yaml': deployment('shop'), 'q.yaml': quota('shop') } },
  ],
  invalid: [
    {
      name: 'a quota for another namespace only',
      files: { 'ns.yaml': namespace('shop'), 'a.yaml': deployment('shop'), 'q.yaml': quota('billing') },
      errors: [{ file: 'ns.yaml', line: 4, column: 3, endLine: 4, endColumn: 13, severity: 'low' }],
    },
  ],
});

ruleTester(namespaceWithoutLimitRange, {
  valid: [
    {
      name: 'a LimitRange in another file',
      files: { 'a.yaml': deployment('shop'), 'l.yaml': limits('shop') },
    },
  ],
  invalid: [
    {
      name: 'none: reported on the first workload',
      files: { 'a.yaml': deployment('shop'), 'q.yaml': quota('shop') },
      errors: [
        {
          file: 'a.yaml',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 12,
          message: 'has no LimitRange (reported on Deployment/shop/web',
        },
      ],
    },
  ],
});
