// The GitHub Action: lint the workspace, then tell the pull request. Posting is best effort: a
// read-only token (fork pull requests) or a refused request falls back to workflow-command
// annotations and the job summary; only `fail-on` decides whether the job fails.
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { WriteError, writeFileAtomic } from '../cli/write.js';
import { ConfigError, type Finding, SEVERITIES, type Severity, severityRank } from '../engine/index.js';
import {
  type CheckAnnotation,
  type CheckConclusion,
  createCheckRun,
  createIssueComment,
  createReview,
  type ExistingComment,
  listIssueComments,
  listPullFiles,
  listReviewComments,
  type RepoRef,
  updateCheckRun,
  updateIssueComment,
  updateReviewComment,
} from '../github/api.js';
import { createClient, type GitHubClient, isPermissionError, statusOf } from '../github/client.js';
import type { LintResult } from '../lint.js';
import { lint } from '../lint.js';
import type { SourceText } from '../load/index.js';
import { escapeControl, groupByNode, textChunks, toSarif, toWorkflowCommands } from '../report/index.js';
import { VERSION } from '../version.js';
import {
  commentBody,
  escapeMarkdown,
  fixedBody,
  type PlannedComment,
  planComment,
  planTargetComment,
  planValuesComment,
  REVIEW_MARKER,
  readFindingMarker,
  SUMMARY_MARKER,
} from './comments.js';
import { type FileDiff, parsePatch, touchesChange, wholeFileChanged } from './diff.js';
import type { Runner } from './runner.js';
import { checkSummary, countsLine, jobSummary, pullSummaryComment } from './summary.js';

/** Comments per review: larger reviews fail in practice ("submitted too quickly"). */
export const COMMENTS_PER_REVIEW = 30;
/** Reviews per run, to stay clear of the secondary rate limit; the rest goes to the summary. */
export const MAX_REVIEWS = 4;
/** The Checks API takes at most 50 annotations per request. */
export const ANNOTATIONS_PER_REQUEST = 50;
export const MAX_ANNOTATIONS = 1000;
export const CHECK_NAME = 'kubeharden';
/** Code frames in the job log; the log is for people, the SARIF file and summary hold the rest. */
export const LOG_FRAMES = 500;

function shownPath(path: string, base: string): string {
  const rel = relative(base, path);
  return (rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path).split(sep).join('/');
}

const ANNOTATE_MODES = ['review', 'check', 'none'] as const;
type AnnotateMode = (typeof ANNOTATE_MODES)[number];

interface Inputs {
  readonly paths: string[];
  readonly config?: string;
  readonly failOn?: Severity | 'none';
  readonly kubernetesVersion?: string;
  readonly annotate: AnnotateMode;
  readonly onlyChanged: boolean;
  readonly sarifFile?: string;
  readonly token: string;
}

class InputError extends Error {}

function readInputs(runner: Runner): Inputs {
  const paths = runner
    .input('paths')
    .split(/[\n,]/)
    .map((p) => p.trim())
    .filter(Boolean);
  const failOn = runner.input('fail-on');
  if (failOn && failOn !== 'none' && !(SEVERITIES as readonly string[]).includes(failOn)) {
    throw new InputError(
      `input fail-on: expected one of ${[...SEVERITIES, 'none'].join(', ')}, got "${failOn}"`,
    );
  }
  const annotate = runner.input('annotate') || 'review';
  if (!(ANNOTATE_MODES as readonly string[]).includes(annotate)) {
    throw new InputError(`input annotate: expected review, check or none, got "${annotate}"`);
  }
  const onlyChanged = (runner.input('only-changed') || 'true').toLowerCase();
  if (!['true', 'false'].includes(onlyChanged)) {
    throw new InputError(`input only-changed: expected true or false, got "${onlyChanged}"`);
  }
  const version = runner.input('kubernetes-version');
  if (version && !/^v?1\.\d+(\.\d+)?$/.test(version)) {
    throw new InputError(`input kubernetes-version: expected a version such as 1.34, got "${version}"`);
  }
  const config = runner.input('config');
  const sarifFile = runner.input('sarif-file');
  return {
    paths: paths.length ? paths : ['.'],
    ...(config ? { config } : {}),
    ...(failOn ? { failOn: failOn as Severity | 'none' } : {}),
    ...(version ? { kubernetesVersion: version.replace(/^v/, '').split('.').slice(0, 2).join('.') } : {}),
    annotate: annotate as AnnotateMode,
    onlyChanged: onlyChanged === 'true',
    ...(sarifFile ? { sarifFile } : {}),
    token: runner.input('token'),
  };
}

