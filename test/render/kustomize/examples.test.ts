// examples/kustomize-app: one base, two overlays. The prod patch fixes the base's writable root
// filesystem; the dev patch runs the container privileged. Linting the built overlays and mapping
// each finding through the overlay's source map must land on the patch line or the base line.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/engine/index.js';
import { lint, lintFiles } from '../../../src/lint.js';
import { loadText } from '../../../src/load/index.js';
import { buildKustomizations } from '../../../src/render/kustomize/index.js';
import type { RenderedSource } from '../../../src/render/types.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const APP = join(ROOT, 'examples', 'kustomize-app');
const dirs = ['base', 'overlays/prod', 'overlays/dev'].map((d) => join(APP, d));

/** The 1-based line of `offset` in a repository file. */
function lineOf(file: string, offset: number): number {
  return readFileSync(join(ROOT, file), 'utf8').slice(0, offset).split('\n').length;
}

/** Lints one rendered overlay and maps each finding of `ruleId` back to file:line. */
function mapped(source: RenderedSource, ruleId: string): { at: string; related: string[] }[] {
  const { findings } = lintFiles([loadText(source.path, source.text)], defaultConfig(ROOT));
  return findings
    .filter((f) => f.ruleId === ruleId)
    .map((f) => {
      const m = source.map.lookup(f.location.startOffset, f.location.endOffset);
      if (!m) throw new Error(`${ruleId} did not map`);
      return {
        at: `${m.primary.file}:${lineOf(m.primary.file, m.primary.start)}`,
        related: m.related.map((r) => `${r.file}:${lineOf(r.file, r.start)}`),
      };
    });
}

describe('examples/kustomize-app', () => {
  const result = buildKustomizations({ kustomizations: dirs, root: ROOT, cwd: ROOT });
  const byLabel = new Map(result.rendered.map((r) => [r.label, r]));

  it('builds the two leaves only, and consumes the base and the patches', () => {
    expect(result.problems).toEqual([]);
    expect([...byLabel.keys()].sort()).toEqual([
      'via examples/kustomize-app/overlays/dev',
      'via examples/kustomize-app/overlays/prod',
    ]);
    for (const f of ['base/web.yaml', 'overlays/prod/read-only-root.yaml', 'overlays/dev/debug.yaml']) {
      expect(result.consumed.has(join(APP, f))).toBe(true);
    }
  });

  it('prod: the patch fixes the writable root filesystem, nothing is privileged', () => {
    const prod = byLabel.get('via examples/kustomize-app/overlays/prod')!;
    expect(mapped(prod, 'writable-root-filesystem')).toEqual([]);
    expect(mapped(prod, 'privileged-container')).toEqual([]);
  });

  it('dev: privileged lands on the patch line, the writable root filesystem on the base line', () => {
    const dev = byLabel.get('via examples/kustomize-app/overlays/dev')!;
    expect(mapped(dev, 'privileged-container')).toEqual([
      {
        at: 'examples/kustomize-app/overlays/dev/debug.yaml:11',
        related: [
          'examples/kustomize-app/base/web.yaml:1',
          'examples/kustomize-app/overlays/dev/kustomization.yaml:1',
        ],
      },
    ]);
    expect(mapped(dev, 'writable-root-filesystem')).toEqual([
      {
        at: 'examples/kustomize-app/base/web.yaml:33',
        related: ['examples/kustomize-app/overlays/dev/kustomization.yaml:1'],
      },
    ]);
  });

  it('a transformer-set field points at the kustomization line that set it', () => {
    const dev = byLabel.get('via examples/kustomize-app/overlays/dev')!;
    const at = dev.text.indexOf('namespace: shop-dev');
    const m = dev.map.lookup(at, at + 'namespace: shop-dev'.length)!;
    expect(`${m.primary.file}:${lineOf(m.primary.file, m.primary.start)}`).toBe(
      'examples/kustomize-app/overlays/dev/kustomization.yaml:4',
    );
    const name = dev.text.indexOf('name: dev-web', dev.text.indexOf('kind: Deployment'));
    const n = dev.map.lookup(name, name + 'name: dev-web'.length)!;
    expect(`${n.primary.file}:${lineOf(n.primary.file, n.primary.start)}`).toBe(
      'examples/kustomize-app/overlays/dev/kustomization.yaml:5',
    );
  });

  it('prints what kubectl kustomize prints', () => {
    const dev = byLabel.get('via examples/kustomize-app/overlays/dev')!;
    expect(dev.text).toContain('  name: dev-web\n  namespace: shop-dev\n');
    expect(dev.text).toContain('          privileged: true\n          readOnlyRootFilesystem: false\n');
  });
});

describe('kubeharden lint on examples/kustomize-app (the whole pipeline)', () => {
  const at = (f: { location: { file: string; startLine: number; startColumn: number } }) =>
    `${f.location.file}:${f.location.startLine}:${f.location.startColumn}`;

  it('reports on the patch and base lines, once per line, naming the overlays', async () => {
    const r = await lint({ paths: ['examples/kustomize-app'], cwd: ROOT });
    const privileged = r.findings.filter((f) => f.ruleId === 'privileged-container');
    expect(privileged.map(at)).toEqual(['examples/kustomize-app/overlays/dev/debug.yaml:11:25']);
    expect(privileged[0]!.renders).toEqual(['via examples/kustomize-app/overlays/dev']);
    // The base's writable root filesystem: prod's patch fixes it, so only dev carries it.
    const writable = r.findings.filter((f) => f.ruleId === 'writable-root-filesystem');
    expect(writable.map(at)).toEqual(['examples/kustomize-app/base/web.yaml:33:13']);
    expect(writable[0]!.renders).toEqual(['via examples/kustomize-app/overlays/dev']);
    // Patch files are never linted as objects of their own.
    expect(r.findings.filter((f) => f.ruleId === 'unknown-field')).toEqual([]);
  });
});
