// A file's text is let go once its tree is built (load/reread.ts) and read again, checked against a
// digest taken at load, when a report shows it. These tests hold that to what the text was for:
// findings identical to a scan that kept every text, and a report that says so, without a wrong
// frame or a crash, when a file changed between the scan and the report.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { applyFixes } from '../../src/cli/fix.js';
import { parseConfig } from '../../src/engine/index.js';
import { lint, lintFiles } from '../../src/lint.js';
import { DiskText, loadText, readSource, releaseText } from '../../src/load/index.js';
import { formatResult } from '../../src/report/index.js';
import { ROOT, tempTree } from './helpers.js';

const PEERS = join(ROOT, 'fixtures', 'peers', 'suppressions');
const WORKLOADS = readFileSync(join(PEERS, 'workloads.yaml'), 'utf8');
const CONFIG_TEXT = readFileSync(join(PEERS, '.kubeharden.yaml'), 'utf8');

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: app
    image: nginx:1.27
    securityContext:
      privileged: true
`;
// An ignore comment naming no rule, an unknown one, and a document that does not parse: findings
// without an object, fingerprinted by their line's text.
const BROKEN = `# kubeharden-ignore
# kubeharden-ignore no-such-rule -- why
apiVersion: v1
kind: ConfigMap
metadata:
  name: a
data: {b: 1
`;

const options = { color: false, toolVersion: '0.0.0' } as const;

async function lintTree(files: Record<string, string>, configText?: string) {
  const dir = tempTree(files);
  const config = configText ? parseConfig(configText, '.kubeharden.yaml', dir, builtinRules) : undefined;
  const result = await lint({ paths: ['.'], cwd: dir, ...(config ? { config } : {}) });
  return { dir, result };
}

describe('texts let go after loading', () => {
  it('give the same findings as a scan that keeps every text (ignores, KICS comments, parse problems)', async () => {
    const files = { 'workloads.yaml': WORKLOADS, 'pod.yaml': POD, 'broken.yaml': BROKEN };
    const { dir, result } = await lintTree(files, CONFIG_TEXT);
    const config = parseConfig(CONFIG_TEXT, '.kubeharden.yaml', dir, builtinRules);
    const kept = lintFiles(
      Object.entries(files).map(([p, t]) => loadText(p, t)),
      config,
    ).findings;
    expect(result.findings.length).toBeGreaterThan(10);
    expect(result.findings).toEqual(kept);
    // The suppressions that needed the text (KICS comments) and the object-less findings are there.
    expect(result.findings.some((f) => f.suppression?.justification?.startsWith('# kics-scan'))).toBe(true);
    expect(result.findings.filter((f) => f.ruleId === 'invalid-ignore')).toHaveLength(2);
    expect(result.findings.some((f) => f.ruleId === 'yaml-syntax-error')).toBe(true);
    // The report holds the files findings name, as texts on disk, not held in memory.
    expect(result.files.map((f) => f.path).sort()).toEqual(['broken.yaml', 'pod.yaml', 'workloads.yaml']);
    for (const f of result.files) expect(f instanceof DiskText && f.released).toBe(true);
    rmSync(dir, { recursive: true });
  });

  it('a released file still answers for its text, line starts and length', () => {
    const dir = tempTree({ 'pod.yaml': `\uFEFF${POD}` });
    const file = readSource(join(dir, 'pod.yaml'), 'pod.yaml', { maxFileBytes: 1 << 20 });
    releaseText(file);
    expect(file.disk?.released).toBe(true);
    expect(file.disk?.length).toBe(POD.length);
    // Read again: the byte-order mark is dropped as at load, so offsets agree.
    expect(file.text).toBe(POD);
    expect(file.disk?.stale).toBeUndefined();
    rmSync(dir, { recursive: true });
  });
});

describe('reading a file (one open, fstat and read)', () => {
  const read = (abs: string, maxFileBytes = 1 << 20) => readSource(abs, 'x.yaml', { maxFileBytes });

  it('reads the whole file, whatever its size against the first read', () => {
    // Larger than one read block and than the 64 KiB a grown buffer starts at.
    const big = `${POD}# ${'x'.repeat(200_000)}\n`;
    const dir = tempTree({ 'big.yaml': big, 'empty.yaml': '' });
    const file = read(join(dir, 'big.yaml'));
    expect(file.problems).toEqual([]);
    expect(file.text).toBe(big);
    expect(file.documents).toHaveLength(1);
    // What loadSource sets is there, and what it leaves out is absent, not undefined.
    expect(Object.keys(file)).not.toContain('notice');
    expect(Object.keys(file)).not.toContain('encoding');
    writeFileSync(
      join(dir, 'utf16.yaml'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(POD, 'utf16le')]),
    );
    const utf16 = read(join(dir, 'utf16.yaml'));
    expect(utf16.encoding).toBe('utf-16le');
    releaseText(utf16);
    expect(utf16.text).toBe(POD);
    const empty = read(join(dir, 'empty.yaml'));
    expect(empty.problems).toEqual([]);
    expect(empty.text).toBe('');
    // A special file whose fstat size is 0 is read to its end, as readFileSync reads it.
    if (existsSync('/proc/version'))
      expect(read('/proc/version').text).toBe(readFileSync('/proc/version', 'utf8'));
    rmSync(dir, { recursive: true });
  });

  it('a file over the limit is refused by its size, the others and the errors say why', () => {
    const dir = tempTree({ 'pod.yaml': POD });
    const tooLarge = read(join(dir, 'pod.yaml'), 100);
    expect(tooLarge.problems.map((p) => [p.code, p.message])).toEqual([
      [
        'file-too-large',
        `the file is ${POD.length} B, over the 100 B limit; it was not parsed (raise maxFileBytes in .kubeharden.yaml to lint it)`,
      ],
    ]);
    // Exactly the limit is read.
    expect(read(join(dir, 'pod.yaml'), POD.length).problems).toEqual([]);
    expect(read(join(dir, 'missing.yaml')).problems.map((p) => p.message)).toEqual([
      'cannot read the file (ENOENT), so nothing in it was checked',
    ]);
    expect(read(dir).problems.map((p) => p.message)).toEqual([
      'cannot read the file (EISDIR), so nothing in it was checked',
    ]);
    rmSync(dir, { recursive: true });
  });
});

