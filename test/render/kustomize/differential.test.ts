// Differential test against the real kustomize: generated trees (a base, an optional component, an
// overlay with patches with and without targets, JSON 6902, generators, prefixes, namespaces,
// images, replicas) are built by kubeharden and by `kubectl kustomize`; the outputs must be equal
// byte for byte, or both must fail.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kustomizeBuild } from '../../../src/render/kustomize/index.js';
import { kubectlBinary, kubectlKustomize } from './oracle.js';

const kubectl = kubectlBinary();

const name = fc.constantFrom('web', 'api', 'db', 'cache');
const label = fc.constantFrom('app', 'tier', 'team', 'app.kubernetes.io/name');
const value = fc.constantFrom('a', 'b', 'true', '1', 'x y', '0755', 'on');
const image = fc.constantFrom('nginx', 'nginx:1.27', 'registry.example.com/app:2', 'busybox@sha256:abc');

const container = fc.record({
  name: fc.constantFrom('main', 'side'),
  image,
  port: fc.option(fc.constantFrom(80, 8080), { nil: undefined }),
  env: fc.array(fc.record({ name: fc.constantFrom('A', 'B'), value }), { maxLength: 2 }),
});

const deployment = fc.record({
  name,
  labels: fc.dictionary(label, value, { maxKeys: 2 }),
  replicas: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  containers: fc.uniqueArray(container, { minLength: 1, maxLength: 2, selector: (c) => c.name }),
  configMap: fc.option(fc.constantFrom('settings', 'env'), { nil: undefined }),
});

const smpPatch = fc.record({
  target: fc.boolean(),
  container: fc.constantFrom('main', 'side', 'extra'),
  privileged: fc.boolean(),
  envValue: fc.option(value, { nil: undefined }),
  deleteContainer: fc.boolean(),
});

const tree = fc.record({
  deployments: fc.uniqueArray(deployment, { minLength: 1, maxLength: 3, selector: (d) => d.name }),
  service: fc.boolean(),
  baseGenerator: fc.option(
    fc.dictionary(fc.constantFrom('k1', 'k2', 'k3'), value, { minKeys: 1, maxKeys: 3 }),
    { nil: undefined },
  ),
  basePrefix: fc.option(fc.constantFrom('base-', 'b-'), { nil: undefined }),
  commonLabels: fc.option(fc.dictionary(label, value, { minKeys: 1, maxKeys: 2 }), { nil: undefined }),
  component: fc.option(fc.dictionary(label, value, { minKeys: 1, maxKeys: 1 }), { nil: undefined }),
  namespace: fc.option(fc.constantFrom('prod', 'dev'), { nil: undefined }),
  prefix: fc.option(fc.constantFrom('p-', 'x-'), { nil: undefined }),
  suffix: fc.option(fc.constantFrom('-s', '-v2'), { nil: undefined }),
  images: fc.option(
    fc.record({ name: fc.constantFrom('nginx', 'busybox'), newTag: fc.constantFrom('1.0', 'latest') }),
    {
      nil: undefined,
    },
  ),
  patches: fc.array(smpPatch, { maxLength: 2 }),
  json6902: fc.option(fc.constantFrom('replace-image', 'add-label', 'remove-replicas'), { nil: undefined }),
  overlayGenerator: fc.option(fc.constantFrom('create', 'merge', 'replace'), { nil: undefined }),
  replicas: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
});

type Tree = typeof tree extends fc.Arbitrary<infer T> ? T : never;

const q = (s: string): string => JSON.stringify(s);

function write(root: string, files: Record<string, string>): void {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
}

