import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'kubeharden.js');

/** A temporary folder holding the given files (path → text). */
export function tempTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubeharden-test-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

export function runCli(
  args: string[],
  opts: { cwd?: string; input?: string; env?: Record<string, string> } = {},
) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? ROOT,
    input: opts.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const PRIVILEGED_POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: app
spec:
  securityContext:
    runAsNonRoot: true
  containers:
    - name: c
      image: x
      securityContext:
        privileged: true
`;

/** A config that enables only privileged-container, so CLI tests do not depend on the catalogue. */
export const ONLY_PRIVILEGED = 'extends: []\nrules:\n  privileged-container: {}\n';

export const CLEAN_POD = PRIVILEGED_POD.replace('privileged: true', 'privileged: false');
