// End to end: the bundled Action against the fake GitHub API on a pull request that sets
// `privileged: true` in a chart's values file and in an overlay's patch, and adds a template line
// printing a values key the pull request did not change. A fix that reaches a changed values or
// patch line is a `suggestion` there; one whose values line is outside the diff is not suggested.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub, type FakePullRequest } from '../fake-github/server.js';
import { buildDist, ROOT } from './build.js';
import { fixtureRepo, OWNER, pullFiles, pullRequestEvent, REPO, runAction } from './harness.js';

const DOCS = 'https://github.com/kubeharden/kubeharden/blob/main/docs/rules';
const tree = (name: string) => join(ROOT, 'fixtures', 'action-rendered', name);

describe('Action: fixes of rendered findings as suggestions on values and patch lines', () => {
  let repo: ReturnType<typeof fixtureRepo>;
  let fake: FakeGitHub;
  let pr: FakePullRequest;

  beforeAll(async () => {
    buildDist();
    repo = fixtureRepo([tree('base'), tree('head')]);
    const [base, head] = repo.shas as [string, string];
    repo.checkout(head);
    pr = { number: 9, baseSha: base, headSha: head, files: pullFiles(repo.dir, base, head) };
    fake = new FakeGitHub({ owner: OWNER, repo: REPO, pull: pr });
    await fake.start();
  });

  afterAll(async () => {
    await fake?.stop();
    if (repo) rmSync(repo.dir, { recursive: true, force: true });
  });

  it('suggests the values-file and patch fixes on the changed lines', async () => {
    const run = await runAction({ workspace: repo.dir, apiUrl: fake.url, event: pullRequestEvent(pr) });
    expect(fake.violations).toEqual([]);
    expect(run.stderr).toBe('');
    const posted = fake.reviewComments.map((c) => ({
      path: c.path,
      line: c.line,
      startLine: c.startLine,
      body: c.body,
    }));
    const marker = /\n\n<!-- kubeharden:finding fp=[0-9a-f]{32} state=open -->$/;
    expect(posted.map((p) => ({ ...p, body: p.body.replace(marker, '') }))).toEqual([
      {
        // The template line the pull request added prints a values line it did not change: a
        // comment, no suggestion (GitHub takes suggestions on changed lines only).
        path: 'chart/web/templates/deployment.yaml',
        line: 12,
        startLine: null,
        body: `**🟠 high** · \`host-network\` · [rule documentation](${DOCS}/host-network.md)\n\nthe pod shares the node's network namespace (hostNetwork: true); remove it or set hostNetwork: false`,
      },
      {
        // The template is unchanged; the values line the pull request changed gets the fix.
        path: 'chart/web/values.yaml',
        line: 3,
        startLine: null,
        body: [
          `**🔴 critical** · \`privileged-container\` · [rule documentation](${DOCS}/privileged-container.md)`,
          '',
          'container "web" runs privileged, with every capability and host device; set privileged: false and add only the capabilities it needs',
          '',
          '```suggestion',
          'privileged: false # the debug build needs it',
          '```',
        ].join('\n'),
      },
      {
        path: 'kustomize/overlays/prod/privileged.yaml',
        line: 11,
        startLine: null,
        body: [
          `**🔴 critical** · \`privileged-container\` · [rule documentation](${DOCS}/privileged-container.md)`,
          '',
          'container "api" runs privileged, with every capability and host device; set privileged: false and add only the capabilities it needs',
          '',
          '```suggestion',
          '            privileged: false # for the profiler',
          '```',
        ].join('\n'),
      },
    ]);
    expect(posted.every((p) => marker.test(p.body))).toBe(true);
    expect(run.outputs.findings).toBe('3');
  });
});
