// An overlay that does not build (or skips part of a kustomization) is a finding wherever the
// failure lies, never a silent pass: in a base outside the paths linted, in a file reached only
// through a link, or in an alias bomb (which used to build for ever, each alias copied).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../../src/lint.js';

const BOMB = `${[
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'g: [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
].join('\n')}\n`;

const POD =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n';

let root: string;
function tree(files: Record<string, string>): string {
  root = mkdtempSync(join(tmpdir(), 'kh-kbuild-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}
afterEach(() => rmSync(root, { recursive: true, force: true }));

const buildErrors = async (cwd: string, paths: string[]) =>
  (await lint({ paths, cwd })).findings
    .filter((f) => f.ruleId === 'kustomize-build-error')
    .map((f) => `${f.location.file}:${f.location.startLine}:${f.location.startColumn} ${f.message}`);

describe('kustomize-build-error is reported', () => {
  it('in a base outside the paths linted', async () => {
    const dir = tree({
      'base/kustomization.yaml': 'resources:\n- missing.yaml\n',
      'overlays/prod/kustomization.yaml': 'resources:\n- ../../base\n',
    });
    // The repository's root (bases outside it are not read): its work tree.
    mkdirSync(join(dir, '.git'));
    expect(await buildErrors(dir, ['overlays/prod'])).toEqual([
      'base/kustomization.yaml:2:3 kustomize build overlays/prod fails: resource missing.yaml does not exist. Everything it would produce is unchecked; fix the kustomization so that it builds',
    ]);
  });

  it('and kustomize-unsupported too, for a part of a base outside them that is skipped', async () => {
    const dir = tree({
      'base/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n',
      'base/kustomization.yaml': 'resources:\n- cm.yaml\ntransformers:\n- t.yaml\n',
      'overlays/prod/kustomization.yaml': 'resources:\n- ../../base\n',
    });
    mkdirSync(join(dir, '.git'));
    const r = await lint({ paths: ['overlays/prod'], cwd: dir });
    expect(r.findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.startLine}`)).toEqual([
      'kustomize-unsupported base/kustomization.yaml:3',
    ]);
  });

  it('in a kustomization reached through a link, on its line', async () => {
    const dir = tree({
      'base/pod.yaml': POD,
      'base/kustomization.yaml': 'resources:\n- pod.yaml\n',
      'overlays/a/kustomization.yaml': 'resources:\n- ../../base\n- again\n',
    });
    // `again` is the overlay itself: relative paths through it no longer lead to the base.
    symlinkSync('../a', join(dir, 'overlays/a/again'));
    expect(await buildErrors(dir, ['.'])).toEqual([
      'overlays/a/again/kustomization.yaml:2:3 kustomize build overlays/a fails: resource ../../base does not exist. Everything it would produce is unchecked; fix the kustomization so that it builds',
    ]);
  });

  it('for an alias bomb among the resources, at once', async () => {
    const dir = tree({
      'app/pod.yaml': POD,
      'app/bomb.yaml': BOMB,
      'app/kustomization.yaml': 'resources:\n- pod.yaml\n- bomb.yaml\n',
    });
    const started = Date.now();
    const errors = await buildErrors(dir, ['.']);
    expect(errors).toEqual([
      expect.stringMatching(
        /^app\/kustomization\.yaml:3:3 kustomize build app fails: .*app\/bomb\.yaml: document contains excessive aliasing \(an alias bomb\?\)/,
      ),
    ]);
    // Not a timing assertion of speed, a guard against the exponential copy: it took minutes.
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('not for aliases that only repeat a little (below go-yaml’s ratio)', async () => {
    const dir = tree({
      'app/cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels: &l {a: "1", b: "2"}\n  annotations: *l\ndata: {x: "1"}\n',
      'app/kustomization.yaml': 'resources:\n- cm.yaml\n',
    });
    expect(await buildErrors(dir, ['.'])).toEqual([]);
  });
});
