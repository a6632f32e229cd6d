// The insecure example application, fixed in a temporary copy and linted again: every finding that
// offered a fix is gone, nothing else in the data changed, and the diff is the committed fixture
// fixtures/fix/insecure-app.diff (regenerate with UPDATE_FIXTURES=1 after a deliberate change).
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyFixes } from '../../src/cli/fix.js';
import { lint } from '../../src/lint.js';
import { changedPaths, covered, fixPaths, parseDocs } from './helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const APP = join(ROOT, 'examples', 'insecure-app');
const FIXTURE = join(ROOT, 'fixtures', 'fix', 'insecure-app.diff');

function copy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubeharden-fix-'));
  cpSync(APP, dir, { recursive: true });
  return dir;
}

describe('fixing examples/insecure-app', () => {
  it('shows the committed diff in a dry run and writes nothing', async () => {
    const dir = copy();
    const before = await lint({ paths: ['.'], cwd: dir });
    const dry = applyFixes(before.findings, before.inputs, before.files, { write: false });
    if (process.env.UPDATE_FIXTURES) writeFileSync(FIXTURE, dry.diff);
    expect(dry.diff).toBe(readFileSync(FIXTURE, 'utf8'));
    expect(dry.errors).toEqual([]);
    for (const f of before.inputs)
      expect(readFileSync(f.absPath, 'utf8')).toBe(readFileSync(join(APP, f.path), 'utf8'));
  });

  it('leaves no fixable finding, changes only the fixed fields, and a second --fix changes nothing', async () => {
    const dir = copy();
    const before = await lint({ paths: ['.'], cwd: dir });
    const fixable = before.findings.filter((f) => f.fix && !f.fix.rendered && !f.suppression);
    expect(fixable.length).toBeGreaterThan(30);
    const run = applyFixes(before.findings, before.inputs, before.files, { write: true });
    expect(run.errors).toEqual([]);
    expect(run.notes.filter((n) => !n.includes('rendered output'))).toEqual([]);

    const after = await lint({ paths: ['.'], cwd: dir });
    const key = (f: { ruleId: string; fingerprint: string }) => `${f.ruleId} ${f.fingerprint}`;
    const left = new Set(after.findings.map(key));
    expect(fixable.filter((f) => left.has(key(f))).map(key)).toEqual([]);
    expect(after.findings.filter((f) => f.fix && !f.fix.rendered)).toEqual([]);

    for (const file of before.inputs) {
      const allowed = fixable.filter((f) => f.location.file === file.path).flatMap(fixPaths);
      const old = parseDocs(readFileSync(join(APP, file.path), 'utf8'));
      const now = parseDocs(readFileSync(file.absPath, 'utf8'));
      expect(now.length).toBe(old.length);
      const changed = old.flatMap((d, i) => changedPaths(d, now[i]));
      expect(changed.filter((p) => !covered(p, allowed))).toEqual([]);
    }

    const once = before.inputs.map((f) => readFileSync(f.absPath, 'utf8'));
    const again = applyFixes(after.findings, after.inputs, after.files, { write: true });
    expect(again.applied).toBe(0);
    expect(before.inputs.map((f) => readFileSync(f.absPath, 'utf8'))).toEqual(once);
  });

  it('the README shows a part of the committed diff, unchanged', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = /```diff\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    expect(readFileSync(FIXTURE, 'utf8')).toContain(block);
  });
});
