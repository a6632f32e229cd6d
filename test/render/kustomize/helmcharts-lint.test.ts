// examples/kustomize-helm: a kustomization inflates its vendored chart with valuesInline that turn on
// `debug` (a privileged container). Linting the folder must report it on the chart's template line,
// with the valuesInline line that set it and the helmCharts entry as related locations; the chart is
// linted as the kustomization configures it, not again on its own with its default values.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lint.js';
import { buildKustomizations, kustomizeBuild } from '../../../src/render/kustomize/index.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const at = (l: {
  file: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}) => `${l.file}:${l.startLine}:${l.startColumn}-${l.endLine}:${l.endColumn}`;

describe('examples/kustomize-helm', async () => {
  const result = await lint({ paths: ['examples/kustomize-helm'], cwd: ROOT });

  it('reports the privileged container on the template line, with the values line that set it', () => {
    const hits = result.findings.filter((f) => f.ruleId === 'privileged-container');
    expect(hits.map((f) => [at(f.location), f.object?.namespace, f.object?.name, f.renders])).toEqual([
      [
        'examples/kustomize-helm/charts/shop/templates/deployment.yaml:29:25-29:44',
        'shop',
        'shop-web',
        ['via examples/kustomize-helm'],
      ],
    ]);
    expect(hits[0]!.related.map((r) => [at(r), r.message])).toEqual([
      ['examples/kustomize-helm/kustomization.yaml:10:14-10:18', 'value debug'],
      ['examples/kustomize-helm/kustomization.yaml:7:5-13:1', 'chart shop inflated by helmCharts'],
      [
        'examples/kustomize-helm/kustomization.yaml:1:1-1:99',
        'built by examples/kustomize-helm/kustomization.yaml',
      ],
    ]);
  });

  it('sees the kustomization patch (automount off) and renders the chart once, through it', () => {
    expect(result.findings.filter((f) => f.ruleId === 'service-account-token-automount')).toEqual([]);
    expect(result.findings.every((f) => f.renders?.join() === 'via examples/kustomize-helm')).toBe(true);
    expect(
      result.findings.some(
        (f) =>
          f.location.file === 'examples/kustomize-helm/charts/shop/values.yaml' ||
          f.location.file.endsWith('kustomization.yaml'),
      ),
    ).toBe(false);
  });
});

describe('helmCharts values against the chart values.schema.json', () => {
  it('a valuesInline value the schema refuses is helm-values-schema on its kustomization line', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kh-helmschema-'));
    try {
      cpSync(join(ROOT, 'examples/kustomize-helm'), root, { recursive: true });
      writeFileSync(
        join(root, 'charts/shop/values.schema.json'),
        JSON.stringify({ type: 'object', properties: { replicaCount: { type: 'integer', minimum: 1 } } }),
      );
      writeFileSync(
        join(root, 'kustomization.yaml'),
        'helmCharts:\n  - name: shop\n    valuesInline:\n      replicaCount: 0\n',
      );
      const result = await lint({ paths: ['.'], cwd: root });
      expect(
        result.findings
          .filter((f) => f.ruleId === 'helm-values-schema')
          .map((f) => [at(f.location), f.message]),
      ).toEqual([
        [
          'kustomization.yaml:4:21-4:22',
          "the values of chart shop inflated by kustomization.yaml do not satisfy the values.schema.json of chart shop, so helm (and kustomize build --enable-helm) would refuse them: at '/replicaCount': must be >= 1; give a value the schema accepts",
        ],
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('helmCharts and the files of the chart', () => {
  it("consumes the chart's own files; a values file behind a URL skips the chart with a notice", () => {
    const root = mkdtempSync(join(tmpdir(), 'kh-helmfiles-'));
    try {
      cpSync(join(ROOT, 'examples/kustomize-helm'), root, { recursive: true });
      mkdirSync(join(root, 'charts/shop/ci'));
      writeFileSync(join(root, 'charts/shop/ci/big-values.yaml'), 'replicaCount: 9\n');
      const built = buildKustomizations({ kustomizations: [root], root, cwd: root });
      expect(built.problems).toEqual([]);
      for (const f of ['Chart.yaml', 'values.yaml', 'ci/big-values.yaml', 'templates/deployment.yaml']) {
        expect(built.consumed.has(join(root, 'charts/shop', f)), f).toBe(true);
      }
      writeFileSync(
        join(root, 'kustomization.yaml'),
        'helmCharts:\n  - name: shop\n    valuesFile: https://example.com/values.yaml\n',
      );
      const remote = buildKustomizations({ kustomizations: [root], root, cwd: root });
      expect(remote.problems).toEqual([]);
      expect(remote.notices).toEqual([
        'kustomization.yaml: chart shop takes values from https://example.com/values.yaml; skipped (kubeharden never fetches: commit the values file and name it in valuesFile to lint the chart)',
      ]);
      expect(kustomizeBuild(root, { root, cwd: root }).ok).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
