// Typed calls for the Action: pull-request files, review comments, reviews, issue comments and
// check runs. Every list is paginated; nothing here decides what to post.
import type { GitHubClient } from './client.js';

export interface RepoRef {
  readonly owner: string;
  readonly repo: string;
}

export interface PullFile {
  readonly filename: string;
  readonly status: string;
  /** Absent for binary and very large files. */
  readonly patch?: string;
  readonly previousFilename?: string;
}

export interface ExistingComment {
  readonly id: number;
  readonly body: string;
  readonly path?: string;
  readonly line?: number | null;
}

export interface NewReviewComment {
  readonly path: string;
  readonly line: number;
  readonly side: 'RIGHT';
  readonly start_line?: number;
  readonly start_side?: 'RIGHT';
  readonly body: string;
}

export type AnnotationLevel = 'notice' | 'warning' | 'failure';

export interface CheckAnnotation {
  readonly path: string;
  readonly start_line: number;
  readonly end_line: number;
  readonly start_column?: number;
  readonly end_column?: number;
  readonly annotation_level: AnnotationLevel;
  readonly message: string;
  readonly title?: string;
  readonly raw_details?: string;
}

export interface CheckOutput {
  readonly title: string;
  readonly summary: string;
  readonly annotations?: readonly CheckAnnotation[];
}

export type CheckConclusion = 'success' | 'failure' | 'neutral';

const PER_PAGE = 100;

export async function listPullFiles(
  gh: GitHubClient,
  repo: RepoRef,
  pullNumber: number,
): Promise<PullFile[]> {
  const files = await gh.paginate(gh.rest.pulls.listFiles, {
    ...repo,
    pull_number: pullNumber,
    per_page: PER_PAGE,
  });
  return files.map((f) => ({
    filename: f.filename,
    status: f.status,
    ...(typeof f.patch === 'string' ? { patch: f.patch } : {}),
    ...(f.previous_filename ? { previousFilename: f.previous_filename } : {}),
  }));
}

export async function listReviewComments(
  gh: GitHubClient,
  repo: RepoRef,
  pullNumber: number,
): Promise<ExistingComment[]> {
  const comments = await gh.paginate(gh.rest.pulls.listReviewComments, {
    ...repo,
    pull_number: pullNumber,
    per_page: PER_PAGE,
  });
  return comments.map((c) => ({ id: c.id, body: c.body, path: c.path, line: c.line ?? null }));
}

export async function createReview(
  gh: GitHubClient,
  repo: RepoRef,
  pullNumber: number,
  review: { commitId: string; body: string; comments: readonly NewReviewComment[] },
): Promise<number> {
  const res = await gh.rest.pulls.createReview({
    ...repo,
    pull_number: pullNumber,
    commit_id: review.commitId,
    // Without an event the review stays pending and blocks the next one.
    event: 'COMMENT',
    body: review.body,
    comments: review.comments.map((c) => ({ ...c })),
  });
  return res.data.id;
}

export async function updateReviewComment(
  gh: GitHubClient,
  repo: RepoRef,
  commentId: number,
  body: string,
): Promise<void> {
  await gh.rest.pulls.updateReviewComment({ ...repo, comment_id: commentId, body });
}

export async function listIssueComments(
  gh: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
): Promise<ExistingComment[]> {
  const comments = await gh.paginate(gh.rest.issues.listComments, {
    ...repo,
    issue_number: issueNumber,
    per_page: PER_PAGE,
  });
  return comments.map((c) => ({ id: c.id, body: c.body ?? '' }));
}

export async function createIssueComment(
  gh: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
  body: string,
): Promise<number> {
  const res = await gh.rest.issues.createComment({ ...repo, issue_number: issueNumber, body });
  return res.data.id;
}

export async function updateIssueComment(
  gh: GitHubClient,
  repo: RepoRef,
  commentId: number,
  body: string,
): Promise<void> {
  await gh.rest.issues.updateComment({ ...repo, comment_id: commentId, body });
}

export async function createCheckRun(
  gh: GitHubClient,
  repo: RepoRef,
  run: { name: string; headSha: string; output: CheckOutput; conclusion?: CheckConclusion },
): Promise<number> {
  const res = await gh.rest.checks.create({
    ...repo,
    name: run.name,
    head_sha: run.headSha,
    output: toApiOutput(run.output),
    ...(run.conclusion
      ? { status: 'completed' as const, conclusion: run.conclusion }
      : { status: 'in_progress' as const }),
  });
  return res.data.id;
}

export async function updateCheckRun(
  gh: GitHubClient,
  repo: RepoRef,
  checkRunId: number,
  update: { output: CheckOutput; conclusion?: CheckConclusion },
): Promise<void> {
  await gh.rest.checks.update({
    ...repo,
    check_run_id: checkRunId,
    output: toApiOutput(update.output),
    ...(update.conclusion ? { status: 'completed' as const, conclusion: update.conclusion } : {}),
  });
}

function toApiOutput(o: CheckOutput) {
  return {
    title: o.title,
    summary: o.summary,
    ...(o.annotations ? { annotations: o.annotations.map((a) => ({ ...a })) } : {}),
  };
}