function files(t: Tree): Record<string, string> {
  const out: Record<string, string> = {};
  const docs: string[] = [];
  for (const d of t.deployments) {
    const labels = Object.entries(d.labels).map(([k, v]) => `    ${q(k)}: ${q(v)}`);
    const containers = d.containers.map((c) => {
      let s = `      - name: ${c.name}\n        image: ${c.image}\n`;
      if (c.port) s += `        ports:\n        - containerPort: ${c.port}\n`;
      if (c.env.length)
        s += `        env:\n${c.env.map((e) => `        - name: ${e.name}\n          value: ${q(e.value)}\n`).join('')}`;
      if (d.configMap) s += `        envFrom:\n        - configMapRef:\n            name: ${d.configMap}\n`;
      return s;
    });
    docs.push(
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${d.name}\n${labels.length ? `  labels:\n${labels.join('\n')}\n` : ''}spec:\n${d.replicas ? `  replicas: ${d.replicas}\n` : ''}  selector:\n    matchLabels:\n      app: ${d.name}\n  template:\n    metadata:\n      labels:\n        app: ${d.name}\n    spec:\n      containers:\n${containers.join('')}`,
    );
  }
  if (t.service) {
    docs.push(
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${t.deployments[0]!.name}\nspec:\n  selector:\n    app: ${t.deployments[0]!.name}\n  ports:\n  - port: 80\n`,
    );
  }
  out['base/resources.yaml'] = docs.join('---\n');
  let base = 'resources:\n- resources.yaml\n';
  if (t.basePrefix) base += `namePrefix: ${t.basePrefix}\n`;
  if (t.commonLabels)
    base += `commonLabels:\n${Object.entries(t.commonLabels)
      .map(([k, v]) => `  ${q(k)}: ${q(v)}\n`)
      .join('')}`;
  if (t.baseGenerator) {
    base += `configMapGenerator:\n- name: settings\n  literals:\n${Object.entries(t.baseGenerator)
      .map(([k, v]) => `  - ${q(`${k}=${v}`)}\n`)
      .join('')}`;
  }
  out['base/kustomization.yaml'] = base;
  let overlay = 'resources:\n- ../base\n';
  if (t.component) {
    out['component/kustomization.yaml'] =
      `apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nlabels:\n- pairs:\n${Object.entries(
        t.component,
      )
        .map(([k, v]) => `    ${q(k)}: ${q(v)}\n`)
        .join('')}`;
    overlay += 'components:\n- ../component\n';
  }
  if (t.namespace) overlay += `namespace: ${t.namespace}\n`;
  if (t.prefix) overlay += `namePrefix: ${t.prefix}\n`;
  if (t.suffix) overlay += `nameSuffix: ${t.suffix}\n`;
  if (t.images) overlay += `images:\n- name: ${t.images.name}\n  newTag: ${q(t.images.newTag)}\n`;
  const first = t.deployments[0]!.name;
  const patches: string[] = [];
  t.patches.forEach((p, i) => {
    const body = p.deleteContainer
      ? `      - name: ${p.container}\n        $patch: delete\n`
      : `      - name: ${p.container}\n        securityContext:\n          privileged: ${p.privileged}\n${p.envValue ? `        env:\n        - name: A\n          value: ${q(p.envValue)}\n` : ''}`;
    out[`overlay/patch${i}.yaml`] =
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${p.target ? 'ignored' : first}\nspec:\n  template:\n    spec:\n      containers:\n${body}`;
    patches.push(`- path: patch${i}.yaml\n${p.target ? '  target:\n    kind: Deployment\n' : ''}`);
  });
  if (t.json6902) {
    const op =
      t.json6902 === 'replace-image'
        ? '- op: replace\n    path: /spec/template/spec/containers/0/image\n    value: alpine:3'
        : t.json6902 === 'add-label'
          ? '- op: add\n    path: /metadata/labels/added\n    value: "yes"'
          : '- op: remove\n    path: /spec/replicas';
    patches.push(
      `- target:\n    kind: Deployment\n    name: ${first}\n  patch: |-\n    ${op.replaceAll('\n', '\n  ')}\n`,
    );
  }
  if (patches.length) overlay += `patches:\n${patches.join('')}`;
  if (t.overlayGenerator) {
    overlay += `configMapGenerator:\n- name: settings\n  behavior: ${t.overlayGenerator}\n  literals:\n  - over=1\n`;
  }
  if (t.replicas !== undefined) overlay += `replicas:\n- name: ${first}\n  count: ${t.replicas}\n`;
  out['overlay/kustomization.yaml'] = overlay;
  return out;
}

describe.skipIf(!kubectl.path)('differential: kubeharden vs kubectl kustomize (v5.7.1)', () => {
  it('builds generated overlays exactly as kustomize does', () => {
    fc.assert(
      fc.property(tree, (t) => {
        const root = mkdtempSync(join(tmpdir(), 'kh-kdiff-'));
        try {
          write(root, files(t));
          const ours = kustomizeBuild(join(root, 'overlay'), { root });
          const theirs = kubectlKustomize(kubectl.path!, join(root, 'overlay'));
          if (theirs.output === null) {
            expect(ours.ok, `kustomize failed (${theirs.error}) but kubeharden built`).toBe(false);
          } else {
            expect(ours.ok ? ours.text : ours.error).toBe(theirs.output);
          }
        } finally {
          rmSync(root, { recursive: true, force: true });
        }
      }),
      { numRuns: 25, seed: 20261202 },
    );
    // Each case runs kubectl: allow a slow, shared machine.
  }, 600_000);
});

describe.skipIf(!!kubectl.path)('differential (kubectl unavailable)', () => {
  it('is skipped', () => {
    console.warn(`kustomize differential test skipped: ${kubectl.reason}`);
  });
});
