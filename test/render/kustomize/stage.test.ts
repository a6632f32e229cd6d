// The render stage's Kustomize half on small trees: which overlays are built, what a failing build
// reports and where, what is consumed (never linted on its own), and what is skipped loudly.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildKustomizations,
  kustomizationDirsOf,
  kustomizeBuild,
} from '../../../src/render/kustomize/index.js';
import { tempTree } from '../../core/helpers.js';

const deploy = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: main\n          image: nginx:1.27\n`;

function stage(files: Record<string, string>, report?: 'leaves' | 'all' | 'none') {
  const root = tempTree(files);
  const dirs = kustomizationDirsOf(Object.keys(files).map((f) => join(root, f)));
  return {
    root,
    result: buildKustomizations({ kustomizations: dirs, root, cwd: root, ...(report ? { report } : {}) }),
  };
}

/** `file:line` of a span in the tree. */
const lineAt = (files: Record<string, string>, at: { file: string; start: number }) =>
  `${at.file}:${files[at.file]!.slice(0, at.start).split('\n').length}`;

describe('kustomize render stage', () => {
  const tree = {
    'base/kustomization.yaml': 'resources:\n  - app.yaml\n',
    'base/app.yaml': deploy('app'),
    'prod/kustomization.yaml': 'resources:\n  - ../base\npatches:\n  - path: patch.yaml\n',
    'prod/patch.yaml':
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  replicas: 3\n',
    'dev/kustomization.yaml': 'resources:\n  - ../base\n',
  };

  it('builds leaves by default; the base is carried, not built on its own', () => {
    const { result } = stage(tree);
    expect(result.rendered.map((r) => r.label)).toEqual(['via dev', 'via prod']);
    expect(result.problems).toEqual([]);
  });

  it('report: all also builds the base; none builds nothing but still consumes patches', () => {
    expect(stage(tree, 'all').result.rendered.map((r) => r.label)).toEqual([
      'via base',
      'via dev',
      'via prod',
    ]);
    const { root, result } = stage(tree, 'none');
    expect(result.rendered).toEqual([]);
    expect(result.consumed.has(join(root, 'prod/patch.yaml'))).toBe(true);
    // Without a build nothing carries the base's resources: they are linted as plain files.
    expect(result.consumed.has(join(root, 'base/app.yaml'))).toBe(false);
  });

  it('a patch whose target is missing: kustomize-build-error at the patch entry; its file is still consumed', () => {
    const files = {
      ...tree,
      'prod/patch.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nope\nspec:\n  replicas: 3\n',
    };
    const { root, result } = stage(files);
    expect(result.problems.map((p) => [p.ruleId, lineAt(files, p.at)])).toEqual([
      ['kustomize-build-error', 'prod/kustomization.yaml:4'],
    ]);
    expect(result.problems[0]!.message).toMatch(
      /no resource matches the strategic merge patch for Deployment nope/,
    );
    expect(result.rendered.map((r) => r.label)).toEqual(['via dev']);
    expect(result.consumed.has(join(root, 'prod/patch.yaml'))).toBe(true);
  });

  it('a missing resource, a cycle and a path out of the repository are build errors at their line', () => {
    const files = {
      'a/kustomization.yaml': 'resources:\n  - missing.yaml\n',
      'b/kustomization.yaml': 'resources:\n  - ../c\n',
      'c/kustomization.yaml': 'resources:\n  - ../b\n',
      'd/kustomization.yaml': 'resources:\n  - deploy.yaml\n  - ../../../../etc\n',
      'd/deploy.yaml': deploy('d'),
    };
    const { result } = stage(files, 'all');
    const got = result.problems.map(
      (p) =>
        `${lineAt(files, p.at)} ${p.message.replace(/^kustomize build \S+ fails: /, '').split('. Everything')[0]}`,
    );
    expect(got).toContain('a/kustomization.yaml:2 resource missing.yaml does not exist');
    expect(got.some((g) => /^[bc]\/kustomization\.yaml:2 cycle/.test(g))).toBe(true);
    expect(got).toContain(
      'd/kustomization.yaml:3 resource ../../../../etc is outside the repository root; not read',
    );
  });

  it('plugin transformers are kustomize-unsupported; remote resources and charts to pull are notices', () => {
    const files = {
      'k/kustomization.yaml':
        'resources:\n  - app.yaml\n  - https://github.com/example/repo//base?ref=v1\ntransformers:\n  - plugin.yaml\nhelmCharts:\n  - name: redis\n    repo: https://charts.example.com\n',
      'k/app.yaml': deploy('app'),
    };
    const { result } = stage(files);
    expect(result.problems.map((p) => [p.ruleId, lineAt(files, p.at)])).toEqual([
      ['kustomize-unsupported', 'k/kustomization.yaml:4'],
    ]);
    expect(result.notices.join('\n')).toMatch(
      /remote resource https:\/\/github.com\/example\/repo\/\/base\?ref=v1 skipped/,
    );
    expect(result.notices.join('\n')).toMatch(
      /chart redis is not in k\/charts and would be pulled from https:\/\/charts.example.com; skipped/,
    );
    expect(result.rendered).toHaveLength(1);
    // Without a repo to pull from, kustomize itself fails: a build error on the chart's entry.
    const local = {
      ...files,
      'k/kustomization.yaml': 'resources:\n  - app.yaml\nhelmCharts:\n  - name: redis\n',
    };
    expect(stage(local).result.problems.map((p) => [p.ruleId, lineAt(local, p.at), p.message])).toEqual([
      [
        'kustomize-build-error',
        'k/kustomization.yaml:4',
        "kustomize build k fails: helmCharts: no repo specified for pull, no chart found at ''. Everything it would produce is unchecked; fix the kustomization so that it builds",
      ],
    ]);
  });

  // Precision evaluation cause 4 (/tmp/pem/repro/c4): the patch's target is in the remote base,
  // which kubeharden never fetches; the overlay is unchecked, said as a notice, not a high finding.
  it('a patch whose target is in a skipped remote base is a notice, not a build error', () => {
    const files = {
      'k/kustomization.yaml':
        'resources:\n  - github.com/argoproj/argo-cd//manifests/cluster-install?ref=stable\npatches:\n  - path: p.yaml\n',
      'k/p.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: argocd-server\nspec:\n  replicas: 2\n',
    };
    const { root, result } = stage(files);
    expect(result.problems).toEqual([]);
    expect(result.rendered).toEqual([]);
    expect(result.notices).toEqual([
      'k/kustomization.yaml: remote resource not fetched (github.com/argoproj/argo-cd//manifests/cluster-install?ref=stable); overlay k not checked (no resource matches the strategic merge patch for Deployment argocd-server)',
    ]);
    expect(result.consumed.has(join(root, 'k/p.yaml'))).toBe(true);
    // A failure the missing base does not explain is still a build error.
    const broken = {
      ...files,
      'k/kustomization.yaml':
        'resources:\n  - github.com/argoproj/argo-cd//manifests/cluster-install?ref=stable\n  - missing.yaml\n',
    };
    expect(stage(broken).result.problems.map((p) => [p.ruleId, lineAt(broken, p.at)])).toEqual([
      ['kustomize-build-error', 'k/kustomization.yaml:3'],
    ]);
  });

  it('an inline patch maps into the kustomization file', () => {
    const files = {
      'k/kustomization.yaml':
        'resources:\n  - app.yaml\npatches:\n  - patch: |-\n      - op: add\n        path: /spec/replicas\n        value: 5\n    target:\n      kind: Deployment\n',
      'k/app.yaml': deploy('app'),
    };
    const { result } = stage(files);
    const r = result.rendered[0]!;
    const at = r.text.indexOf('replicas: 5');
    const m = r.map.lookup(at, at + 'replicas: 5'.length)!;
    expect(lineAt(files, m.primary)).toBe('k/kustomization.yaml:7');
  });
});

// One lint run builds every overlay with shared caches (files, parses, stats): an overlay must come
// out exactly as it does when built on its own, however many others changed the objects before it.
describe('kustomize render stage: overlays built together', () => {
  const files = {
    'base/kustomization.yaml':
      'resources:\n  - app.yaml\n  - sa.yaml\nconfigMapGenerator:\n  - name: cfg\n    literals: [A=1]\n',
    'base/app.yaml': `${deploy('app')}          envFrom: [{configMapRef: {name: cfg}}]\n      serviceAccountName: sa\n---\n${deploy('worker')}`,
    'base/sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n',
    'comp/kustomization.yaml':
      'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - path: p.yaml\n    target: {kind: Deployment}\n',
    'comp/p.yaml':
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: any}\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: main\n          image: nginx:1.28\n',
    'one/kustomization.yaml':
      'namespace: one\nnamePrefix: one-\nresources:\n  - ../base\ncomponents:\n  - ../comp\nimages:\n  - name: nginx\n    newTag: "2.0"\n',
    'two/kustomization.yaml':
      'namespace: two\nnameSuffix: -two\nresources:\n  - ../base\ncomponents:\n  - ../comp\ncommonLabels: {env: two}\n',
    'three/kustomization.yaml': 'resources:\n  - ../one\n  - ../two\n',
  };

  it('renders each overlay as kustomize build of it alone', () => {
    const { root, result } = stage(files, 'all');
    expect(result.problems).toEqual([]);
    // The component is never built on its own.
    expect(result.rendered.map((r) => r.label)).toEqual(['via base', 'via one', 'via three', 'via two']);
    for (const r of result.rendered) {
      const dir = r.label.slice('via '.length);
      const alone = kustomizeBuild(join(root, dir), { root, cwd: root });
      expect(alone.ok && alone.text, dir).toBe(r.text);
    }
    // The prefix and the suffix reached the generated ConfigMap and its reference, in both overlays.
    const three = result.rendered.find((r) => r.label === 'via three')!.text;
    expect(three.match(/name: one-cfg-[a-z0-9]{10}\n/g)).toHaveLength(2);
    expect(three.match(/name: cfg-two-[a-z0-9]{10}\n/g)).toHaveLength(2);
    expect(three.match(/image: nginx:2.0/g)).toHaveLength(2);
  });

  it('maps a span in any document to the line that wrote it; none between documents', () => {
    const { result } = stage(files, 'all');
    const r = result.rendered.find((x) => x.label === 'via three')!;
    const lastImage = r.text.lastIndexOf('image: nginx:1.28');
    expect(lastImage).toBeGreaterThan(r.text.indexOf('---'));
    const m = r.map.lookup(lastImage, lastImage + 'image: nginx:1.28'.length)!;
    expect(lineAt(files, m.primary)).toBe('comp/p.yaml:10');
    expect(m.related.map((x) => x.file)).toEqual(['base/app.yaml', 'three/kustomization.yaml']);
    const sep = r.text.indexOf('\n---\n') + 1;
    expect(r.map.lookup(sep, sep + 3)).toBeUndefined();
  });
});
