// The chart in examples/ and a few broken charts, linted through the whole pipeline: findings land on
// the template line that wrote the node, with the values line that fed it.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/engine/index.js';
import { lint } from '../../../src/lint.js';
import { RELEASE_NAMESPACE_STANDIN, unsetReleaseNamespace } from '../../../src/render/helm/stage.js';
import { tempTree } from '../../core/helpers.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const FIX = 'fixtures/helm';

const at = (f: Finding) => `${f.location.file}:${f.location.startLine}:${f.location.startColumn}`;

describe('examples/helm-chart: a chart with a sibling library chart, a helper, tpl and a ci/ values file', () => {
  it('reports the privileged container on the template line, with the values line as related', async () => {
    const r = await lint({ paths: ['examples/helm-chart'], cwd: ROOT });
    const priv = r.findings.filter((f) => f.ruleId === 'privileged-container');
    expect(priv).toHaveLength(1);
    expect(at(priv[0]!)).toBe('examples/helm-chart/web/templates/deployment.yaml:30:25');
    expect(priv[0]!.related.map((x) => `${x.file}:${x.startLine} ${x.message}`)).toEqual([
      'examples/helm-chart/web/values.yaml:13 value securityContext.privileged',
    ]);
    expect(priv[0]!.renders).toEqual(['chart web', 'chart web with ci/host-network-values.yaml']);
  });

  it('linting `.` from inside the chart folder reports the same finding, named from there', async () => {
    const r = await lint({ paths: ['.'], cwd: join(ROOT, 'examples/helm-chart/web') });
    const priv = r.findings.filter((f) => f.ruleId === 'privileged-container');
    expect(priv.map(at)).toEqual(['templates/deployment.yaml:30:25']);
  });

  it('a finding only the ci/ render has names only that render', async () => {
    const r = await lint({ paths: ['examples/helm-chart'], cwd: ROOT });
    const host = r.findings.filter((f) => f.ruleId === 'host-network');
    expect(host.map(at)).toEqual(['examples/helm-chart/web/templates/deployment.yaml:20:7']);
    expect(host[0]!.renders).toEqual(['chart web with ci/host-network-values.yaml']);
  });

  it('literal template text maps column for column; the library chart alone is not rendered', async () => {
    const r = await lint({ paths: ['examples/helm-chart'], cwd: ROOT });
    const sa = r.findings.find((f) => f.ruleId === 'default-service-account');
    expect(sa && at(sa)).toBe('examples/helm-chart/web/templates/deployment.yaml:18:5');
    expect(r.findings.filter((f) => f.ruleId.startsWith('helm-'))).toEqual([]);
  });
});

describe('a whole block written by toYaml', () => {
  it('lands on the toYaml line, with the values line of the offending key', async () => {
    const r = await lint({ paths: [`${FIX}/toyaml-block`], cwd: ROOT });
    const priv = r.findings.find((f) => f.ruleId === 'privileged-container');
    expect(priv && at(priv)).toBe(`${FIX}/toyaml-block/templates/pod.yaml:10:9`);
    expect(priv?.related.map((x) => `${x.file}:${x.startLine} ${x.message}`)).toEqual([
      `${FIX}/toyaml-block/values.yaml:4 value ctx.privileged`,
    ]);
    const cap = r.findings.find((f) => f.ruleId === 'dangerous-capabilities');
    expect(cap?.related.map((x) => `${x.startLine} ${x.message}`)).toEqual([
      '6 value ctx.capabilities.add[0]',
    ]);
  });
});

describe('helm.charts[] in .kubeharden.yaml', () => {
  it('gives a chart the values it requires (values files and set)', async () => {
    const r = await lint({ paths: [`${FIX}/configured`], cwd: ROOT });
    expect(r.findings.filter((f) => f.ruleId.startsWith('helm-'))).toEqual([]);
    expect(r.findings.some((f) => f.location.file === `${FIX}/configured/app/templates/pod.yaml`)).toBe(true);
  });
});

describe('values.schema.json', () => {
  it('a violation is helm-values-schema on the values line that set the value', async () => {
    const r = await lint({ paths: [`${FIX}/schema`], cwd: ROOT });
    const v = r.findings.filter((f) => f.ruleId === 'helm-values-schema');
    expect(v.map((f) => `${at(f)} ${f.severity}`)).toEqual([
      `${FIX}/schema/values.yaml:1:11 high`,
      `${FIX}/schema/values.yaml:3:8 high`,
    ]);
    expect(v[0]!.message).toContain("at '/replicas': must be integer");
  });
});

