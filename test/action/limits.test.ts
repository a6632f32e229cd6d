// End to end: a fork's read-only token, more than 50 annotations on a check run, and a pull request
// of 300 files (paginated listing, reviews batched at 30 comments).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub, type FakePullRequest } from '../fake-github/server.js';
import { buildDist } from './build.js';
import { fixturePath, fixtureRepo, OWNER, pullFiles, pullRequestEvent, REPO, runAction } from './harness.js';

const cleanup: (() => Promise<void> | void)[] = [];

beforeAll(() => {
  buildDist();
});

afterEach(async () => {
  for (const f of cleanup.splice(0)) await f();
});

async function setUp(trees: string[], options: { readOnly?: boolean } = {}) {
  const repo = fixtureRepo(trees);
  const [base, head] = repo.shas as [string, string];
  repo.checkout(head);
  const pr: FakePullRequest = {
    number: 7,
    baseSha: base,
    headSha: head,
    files: pullFiles(repo.dir, base, head),
  };
  const fake = new FakeGitHub({ owner: OWNER, repo: REPO, pull: pr, ...options });
  await fake.start();
  cleanup.push(
    () => fake.stop(),
    () => rmSync(repo.dir, { recursive: true, force: true }),
  );
  return { repo, pr, fake };
}

function tempTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubeharden-tree-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const CONFIG = readFileSync(fixturePath('base', '.kubeharden.yaml'), 'utf8');

