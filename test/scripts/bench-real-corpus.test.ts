// The real-repository corpus builder (scripts/bench-real-corpus.mjs): which files it takes from a
// work tree and from a bare git directory, and how it replicates them to a target size.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assembleCorpus, CorpusError } from '../../scripts/bench-real-corpus.mjs';

const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n';
const TWO_DOCS =
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n';

// Path → content of a small repository with one file of each kind the builder must tell apart.
const REPO: Record<string, string> = {
  'apps/web/deployment.yaml': DEPLOYMENT,
  'apps/web/all.yml': TWO_DOCS,
  'apps/copy/deployment.yaml': DEPLOYMENT, // the same bytes twice
  'apps/web/service.json': JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } }),
  'schemas/values.schema.json': JSON.stringify({ properties: { apiVersion: { type: 'string' } } }),
  'chart/templates/deployment.yaml': `${DEPLOYMENT}  namespace: {{ .Release.Namespace }}\n`,
  'overlays/prod/kustomization.yaml':
    'resources:\n- ../../apps/web\npatches:\n- path: replicas.yaml\npatchesStrategicMerge:\n- smp.yaml\n',
  'overlays/prod/replicas.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n',
  'overlays/prod/smp.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: other\n',
  'overlays/prod/delete.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n$patch: delete\n',
  '.github/workflows/ci.yaml': 'on: push\njobs: {}\n',
  'vendor/dep/deployment.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: vendored\n',
  'broken/dup.yaml': 'apiVersion: v1\nkind: Pod\nkind: Pod\n',
  'docs/readme.md': DEPLOYMENT,
};

const temps: string[] = [];
function temp(): string {
  const d = mkdtempSync(join(tmpdir(), 'kh-realcorpus-test-'));
  temps.push(d);
  return d;
}
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

function writeRepo(): string {
  const dir = temp();
  for (const [p, text] of Object.entries(REPO)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.push(relative(dir, join(d, e.name)).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

// apps/copy/ comes first, so apps/web/deployment.yaml is the duplicate left out.
const TAKEN = ['src/apps/copy/deployment.yaml', 'src/apps/web/all.yml', 'src/apps/web/service.json'];

describe('assembleCorpus', () => {
  it('takes whole manifests from a work tree and says why it left out the rest', () => {
    const out = join(temp(), 'corpus');
    const r = assembleCorpus(out, [`src=${writeRepo()}`]);
    expect(filesUnder(out)).toEqual(['CORPUS.md', ...TAKEN]);
    expect(r).toMatchObject({ copies: 1, files: 3, documents: 4 });
    expect(r.skipped).toEqual({
      duplicate: 1,
      template: 1,
      // kustomization.yaml, the two patches it names, and the `$patch` file
      kustomize: 4,
      'not a manifest': 1, // .github/ and vendor/ are not even read
      'js-yaml cannot load': 1,
    });
    expect(readFileSync(join(out, 'src/apps/web/all.yml'), 'utf8')).toBe(TWO_DOCS);
    expect(r.report).toContain('Skipped: 4 kustomize, ');
    expect(r.report).toContain('real files ×1');
  });

  it('reads a bare git directory at HEAD the same way', () => {
    const tree = writeRepo();
    const git = (args: string[], cwd: string) => {
      const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
    };
    git(['init', '-q'], tree);
    git(['add', '.'], tree);
    git(['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'x'], tree);
    const bare = join(temp(), 'bare.git');
    git(['clone', '-q', '--bare', tree, bare], tree);
    const out = join(temp(), 'corpus');
    const r = assembleCorpus(out, [`src=${bare}`]);
    expect(filesUnder(out)).toEqual(['CORPUS.md', ...TAKEN]);
    expect(r.documents).toBe(4);
  });

  it('writes the set again into copyN/ folders until the target size is reached', () => {
    const out = join(temp(), 'corpus');
    const once = assembleCorpus(join(temp(), 'once'), [`src=${writeRepo()}`]).bytes;
    const targetMb = (once * 2.5) / (1024 * 1024);
    const r = assembleCorpus(out, [`src=${writeRepo()}`], { targetMb });
    expect(r.copies).toBe(3);
    expect(r).toMatchObject({ files: 9, documents: 12, bytes: once * 3 });
    expect(filesUnder(out)).toEqual([
      'CORPUS.md',
      ...[1, 2, 3].flatMap((c) => TAKEN.map((p) => `copy${c}/${p}`)),
    ]);
    expect(r.report).toContain('real files ×3');
  });

  it('refuses a non-empty output folder and reports missing sources', () => {
    const out = temp();
    writeFileSync(join(out, 'x'), '');
    expect(() => assembleCorpus(out, [writeRepo()])).toThrow(CorpusError);
    const r = assembleCorpus(join(temp(), 'c'), [join(temp(), 'nope')]);
    expect(r.missing).toHaveLength(1);
    expect(r.files).toBe(0);
  });
});
