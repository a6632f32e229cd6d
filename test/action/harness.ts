// Runs the bundled Action the way the Actions runner does: `node dist/action.js` with the event
// payload on disk, INPUT_* variables, and files for outputs and the job summary.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakePullFile, FakePullRequest } from '../fake-github/server.js';
import { ROOT } from './build.js';

export const OWNER = 'acme';
export const REPO = 'shop-deploy';

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

export function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
}

/** A Git repository with one commit per folder given (each folder is the whole tree at that commit). */
export function fixtureRepo(trees: readonly string[]): {
  dir: string;
  shas: string[];
  checkout(sha: string): void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'kubeharden-action-'));
  git(dir, ['init', '-q', '-b', 'main']);
  const shas: string[] = [];
  for (const tree of trees) {
    for (const e of readdirSync(dir))
      if (e !== '.git') rmSync(join(dir, e), { recursive: true, force: true });
    cpSync(tree, dir, { recursive: true });
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '--allow-empty', '-m', `tree ${shas.length}`]);
    shas.push(git(dir, ['rev-parse', 'HEAD']).trim());
  }
  return { dir, shas, checkout: (sha) => git(dir, ['checkout', '-q', sha]) };
}

export function fixturePath(...parts: string[]): string {
  return join(ROOT, 'fixtures', 'action', ...parts);
}

/** The files of a pull request from base to head as GitHub's API lists them (patches start at @@). */
export function pullFiles(dir: string, base: string, head: string): FakePullFile[] {
  const rows = git(dir, ['diff', '--name-status', '-M', base, head]).split('\n').filter(Boolean);
  // One diff for all files; its sections come in the same order as the name-status rows.
  const sections = git(dir, ['diff', '--no-color', '--no-ext-diff', '-U3', '-M', base, head])
    .split(/^(?=diff --git )/m)
    .filter((s) => s.startsWith('diff --git '));
  return rows.map((row, i) => {
    const [code, a, b] = row.split('\t') as [string, string, string | undefined];
    const status = code.startsWith('R')
      ? 'renamed'
      : code === 'A'
        ? 'added'
        : code === 'D'
          ? 'removed'
          : 'modified';
    const section = sections[i] ?? '';
    const at = section.indexOf('\n@@');
    const patch = at < 0 ? undefined : section.slice(at + 1).replace(/\n$/, '');
    return {
      filename: b ?? a,
      status,
      ...(patch !== undefined ? { patch } : {}),
      ...(b ? { previousFilename: a } : {}),
    };
  });
}

/** A `pull_request` event payload shaped like the one the runner writes to GITHUB_EVENT_PATH. */
export function pullRequestEvent(pr: FakePullRequest, options: { fork?: boolean } = {}): unknown {
  const repo = (owner: string) => ({
    id: owner === OWNER ? 700100 : 700200,
    node_id: 'R_kgDOexample',
    name: REPO,
    full_name: `${owner}/${REPO}`,
    private: false,
    owner: {
      login: owner,
      id: owner === OWNER ? 9001 : 9002,
      type: owner === OWNER ? 'Organization' : 'User',
    },
    html_url: `https://github.com/${owner}/${REPO}`,
    fork: owner !== OWNER,
    url: `https://api.github.com/repos/${owner}/${REPO}`,
    default_branch: 'main',
  });
  const headOwner = options.fork ? 'outside-contributor' : OWNER;
  const user = { login: headOwner, id: 9002, type: 'User' };
  return {
    action: 'synchronize',
    number: pr.number,
    before: pr.baseSha,
    after: pr.headSha,
    pull_request: {
      url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/${pr.number}`,
      id: 1_800_000_000 + pr.number,
      node_id: 'PR_kwDOexample',
      html_url: `https://github.com/${OWNER}/${REPO}/pull/${pr.number}`,
      number: pr.number,
      state: 'open',
      locked: false,
      title: 'Update the web deployment',
      user,
      body: null,
      draft: false,
      merged: false,
      head: { label: `${headOwner}:feature`, ref: 'feature', sha: pr.headSha, user, repo: repo(headOwner) },
      base: {
        label: `${OWNER}:main`,
        ref: 'main',
        sha: pr.baseSha,
        user: { login: OWNER, id: 9001, type: 'Organization' },
        repo: repo(OWNER),
      },
      author_association: options.fork ? 'FIRST_TIME_CONTRIBUTOR' : 'MEMBER',
      changed_files: pr.files.length,
    },
    repository: repo(OWNER),
    sender: user,
  };
}

export interface ActionRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly summary: string;
  readonly outputs: Record<string, string>;
}

function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (m) {
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
      out[m[1]!] = value.join('\n');
    } else if (lines[i]!.includes('=')) {
      const [k, ...v] = lines[i]!.split('=');
      out[k!] = v.join('=');
    }
  }
  return out;
}

/** Runs dist/action.js as the runner would; the fake API must be listening already. */
export async function runAction(options: {
  workspace: string;
  apiUrl: string;
  event: unknown;
  inputs?: Record<string, string>;
  eventName?: string;
}): Promise<ActionRun> {
  const tmp = mkdtempSync(join(tmpdir(), 'kubeharden-runner-'));
  const eventPath = join(tmp, 'event.json');
  const summaryPath = join(tmp, 'step_summary.md');
  const outputPath = join(tmp, 'output.txt');
  writeFileSync(eventPath, JSON.stringify(options.event, null, 2));
  writeFileSync(summaryPath, '');
  writeFileSync(outputPath, '');
  // Defaults from action.yml, as the runner fills them in.
  const inputs: Record<string, string> = {
    paths: '.',
    config: '',
    'fail-on': '',
    'kubernetes-version': '',
    annotate: 'review',
    'only-changed': 'true',
    'sarif-file': '',
    token: 'ghs_fakeTokenForTests000000000000000000',
    ...options.inputs,
  };
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: tmp,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.eventName ?? 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_REPOSITORY_OWNER: OWNER,
    GITHUB_API_URL: options.apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_GRAPHQL_URL: `${options.apiUrl}/graphql`,
    // The test merge commit, which is not part of the pull request: the Action must not use it.
    GITHUB_SHA: 'f00dfacef00dfacef00dfacef00dfacef00dface',
    GITHUB_REF: 'refs/pull/7/merge',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_OUTPUT: outputPath,
    RUNNER_TEMP: tmp,
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'action.js')], {
    cwd: options.workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const result = {
    code,
    stdout,
    stderr,
    summary: readFileSync(summaryPath, 'utf8'),
    outputs: parseOutputs(readFileSync(outputPath, 'utf8')),
  };
  rmSync(tmp, { recursive: true, force: true });
  return result;
}
