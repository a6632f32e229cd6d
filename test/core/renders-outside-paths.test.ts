// What a render of something linted reads is reported wherever the file is. `kubeharden lint
// overlays/prod` lints what `kustomize build overlays/prod` prints, so a privileged pod in a base
// outside overlays/prod is a finding on the base's line, not a silent pass; likewise a chart's
// file:// dependency outside the chart. What is only context (`contextPaths`) stays unreported.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type LintRequest, lint } from '../../src/lint.js';
import { ROOT } from '../action/build.js';

const PRIVILEGED_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.25
        securityContext:
          privileged: true
`;

const PRIVILEGED_POD_TEMPLATE = `apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}-worker
spec:
  containers:
  - name: w
    image: busybox:1.36
    securityContext:
      privileged: true
`;

let root: string;
function repository(files: Record<string, string>): string {
  root = mkdtempSync(join(tmpdir(), 'kh-outside-'));
  // The repository's work tree: files outside it are never read.
  mkdirSync(join(root, '.git'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** `rule file:line:column [renders]` of every finding of `ruleIds`. */
async function found(request: LintRequest, ruleIds: readonly string[]): Promise<string[]> {
  return (await lint(request)).findings
    .filter((f) => ruleIds.includes(f.ruleId))
    .map(
      (f) =>
        `${f.ruleId} ${f.location.file}:${f.location.startLine}:${f.location.startColumn} [${(f.renders ?? []).join(', ')}]`,
    );
}

const OVERLAY_OF_OUTSIDE_BASE = {
  'base/kustomization.yaml': 'resources:\n- deploy.yaml\n',
  'base/deploy.yaml': PRIVILEGED_DEPLOYMENT,
  'overlays/prod/kustomization.yaml': 'namespace: prod\nresources:\n- ../../base\n',
};

const CHART_WITH_OUTSIDE_DEPENDENCY = {
  'charts/app/Chart.yaml':
    'apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n- name: worker\n  version: 0.1.0\n  repository: file://../../shared/worker\n',
  'charts/app/templates/cm.yaml':
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  a: b\n',
  'shared/worker/Chart.yaml': 'apiVersion: v2\nname: worker\nversion: 0.1.0\n',
  'shared/worker/templates/pod.yaml': PRIVILEGED_POD_TEMPLATE,
};

describe('a render of something linted is reported wherever its files are', () => {
  it('an overlay: on the line of its base outside the paths linted', async () => {
    const cwd = repository(OVERLAY_OF_OUTSIDE_BASE);
    expect(await found({ paths: ['overlays/prod'], cwd }, ['privileged-container'])).toEqual([
      'privileged-container base/deploy.yaml:16:23 [via overlays/prod]',
    ]);
  });

  it('a chart: on the line of its file:// dependency outside the chart', async () => {
    const cwd = repository(CHART_WITH_OUTSIDE_DEPENDENCY);
    expect(await found({ paths: ['charts/app'], cwd }, ['privileged-container'])).toEqual([
      'privileged-container shared/worker/templates/pod.yaml:10:19 [chart app]',
    ]);
  });

  it("a chart whose file:// dependency does not render: helm's error, on the dependency's line", async () => {
    const cwd = repository({
      ...CHART_WITH_OUTSIDE_DEPENDENCY,
      'shared/worker/templates/bad.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.x | nosuchfn }}\n',
    });
    const errors = await found({ paths: ['charts/app'], cwd }, ['helm-render-error']);
    expect(errors).toEqual(['helm-render-error shared/worker/templates/bad.yaml:4:1 []']);
  });

  it('the same overlay and chart linted from the root give the same findings there', async () => {
    const cwd = repository({ ...OVERLAY_OF_OUTSIDE_BASE, ...CHART_WITH_OUTSIDE_DEPENDENCY });
    const fromRoot = await found({ paths: ['.'], cwd }, ['privileged-container']);
    expect(fromRoot).toContain('privileged-container base/deploy.yaml:16:23 [via overlays/prod]');
    expect(fromRoot).toContain(
      'privileged-container shared/worker/templates/pod.yaml:10:19 [chart app, chart worker]',
    );
  });
});

describe('an overlay of examples/ linted alone', () => {
  it("gives exactly the root lint's findings through it, its base's included", async () => {
    const cwd = ROOT;
    const overlay = 'examples/kustomize-app/overlays/prod';
    const key = (f: { ruleId: string; location: { file: string; startLine: number } }) =>
      `${f.ruleId} ${f.location.file}:${f.location.startLine}`;
    const viaOverlay = (await lint({ paths: ['examples'], cwd })).findings
      .filter((f) => f.renders?.includes(`via ${overlay}`))
      .map(key);
    const alone = (await lint({ paths: [overlay], cwd })).findings.map(key);
    expect(alone).toEqual(viaOverlay);
    expect(alone.some((k) => k.includes('examples/kustomize-app/base/'))).toBe(true);
  });
});

describe('what is only context stays unreported', () => {
  it('a chart or an overlay found only in the context paths', async () => {
    const cwd = repository({
      ...OVERLAY_OF_OUTSIDE_BASE,
      ...CHART_WITH_OUTSIDE_DEPENDENCY,
      'apps/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n  namespace: apps\n',
    });
    const r = await lint({ paths: ['apps'], contextPaths: ['.'], cwd });
    expect(r.findings.map((f) => f.location.file).filter((f) => !f.startsWith('apps/'))).toEqual([]);
  });
});
