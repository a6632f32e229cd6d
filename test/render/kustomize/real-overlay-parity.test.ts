// What building 333 kustomizations of public repositories (kubeflow/manifests, cluster-api, …)
// against kubectl kustomize turned up, each reduced to a small tree. The expected output is what
// kubectl kustomize v1.35 (kustomize v5.7.1) printed; when the oracle can be unpacked, it is asked
// again, so the recorded text cannot drift from it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kustomizeBuild } from '../../../src/render/kustomize/index.js';
import { kubectlBinary, kubectlKustomize } from './oracle.js';

const kubectl = kubectlBinary();

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function tree(files: Record<string, string>): string {
  root = mkdtempSync(join(tmpdir(), 'kh-kparity-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

/** Builds `a` with kubeharden, checks kubectl agrees when it is there, and returns the output. */
function build(files: Record<string, string>): string {
  const dir = tree(files);
  const ours = kustomizeBuild(join(dir, 'a'), { root: dir });
  const text = ours.ok ? ours.text : `error: ${ours.error}`;
  if (kubectl.path) {
    const theirs = kubectlKustomize(kubectl.path, join(dir, 'a'));
    expect(text).toBe(theirs.output ?? `error: ${theirs.error}`);
  }
  return text;
}

describe('as kubectl kustomize builds it', () => {
  it("a replacement's fieldPath with a leading dot (cluster-api's config/default)", () => {
    const out = build({
      'a/kustomization.yaml': `resources:
- cert.yaml
- webhook.yaml
replacements:
- source:
    kind: Certificate
    name: serving-cert
    fieldPath: .metadata.namespace
  targets:
  - select:
      kind: ValidatingWebhookConfiguration
    fieldPaths:
    - .metadata.annotations.[cert-manager.io/inject-ca-from]
    options:
      create: true
`,
      'a/cert.yaml':
        'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: serving-cert\n  namespace: capi-system\n',
      'a/webhook.yaml':
        'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata:\n  name: v\n',
    });
    expect(out).toContain('  annotations:\n    cert-manager.io/inject-ca-from: capi-system\n');
  });

  it('a generator behavior that is not create, merge or replace creates (kubeflow model-registry)', () => {
    const out = build({
      'a/kustomization.yaml': 'configMapGenerator:\n- name: c\n  behavior: add\n  literals: [a=b]\n',
    });
    expect(out).toBe('apiVersion: v1\ndata:\n  a: b\nkind: ConfigMap\nmetadata:\n  name: c-4h2mbtbbt6\n');
  });

  it('an empty secretGenerator writes `data: {}`, and hashes it (kubeflow katib)', () => {
    const out = build({ 'a/kustomization.yaml': 'secretGenerator:\n- name: s\n' });
    expect(out).toBe(
      'apiVersion: v1\ndata: {}\nkind: Secret\nmetadata:\n  name: s-46f8b28mk5\ntype: Opaque\n',
    );
  });

  it.each([
    ['the overlay', '', '\ngeneratorOptions:\n  disableNameSuffixHash: true'],
    ['the base', '\ngeneratorOptions:\n  disableNameSuffixHash: true', ''],
  ])(
    'a merged generator keeps no hash suffix when %s turns it off (kubeflow kserve web app)',
    (_, base, overlay) => {
      const out = build({
        'b/kustomization.yaml': `configMapGenerator:\n- name: c\n  literals: [a=b]${base}\n`,
        'a/kustomization.yaml': `resources:\n- ../b\nconfigMapGenerator:\n- name: c\n  behavior: merge\n  literals: [x=y]${overlay}\n`,
      });
      expect(out).toContain('  name: c\n');
    },
  );

  it('vars read fieldref.fieldPath as fieldpath, whatever its case (kubeflow jupyter-web-app)', () => {
    const out = build({
      'a/kustomization.yaml': `resources:
- cm.yaml
- pod.yaml
vars:
- name: PREFIX
  objref:
    apiVersion: v1
    kind: ConfigMap
    name: parameters
  fieldref:
    fieldPath: data.APP_PREFIX
`,
      'a/cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: parameters\ndata:\n  APP_PREFIX: /jupyter\n',
      'a/pod.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: i\n    args: ["$(PREFIX)"]\n',
    });
    expect(out).toContain('    - /jupyter\n');
  });

  it("a strategic merge drops the patched resource's fields written empty, not `null` ones nor inside lists without a key (kubeflow istio-install)", () => {
    const out = build({
      'a/kustomization.yaml': 'resources:\n- d.yaml\npatches:\n- path: p.yaml\n',
      'a/d.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  template:
    metadata:
      creationTimestamp: null
    spec:
      affinity:
        nodeAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
      containers:
      - name: c
        image: i
        env:
        - name: A
          value:
      tolerations:
      - key: k
        value:
`,
      'a/p.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: 2\n',
    });
    expect(out).toBe(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  replicas: 2
  template:
    metadata:
      creationTimestamp: null
    spec:
      affinity:
        nodeAffinity: {}
      containers:
      - env:
        - name: A
        image: i
        name: c
      tolerations:
      - key: k
        value: null
`);
  });

  it('a null `annotations:` is dropped from every object, a null elsewhere kept', () => {
    const out = build({
      'a/kustomization.yaml': 'resources:\n- s.yaml\n',
      'a/s.yaml':
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  annotations:\n  labels:\nspec:\n  x:\n',
    });
    expect(out).toBe(
      'apiVersion: v1\nkind: Service\nmetadata:\n  labels: null\n  name: s\nspec:\n  x: null\n',
    );
  });
});
