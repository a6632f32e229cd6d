import { describe, expect, it } from 'vitest';
import rule from '../../rules/cluster/image-not-covered-by-signature-policy.js';
import {
  kyvernoImageString,
  kyvernoWildcard,
  sigstoreGlobMatches,
  sigstoreImageName,
} from '../../src/model/image-policy.js';
import { ruleTester } from '../rule-tester.js';

describe('image names and patterns as each engine sees them', () => {
  it('Kyverno: docker.io without library/, latest by default, digest instead of tag', () => {
    expect(kyvernoImageString('nginx')).toBe('docker.io/nginx:latest');
    expect(kyvernoImageString('bitnami/redis:7')).toBe('docker.io/bitnami/redis:7');
    expect(kyvernoImageString('ghcr.io/acme/api:1.2@sha256:abc')).toBe('ghcr.io/acme/api@sha256:abc');
    expect(kyvernoImageString('localhost:5000/app')).toBe('localhost:5000/app:latest');
    expect(kyvernoWildcard('ghcr.io/acme/*').test('ghcr.io/acme/team/api:1')).toBe(true);
    expect(kyvernoWildcard('ghcr.io/acme/api:?.?').test('ghcr.io/acme/api:1.2')).toBe(true);
    expect(kyvernoWildcard('ghcr.io/acme/api:?.?').test('ghcr.io/acme/api:1.20')).toBe(false);
  });

  it('policy-controller: index.docker.io/library, * stops at /, ** does not', () => {
    expect(sigstoreImageName('nginx')).toBe('index.docker.io/library/nginx:latest');
    expect(sigstoreImageName('docker.io/bitnami/redis:7')).toBe('index.docker.io/bitnami/redis:7');
    expect(sigstoreGlobMatches('ghcr.io/acme/*', 'ghcr.io/acme/api:1.0')).toBe(true);
    expect(sigstoreGlobMatches('ghcr.io/acme/*', 'ghcr.io/acme/team/api:1.0')).toBe(false);
    expect(sigstoreGlobMatches('ghcr.io/acme/**', 'ghcr.io/acme/team/api:1.0')).toBe(true);
    expect(sigstoreGlobMatches('*', 'nginx')).toBe(true);
    expect(sigstoreGlobMatches('docker.io/library/*', 'nginx')).toBe(false);
    expect(sigstoreGlobMatches('ghcr.io/acme/[a-z]*', 'ghcr.io/acme/api')).toBe(false);
  });
});

const pod = (image: string, ns = 'shop') => `apiVersion: v1
kind: Pod
metadata: {name: app, namespace: ${ns}}
spec:
  containers:
    - name: app
      image: ${image}
`;

const kyverno = (action: string, refs: string, extra = '') => `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: verify}
spec:
  validationFailureAction: ${action}
  rules:
    - name: signed
      match:
        any:
          - resources: {kinds: [Pod]${extra}}
      verifyImages:
        - imageReferences: [${refs}]
          attestors: [{entries: [{keys: {publicKeys: "k"}}]}]
`;

const cip = (glob: string, mode = 'enforce') => `apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: {name: signed}
spec:
  mode: ${mode}
  images: [{glob: "${glob}"}]
  authorities: [{keyless: {url: https://fulcio.sigstore.dev}}]
`;

