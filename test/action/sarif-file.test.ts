// The Action's `sarif-file` is written like every other file (src/cli/write.ts): atomically, and
// never through a link planted in the workspace (issue 11, "Writes").
import { readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempTree } from '../core/helpers.js';
import { FakeGitHub, type FakePullRequest } from '../fake-github/server.js';
import { buildDist } from './build.js';
import { fixtureRepo, OWNER, pullFiles, pullRequestEvent, REPO, runAction } from './harness.js';

const CONFIG = 'extends: []\nrules:\n  privileged-container: critical\n';
const POD =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  containers:\n    - name: c\n      image: x:1\n      securityContext:\n        privileged: true\n';

describe('Action sarif-file', () => {
  let fake: FakeGitHub;
  let repo: ReturnType<typeof fixtureRepo>;
  let pr: FakePullRequest;

  beforeAll(async () => {
    buildDist();
    repo = fixtureRepo([
      tempTree({ '.kubeharden.yaml': CONFIG }),
      tempTree({ '.kubeharden.yaml': CONFIG, 'k8s/pod.yaml': POD }),
    ]);
    const [base, head] = repo.shas as [string, string];
    repo.checkout(head);
    pr = { number: 3, baseSha: base, headSha: head, files: pullFiles(repo.dir, base, head) };
    fake = new FakeGitHub({ owner: OWNER, repo: REPO, pull: pr });
    await fake.start();
  });

  afterAll(async () => {
    await fake?.stop();
    if (repo) rmSync(repo.dir, { recursive: true, force: true });
  });

  it('is not written through a link, and the run says so as an error', async () => {
    const outside = tempTree({ 'target.txt': 'keep\n' });
    symlinkSync(join(outside, 'target.txt'), join(repo.dir, 'out.sarif'));
    const run = await runAction({
      workspace: repo.dir,
      apiUrl: fake.url,
      event: pullRequestEvent(pr),
      inputs: { annotate: 'none', 'sarif-file': 'out.sarif' },
    });
    expect(readFileSync(join(outside, 'target.txt'), 'utf8')).toBe('keep\n');
    expect(run.stdout).toMatch(
      /::error::kubeharden: \S*out\.sarif is a symbolic link; kubeharden does not write through links/,
    );
  });

  it('carries the fixes of the findings', async () => {
    const run = await runAction({
      workspace: repo.dir,
      apiUrl: fake.url,
      event: pullRequestEvent(pr),
      inputs: { annotate: 'none', 'sarif-file': 'report.sarif' },
    });
    expect(run.outputs['sarif-file']).toBe('report.sarif');
    const log = JSON.parse(readFileSync(join(repo.dir, 'report.sarif'), 'utf8'));
    expect(log.runs[0].results[0].fixes[0].artifactChanges[0].replacements[0].insertedContent).toEqual({
      text: 'false',
    });
  });
});
