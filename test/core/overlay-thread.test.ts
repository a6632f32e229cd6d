// Overlays built and linted on a thread of their own (src/overlay-thread.ts, overlay-worker.ts) give
// the report lint() gives when it builds them itself: end to end through the built CLI, the thread
// forced on and off; and in-process, through lint()'s side of the split (the thread's messages
// cloned as a real thread's are), including a thread that fails before or after saying what it built.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Finding } from '../../src/engine/index.js';
import type { OverlayJob, OverlaysBuilt } from '../../src/lint.js';
import type { OverlayThread } from '../../src/overlay-thread.js';
import { buildDist, ROOT } from '../action/build.js';

/** examples/ (plain files, a chart with a library, overlays of a base, a chart inflated by an
 * overlay) and six more overlays of the same base, each with a patch file and a file of its own. */
function writeTree(dir: string): void {
  cpSync(join(ROOT, 'examples'), dir, { recursive: true });
  for (let i = 0; i < 6; i++) {
    const o = join(dir, 'more', `o${i}`);
    mkdirSync(o, { recursive: true });
    writeFileSync(
      join(o, 'kustomization.yaml'),
      `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: team-${i}\nnamePrefix: o${i}-\nresources:\n  - ../../kustomize-app/base\n  - extra.yaml\npatches:\n  - path: patch.yaml\n`,
    );
    writeFileSync(
      join(o, 'patch.yaml'),
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: ${i + 1}\n`,
    );
    writeFileSync(
      join(o, 'extra.yaml'),
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug-${i}\nspec:\n  hostNetwork: true\n  containers:\n  - name: c\n    image: busybox\n`,
    );
    // In an overlay's folder, but not one of its inputs: linted on its own.
    writeFileSync(
      join(o, 'notes.yaml'),
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes-${i}\ndata:\n  password: hunter2\n`,
    );
  }
}

describe('the CLI with the overlay thread', () => {
  let dir: string;
  beforeAll(() => {
    buildDist();
    dir = mkdtempSync(join(tmpdir(), 'kh-overlay-thread-'));
    writeTree(dir);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (thread: '0' | '1', format: string, cwd = dir, path = '.') =>
    spawnSync(process.execPath, [join(ROOT, 'bin', 'kubeharden.js'), 'lint', path, '--format', format], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, KUBEHARDEN_OVERLAY_THREAD: thread, KUBEHARDEN_TIMINGS: '1' },
      maxBuffer: 64 << 20,
    });

  it('reports exactly what building the overlays on the main thread reports', () => {
    for (const format of ['json', 'sarif']) {
      const here = run('0', format);
      const thread = run('1', format);
      expect(here.status).toBe(1);
      expect(thread.status).toBe(here.status);
      expect(thread.stdout).toBe(here.stdout);
      // The thread did run (its join is timed), and only when asked.
      expect(thread.stderr).toContain('timing overlay thread joined');
      expect(here.stderr).not.toContain('overlay thread');
    }
    const report = JSON.parse(run('1', 'json').stdout) as {
      findings: { ruleId: string; location: { file: string; startLine: number }; renders?: string[] }[];
    };
    const rules = (file: string) =>
      report.findings.filter((f) => f.location.file === file).map((f) => f.ruleId);
    // Found through the overlays, on the files that wrote them; and the files they do not read.
    expect(rules('more/o3/extra.yaml')).toContain('host-network');
    expect(rules('more/o3/notes.yaml')).toContain('secret-in-configmap');
    expect(rules('kustomize-helm/charts/shop/templates/deployment.yaml')).toContain('privileged-container');
    const base = report.findings.filter((f) => f.location.file === 'kustomize-app/base/web.yaml');
    expect(base.some((f) => f.renders?.includes('via more/o5'))).toBe(true);
  });

  it('reports the findings in a base outside the paths linted the same way', () => {
    // Only the six overlays linted; their base is outside `more` (inside the repository).
    const repo = mkdtempSync(join(tmpdir(), 'kh-overlay-thread-base-'));
    try {
      writeTree(repo);
      mkdirSync(join(repo, '.git'));
      for (const format of ['json', 'sarif']) {
        const here = run('0', format, repo, 'more');
        const thread = run('1', format, repo, 'more');
        expect(thread.stderr).toContain('timing overlay thread joined');
        expect(thread.stdout).toBe(here.stdout);
      }
      const report = JSON.parse(run('1', 'json', repo, 'more').stdout) as {
        findings: { ruleId: string; location: { file: string }; renders?: string[] }[];
      };
      const base = report.findings.filter((f) => f.location.file === 'kustomize-app/base/web.yaml');
      expect(base.length).toBeGreaterThan(0);
      expect(base.every((f) => f.renders?.every((r) => r.startsWith('via more/o')))).toBe(true);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});

// In-process: lint() with its thread replaced by one that does the thread's work here and sends its
// messages through a structured clone, or fails at a given point.
type Mode = 'none' | 'ok' | 'fails-before-built' | 'fails-after-built';
let mode: Mode = 'none';
vi.mock('../../src/overlay-thread.js', async (original) => {
  const real = await original<typeof import('../../src/overlay-thread.js')>();
  return {
    ...real,
    async startOverlayThread(job: OverlayJob, _otherFiles: number): Promise<OverlayThread | undefined> {
      if (mode === 'none') return undefined;
      const { buildAndLintOverlays } = await import('../../src/lint.js');
      let resolveBuilt!: (b: OverlaysBuilt) => void;
      const built = new Promise<OverlaysBuilt>((resolve, reject) => {
        resolveBuilt = resolve;
        if (mode === 'fails-before-built') reject(new Error('thread died'));
      });
      const findings: Promise<Finding[]> =
        mode === 'fails-before-built'
          ? Promise.reject(new Error('thread died'))
          : buildAndLintOverlays(structuredClone(job), (b) => {
              resolveBuilt(structuredClone(b));
            }).then((f) => {
              if (mode === 'fails-after-built') throw new Error('thread died');
              return structuredClone(f);
            });
      built.catch(() => {});
      findings.catch(() => {});
      return { built, findings, close: async () => {} };
    },
  };
});

describe('lint() with the overlays linted apart', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kh-overlay-split-'));
    writeTree(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const lintWith = async (m: Mode) => {
    mode = m;
    const { lint } = await import('../../src/lint.js');
    const r = await lint({ paths: ['.'], cwd: dir });
    return { findings: r.findings, notices: r.notices, files: r.files.map((f) => f.path).sort() };
  };

  it('gives the findings, notices and texts of building them in line, whether the thread works or fails', async () => {
    const inline = await lintWith('none');
    expect(inline.findings.length).toBeGreaterThan(20);
    expect(inline.findings.some((f) => f.renders?.includes('via more/o0'))).toBe(true);
    for (const m of ['ok', 'fails-before-built', 'fails-after-built'] as const) {
      expect(await lintWith(m), m).toEqual(inline);
    }
  });
});
