// End to end: the bundled Action against the fake GitHub API, over a fixture repository with a base
// commit, a head commit and a later push that fixes one finding.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub, type FakePullRequest } from '../fake-github/server.js';
import { buildDist } from './build.js';
import { fixturePath, fixtureRepo, OWNER, pullFiles, pullRequestEvent, REPO, runAction } from './harness.js';

const DOCS = 'https://github.com/kubeharden/kubeharden/blob/main/docs/rules';
const PRIVILEGED_WEB =
  'container "web" runs privileged, with every capability and host device; set privileged: false and add only the capabilities it needs';
const ROOT_METRICS =
  'container "metrics" runs as root (runAsUser: 0); set runAsUser to a non-zero UID and runAsNonRoot: true';
const ROOT_CLEANUP =
  'container "cleanup" may run as root: neither it nor the pod sets runAsNonRoot: true or a non-zero runAsUser; set securityContext.runAsNonRoot: true on the pod or container';

describe('Action on a pull request (annotate: review)', () => {
  let repo: ReturnType<typeof fixtureRepo>;
  let fake: FakeGitHub;
  let pr: FakePullRequest;

  beforeAll(async () => {
    buildDist();
    repo = fixtureRepo([fixturePath('base'), fixturePath('head'), fixturePath('fixed')]);
    const [base, head] = repo.shas as [string, string, string];
    repo.checkout(head);
    pr = { number: 7, baseSha: base, headSha: head, files: pullFiles(repo.dir, base, head) };
    fake = new FakeGitHub({ owner: OWNER, repo: REPO, pull: pr });
    await fake.start();
  });

  afterAll(async () => {
    await fake?.stop();
    if (repo) rmSync(repo.dir, { recursive: true, force: true });
  });

  it('posts one review with inline comments on the changed lines only', async () => {
    const foreign = fake.addForeignReviewComment('k8s/app.yaml', 18, 'Why bump the image?');
    const run = await runAction({ workspace: repo.dir, apiUrl: fake.url, event: pullRequestEvent(pr) });
    expect(fake.violations).toEqual([]);
    expect(run.stderr).toBe('');
    // Findings at high and above fail the job (the config's failOn), whatever was posted.
    expect(run.code).toBe(1);

    expect(fake.reviews).toHaveLength(1);
    const review = fake.reviews[0]!;
    expect(review.state).toBe('COMMENTED');
    expect(review.commitId).toBe(pr.headSha);
    expect(review.body).toBe(
      '<!-- kubeharden:review -->\n**kubeharden** found 3 new findings on the changed lines: 1 critical, 2 high.',
    );
    const posted = fake.reviewComments
      .filter((c) => c.id !== foreign)
      .map((c) => ({ path: c.path, line: c.line, side: c.side, startLine: c.startLine, body: c.body }));
    expect(posted).toEqual([
      {
        path: 'k8s/app.yaml',
        line: 21,
        side: 'RIGHT',
        startLine: null,
        body: [
          `**🔴 critical** · \`privileged-container\` · [rule documentation](${DOCS}/privileged-container.md)`,
          '',
          PRIVILEGED_WEB,
          '',
          '```suggestion',
          '            privileged: false',
          '```',
          '',
          '<!-- kubeharden:finding fp=e47d3cde2d5cc41dc7347abcea2c0d6b state=open -->',
        ].join('\n'),
      },
      {
        path: 'k8s/app.yaml',
        line: 25,
        side: 'RIGHT',
        startLine: null,
        body: expect.stringMatching(
          new RegExp(
            `^\\*\\*🟠 high\\*\\* · \`run-as-root\` · \\[rule documentation\\]\\(${DOCS}/run-as-root.md\\)\n\n${escapeRegExp(ROOT_METRICS)}\n\n<!-- kubeharden:finding fp=[0-9a-f]{32} state=open -->$`,
          ),
        ),
      },
      {
        // A fix that adds lines: the suggestion rewrites the changed line it inserts after.
        path: 'k8s/worker.yaml',
        line: 15,
        side: 'RIGHT',
        startLine: null,
        body: expect.stringContaining(
          [
            ROOT_CLEANUP,
            '',
            '```suggestion',
            '              image: registry.example.com/cleanup:1.0.0',
            '          securityContext:',
            '            runAsNonRoot: true',
            '```',
            '',
            '<!-- kubeharden:finding fp=',
          ].join('\n'),
        ),
      },
    ]);
    // The unchanged k8s/legacy.yaml has a finding too, but not on a changed line.
    expect(fake.reviewComments.some((c) => c.path === 'k8s/legacy.yaml')).toBe(false);
    expect(fake.reviewComments.find((c) => c.id === foreign)?.body).toBe('Why bump the image?');

    const summary = fake.issueComments;
    expect(summary).toHaveLength(1);
    expect(summary[0]!.body).toContain('<!-- kubeharden:summary -->');
    expect(summary[0]!.body).toContain('**3 findings** on the changed lines (1 critical, 2 high)');
    expect(summary[0]!.body).toContain('Inline review comments: 3 open, 0 marked fixed.');

    expect(run.outputs).toEqual({ findings: '3', errors: '3', 'sarif-file': '' });
    expect(run.summary).toContain('**3 findings** on the changed lines of pull request #7.');
    expect(run.summary).toContain(
      `| 🔴 critical | [privileged-container](${DOCS}/privileged-container.md) | \`k8s/app.yaml:21\` |`,
    );
    expect(run.stdout).toContain('::error::kubeharden: 3 finding(s) at or above high (1 critical, 2 high)');
  });

  it('posts nothing new when run again on the same commit', async () => {
    const before = fake.requests.length;
    const run = await runAction({ workspace: repo.dir, apiUrl: fake.url, event: pullRequestEvent(pr) });
    expect(fake.violations).toEqual([]);
    expect(run.code).toBe(1);
    const writes = fake.requests.slice(before).filter((r) => r.method !== 'GET');
    expect(writes).toEqual([]);
    expect(fake.reviews).toHaveLength(1);
  });

  it('marks the comment of a fixed finding fixed and updates the summary in place', async () => {
    const [base, , fixed] = repo.shas as [string, string, string];
    repo.checkout(fixed);
    pr = { ...pr, headSha: fixed, files: pullFiles(repo.dir, base, fixed) };
    fake.updatePull(pr);
    const before = fake.requests.length;
    const run = await runAction({
      workspace: repo.dir,
      apiUrl: fake.url,
      event: pullRequestEvent(pr),
      inputs: { 'fail-on': 'critical' },
    });
    expect(fake.violations).toEqual([]);
    // Only high findings remain: below fail-on critical.
    expect(run.code).toBe(0);
    const writes = fake.requests.slice(before).filter((r) => r.method !== 'GET');
    expect(writes.map((w) => `${w.method} ${w.template}`)).toEqual([
      'PATCH /repos/{owner}/{repo}/pulls/comments/{comment_id}',
      'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}',
    ]);
    const privileged = fake.reviewComments.find((c) => c.line === 21 && c.path === 'k8s/app.yaml')!;
    expect(privileged.body).toMatch(
      new RegExp(
        `^✅ \\*\\*Fixed\\*\\* as of ${fixed.slice(0, 7)}: kubeharden no longer reports this finding\\.`,
      ),
    );
    expect(privileged.body).toContain(`> ${PRIVILEGED_WEB}`);
    expect(privileged.body).not.toContain('```suggestion');
    expect(privileged.body).toContain(
      '<!-- kubeharden:finding fp=e47d3cde2d5cc41dc7347abcea2c0d6b state=fixed -->',
    );
    expect(fake.issueComments[0]!.body).toContain('Inline review comments: 2 open, 1 marked fixed.');
    expect(fake.reviews).toHaveLength(1);
    expect(run.outputs.findings).toBe('2');

    // Once marked fixed, a further run leaves it alone.
    const again = fake.requests.length;
    await runAction({
      workspace: repo.dir,
      apiUrl: fake.url,
      event: pullRequestEvent(pr),
      inputs: { 'fail-on': 'critical' },
    });
    expect(fake.violations).toEqual([]);
    expect(fake.requests.slice(again).filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('reopens the comment when the fixed finding comes back', async () => {
    const [base, head] = repo.shas as [string, string, string];
    repo.checkout(head);
    pr = { ...pr, headSha: head, files: pullFiles(repo.dir, base, head) };
    fake.updatePull(pr);
    const before = fake.requests.length;
    const run = await runAction({ workspace: repo.dir, apiUrl: fake.url, event: pullRequestEvent(pr) });
    expect(fake.violations).toEqual([]);
    expect(run.code).toBe(1);
    const writes = fake.requests.slice(before).filter((r) => r.method !== 'GET');
    expect(writes.map((w) => `${w.method} ${w.template}`)).toEqual([
      'PATCH /repos/{owner}/{repo}/pulls/comments/{comment_id}',
      'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}',
    ]);
    const privileged = fake.reviewComments.find((c) => c.line === 21 && c.path === 'k8s/app.yaml')!;
    // Back to an open finding, without the suggestion: the comment's lines may have moved since.
    expect(privileged.body).toBe(
      [
        `**🔴 critical** · \`privileged-container\` · [rule documentation](${DOCS}/privileged-container.md)`,
        '',
        PRIVILEGED_WEB,
        '',
        '<!-- kubeharden:finding fp=e47d3cde2d5cc41dc7347abcea2c0d6b state=open -->',
      ].join('\n'),
    );
    expect(fake.issueComments[0]!.body).toContain('Inline review comments: 3 open, 0 marked fixed.');
    expect(fake.reviews).toHaveLength(1);
  });
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