describe('a file that changed between the scan and the report', () => {
  // Each case lints two identical trees: one is changed before its report is written, the other
  // shows what the report was. (A text read again once is the text linted, and is kept for a while.)
  it('the text report shows no frame of the new text and says why; the other files keep theirs', async () => {
    const files = { 'a.yaml': POD, 'b.yaml': POD };
    const twin = await lintTree(files);
    const { dir, result } = await lintTree(files);
    // Same length, other lines: a frame from it would point at the wrong text.
    writeFileSync(join(dir, 'a.yaml'), POD.replace('privileged: true', 'privileged: TRUE'));
    const before = formatResult(twin.result, 'text', options);
    const after = formatResult(result, 'text', options);
    expect(before).toContain('privileged: true');
    expect(after).not.toContain('privileged: TRUE');
    expect(after).toContain('(no code frame: a.yaml changed on disk after it was linted; lint it again)');
    // Said once for the file, not under every finding.
    expect(after.split('no code frame').length - 1).toBe(1);
    // b.yaml's frames are as before.
    const section = (s: string) => s.slice(s.indexOf('b.yaml'));
    expect(section(after)).toBe(section(before));
    for (const d of [dir, twin.dir]) rmSync(d, { recursive: true });
  });

  it('a vanished file: the text report says so; SARIF gives no replacement for it; JSON is unchanged', async () => {
    const twin = await lintTree({ 'a.yaml': POD });
    const { dir, result } = await lintTree({ 'a.yaml': POD });
    rmSync(join(dir, 'a.yaml'));
    const fixes = (r: typeof result) =>
      JSON.parse(formatResult(r, 'sarif', options)).runs[0].results.filter(
        (x: { fixes?: unknown }) => x.fixes,
      ).length;
    expect(fixes(twin.result)).toBeGreaterThan(0);
    expect(fixes(result)).toBe(0);
    expect(formatResult(result, 'text', options)).toContain(
      '(no code frame: a.yaml could not be read again after it was linted; lint it again)',
    );
    const json = (r: typeof result) => formatResult(r, 'json', options);
    expect(json(result)).toBe(json(twin.result));
    for (const d of [dir, twin.dir]) rmSync(d, { recursive: true });
  });

  it('--fix leaves it alone with a note, and fixes the files that did not change', async () => {
    const { dir, result } = await lintTree({ 'a.yaml': POD, 'b.yaml': POD });
    const changed = `${POD}# edited\n`;
    writeFileSync(join(dir, 'a.yaml'), changed);
    const summary = applyFixes(result.findings, result.inputs, result.files, { write: true });
    expect(summary.notes).toContain('a.yaml: changed since it was linted; not fixed');
    expect(summary.filesChanged).toEqual(['b.yaml']);
    expect(readFileSync(join(dir, 'a.yaml'), 'utf8')).toBe(changed);
    expect(readFileSync(join(dir, 'b.yaml'), 'utf8')).not.toBe(POD);
    rmSync(dir, { recursive: true });
  });
});
