// The CLI as a process: closed pipes, full disks, option-like refs, hostile config files, unreadable
// folders, special files and globs that reach outside the scanned folder. Each ends with one
// accurate line on stderr and exit 2, never a stack trace, a hang or a file read it should not.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDist } from '../action/build.js';
import { CLI, ONLY_PRIVILEGED, PRIVILEGED_POD, runCli, tempTree } from './helpers.js';

beforeAll(() => {
  buildDist();
});

const noTrace = (stderr: string) => {
  expect(stderr).not.toMatch(/\n\s+at |internal error|Maximum call stack/);
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
};

describe('output that cannot be written', () => {
  const dir = tempTree({ '.kubeharden.yaml': ONLY_PRIVILEGED, 'pod.yaml': PRIVILEGED_POD });

  it('a closed stdout pipe (| head) ends with one line and exit 2', async () => {
    const child = spawn(process.execPath, [CLI, 'lint', '.', '-f', 'json'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The reader goes away before the report is written, as `| head -c 100` does after 100 bytes.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(code).toBe(2);
    expect(stderr).toBe(
      'kubeharden: cannot write the report to standard output: the reader closed the pipe (EPIPE)\n',
    );
  });

  it.skipIf(!existsSync('/dev/full'))('a full disk ends with one line and exit 2', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [CLI, 'lint', '.'], {
        cwd: dir,
        stdio: ['ignore', full, 'pipe'],
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(
        'kubeharden: cannot write the report to standard output: no space left on the device (ENOSPC)\n',
      );
    } finally {
      closeSync(full);
    }
  });
});

describe('--changed-since', () => {
  it('takes a ref, never an option', () => {
    const dir = tempTree({ '.kubeharden.yaml': ONLY_PRIVILEGED, 'pod.yaml': PRIVILEGED_POD });
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const target = join(dir, 'written-by-git.txt');
    const r = runCli(['lint', '.', `--changed-since=--output=${target}`], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `kubeharden: --changed-since expects a git ref, not an option ("--output=${target}")\n`,
    );
    expect(existsSync(target)).toBe(false);
  });
});

describe('hostile configuration files', () => {
  it('an alias bomb is named as one', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${prev}`).join(', ')}]`,
      );
    }
    const dir = tempTree({ '.kubeharden.yaml': `${bomb.join('\n')}\n`, 'pod.yaml': PRIVILEGED_POD });
    const r = runCli(['lint', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    noTrace(r.stderr);
    expect(r.stderr).toMatch(
      /^kubeharden: configuration error: .*\.kubeharden\.yaml: its aliases expand to more than 100 times their anchors' size \(an alias bomb\?\); write the settings out instead\n$/,
    );
  });

  it('absurd nesting is named as such', () => {
    const dir = tempTree({
      '.kubeharden.yaml': `rules: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`,
      'pod.yaml': PRIVILEGED_POD,
    });
    const r = runCli(['lint', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    noTrace(r.stderr);
    expect(r.stderr).toMatch(/^kubeharden: configuration error: .*: the YAML nests too deeply to read/);
  });

  it('include globs cannot reach outside the scanned folder (a kubeconfig next to the repository)', () => {
    const parent = tempTree({
      'outside/kubeconfig.yaml':
        'apiVersion: v1\nkind: Config\nusers:\n  - name: admin\n    user:\n      token: sk-outside-token-1234\n',
      'repo/.kubeharden.yaml': 'include: ["../outside/*.yaml"]\n',
      'repo/pod.yaml': PRIVILEGED_POD,
    });
    const r = runCli(['lint', '.'], { cwd: join(parent, 'repo') });
    expect(r.code).toBe(2);
    expect(r.stdout).not.toContain('sk-outside-token');
    expect(r.stderr).toMatch(
      /^kubeharden: configuration error: .*\.kubeharden\.yaml:1:\d+: glob "\.\.\/outside\/\*\.yaml" reaches outside the scanned folder/,
    );
  });

  it('a brace-expansion bomb in a glob is refused before it is compiled', () => {
    const dir = tempTree({
      '.kubeharden.yaml': `exclude: ["${'{a,b}'.repeat(20)}"]\n`,
      'pod.yaml': PRIVILEGED_POD,
    });
    const r = runCli(['lint', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/expands its braces into 1,048,576 patterns \(at most 256\)\n$/);
  });

  it('the config search stops at the repository root, and the run names the config it used', () => {
    const parent = tempTree({
      '.kubeharden.yaml': 'extends: []\n',
      'repo/pod.yaml': PRIVILEGED_POD,
    });
    const repo = join(parent, 'repo');
    execFileSync('git', ['init', '-q'], { cwd: repo });
    const r = runCli(['lint', '.'], { cwd: repo });
    // The parent's config (which turns every rule off) belongs to another project.
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('privileged-container');
    expect(r.stdout).not.toContain('notice configuration');
    writeFileSync(join(repo, '.kubeharden.yaml'), ONLY_PRIVILEGED);
    const named = runCli(['lint', '.'], { cwd: repo });
    expect(named.stdout).toContain('\nnotice configuration: .kubeharden.yaml\n');
    const json = runCli(['lint', '.', '-f', 'json'], { cwd: repo });
    expect(JSON.parse(json.stdout).invocation).toEqual({ configFile: '.kubeharden.yaml' });
  });
});

describe('files and folders that cannot be read as asked', () => {
  it('an explicitly named FIFO, a link to one, or a FIFO as config is refused, never opened', () => {
    const dir = tempTree({ 'pod.yaml': PRIVILEGED_POD });
    execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    execFileSync('ln', ['-s', 'pipe.yaml', join(dir, 'link.yaml')]);
    // Opening a FIFO with no writer would block forever: these runs ending at all is the point.
    for (const [args, message] of [
      [['lint', 'pipe.yaml'], 'kubeharden: pipe.yaml is a FIFO (named pipe), not a regular file; refused\n'],
      [['lint', 'link.yaml'], 'kubeharden: link.yaml is a FIFO (named pipe), not a regular file; refused\n'],
    ] as const) {
      const r = runCli([...args], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(message);
    }
    const config = runCli(['lint', 'pod.yaml', '-c', 'pipe.yaml'], { cwd: dir });
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(
      /^kubeharden: configuration error: config .*pipe\.yaml is a FIFO \(named pipe\), not a regular file; refused\n$/,
    );
  });

  it('a folder it may not read (chmod 000) stops the run with one accurate line', () => {
    const dir = tempTree({ 'pod.yaml': PRIVILEGED_POD, 'locked/secret.yaml': PRIVILEGED_POD });
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'pod.yaml'), 0o644);
    chmodSync(join(dir, 'locked'), 0o000);
    // root reads anything: run as nobody then, which is what a chmod-000 folder means to a user.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = spawnSync(process.execPath, [CLI, 'lint', '.'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', HOME: dir },
      ...asUser,
    });
    chmodSync(join(dir, 'locked'), 0o755);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('kubeharden: cannot read folder locked: permission denied (EACCES)\n');
  });
});

describe('deep folders', () => {
  it('are walked without recursion limits', () => {
    const dir = tempTree({});
    let p = dir;
    for (let i = 0; i < 200; i++) p = join(p, 'd');
    mkdirSync(p, { recursive: true });
    writeFileSync(join(p, 'pod.yaml'), PRIVILEGED_POD);
    writeFileSync(join(dir, '.kubeharden.yaml'), ONLY_PRIVILEGED);
    const r = runCli(['lint', '.', '-f', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings).toHaveLength(1);
  });
});
