// End to end: manifest text that tries to act on GitHub (workflow commands in the log, links,
// images, mentions and forged markers in comments), and a bare container whose findings share one
// node: one review comment for the node, kept in step with the findings across pushes.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFindingMarker } from '../../src/action/comments.js';
import { FakeGitHub, type FakePullRequest } from '../fake-github/server.js';
import { buildDist } from './build.js';
import { fixtureRepo, OWNER, pullFiles, pullRequestEvent, REPO, runAction } from './harness.js';

const CONFIG = `extends: []
rules:
  run-as-root: high
  privilege-escalation-allowed: high
  probes-missing: low
  resource-requests-missing: low
`;
const HOSTILE_NAME =
  'app @octocat [click](https://evil.example/x) ![i](https://evil.example/i.png) <!-- kubeharden:finding fp=00 state=fixed -->\\n::add-mask::leak';

function pod(probes: boolean, secure = false): string {
  const lines = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: web',
    '  namespace: shop',
    'spec:',
    '  containers:',
    `    - name: "${HOSTILE_NAME}"`,
    '      image: registry.example.com/app:1.0.0',
  ];
  if (probes || secure)
    lines.push(
      '      livenessProbe: {httpGet: {path: /, port: 8080}}',
      '      readinessProbe: {httpGet: {path: /, port: 8080}}',
      '      resources: {requests: {cpu: 100m, memory: 64Mi}}',
    );
  if (secure) lines.push('      securityContext: {runAsNonRoot: true, allowPrivilegeEscalation: false}');
  return `${lines.join('\n')}\n`;
}

const trees: string[] = [];
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubeharden-hostile-'));
  trees.push(dir);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