const namespace = (labels: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {${labels}}
`;

ruleTester(rule, {
  valid: [
    { name: 'no signature policy in the tree', files: { 'p.yaml': pod('nginx:1.27') } },
    {
      name: 'Kyverno pattern matches the normalised name',
      files: { 'p.yaml': pod('nginx:1.27'), 'k.yaml': kyverno('Enforce', '"docker.io/nginx:*"') },
    },
    {
      name: 'Kyverno: another namespace is excluded, not this one',
      files: {
        'p.yaml': pod('ghcr.io/acme/api:1'),
        'k.yaml': kyverno('Enforce', '"ghcr.io/acme/*"', ', namespaces: ["sh*"]'),
      },
    },
    {
      name: 'policy-controller glob in an included namespace',
      files: {
        'p.yaml': pod('ghcr.io/acme/team/api:1'),
        'ns.yaml': namespace('policy.sigstore.dev/include: "true"'),
        'c.yaml': cip('ghcr.io/acme/**'),
      },
    },
    {
      name: 'policy-controller: the Namespace object is not in the tree, so its opt-in is unknown',
      files: { 'p.yaml': pod('ghcr.io/acme/api:1'), 'c.yaml': cip('ghcr.io/acme/*') },
    },
    {
      name: 'Ratify constraint with no namespace limits covers every image',
      files: {
        'p.yaml': pod('nginx'),
        'r.yaml':
          'apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: RatifyVerification\nmetadata: {name: ratify}\nspec:\n  match: {kinds: [{apiGroups: [""], kinds: [Pod]}]}\n',
      },
    },
    {
      name: 'Connaisseur: its policy is in Helm values, so every image counts as covered',
      files: {
        'p.yaml': pod('nginx'),
        'w.yaml':
          'apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata: {name: connaisseur-webhook}\nwebhooks: []\n',
      },
    },
    {
      name: 'the workload namespace is not written: a namespace-scoped policy may apply',
      code: `${pod('ghcr.io/acme/api:1').replace(', namespace: shop', '')}---
${kyverno('Enforce', '"ghcr.io/acme/*"', ', namespaces: [shop]')}`,
    },
  ],
  invalid: [
    {
      name: 'Kyverno pattern does not match, and a one-word image gets no library/',
      files: {
        'p.yaml': pod('nginx:1.27'),
        'k.yaml': kyverno('Enforce', '"ghcr.io/acme/*", "docker.io/library/*"'),
      },
      errors: [
        {
          file: 'p.yaml',
          line: 7,
          column: 14,
          endLine: 7,
          endColumn: 24,
          message:
            'container "app" runs nginx:1.27, which no enforcing signature policy covers: ClusterPolicy/verify (ghcr.io/acme/*, docker.io/library/* does not match docker.io/nginx:1.27)',
          severity: 'medium',
          path: 'spec.containers[0].image',
        },
      ],
    },
    {
      name: 'an Audit policy is not enforcing (Kyverno defaults to Audit)',
      files: { 'p.yaml': pod('ghcr.io/acme/api:1'), 'k.yaml': kyverno('Audit', '"ghcr.io/acme/*"') },
      errors: [
        { file: 'p.yaml', line: 7, column: 14, endLine: 7, endColumn: 32, message: 'audit/warn only' },
      ],
    },
    {
      name: 'policy-controller skips a Namespace without the include label',
      files: {
        'ns.yaml': namespace('team: shop'),
        'p.yaml': pod('ghcr.io/acme/api:1'),
        'c.yaml': cip('ghcr.io/acme/**'),
      },
      errors: [
        {
          file: 'p.yaml',
          line: 7,
          column: 14,
          endLine: 7,
          endColumn: 32,
          message:
            'ClusterImagePolicy/signed (namespace shop is not labelled policy.sigstore.dev/include: "true")',
        },
      ],
    },
    {
      name: 'policy-controller: * does not cross /, in a Deployment init container',
      files: {
        'ns.yaml': namespace('policy.sigstore.dev/include: "true"'),
        'c.yaml': cip('ghcr.io/acme/*'),
        'd.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      initContainers:
        - name: migrate
          image: ghcr.io/acme/tools/migrate:2
      containers:
        - name: api
          image: ghcr.io/acme/api:2
`,
      },
      errors: [
        {
          file: 'd.yaml',
          line: 11,
          column: 18,
          endLine: 11,
          endColumn: 46,
          message: 'does not match ghcr.io/acme/tools/migrate:2',
          path: 'spec.template.spec.initContainers[0].image',
        },
      ],
    },
    {
      name: 'Kyverno exclude of the namespace, and a Ratify constraint in dry-run',
      files: {
        'p.yaml': pod('ghcr.io/acme/api:1'),
        'k.yaml': `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: verify}
spec:
  rules:
    - name: signed
      match:
        any: [{resources: {kinds: [Pod]}}]
      exclude:
        any: [{resources: {namespaces: [shop]}}]
      verifyImages:
        - imageReferences: ["*"]
          failureAction: Enforce
`,
        'r.yaml':
          'apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: RatifyVerification\nmetadata: {name: ratify}\nspec:\n  enforcementAction: dryrun\n',
      },
      errors: [
        {
          file: 'p.yaml',
          line: 7,
          column: 14,
          endLine: 7,
          endColumn: 32,
          message:
            'ClusterPolicy/verify (it does not apply in namespace shop); RatifyVerification/ratify (Ratify (Gatekeeper), audit/warn only)',
        },
      ],
    },
    {
      name: 'Kyverno skips kube-system by default, so a static pod there is uncovered',
      files: {
        'p.yaml': pod('registry.k8s.io/etcd:3.6.4-0', 'kube-system'),
        'k.yaml': kyverno('Enforce', '"*"'),
      },
      errors: [
        {
          file: 'p.yaml',
          line: 7,
          column: 14,
          endLine: 7,
          endColumn: 42,
          message: 'ClusterPolicy/verify (Kyverno skips namespace kube-system by default',
        },
      ],
    },
  ],
});
