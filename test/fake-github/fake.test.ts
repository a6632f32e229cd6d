// The fake must refuse what GitHub refuses, or the end-to-end tests prove nothing.

import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from './server.js';

const HEAD = 'a'.repeat(40);
const repo = { owner: 'acme', repo: 'shop' };

describe('fake GitHub API', () => {
  let fake: FakeGitHub;
  let gh: Octokit;

  beforeAll(async () => {
    fake = new FakeGitHub({
      ...repo,
      pull: {
        number: 3,
        headSha: HEAD,
        baseSha: 'b'.repeat(40),
        files: [
          {
            filename: 'k8s/a.yaml',
            status: 'modified',
            patch: '@@ -1,3 +1,3 @@\n kind: Pod\n-a: 1\n+a: 2\n b: 3',
          },
        ],
      },
    });
    await fake.start();
    // Plain Octokit: the throttling plugin would space the writes a second apart.
    gh = new Octokit({
      auth: 'ghs_test',
      baseUrl: fake.url,
      log: { debug() {}, info() {}, warn() {}, error() {} },
    });
  });

  afterAll(async () => {
    await fake.stop();
  });

  async function refused(fn: () => Promise<unknown>): Promise<number | undefined> {
    const before = fake.violations.length;
    let status: number | undefined;
    try {
      await fn();
    } catch (err) {
      status = (err as { status?: number }).status;
    }
    expect(fake.violations.length).toBe(before + 1);
    return status;
  }

  it('accepts a valid review and answers with a payload that matches the schema', async () => {
    const res = await gh.rest.pulls.createReview({
      ...repo,
      pull_number: 3,
      commit_id: HEAD,
      event: 'COMMENT',
      body: 'ok',
      comments: [{ path: 'k8s/a.yaml', line: 2, side: 'RIGHT', body: 'here' }],
    });
    expect(res.data.state).toBe('COMMENTED');
    expect(res.data.user?.login).toBe('github-actions[bot]');
    expect(fake.violations).toEqual([]);
  });

  it('refuses a comment on a line outside the diff', async () => {
    const status = await refused(() =>
      gh.rest.pulls.createReview({
        ...repo,
        pull_number: 3,
        commit_id: HEAD,
        event: 'COMMENT',
        body: 'x',
        comments: [{ path: 'k8s/a.yaml', line: 9, side: 'RIGHT', body: 'far away' }],
      }),
    );
    expect(status).toBe(422);
    expect(fake.violations.at(-1)).toContain('line 9 (RIGHT) must be part of the diff');
  });

  it('refuses the merge commit as commit_id', async () => {
    expect(
      await refused(() =>
        gh.rest.pulls.createReview({
          ...repo,
          pull_number: 3,
          commit_id: 'f'.repeat(40),
          event: 'COMMENT',
          body: 'x',
        }),
      ),
    ).toBe(422);
  });

  it('refuses bodies that break the OpenAPI schema', async () => {
    expect(
      await refused(() =>
        gh.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
          ...repo,
          issue_number: 3,
          body: 42 as unknown as string,
        }),
      ),
    ).toBe(422);
  });

  it('refuses per_page above 100 and routes GitHub does not have', async () => {
    expect(await refused(() => gh.rest.pulls.listFiles({ ...repo, pull_number: 3, per_page: 101 }))).toBe(
      422,
    );
    expect(await refused(() => gh.request('GET /repos/{owner}/{repo}/no-such-thing', repo))).toBe(404);
  });

  it('refuses more than 50 annotations in one check-run request', async () => {
    const annotation = {
      path: 'k8s/a.yaml',
      start_line: 2,
      end_line: 2,
      annotation_level: 'failure' as const,
      message: 'm',
    };
    expect(
      await refused(() =>
        gh.rest.checks.create({
          ...repo,
          name: 'kubeharden',
          head_sha: HEAD,
          output: { title: 't', summary: 's', annotations: Array.from({ length: 51 }, () => annotation) },
        }),
      ),
    ).toBe(422);
  });

  it("records an edit of someone else's comment", async () => {
    const id = fake.addForeignReviewComment('k8s/a.yaml', 2, 'mine');
    expect(
      await refused(() =>
        gh.rest.pulls.updateReviewComment({ ...repo, comment_id: id, body: 'overwritten' }),
      ),
    ).toBe(403);
  });

  it('answers writes with 403 when read-only, without calling it a violation', async () => {
    fake.readOnly = true;
    const before = fake.violations.length;
    await expect(gh.rest.issues.createComment({ ...repo, issue_number: 3, body: 'x' })).rejects.toMatchObject(
      { status: 403 },
    );
    expect(fake.violations.length).toBe(before);
    fake.readOnly = false;
  });
});
