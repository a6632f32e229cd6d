// Issue 11, "Writes": every way `--fix` and `-o` could write somewhere they should not, or write
// something wrong, reproduced on a small tree of its own and checked through the built CLI.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, runCli, tempTree } from '../core/helpers.js';

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--if-stale']);
});

const only = (...ids: string[]) => `extends: []\nrules:\n${ids.map((id) => `  ${id}: {}\n`).join('')}`;

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: app
spec:
  containers:
    - name: c
      image: x:1
      securityContext:
        privileged: true
`;
const FIXED = POD.replace('privileged: true', 'privileged: false');

describe('--fix and -o never write through a link', () => {
  it('edits a file reached twice (an in-tree link to it) once, under its own path', () => {
    const dir = tempTree({ 'real.yaml': POD, '.kubeharden.yaml': only('privileged-container') });
    symlinkSync('real.yaml', join(dir, 'link.yaml'));
    const r = runCli(['lint', '.', '--fix'], { cwd: dir });
    expect(readFileSync(join(dir, 'real.yaml'), 'utf8')).toBe(FIXED);
    expect(lstatSync(join(dir, 'link.yaml')).isSymbolicLink()).toBe(true);
    expect(r.stderr).toContain('applied 1 fix in 1 file');
    expect(r.code).toBe(0);
  });

  it('does not write through a link named on the command line to a file outside the tree', () => {
    const outside = tempTree({ 'pod.yaml': POD });
    const dir = tempTree({ '.kubeharden.yaml': only('privileged-container') });
    symlinkSync(join(outside, 'pod.yaml'), join(dir, 'pod.yaml'));
    const r = runCli(['lint', 'pod.yaml', '--fix'], { cwd: dir });
    expect(readFileSync(join(outside, 'pod.yaml'), 'utf8')).toBe(POD);
    expect(lstatSync(join(dir, 'pod.yaml')).isSymbolicLink()).toBe(true);
    expect(r.stderr).toContain('pod.yaml: a link; its fixes are not written through it');
    expect(r.code).toBe(1);
  });

  it('refuses an -o path that is a link, says so in one line, and still prints the report', () => {
    const outside = tempTree({ 'secret.txt': 'keep me\n' });
    const dir = tempTree({ 'pod.yaml': POD, '.kubeharden.yaml': only('privileged-container') });
    symlinkSync(join(outside, 'secret.txt'), join(dir, 'report.sarif'));
    const r = runCli(['lint', '.', '-f', 'sarif', '-o', 'report.sarif'], { cwd: dir });
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('keep me\n');
    expect(r.stderr).toMatch(
      /^kubeharden: \S*report\.sarif is a symbolic link; kubeharden does not write through links\n$/,
    );
    expect(r.stdout).toContain('privileged-container');
    expect(r.code).toBe(2);
  });

  it('-o replaces a regular file atomically and leaves no temporary file behind', () => {
    const dir = tempTree({ 'pod.yaml': POD, '.kubeharden.yaml': only('privileged-container') });
    writeFileSync(join(dir, 'out.json'), 'old');
    chmodSync(join(dir, 'out.json'), 0o640);
    runCli(['lint', '.', '-f', 'json', '-o', 'out.json'], { cwd: dir });
    expect(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')).findings).toHaveLength(1);
    expect(statSync(join(dir, 'out.json')).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).filter((f) => f.includes('tmp'))).toEqual([]);
  });
});

describe('--fix writes only what it should', () => {
  it('keeps the mode of a fixed file, and the bytes and mtime of files it does not fix', () => {
    const clean = POD.replace('privileged: true', 'privileged: false');
    const dir = tempTree({
      'pod.yaml': POD,
      'clean.yaml': clean,
      '.kubeharden.yaml': only('privileged-container'),
    });
    chmodSync(join(dir, 'pod.yaml'), 0o604);
    const old = new Date('2001-02-03T04:05:06Z');
    utimesSync(join(dir, 'clean.yaml'), old, old);
    runCli(['lint', '.', '--fix'], { cwd: dir });
    expect(statSync(join(dir, 'pod.yaml')).mode & 0o777).toBe(0o604);
    expect(readFileSync(join(dir, 'clean.yaml'), 'utf8')).toBe(clean);
    expect(statSync(join(dir, 'clean.yaml')).mtime.getTime()).toBe(old.getTime());
    expect(readdirSync(dir).filter((f) => f.includes('tmp'))).toEqual([]);
  });

  it('never rewrites a file that is not UTF-8 (its other bytes would change)', () => {
    const dir = tempTree({ '.kubeharden.yaml': only('privileged-container') });
    // Invalid UTF-8 in a comment: the loader reads it as kubectl does (U+FFFD), --fix leaves it.
    const bytes = Buffer.concat([Buffer.from('# caf', 'utf8'), Buffer.from([0xe9, 0x0a]), Buffer.from(POD)]);
    writeFileSync(join(dir, 'pod.yaml'), bytes);
    const r = runCli(['lint', '.', '--fix'], { cwd: dir });
    expect(readFileSync(join(dir, 'pod.yaml')).equals(bytes)).toBe(true);
    expect(r.stderr).toContain('pod.yaml: not UTF-8 text; its fixes are not written');
  });

  it('says that standard input is not fixed', () => {
    const dir = tempTree({ '.kubeharden.yaml': only('privileged-container') });
    const r = runCli(['lint', '-', '--fix'], { cwd: dir, input: POD });
    expect(r.stderr).toBe(
      'kubeharden: manifests read from standard input are not fixed; name the files instead\n',
    );
    expect(r.code).toBe(1);
  });

  it('keeps a BOM and CRLF line endings', () => {
    const crlf = `\uFEFF${POD.replace(/\n/g, '\r\n')}`;
    const dir = tempTree({
      'pod.yaml': crlf,
      '.kubeharden.yaml': only('privileged-container', 'writable-root-filesystem'),
    });
    runCli(['lint', '.', '--fix'], { cwd: dir });
    expect(readFileSync(join(dir, 'pod.yaml'), 'utf8')).toBe(
      `\uFEFF${FIXED.replace(/\n/g, '\r\n')}        readOnlyRootFilesystem: true\r\n`,
    );
  });

  it('refuses an edit under an anchor that several fields share, never changing every alias', () => {
    const shared = POD.replace(
      'privileged: true',
      'privileged: false\n        readOnlyRootFilesystem: &no false\n        allowPrivilegeEscalation: *no',
    );
    const dir = tempTree({
      'pod.yaml': shared,
      '.kubeharden.yaml': only('writable-root-filesystem', 'privilege-escalation-allowed'),
    });
    const r = runCli(['lint', '.', '--fix'], { cwd: dir });
    expect(readFileSync(join(dir, 'pod.yaml'), 'utf8')).toBe(shared);
    expect(r.stderr).toContain('writable-root-filesystem: not fixed:');
    expect(r.stderr).toContain('under the anchor &no');
    expect(r.stdout).toContain('writable-root-filesystem');
    expect(r.stdout).not.toContain('privilege-escalation-allowed');
  });

  it('writes JSON into a .json file', () => {
    const json = `${JSON.stringify(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p', namespace: 'app' },
        spec: { containers: [{ name: 'c', image: 'x:1', securityContext: { privileged: false } }] },
      },
      null,
      2,
    )}\n`;
    const dir = tempTree({
      'pod.json': json,
      '.kubeharden.yaml': only('seccomp-profile-missing', 'capabilities-not-dropped'),
    });
    const r = runCli(['lint', '.', '--fix'], { cwd: dir });
    const after = readFileSync(join(dir, 'pod.json'), 'utf8');
    const parsed = JSON.parse(after);
    expect(parsed.spec.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
    expect(parsed.spec.containers[0].securityContext).toEqual({
      privileged: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(r.code).toBe(0);
  });

  it('never renames a key into a duplicate', () => {
    const dup = POD.replace('privileged: true', 'privilegd: true\n        privileged: false');
    const dir = tempTree({ 'pod.yaml': dup, '.kubeharden.yaml': only('unknown-field') });
    const r = runCli(['lint', '.', '--fix'], { cwd: dir });
    expect(readFileSync(join(dir, 'pod.yaml'), 'utf8')).toBe(dup);
    expect(r.stderr).toContain('duplicate key');
    const alone = tempTree({
      'pod.yaml': POD.replace('privileged:', 'privilegd:'),
      '.kubeharden.yaml': only('unknown-field'),
    });
    runCli(['lint', '.', '--fix'], { cwd: alone });
    expect(readFileSync(join(alone, 'pod.yaml'), 'utf8')).toBe(POD);
  });

  it('in a read-only folder: a one-line error, the report still printed, exit 2', () => {
    const dir = tempTree({ 'pod.yaml': POD, '.kubeharden.yaml': only('privileged-container') });
    chmodSync(dir, 0o555);
    chmodSync(join(dir, 'pod.yaml'), 0o644);
    // root ignores folder permissions: run the CLI as `nobody` then.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = spawnSync(process.execPath, [CLI, 'lint', '.', '--fix'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      ...asNobody,
    });
    chmodSync(dir, 0o755);
    expect(r.stderr).toMatch(/^kubeharden: cannot write \S*pod\.yaml: permission denied\n$/);
    expect(r.stdout).toContain('privileged-container');
    expect(r.status).toBe(2);
    expect(readFileSync(join(dir, 'pod.yaml'), 'utf8')).toBe(POD);
  });
});

describe('--fix-dry-run', () => {
  it('prints a unified diff, writes nothing, and --fix-rules limits the rules', () => {
    const pod = POD.replace('privileged: true', 'privileged: true\n        readOnlyRootFilesystem: false');
    const dir = tempTree({
      'pod.yaml': pod,
      '.kubeharden.yaml': only('privileged-container', 'writable-root-filesystem'),
    });
    mkdirSync(join(dir, 'sub'));
    const r = runCli(['lint', '.', '--fix-dry-run', '--fix-rules', 'writable-root-filesystem'], { cwd: dir });
    expect(readFileSync(join(dir, 'pod.yaml'), 'utf8')).toBe(pod);
    expect(r.stdout).toBe(
      [
        '--- a/pod.yaml',
        '+++ b/pod.yaml',
        '@@ -9,4 +9,4 @@',
        '       image: x:1',
        '       securityContext:',
        '         privileged: true',
        '-        readOnlyRootFilesystem: false',
        '+        readOnlyRootFilesystem: true',
        '',
      ].join('\n'),
    );
    expect(r.code).toBe(0);
    const bad = runCli(['lint', '.', '--fix', '--fix-rules', 'host-path-volume'], { cwd: dir });
    expect(bad).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('rule "host-path-volume" has no fix'),
    });
  });
});