interface PullRequestEvent {
  readonly number: number;
  readonly headSha: string;
}

function readPullRequest(env: NodeJS.ProcessEnv): PullRequestEvent | undefined {
  const path = env.GITHUB_EVENT_PATH;
  if (!path) return undefined;
  let payload: { pull_request?: { number?: unknown; head?: { sha?: unknown } } };
  try {
    payload = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
  const pr = payload.pull_request;
  if (!pr || typeof pr.number !== 'number' || typeof pr.head?.sha !== 'string') return undefined;
  // The commit to comment on is the head of the pull request; GITHUB_SHA is the test merge commit.
  return { number: pr.number, headSha: pr.head.sha };
}

function readRepo(env: NodeJS.ProcessEnv): RepoRef | undefined {
  const [owner, repo, ...rest] = (env.GITHUB_REPOSITORY ?? '').split('/');
  return owner && repo && !rest.length ? { owner, repo } : undefined;
}

/** Why posting to GitHub stopped; then findings go out as workflow-command annotations. */
class Fallback {
  reason: string | undefined;
}

const READ_ONLY = 'the token is read-only';
const PERMISSION_NOTE =
  'kubeharden: the token cannot write to this repository (fork pull requests get a read-only token; otherwise grant `pull-requests: write` or `checks: write`), so findings are shown as annotations and in the job summary instead.';

export async function runAction(runner: Runner, env: NodeJS.ProcessEnv): Promise<number> {
  let inputs: Inputs;
  try {
    inputs = readInputs(runner);
  } catch (err) {
    return cannotRun(runner, (err as Error).message);
  }
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const repo = readRepo(env);
  const pr = readPullRequest(env);
  const notes: string[] = [];
  const fallback = new Fallback();
  const gh =
    inputs.token && repo
      ? createClient({
          token: inputs.token,
          baseUrl: env.GITHUB_API_URL || 'https://api.github.com',
          log: { info: runner.info, warn: runner.warning },
        })
      : undefined;

  // The pull request's changed lines, when findings are limited to them or comments go inline.
  let diffs: Map<string, FileDiff> | undefined;
  if (pr && gh && repo && (inputs.onlyChanged || inputs.annotate === 'review')) {
    try {
      const files = await listPullFiles(gh, repo, pr.number);
      diffs = new Map();
      for (const f of files) {
        if (f.status === 'removed') continue;
        diffs.set(f.filename, f.patch === undefined ? wholeFileChanged() : parsePatch(f.patch));
      }
    } catch (err) {
      runner.warning(
        `kubeharden: could not list the pull request's files (${describe(err)}); reporting findings in all files`,
      );
    }
  } else if (pr && !gh) {
    runner.warning('kubeharden: no token or repository; reporting findings in all files');
  }

  let result: LintResult;
  try {
    result = await lint({
      paths: inputs.paths,
      cwd: workspace,
      ...(inputs.config ? { configPath: inputs.config } : {}),
      ...(inputs.kubernetesVersion ? { kubernetesVersion: inputs.kubernetesVersion } : {}),
      // The whole repository is context, so cross-resource rules see every object.
      contextPaths: ['.'],
    });
  } catch (err) {
    return cannotRun(
      runner,
      `${err instanceof ConfigError ? 'configuration error: ' : ''}${(err as Error).message}`,
    );
  }
  if (result.missing.length) return cannotRun(runner, `no such file or folder: ${result.missing.join(', ')}`);

  const all = result.findings.filter((f) => !f.suppression);
  const limitToDiff = Boolean(pr && diffs && inputs.onlyChanged);
  const reported = limitToDiff
    ? all.filter((f) => {
        const d = diffs!.get(f.location.file);
        if (d !== undefined && touchesChange(d, f.location.startLine, f.location.endLine)) return true;
        // A finding on a rendered chart is the pull request's too when it changed the values line
        // that fed the node (its fix may be suggested right there).
        return f.related.some((r) => {
          const v = r.message.startsWith('value ') ? diffs!.get(r.file) : undefined;
          return v !== undefined && touchesChange(v, r.startLine, r.endLine);
        });
      })
    : all;
  const failOn = inputs.failOn ?? result.config.failOn;
  const failed = failOn !== 'none' && reported.some((f) => severityRank(f.severity) >= severityRank(failOn));

  if (inputs.sarifFile) {
    const sarif = toSarif({
      findings: result.findings,
      rules: result.rules,
      toolVersion: VERSION,
      files: result.files,
      ...(result.config.source ? { configFile: shownPath(result.config.source, workspace) } : {}),
    });
    // Atomic, never through a link (a link planted in the workspace must not redirect the write).
    try {
      writeFileAtomic(resolve(workspace, inputs.sarifFile), `${JSON.stringify(sarif, null, 2)}\n`);
    } catch (err) {
      if (!(err instanceof WriteError)) throw err;
      runner.error(`kubeharden: ${err.message}`);
    }
  }

  runner.group(`kubeharden ${VERSION}: ${reported.length} finding${reported.length === 1 ? '' : 's'}`, () => {
    // Streamed chunk by chunk (a report never has to fit in one string), frames capped for a log.
    runner.untrusted(
      textChunks(reported, result.files, {
        color: false,
        notices: result.notices,
        maxFrames: LOG_FRAMES,
        ...(result.config.source ? { configFile: shownPath(result.config.source, workspace) } : {}),
      }),
    );
  });

  const files = new Map(result.files.map((f) => [f.path, f]));
  const headSha = pr?.headSha ?? env.GITHUB_SHA ?? '';
  if (inputs.annotate === 'review') {
    if (pr && gh && repo && diffs) {
      await postReview({ gh, repo, pr, diffs, reported, all, files, runner, notes, fallback });
    } else {
      fallback.reason = pr ? 'the pull request could not be read' : 'this run is not for a pull request';
    }
  } else if (inputs.annotate === 'check') {
    if (gh && repo && headSha) {
      await postCheckRun({ gh, repo, headSha, reported, failed, runner, notes, fallback });
    } else {
      fallback.reason = 'no token, repository or commit to attach a check run to';
    }
  }
  if (fallback.reason === READ_ONLY) {
    notes.push(
      'The token could not write to this repository (fork pull requests get a read-only token), so findings are shown as annotations and here.',
    );
  }
  if (fallback.reason !== undefined) {
    if (inputs.annotate !== 'none')
      runner.info(`kubeharden: annotating with workflow commands (${fallback.reason})`);
    const commands = toWorkflowCommands(reported);
    if (commands) runner.command(commands);
    if (reported.length > 20) {
      notes.push(
        'The runner shows at most 10 error and 10 warning annotations per step; every finding is listed below.',
      );
    }
  }

  const scope = limitToDiff ? `on the changed lines of pull request #${pr!.number}` : 'in the linted files';
  runner.appendSummary(jobSummary({ findings: reported, scope, failOn, failed, notes }));
  const errors = reported.filter((f) => f.severity === 'critical' || f.severity === 'high').length;
  runner.setOutput('findings', String(reported.length));
  runner.setOutput('errors', String(errors));
  runner.setOutput('sarif-file', inputs.sarifFile ?? '');

  if (failed) {
    runner.error(
      `kubeharden: ${reported.filter((f) => severityRank(f.severity) >= severityRank(failOn as Severity)).length} finding(s) at or above ${failOn} (${countsLine(reported)})`,
    );
    return 1;
  }
  return 0;
}

/** A problem with the inputs or the configuration: the job fails, and the summary says why. */
export function cannotRun(runner: Runner, message: string): number {
  runner.error(`kubeharden: ${message}`);
  runner.appendSummary(`## kubeharden\n\n❌ kubeharden could not run: ${escapeMarkdown(message)}\n`);
  return 1;
}

function describe(err: unknown): string {
  const status = statusOf(err);
  const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
  return status ? `HTTP ${status}: ${message}` : (message ?? 'unknown error');
}

/** Runs one write; a permission refusal switches to the fallback once, any other error is logged. */
async function write(
  what: string,
  fn: () => Promise<unknown>,
  runner: Runner,
  fallback: Fallback,
): Promise<boolean> {
  if (fallback.reason !== undefined) return false;
  try {
    await fn();
    return true;
  } catch (err) {
    if (isPermissionError(err)) {
      fallback.reason = READ_ONLY;
      runner.warning(PERMISSION_NOTE);
    } else {
      runner.warning(`kubeharden: could not ${what} (${describe(err)})`);
    }
    return false;
  }
}

interface ReviewContext {
  readonly gh: GitHubClient;
  readonly repo: RepoRef;
  readonly pr: PullRequestEvent;
  readonly diffs: Map<string, FileDiff>;
  readonly reported: readonly Finding[];
  readonly all: readonly Finding[];
  readonly files: Map<string, SourceText>;
  readonly runner: Runner;
  readonly notes: string[];
  readonly fallback: Fallback;
}

async function postReview(c: ReviewContext): Promise<void> {
  const { gh, repo, pr, runner, fallback } = c;
  let existing: ExistingComment[];
  try {
    existing = await listReviewComments(gh, repo, pr.number);
  } catch (err) {
    runner.warning(`kubeharden: could not list earlier review comments (${describe(err)})`);
    fallback.reason = 'earlier comments could not be read';
    return;
  }
  // Earlier kubeharden comments, known by their marker; others' comments are never touched. One
  // comment stands for all the findings on one node; its marker lists their fingerprints.
  interface Earlier {
    readonly comment: ExistingComment;
    readonly fingerprints: readonly string[];
    state: 'open' | 'fixed';
    /** Claimed by a node found again in this run: not to be marked fixed. */
    claimed: boolean;
  }
  const ours: Earlier[] = [];
  const byFingerprint = new Map<string, Earlier>();
  for (const comment of existing) {
    const m = readFindingMarker(comment.body);
    if (!m) continue;
    const earlier: Earlier = { comment, fingerprints: m.fingerprints, state: m.state, claimed: false };
    ours.push(earlier);
    for (const fp of m.fingerprints) if (!byFingerprint.has(fp)) byFingerprint.set(fp, earlier);
  }

  const toPost: PlannedComment[] = [];
  const notInline: Finding[] = [];
  const seen = new Set<string>();
  let alreadyPosted = 0;
  const rewrite: { earlier: Earlier; findings: readonly Finding[] }[] = [];
  const unique = c.reported.filter((f) => !seen.has(f.fingerprint) && seen.add(f.fingerprint));
  for (const group of groupByNode(unique)) {
    const earlier = group.map((f) => byFingerprint.get(f.fingerprint)).find((e) => e && !e.claimed);
    if (earlier) {
      earlier.claimed = true;
      const same =
        earlier.state === 'open' &&
        group.length === earlier.fingerprints.length &&
        group.every((f) => earlier.fingerprints.includes(f.fingerprint));
      // Back after a fix, or a rule more or less on the node: the comment is rewritten in place
      // (without a suggestion: its lines may have moved). Unchanged: left alone.
      if (same) alreadyPosted++;
      else rewrite.push({ earlier, findings: group });
      continue;
    }
    const diff = c.diffs.get(group[0]!.location.file);
    const plan =
      planTargetComment(
        group,
        (p) => c.diffs.get(p),
        (p) => c.files.get(p),
      ) ??
      (diff ? planComment(group, diff, c.files.get(group[0]!.location.file)) : undefined) ??
      planValuesComment(group, (p) => c.diffs.get(p));
    if (plan) toPost.push(plan);
    else notInline.push(...group);
  }
  const capacity = COMMENTS_PER_REVIEW * MAX_REVIEWS;
  for (const p of toPost.slice(capacity)) notInline.push(...p.findings);
  const batches: PlannedComment[][] = [];
  for (let i = 0; i < Math.min(toPost.length, capacity); i += COMMENTS_PER_REVIEW) {
    batches.push(toPost.slice(i, i + COMMENTS_PER_REVIEW));
  }

  let posted = 0;
  for (const [i, batch] of batches.entries()) {
    const findings = batch.flatMap((p) => p.findings);
    const body = `${REVIEW_MARKER}\n**kubeharden** found ${findings.length} new finding${findings.length === 1 ? '' : 's'} on the changed lines${batches.length > 1 ? ` (review ${i + 1} of ${batches.length})` : ''}: ${countsLine(findings)}.`;
    const comments = batch.map((p) => ({
      path: p.path,
      line: p.line,
      side: 'RIGHT' as const,
      ...(p.startLine !== undefined ? { start_line: p.startLine, start_side: 'RIGHT' as const } : {}),
      body: p.body,
    }));
    const ok = await write(
      'post a review',
      () => createReview(gh, repo, pr.number, { commitId: pr.headSha, body, comments }),
      runner,
      fallback,
    );
    if (ok) posted += batch.length;
    else for (const p of batch) notInline.push(...p.findings);
  }

  // Earlier comments none of whose findings is left in the whole linted tree (not just the diff)
  // are fixed.
  const present = new Set(c.all.map((f) => f.fingerprint));
  let fixed = 0;
  for (const earlier of ours) {
    if (earlier.claimed || earlier.state !== 'open') continue;
    if (earlier.fingerprints.some((fp) => present.has(fp))) continue;
    const body = fixedBody(earlier.comment.body, earlier.fingerprints, pr.headSha);
    if (
      await write(
        'mark a comment fixed',
        () => updateReviewComment(gh, repo, earlier.comment.id, body),
        runner,
        fallback,
      )
    )
      fixed++;
  }
  let reopened = 0;
  for (const r of rewrite) {
    const ok = await write(
      'update a comment',
      () => updateReviewComment(gh, repo, r.earlier.comment.id, commentBody(r.findings)),
      runner,
      fallback,
    );
    if (ok && r.earlier.state === 'fixed') reopened++;
  }

  if (fallback.reason === undefined) {
    const body = pullSummaryComment({
      findings: c.reported,
      inlineOpen: posted + alreadyPosted + rewrite.length,
      inlineFixed: fixed + ours.filter((o) => o.state === 'fixed').length - reopened,
      notInline,
      headSha: pr.headSha,
    });
    await write(
      'update the summary comment',
      async () => {
        const comments = await listIssueComments(gh, repo, pr.number);
        const summary = comments.find((x) => x.body.startsWith(SUMMARY_MARKER));
        if (summary) {
          if (summary.body !== body) await updateIssueComment(gh, repo, summary.id, body);
        } else if (c.reported.length || fixed) {
          await createIssueComment(gh, repo, pr.number, body);
        }
      },
      runner,
      fallback,
    );
  }
  if (notInline.length && fallback.reason === undefined) {
    c.notes.push(
      `${notInline.length} finding${notInline.length === 1 ? '' : 's'} could not be posted inline (outside the diff or beyond ${capacity} comments per run); the pull request's summary comment lists them.`,
    );
  }
  if (fixed) c.notes.push(`${fixed} earlier comment${fixed === 1 ? '' : 's'} marked fixed.`);
}

interface CheckContext {
  readonly gh: GitHubClient;
  readonly repo: RepoRef;
  readonly headSha: string;
  readonly reported: readonly Finding[];
  readonly failed: boolean;
  readonly runner: Runner;
  readonly notes: string[];
  readonly fallback: Fallback;
}

const ANNOTATION_LEVEL: Record<Severity, CheckAnnotation['annotation_level']> = {
  critical: 'failure',
  high: 'failure',
  medium: 'warning',
  low: 'notice',
  info: 'notice',
};

export function toAnnotation(f: Finding): CheckAnnotation {
  const l = f.location;
  return {
    path: l.file,
    start_line: l.startLine,
    end_line: l.endLine,
    // Columns are accepted only when the annotation is on one line.
    ...(l.startLine === l.endLine ? { start_column: l.startColumn, end_column: l.endColumn } : {}),
    annotation_level: ANNOTATION_LEVEL[f.severity],
    message: escapeControl(f.message.slice(0, 64_000)),
    title: escapeControl(`${f.ruleId} (${f.severity})`),
  };
}

async function postCheckRun(c: CheckContext): Promise<void> {
  const { gh, repo, runner, fallback } = c;
  const annotations = c.reported.slice(0, MAX_ANNOTATIONS).map(toAnnotation);
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < annotations.length; i += ANNOTATIONS_PER_REQUEST) {
    batches.push(annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  }
  if (!batches.length) batches.push([]);
  const conclusion: CheckConclusion = c.failed ? 'failure' : c.reported.length ? 'neutral' : 'success';
  const output = (batch: CheckAnnotation[]) => ({
    title: `${c.reported.length} finding${c.reported.length === 1 ? '' : 's'}`,
    summary: checkSummary(c.reported, annotations.length),
    ...(batch.length ? { annotations: batch } : {}),
  });
  let id: number | undefined;
  const last = batches.length - 1;
  await write(
    'create a check run',
    async () => {
      id = await createCheckRun(gh, repo, {
        name: CHECK_NAME,
        headSha: c.headSha,
        output: output(batches[0]!),
        ...(last === 0 ? { conclusion } : {}),
      });
    },
    runner,
    fallback,
  );
  if (id === undefined) return;
  const checkRunId = id;
  for (let i = 1; i <= last; i++) {
    // Each update appends its annotations; the last one completes the run.
    await write(
      'add annotations to the check run',
      () =>
        updateCheckRun(gh, repo, checkRunId, {
          output: output(batches[i]!),
          ...(i === last ? { conclusion } : {}),
        }),
      runner,
      fallback,
    );
  }
  if (c.reported.length > annotations.length) {
    c.notes.push(
      `${c.reported.length - annotations.length} findings beyond ${MAX_ANNOTATIONS} annotations are listed in the check run's summary.`,
    );
  }
}