describe('charts that cannot render fully', () => {
  it('a missing required value is helm-render-error on the template line, with Go and Helm text', async () => {
    const r = await lint({ paths: [`${FIX}/broken`], cwd: ROOT });
    const e = r.findings.filter((f) => f.ruleId === 'helm-render-error');
    expect(e).toHaveLength(1);
    expect(e[0]!.severity).toBe('high');
    expect(at(e[0]!)).toBe(`${FIX}/broken/templates/pod.yaml:8:17`);
    expect(e[0]!.message).toContain('image.tag is required');
  });

  it('a dependency that is not vendored: helm-dependency-missing on its Chart.yaml line, and the chart still lints', async () => {
    const r = await lint({ paths: [`${FIX}/missing-dep`], cwd: ROOT });
    const d = r.findings.filter((f) => f.ruleId === 'helm-dependency-missing');
    expect(d.map(at)).toEqual([`${FIX}/missing-dep/Chart.yaml:5:11`]);
    expect(r.findings.some((f) => f.ruleId === 'helm-render-error')).toBe(false);
  });
});

// Precision evaluation cause 8 (/tmp/pem/repro/c8): without `-n`, `.Release.Namespace` is `default`
// in `helm template`, but the chart goes to the namespace it is installed into.
describe('a namespace written from .Release.Namespace with no release namespace given', () => {
  const chart = {
    'c8/Chart.yaml': 'apiVersion: v2\nname: c8\nversion: 0.1.0\n',
    'c8/templates/d.yaml':
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: {{ .Release.Namespace | quote }}\n  annotations:\n    host: web.{{ .Release.Namespace }}.svc\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: c, image: "example/web:1.0"}]\n',
  };

  it('is no namespace at all, not default; elsewhere the text is what helm template prints', async () => {
    const dir = tempTree(chart);
    const r = await lint({ paths: ['c8'], cwd: dir });
    const quota = r.findings.filter((f) => f.ruleId === 'namespace-without-limit-range');
    expect(quota.map((f) => f.message.split(' runs ')[0])).toEqual([
      'the namespace these objects are applied to (they set no metadata.namespace)',
    ]);
    expect(at(quota[0]!)).toBe('c8/templates/d.yaml:4:3');
    expect(r.findings.some((f) => /namespace default|kh-rns0/.test(f.message))).toBe(false);
  });

  it('keeps a namespace given in config', async () => {
    const dir = tempTree({
      ...chart,
      '.kubeharden.yaml': 'helm:\n  charts:\n    - path: c8\n      namespace: shop\n',
    });
    const r = await lint({ paths: ['c8'], cwd: dir });
    const quota = r.findings.filter((f) => f.ruleId === 'namespace-without-limit-range');
    expect(quota.map((f) => f.message.split(' runs ')[0])).toEqual(['namespace shop']);
  });

  it('blanks only a top-level metadata.namespace, keeping every offset', () => {
    const text = `metadata:\n  namespace: ${RELEASE_NAMESPACE_STANDIN}\n  labels: {ns: ${RELEASE_NAMESPACE_STANDIN}}\nsubjects:\n- namespace: "${RELEASE_NAMESPACE_STANDIN}"\n---\nmetadata:\n  namespace: "${RELEASE_NAMESPACE_STANDIN}"\n`;
    const out = unsetReleaseNamespace(text);
    expect(out).toBe(
      'metadata:\n  namespace: ""     \n  labels: {ns: default}\nsubjects:\n- namespace: "default"\n---\nmetadata:\n  namespace: ""       \n',
    );
    expect(out).toHaveLength(text.length);
  });
});

// Precision evaluation defect (#219, #222): a finding on a plain file whose related location is an
// object a chart renders named the render's virtual path, `chart (helm template)`, a file that does
// not exist; it names the template line that wrote the object.
describe('a related location in a chart render, for a finding on a plain file', () => {
  it('names the template file and line', async () => {
    const dir = tempTree({
      'app/deploy.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      serviceAccountName: web\n      containers: [{name: c, image: "example/web:1.0"}]\n',
      'chart/Chart.yaml': 'apiVersion: v2\nname: pwn\nversion: 0.1.0\n',
      'chart/templates/crb.yaml':
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: web-admin\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects:\n- kind: ServiceAccount\n  name: web\n  namespace: shop\n',
    });
    const r = await lint({ paths: ['app', 'chart'], cwd: dir });
    const wep = r.findings.find((f) => f.ruleId === 'workload-excessive-permissions');
    expect(wep && at(wep)).toBe('app/deploy.yaml:11:7');
    expect(wep?.related.map((x) => `${x.file}:${x.startLine}`)).toEqual(['chart/templates/crb.yaml:5']);
  });
});
