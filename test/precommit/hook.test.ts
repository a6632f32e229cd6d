// The pre-commit hook with the real client: `pre-commit try-repo` installs kubeharden the way
// pre-commit does for `language: node` (npm install, npm pack, npm install -g) and runs it on the
// staged files of a temporary Git repository. npm runs offline, from its cache.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDist, ROOT } from '../action/build.js';
import { git } from '../action/harness.js';

const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
const installed = preCommit.status === 0;
if (!installed) {
  console.warn(
    'SKIPPED: the pre-commit hook tests need the `pre-commit` command (Debian: apt-get install -y pre-commit).',
  );
}

const INSECURE = `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: shell
      image: registry.example.com/toolbox:1.0
      securityContext:
        privileged: true
`;

const CLEAN = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  securityContext:
    runAsNonRoot: true
  containers:
    - name: web
      image: registry.example.com/web:1.0
      securityContext:
        privileged: false
`;

const CONFIG = `extends: []
rules:
  privileged-container: critical
  run-as-root: high
`;

describe.skipIf(!installed)(
  `pre-commit hook (${installed ? preCommit.stdout.trim() : 'pre-commit not installed: skipped'})`,
  () => {
    const temp: string[] = [];
    let hookRepo: string;
    let home: string;

    function tempDir(prefix: string): string {
      const d = mkdtempSync(join(tmpdir(), prefix));
      temp.push(d);
      return d;
    }

    /** A copy of the package as a Git repository, so the test sees this build whatever is committed. */
    function makeHookRepo(): string {
      const dir = tempDir('kubeharden-hook-repo-');
      for (const f of [
        'package.json',
        'package-lock.json',
        '.pre-commit-hooks.yaml',
        'README.md',
        'LICENSE',
        'bin',
        'dist',
      ]) {
        if (existsSync(join(ROOT, f))) cpSync(join(ROOT, f), join(dir, f), { recursive: true });
      }
      git(dir, ['init', '-q', '-b', 'main']);
      git(dir, ['add', '-A']);
      git(dir, ['commit', '-q', '-m', 'kubeharden']);
      return dir;
    }

    function project(committed: Record<string, string>, staged: Record<string, string>): string {
      const dir = tempDir('kubeharden-precommit-');
      git(dir, ['init', '-q', '-b', 'main']);
      const write = (files: Record<string, string>) => {
        for (const [p, text] of Object.entries(files)) {
          mkdirSync(join(dir, p, '..'), { recursive: true });
          writeFileSync(join(dir, p), text);
        }
        git(dir, ['add', '-A']);
      };
      write(committed);
      git(dir, ['commit', '-q', '--allow-empty', '-m', 'base']);
      write(staged);
      return dir;
    }

    /** Each try-repo installs a fresh environment (about half a minute), so the cases run side by side. */
    function tryRepo(cwd: string): Promise<{ code: number | null; output: string }> {
      const child = spawn('pre-commit', ['try-repo', hookRepo, 'kubeharden', '--color', 'never'], {
        cwd,
        env: {
          ...process.env,
          PRE_COMMIT_HOME: home,
          // Nothing is fetched: npm installs from its cache or fails.
          npm_config_offline: 'true',
          npm_config_audit: 'false',
          npm_config_fund: 'false',
          npm_config_update_notifier: 'false',
          GIT_AUTHOR_NAME: 'Test',
          GIT_AUTHOR_EMAIL: 'test@example.com',
          GIT_COMMITTER_NAME: 'Test',
          GIT_COMMITTER_EMAIL: 'test@example.com',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d: Buffer) => {
        output += d.toString();
      });
      child.stderr.on('data', (d: Buffer) => {
        output += d.toString();
      });
      return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
    }

    /**
     * Offline, npm installs only what its cache holds (CI fills it with `npm ci` first). A package
     * missing from the cache is the machine's state, not the hook's: say so and skip.
     */
    function skipWhenNotCached(output: string, skip: (note: string) => never): void {
      const missing = /ENOTCACHED[\s\S]*?request to (\S+) failed/.exec(output);
      if (missing) {
        const note = `SKIPPED: npm's cache lacks ${missing[1]} and the test runs offline; run \`npm ci\` with network once`;
        console.warn(note);
        skip(note);
      }
    }

    beforeAll(() => {
      buildDist();
      hookRepo = makeHookRepo();
      home = tempDir('kubeharden-pre-commit-home-');
    }, 300_000);

    afterAll(() => {
      for (const d of temp) rmSync(d, { recursive: true, force: true });
    });

    it.concurrent('fails on a staged insecure manifest and names the finding', {
      timeout: 480_000,
    }, async ({ skip }) => {
      const dir = project({ '.kubeharden.yaml': CONFIG }, { 'k8s/debug.yaml': INSECURE });
      const { code, output } = await tryRepo(dir);
      skipWhenNotCached(output, skip);
      expect(output).toMatch(/kubeharden \(Kubernetes manifest hardening\)\.+Failed/);
      expect(output).toContain('k8s/debug.yaml');
      expect(output).toMatch(/10:21\s+critical\s+container "shell" runs privileged.*privileged-container/);
      expect(code).toBe(1);
    });

    it.concurrent('passes on a clean staged manifest; a committed insecure file is only context', {
      timeout: 480_000,
    }, async ({ skip }) => {
      const dir = project(
        { '.kubeharden.yaml': CONFIG, 'k8s/debug.yaml': INSECURE },
        { 'k8s/web.yaml': CLEAN },
      );
      const { code, output } = await tryRepo(dir);
      skipWhenNotCached(output, skip);
      expect(output).toMatch(/kubeharden \(Kubernetes manifest hardening\)\.+Passed/);
      expect(output).not.toContain('privileged-container');
      expect(code).toBe(0);
    });
  },
);
