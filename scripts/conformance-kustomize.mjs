#!/usr/bin/env node
// Builds every case of a Kustomize conformance folder (cases.json + expected/) with kubeharden's
// native builder and reports byte-for-byte matches, parsed-YAML matches and must-fail cases that
// fail. Usage: npm run conformance:kustomize -- <dir> [--verbose] [--only name]
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { parseAllDocuments } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args[onlyAt + 1] : undefined;
// Default: ../shared/conformance/kustomize beside the repository (or beside a worktree's parent).
const defaultDir = [
  join(here, '../../shared/conformance/kustomize'),
  join(here, '../../../shared/conformance/kustomize'),
].find((d) => existsSync(join(d, 'cases.json')));
const given = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--only');
if (!given && !defaultDir) {
  console.error('usage: npm run conformance:kustomize -- <dir with cases.json>');
  process.exit(2);
}
const dir = resolve(given ?? defaultDir);

// Bundled inside the project so that `yaml` resolves from its node_modules.
const out = mkdtempSync(join(here, '../.kh-kconf-'));
const bundle = join(out, 'kustomize.mjs');
await esbuild.build({
  entryPoints: [join(here, '../src/render/kustomize/index.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: bundle,
  packages: 'external',
  logLevel: 'error',
});
const { kustomizeBuild } = await import(pathToFileURL(bundle).href);
rmSync(out, { recursive: true, force: true });

const cases = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8'));
const parsed = (t) => JSON.stringify(parseAllDocuments(t).map((d) => d.toJS()));
let bytes = 0;
let yaml = 0;
let okCases = 0;
let errCases = 0;
let errOk = 0;
const failures = [];
for (const c of cases) {
  if (only && c.name !== only) continue;
  const caseDir = join(dir, c.dir);
  let result;
  try {
    result = kustomizeBuild(caseDir, { root: join(dir, 'cases', c.name) });
  } catch (e) {
    result = { ok: false, error: `crash: ${e.stack}` };
  }
  if (c.wantError) {
    errCases++;
    if (!result.ok) errOk++;
    else failures.push(`${c.name}: built, but kustomize fails`);
    continue;
  }
  okCases++;
  const expected = readFileSync(join(dir, c.expected), 'utf8');
  if (!result.ok) {
    failures.push(`${c.name}: ${result.error}`);
    continue;
  }
  if (result.text === expected) {
    bytes++;
    yaml++;
    continue;
  }
  let same = false;
  try {
    same = parsed(result.text) === parsed(expected);
  } catch {}
  if (same) yaml++;
  failures.push(`${c.name}: ${same ? 'same objects, different bytes' : 'different output'}`);
  if (verbose) {
    const a = join(tmpdir(), `kh-${c.name}.got.yaml`);
    writeFileSync(a, result.text);
    failures.push(`  diff ${join(dir, c.expected)} ${a}`);
  }
}
console.log(`kustomize conformance (${dir}):`);
console.log(`  byte-for-byte: ${bytes}/${okCases}`);
console.log(`  parsed YAML:   ${yaml}/${okCases}`);
console.log(`  must-fail cases that fail: ${errOk}/${errCases}`);
console.log(`  total: ${bytes + errOk}/${okCases + errCases}`);
for (const f of failures) console.log(`  - ${f}`);
process.exitCode = bytes + errOk === okCases + errCases ? 0 : 1;