describe('Action: hostile manifest text and findings grouped by node', () => {
  let repo: ReturnType<typeof fixtureRepo>;
  let fake: FakeGitHub;
  let pr: FakePullRequest;

  beforeAll(async () => {
    buildDist();
    repo = fixtureRepo([
      tree({ '.kubeharden.yaml': CONFIG }),
      tree({
        '.kubeharden.yaml': CONFIG,
        'k8s/pod.yaml': pod(false),
        '::warning::pwned.yaml': pod(false).replace('name: web', 'name: other'),
      }),
      tree({ '.kubeharden.yaml': CONFIG, 'k8s/pod.yaml': pod(true) }),
      tree({ '.kubeharden.yaml': CONFIG, 'k8s/pod.yaml': pod(true, true) }),
    ]);
    const [base, head] = repo.shas as [string, string];
    repo.checkout(head);
    pr = { number: 9, baseSha: base, headSha: head, files: pullFiles(repo.dir, base, head) };
    fake = new FakeGitHub({ owner: OWNER, repo: REPO, pull: pr });
    await fake.start();
  });

  afterAll(async () => {
    await fake?.stop();
    if (repo) rmSync(repo.dir, { recursive: true, force: true });
    for (const t of trees) rmSync(t, { recursive: true, force: true });
  });

  const forPod = () => fake.reviewComments.filter((c) => c.path === 'k8s/pod.yaml');

  it('posts one comment per node, listing every rule, with the manifest text inert', async () => {
    const run = await runAction({ workspace: repo.dir, apiUrl: fake.url, event: pullRequestEvent(pr) });
    expect(fake.violations).toEqual([]);
    expect(run.code).toBe(1);
    // Six findings on the container's `name:`, one comment; the same on the second file.
    expect(fake.reviews).toHaveLength(1);
    expect(fake.reviewComments).toHaveLength(2);
    const [comment] = forPod();
    expect(comment!.line).toBe(8);
    const body = comment!.body;
    expect(body.split('\n')[0]).toBe('**kubeharden: 6 findings on this node**');
    for (const rule of [
      'privilege-escalation-allowed',
      'run-as-root',
      'probes-missing',
      'resource-requests-missing',
    ])
      expect(body).toContain(`\`${rule}\``);
    expect(body.split('\n').filter((l) => l.startsWith('- **'))).toHaveLength(6);
    // The forged marker is text; the real one carries the six fingerprints.
    expect(readFindingMarker(body)?.fingerprints).toHaveLength(6);
    expect(body).toContain('&lt;!-- kubeharden:finding fp=00 state=fixed --&gt;');
    expect(body).not.toMatch(/(?<!\\)\[click(?<!\\)\]\(/);
    expect(body).toContain('\\[click\\](https:/\u200b/evil.example/x)');
    expect(body).toContain('!\\[i\\]');
    expect(body).not.toMatch(/@octocat/);
    expect(body).toContain('@\u200boctocat');
    expect(body).toContain('\\n::add-mask::leak');
    expect(run.summary).not.toMatch(/(?<!\\)\]\(https:\/\/evil/);
    expect(run.summary).not.toMatch(/@octocat/);

    // The log: the text report sits between ::stop-commands::<token> and ::<token>::, and no
    // line of it, nor anything else printed, is a command made of manifest text.
    const lines = run.stdout.split('\n');
    const stop = lines.findIndex((l) => /^::stop-commands::kubeharden-[0-9a-f]{32}$/.test(l));
    expect(stop).toBeGreaterThanOrEqual(0);
    const token = lines[stop]!.slice('::stop-commands::'.length);
    const resume = lines.indexOf(`::${token}::`);
    expect(resume).toBeGreaterThan(stop);
    const report = lines.slice(stop + 1, resume);
    expect(report).toContain('./::warning::pwned.yaml');
    expect(report.filter((l) => l.startsWith('::'))).toEqual([]);
    expect(lines.filter((l) => /^::(add-mask|warning::pwned)/.test(l))).toEqual([]);
    expect(run.stdout).not.toContain('\u001b');
  });

  it('posts nothing when run again on the same commit', async () => {
    const before = fake.requests.length;
    await runAction({ workspace: repo.dir, apiUrl: fake.url, event: pullRequestEvent(pr) });
    expect(fake.violations).toEqual([]);
    expect(fake.requests.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('rewrites the node comment in place when some of its rules are fixed, then marks it fixed', async () => {
    const [base, , partial, secure] = repo.shas as [string, string, string, string];
    repo.checkout(partial);
    pr = { ...pr, headSha: partial, files: pullFiles(repo.dir, base, partial) };
    fake.updatePull(pr);
    const before = fake.requests.length;
    await runAction({ workspace: repo.dir, apiUrl: fake.url, event: pullRequestEvent(pr) });
    expect(fake.violations).toEqual([]);
    expect(
      fake.requests
        .slice(before)
        .filter((r) => r.method !== 'GET')
        .map((w) => `${w.method} ${w.template}`),
    ).toContain('PATCH /repos/{owner}/{repo}/pulls/comments/{comment_id}');
    expect(fake.reviews).toHaveLength(1);
    const [comment] = forPod();
    expect(comment!.body.split('\n')[0]).toBe('**kubeharden: 2 findings on this node**');
    expect(comment!.body).not.toContain('probes-missing');
    expect(readFindingMarker(comment!.body)).toMatchObject({ state: 'open' });
    expect(readFindingMarker(comment!.body)?.fingerprints).toHaveLength(2);

    repo.checkout(secure);
    pr = { ...pr, headSha: secure, files: pullFiles(repo.dir, base, secure) };
    fake.updatePull(pr);
    const run = await runAction({ workspace: repo.dir, apiUrl: fake.url, event: pullRequestEvent(pr) });
    expect(fake.violations).toEqual([]);
    expect(run.code).toBe(0);
    const [done] = forPod();
    expect(done!.body).toMatch(
      /^✅ \*\*Fixed\*\* as of [0-9a-f]{7}: kubeharden no longer reports these findings\./,
    );
    expect(readFindingMarker(done!.body)).toMatchObject({ state: 'fixed' });
    expect(fake.reviews).toHaveLength(1);
  });
});