function pod(name: string, containers: number, privileged: boolean): string {
  const lines = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  securityContext:',
    '    runAsNonRoot: true',
    '  containers:',
  ];
  for (let i = 0; i < containers; i++) {
    lines.push(
      `    - name: c${i}`,
      `      image: registry.example.com/app:${i}`,
      '      securityContext:',
      `        privileged: ${privileged}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

describe('Action limits and fallbacks', () => {
  it('falls back to workflow-command annotations when the token is read-only (fork)', async () => {
    const { repo, pr, fake } = await setUp([fixturePath('base'), fixturePath('head')], { readOnly: true });
    const run = await runAction({
      workspace: repo.dir,
      apiUrl: fake.url,
      event: pullRequestEvent(pr, { fork: true }),
      inputs: { 'fail-on': 'none' },
    });
    expect(fake.violations).toEqual([]);
    // Refused writes never fail the job; fail-on none means nothing else does either.
    expect(run.code).toBe(0);
    expect(fake.reviews).toEqual([]);
    expect(fake.issueComments).toEqual([]);
    const refused = fake.requests.filter((r) => r.method !== 'GET');
    expect(refused.map((r) => `${r.method} ${r.template} ${r.status}`)).toEqual([
      'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews 403',
    ]);
    const permissionLines = run.stdout.split('\n').filter((l) => l.includes('cannot write'));
    expect(permissionLines).toHaveLength(1);
    expect(permissionLines[0]).toMatch(
      /^::warning::kubeharden: the token cannot write to this repository \(fork pull requests/,
    );
    const annotations = run.stdout.split('\n').filter((l) => /^::(error|warning|notice) file=/.test(l));
    expect(annotations).toEqual([
      '::error file=k8s/app.yaml,line=21,col=25,endLine=21,endColumn=29,title=kubeharden privileged-container (critical)::container "web" runs privileged, with every capability and host device; set privileged: false and add only the capabilities it needs',
      '::error file=k8s/app.yaml,line=25,col=13,endLine=25,endColumn=25,title=kubeharden run-as-root (high)::container "metrics" runs as root (runAsUser: 0); set runAsUser to a non-zero UID and runAsNonRoot: true',
      expect.stringMatching(
        /^::error file=k8s\/worker\.yaml,line=14,col=15,endLine=14,endColumn=\d+,title=kubeharden run-as-root \(high\)::container "cleanup" may run as root/,
      ),
    ]);
    expect(run.summary).toContain('**3 findings** on the changed lines of pull request #7.');
    expect(run.summary).toContain(
      '> The token could not write to this repository (fork pull requests get a read-only token)',
    );
    expect(run.outputs.findings).toBe('3');
  });

  it('annotates with workflow commands on a push (no pull request to review)', async () => {
    const { repo, fake } = await setUp([fixturePath('base'), fixturePath('head')]);
    const run = await runAction({
      workspace: repo.dir,
      apiUrl: fake.url,
      eventName: 'push',
      event: { ref: 'refs/heads/main', after: repo.shas[1], repository: { full_name: `${OWNER}/${REPO}` } },
      inputs: { 'fail-on': 'critical' },
    });
    expect(fake.violations).toEqual([]);
    expect(fake.requests).toEqual([]);
    expect(run.code).toBe(1);
    // The whole tree is reported: the unchanged legacy.yaml too.
    const annotated = run.stdout.split('\n').filter((l) => l.startsWith('::error file='));
    expect(annotated.map((l) => /file=([^,]+),line=(\d+)/.exec(l)!.slice(1).join(':'))).toEqual([
      'k8s/app.yaml:21',
      'k8s/app.yaml:25',
      'k8s/legacy.yaml:14',
      'k8s/worker.yaml:14',
    ]);
    expect(run.summary).toContain('**4 findings** in the linted files.');
    expect(run.stdout).toContain(
      '::error::kubeharden: 2 finding(s) at or above critical (2 critical, 2 high)',
    );
  });

  it('fails with a clear message on a bad input or configuration, and says so in the summary', async () => {
    const { repo, pr, fake } = await setUp([fixturePath('base'), fixturePath('head')]);
    const bad = await runAction({
      workspace: repo.dir,
      apiUrl: fake.url,
      event: pullRequestEvent(pr),
      inputs: { 'fail-on': 'severe' },
    });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(
      '::error::kubeharden: input fail-on: expected one of critical, high, medium, low, info, none, got "severe"',
    );
    expect(bad.summary).toContain('kubeharden could not run: input fail-on');
    writeFileSync(join(repo.dir, 'broken.yaml'), 'rules:\n  no-such-rule: high\n');
    const config = await runAction({
      workspace: repo.dir,
      apiUrl: fake.url,
      event: pullRequestEvent(pr),
      inputs: { config: 'broken.yaml' },
    });
    expect(config.code).toBe(1);
    expect(config.stdout).toMatch(
      /::error::kubeharden: configuration error: .*broken\.yaml:2:3: unknown rule "no-such-rule"/,
    );
    expect(fake.writes()).toEqual([]);
    expect(fake.violations).toEqual([]);
  });

  it('lists findings outside the diff in the summary comment when only-changed is false', async () => {
    const { repo, pr, fake } = await setUp([fixturePath('base'), fixturePath('head')]);
    const run = await runAction({
      workspace: repo.dir,
      apiUrl: fake.url,
      event: pullRequestEvent(pr),
      inputs: { 'only-changed': 'false', 'fail-on': 'none' },
    });
    expect(fake.violations).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.outputs.findings).toBe('4');
    expect(fake.reviewComments.map((c) => `${c.path}:${c.line}`)).toEqual([
      'k8s/app.yaml:21',
      'k8s/app.yaml:25',
      'k8s/worker.yaml:15', // on the line its fix inserts after (a suggestion)
    ]);
    const summary = fake.issueComments[0]!.body;
    expect(summary).toContain('#### Not posted inline (1)');
    expect(summary).toContain(
      '| [privileged-container](https://github.com/kubeharden/kubeharden/blob/main/docs/rules/privileged-container.md) | `k8s/legacy.yaml:14` |',
    );
    expect(run.summary).toContain('1 finding could not be posted inline');
  });

  it('fails a fork run only through fail-on', async () => {
    const { repo, pr, fake } = await setUp([fixturePath('base'), fixturePath('head')], { readOnly: true });
    const run = await runAction({
      workspace: repo.dir,
      apiUrl: fake.url,
      event: pullRequestEvent(pr, { fork: true }),
    });
    expect(fake.violations).toEqual([]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::kubeharden: 3 finding(s) at or above high');
  });

  it('batches more than 50 check-run annotations, 50 per request', async () => {
    const base = tempTree({ '.kubeharden.yaml': CONFIG, 'k8s/agents.yaml': pod('agents', 1, false) });
    const head = tempTree({ '.kubeharden.yaml': CONFIG, 'k8s/agents.yaml': pod('agents', 120, true) });
    const { repo, pr, fake } = await setUp([base, head]);
    const sarif = 'kubeharden.sarif';
    const run = await runAction({
      workspace: repo.dir,
      apiUrl: fake.url,
      event: pullRequestEvent(pr),
      inputs: { annotate: 'check', 'sarif-file': sarif },
    });
    expect(fake.violations).toEqual([]);
    expect(run.code).toBe(1);
    const writes = fake.requests.filter((r) => r.method !== 'GET');
    const sizes = writes.map(
      (w) => ((w.body as { output?: { annotations?: unknown[] } }).output?.annotations ?? []).length,
    );
    expect(writes.map((w) => `${w.method} ${w.template}`)).toEqual([
      'POST /repos/{owner}/{repo}/check-runs',
      'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}',
      'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}',
    ]);
    expect(sizes).toEqual([50, 50, 20]);
    const [checkRun] = fake.checkRuns;
    expect(fake.checkRuns).toHaveLength(1);
    expect(checkRun!.headSha).toBe(pr.headSha);
    expect(checkRun!.name).toBe('kubeharden');
    expect(checkRun!.status).toBe('completed');
    expect(checkRun!.conclusion).toBe('failure');
    expect(checkRun!.annotations).toHaveLength(120);
    expect(checkRun!.annotations[0]).toEqual({
      path: 'k8s/agents.yaml',
      start_line: 12,
      end_line: 12,
      start_column: 21,
      end_column: 25,
      annotation_level: 'failure',
      message:
        'container "c0" runs privileged, with every capability and host device; set privileged: false and add only the capabilities it needs',
      title: 'privileged-container (critical)',
    });
    expect(fake.reviews).toEqual([]);
    expect(run.outputs).toEqual({ findings: '120', errors: '120', 'sarif-file': sarif });
    const log = JSON.parse(readFileSync(join(repo.dir, sarif), 'utf8')) as { runs: { results: unknown[] }[] };
    expect(log.runs[0]!.results).toHaveLength(120);
  });

  it('reads a 300-file pull request page by page and splits 40 comments into reviews of 30', async () => {
    const baseFiles: Record<string, string> = { '.kubeharden.yaml': CONFIG };
    const headFiles: Record<string, string> = { '.kubeharden.yaml': CONFIG };
    for (let i = 1; i <= 300; i++) {
      const name = `app-${String(i).padStart(3, '0')}`;
      // 40 insecure files, the last file among them, so the third page matters.
      headFiles[`k8s/${name}.yaml`] = pod(name, 1, i % 10 === 0 || (i % 10 === 5 && i < 100));
    }
    const base = tempTree(baseFiles);
    const head = tempTree(headFiles);
    const { repo, pr, fake } = await setUp([base, head]);
    expect(pr.files).toHaveLength(300);
    const run = await runAction({ workspace: repo.dir, apiUrl: fake.url, event: pullRequestEvent(pr) });
    expect(fake.violations).toEqual([]);
    expect(run.code).toBe(1);
    const listing = fake.requests.filter(
      (r) => r.template === '/repos/{owner}/{repo}/pulls/{pull_number}/files',
    );
    expect(listing.map((r) => r.path)).toEqual([
      '/repos/acme/shop-deploy/pulls/7/files?per_page=100',
      '/repos/acme/shop-deploy/pulls/7/files?per_page=100&page=2',
      '/repos/acme/shop-deploy/pulls/7/files?per_page=100&page=3',
    ]);
    const insecure = Object.entries(headFiles).filter(([, t]) => t.includes('privileged: true')).length;
    expect(insecure).toBe(40);
    expect(fake.reviews.map((r) => r.commentIds.length)).toEqual([30, 10]);
    expect(fake.reviews.map((r) => r.body.split('\n')[1])).toEqual([
      '**kubeharden** found 30 new findings on the changed lines (review 1 of 2): 30 critical.',
      '**kubeharden** found 10 new findings on the changed lines (review 2 of 2): 10 critical.',
    ]);
    expect(fake.reviewComments.some((c) => c.path === 'k8s/app-300.yaml')).toBe(true);
  });
});
