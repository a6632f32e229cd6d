// A fake GitHub REST API on 127.0.0.1 for end-to-end tests of the Action. Every request is checked
// against GitHub's OpenAPI description (route, query, body) and against the rules the real API
// enforces on reviews, comments and check runs; answers start from the documented examples and are
// checked against the response schemas too. Anything the real API would refuse is recorded in
// `violations`, and tests assert that list stays empty.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type MatchedOperation, OpenApi } from './openapi.js';

type JsonObject = Record<string, unknown>;

export interface FakePullFile {
  readonly filename: string;
  readonly status?: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  /** Unified-diff hunks as GitHub returns them; absent for binary or very large files. */
  readonly patch?: string;
  readonly previousFilename?: string;
}

export interface FakePullRequest {
  readonly number: number;
  readonly headSha: string;
  readonly baseSha: string;
  readonly files: readonly FakePullFile[];
}

export interface FakeGitHubOptions {
  readonly owner: string;
  readonly repo: string;
  readonly pull: FakePullRequest;
  /** Answer every write with 403, as GitHub does for the read-only token of a fork pull request. */
  readonly readOnly?: boolean;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly template?: string;
  readonly body?: unknown;
  readonly status: number;
}

export interface StoredReviewComment {
  readonly id: number;
  readonly reviewId: number;
  body: string;
  readonly path: string;
  readonly line: number;
  readonly side: 'LEFT' | 'RIGHT';
  readonly startLine: number | null;
  readonly commitId: string;
  readonly author: string;
}

export interface StoredReview {
  readonly id: number;
  readonly body: string;
  readonly state: 'COMMENTED' | 'PENDING';
  readonly commitId: string;
  readonly commentIds: number[];
}

export interface StoredIssueComment {
  readonly id: number;
  body: string;
  readonly author: string;
}

export interface StoredCheckRun {
  readonly id: number;
  readonly name: string;
  readonly headSha: string;
  status: string;
  conclusion: string | null;
  title: string | null;
  summary: string | null;
  readonly annotations: JsonObject[];
}

/** The login the Actions token posts as. */
export const BOT_LOGIN = 'github-actions[bot]';
const MAX_BODY = 65_536;
const MAX_REVIEW_COMMENTS = 30;
const MAX_ANNOTATIONS = 50;
const MAX_LISTED_FILES = 3000;

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly violation = true,
  ) {
    super(message);
  }
}

interface DiffLines {
  /** side:line → hunk index */
  readonly lines: Map<string, number>;
  readonly hunkHeaders: string[];
}

function diffLines(patch: string | undefined): DiffLines {
  const lines = new Map<string, number>();
  const hunkHeaders: string[] = [];
  if (patch === undefined) return { lines, hunkHeaders };
  let left = 0;
  let right = 0;
  for (const text of patch.split('\n')) {
    const h = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (h) {
      hunkHeaders.push(text);
      left = Number(h[1]);
      right = Number(h[2]);
      continue;
    }
    const hunk = hunkHeaders.length - 1;
    if (hunk < 0) continue;
    if (text.startsWith('+')) lines.set(`RIGHT:${right++}`, hunk);
    else if (text.startsWith('-')) lines.set(`LEFT:${left++}`, hunk);
    else if (text.startsWith(' ')) {
      lines.set(`RIGHT:${right++}`, hunk);
      lines.set(`LEFT:${left++}`, hunk);
    }
  }
  return { lines, hunkHeaders };
}

function botUser(template: JsonObject): JsonObject {
  const base = 'https://api.github.com/users/github-actions%5Bbot%5D';
  return {
    ...template,
    login: BOT_LOGIN,
    id: 41898282,
    node_id: 'MDM6Qm90NDE4OTgyODI=',
    avatar_url: 'https://avatars.githubusercontent.com/in/15368?v=4',
    gravatar_id: '',
    url: base,
    html_url: 'https://github.com/apps/github-actions',
    followers_url: `${base}/followers`,
    following_url: `${base}/following{/other_user}`,
    gists_url: `${base}/gists{/gist_id}`,
    starred_url: `${base}/starred{/owner}{/repo}`,
    subscriptions_url: `${base}/subscriptions`,
    organizations_url: `${base}/orgs`,
    repos_url: `${base}/repos`,
    events_url: `${base}/events{/privacy}`,
    received_events_url: `${base}/received_events`,
    type: 'Bot',
    site_admin: false,
  };
}

function otherUser(template: JsonObject, login: string): JsonObject {
  return { ...template, login, type: 'User' };
}

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly violations: string[] = [];
  readonly reviews: StoredReview[] = [];
  readonly reviewComments: StoredReviewComment[] = [];
  readonly issueComments: StoredIssueComment[] = [];
  readonly checkRuns: StoredCheckRun[] = [];
  readOnly: boolean;
  private readonly api = OpenApi.load();
  private readonly server: Server;
  private diffs: Map<string, DiffLines>;
  private pull: FakePullRequest;
  private nextId = 1000;
  private clock = Date.parse('2026-01-05T10:00:00Z');
  private base = '';

  constructor(private readonly options: FakeGitHubOptions) {
    this.readOnly = options.readOnly ?? false;
    this.pull = options.pull;
    this.diffs = new Map(options.pull.files.map((f) => [f.filename, diffLines(f.patch)]));
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        this.violations.push(`fake crashed on ${req.method} ${req.url}: ${String(err)}`);
        res.writeHead(500).end();
      });
    });
  }

  /** Base URL for GITHUB_API_URL. */
  get url(): string {
    return this.base;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.base = `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A new push to the pull request: new head commit and files; comments and reviews stay. */
  updatePull(pull: FakePullRequest): void {
    this.pull = pull;
    this.diffs = new Map(pull.files.map((f) => [f.filename, diffLines(f.patch)]));
  }

  /** Requests other than GET. */
  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET');
  }

  /** A comment someone else left on the pull request (the Action must never touch it). */
  addForeignReviewComment(path: string, line: number, body: string, author = 'octocat'): number {
    const id = this.nextId++;
    this.reviewComments.push({
      id,
      reviewId: this.nextId++,
      body,
      path,
      line,
      side: 'RIGHT',
      startLine: null,
      commitId: this.pull.headSha,
      author,
    });
    return id;
  }

  addForeignIssueComment(body: string, author = 'octocat'): number {
    const id = this.nextId++;
    this.issueComments.push({ id, body, author });
    return id;
  }

  private now(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString().replace(/\.\d+Z$/, 'Z');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.base);
    const method = (req.method ?? 'GET').toUpperCase();
    let body: unknown;
    let status = 200;
    let answer: unknown;
    let headers: Record<string, string> = {};
    let op: MatchedOperation | undefined;
    try {
      if (!/^(token|bearer) \S+$/i.test(req.headers.authorization ?? '')) {
        throw new Refusal(401, 'Requires authentication');
      }
      if (!req.headers['user-agent'])
        throw new Refusal(403, 'Request forbidden: a User-Agent header is required');
      op = this.api.match(method, url.pathname);
      if (!op) throw new Refusal(404, `no such route in GitHub's API: ${method} ${url.pathname}`);
      if (raw) {
        try {
          body = JSON.parse(raw);
        } catch {
          throw new Refusal(400, 'Problems parsing JSON');
        }
      }
      const problems = [...this.api.checkQuery(op, url.searchParams), ...this.api.checkBody(op, body)];
      if (problems.length) throw new Refusal(422, `Invalid request: ${problems.join('; ')}`);
      if (op.params.owner !== this.options.owner || op.params.repo !== this.options.repo) {
        throw new Refusal(404, `Not Found (repository ${op.params.owner}/${op.params.repo})`);
      }
      if (this.readOnly && method !== 'GET')
        throw new Refusal(403, 'Resource not accessible by integration', false);
      ({ status, answer, headers = {} } = this.route(op, url, body as JsonObject | undefined));
      const invalid = answer === undefined ? [] : this.api.checkResponse(op, status, answer);
      if (invalid.length)
        this.violations.push(
          `fake answer to ${method} ${op.template} breaks the schema: ${invalid.join('; ')}`,
        );
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
      status = err.status;
      if (err.violation) this.violations.push(`${method} ${url.pathname}: ${status} ${err.message}`);
      answer = {
        message: err.message,
        documentation_url: 'https://docs.github.com/rest',
        status: String(status),
      };
    }
    this.requests.push({
      method,
      path: url.pathname + url.search,
      ...(op ? { template: op.template } : {}),
      ...(body !== undefined ? { body } : {}),
      status,
    });
    const text = answer === undefined ? '' : JSON.stringify(answer);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-api-version-selected': '2022-11-28',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      ...headers,
    });
    res.end(text);
  }

  private route(
    op: MatchedOperation,
    url: URL,
    body: JsonObject | undefined,
  ): { status: number; answer?: unknown; headers?: Record<string, string> } {
    const key = `${op.method.toUpperCase()} ${op.template}`;
    const pr = this.pull;
    const number = Number(op.params.pull_number ?? op.params.issue_number ?? pr.number);
    if (number !== pr.number) throw new Refusal(404, `Not Found (pull request #${number})`);
    switch (key) {
      case 'GET /user':
        throw new Refusal(403, 'Resource not accessible by integration', false);
      case 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files': {
        const files = pr.files.slice(0, MAX_LISTED_FILES).map((f) => this.diffEntry(op, f));
        return this.page(url, files);
      }
      case 'GET /repos/{owner}/{repo}/pulls/{pull_number}/comments':
        return this.page(
          url,
          this.reviewComments.map((c) => this.reviewCommentJson(op, c)),
        );
      case 'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews':
        return { status: 200, answer: this.createReview(op, body ?? {}) };
      case 'PATCH /repos/{owner}/{repo}/pulls/comments/{comment_id}': {
        const c = this.ownReviewComment(op);
        c.body = this.checkedBody(body?.body);
        return { status: 200, answer: this.reviewCommentJson(op, c) };
      }
      case 'DELETE /repos/{owner}/{repo}/pulls/comments/{comment_id}': {
        const c = this.ownReviewComment(op);
        this.reviewComments.splice(this.reviewComments.indexOf(c), 1);
        return { status: 204 };
      }
      case 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments':
        return this.page(
          url,
          this.issueComments.map((c) => this.issueCommentJson(op, c)),
        );
      case 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': {
        const c = { id: this.nextId++, body: this.checkedBody(body?.body), author: BOT_LOGIN };
        this.issueComments.push(c);
        return { status: 201, answer: this.issueCommentJson(op, c) };
      }
      case 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': {
        const c = this.issueComments.find((x) => x.id === Number(op.params.comment_id));
        if (!c) throw new Refusal(404, 'Not Found (issue comment)');
        if (c.author !== BOT_LOGIN) throw new Refusal(403, `edited a comment by ${c.author}`);
        c.body = this.checkedBody(body?.body);
        return { status: 200, answer: this.issueCommentJson(op, c) };
      }
      case 'POST /repos/{owner}/{repo}/check-runs':
        return { status: 201, answer: this.createCheckRun(op, body ?? {}) };
      case 'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}':
        return { status: 200, answer: this.updateCheckRun(op, body ?? {}) };
      default:
        throw new Refusal(404, `the fake does not serve ${key}; the Action should not need it`);
    }
  }

  private checkedBody(value: unknown): string {
    if (typeof value !== 'string' || !value) throw new Refusal(422, 'body is missing');
    if (value.length > MAX_BODY)
      throw new Refusal(422, `body is too long (maximum is ${MAX_BODY} characters)`);
    return value;
  }

  private page(
    url: URL,
    items: unknown[],
  ): { status: number; answer: unknown; headers: Record<string, string> } {
    const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (p: number) => {
      const u = new URL(url.pathname, this.base);
      u.searchParams.set('per_page', String(perPage));
      u.searchParams.set('page', String(p));
      return `<${u}>`;
    };
    const rels: string[] = [];
    if (page > 1) rels.push(`${link(page - 1)}; rel="prev"`);
    if (page < last) rels.push(`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`);
    if (page > 1) rels.push(`${link(1)}; rel="first"`);
    return {
      status: 200,
      answer: items.slice((page - 1) * perPage, page * perPage),
      headers: rels.length ? { link: rels.join(', ') } : {},
    };
  }

  private repoUrl(): string {
    return `https://api.github.com/repos/${this.options.owner}/${this.options.repo}`;
  }

  private htmlUrl(): string {
    return `https://github.com/${this.options.owner}/${this.options.repo}`;
  }

  private diffEntry(op: MatchedOperation, f: FakePullFile): JsonObject {
    const ex = (this.api.example(op, 200) as JsonObject[])[0]!;
    const lines = (f.patch ?? '').split('\n');
    const additions = lines.filter((l) => l.startsWith('+')).length;
    const deletions = lines.filter((l) => l.startsWith('-')).length;
    const sha = this.pull.headSha;
    const entry: JsonObject = {
      ...ex,
      sha: randomBytes(20).toString('hex'),
      filename: f.filename,
      status: f.status ?? 'modified',
      additions,
      deletions,
      changes: additions + deletions,
      blob_url: `${this.htmlUrl()}/blob/${sha}/${f.filename}`,
      raw_url: `${this.htmlUrl()}/raw/${sha}/${f.filename}`,
      contents_url: `${this.repoUrl()}/contents/${f.filename}?ref=${sha}`,
    };
    if (f.patch === undefined) delete entry.patch;
    else entry.patch = f.patch;
    if (f.previousFilename) entry.previous_filename = f.previousFilename;
    else delete entry.previous_filename;
    return entry;
  }

  private createReview(op: MatchedOperation, body: JsonObject): JsonObject {
    const pr = this.pull;
    const commitId = (body.commit_id as string | undefined) ?? pr.headSha;
    if (commitId !== pr.headSha)
      throw new Refusal(422, `commit_id ${commitId} is not part of the pull request`);
    const event = body.event as string | undefined;
    if (event === 'APPROVE')
      throw new Refusal(422, 'GitHub Actions is not permitted to approve pull requests.');
    if ((event === 'COMMENT' || event === 'REQUEST_CHANGES') && !body.body) {
      throw new Refusal(422, `body is required for ${event}`);
    }
    if (typeof body.body === 'string') this.checkedBody(body.body);
    if (!event && this.reviews.some((r) => r.state === 'PENDING')) {
      throw new Refusal(422, 'User can only have one pending review per pull request');
    }
    const comments = (body.comments as JsonObject[] | undefined) ?? [];
    if (comments.length > MAX_REVIEW_COMMENTS) {
      throw new Refusal(
        422,
        `${comments.length} comments in one review; reviews above ${MAX_REVIEW_COMMENTS} fail in practice`,
      );
    }
    const errors = comments.flatMap((c, i) =>
      this.reviewCommentProblems(c).map((p) => `comments[${i}]: ${p}`),
    );
    // GitHub's own answer names no comment; the violation log does, to help whoever reads it.
    if (errors.length) throw new Refusal(422, `Unprocessable Entity: ${errors.join('; ')}`);
    const id = this.nextId++;
    const review: StoredReview = {
      id,
      body: (body.body as string | undefined) ?? '',
      state: event ? 'COMMENTED' : 'PENDING',
      commitId,
      commentIds: [],
    };
    for (const c of comments) {
      const cid = this.nextId++;
      review.commentIds.push(cid);
      this.reviewComments.push({
        id: cid,
        reviewId: id,
        body: c.body as string,
        path: c.path as string,
        line: c.line as number,
        side: (c.side as 'LEFT' | 'RIGHT' | undefined) ?? 'RIGHT',
        startLine: (c.start_line as number | undefined) ?? null,
        commitId,
        author: BOT_LOGIN,
      });
    }
    this.reviews.push(review);
    const ex = this.api.example(op, 200) as JsonObject;
    return {
      ...ex,
      id,
      node_id: `PRR_${id}`,
      user: botUser(ex.user as JsonObject),
      body: review.body,
      state: review.state,
      html_url: `${this.htmlUrl()}/pull/${pr.number}#pullrequestreview-${id}`,
      pull_request_url: `${this.repoUrl()}/pulls/${pr.number}`,
      commit_id: commitId,
      submitted_at: this.now(),
      author_association: 'NONE',
    };
  }

  private reviewCommentProblems(c: JsonObject): string[] {
    const problems: string[] = [];
    if (c.position !== undefined) problems.push('use line and side, not the deprecated position');
    if (typeof c.line !== 'number') return [...problems, 'line is required'];
    const diff = this.diffs.get(c.path as string);
    if (!diff) return [...problems, `path ${String(c.path)} is not part of the pull request`];
    const side = (c.side as string | undefined) ?? 'RIGHT';
    if (side !== 'LEFT' && side !== 'RIGHT') problems.push(`side ${side} is not LEFT or RIGHT`);
    const hunk = diff.lines.get(`${side}:${c.line}`);
    if (hunk === undefined) problems.push(`line ${c.line} (${side}) must be part of the diff`);
    this.checkBodyLength(c.body, problems);
    if (c.start_line !== undefined) {
      const startSide = (c.start_side as string | undefined) ?? side;
      const startHunk = diff.lines.get(`${startSide}:${c.start_line}`);
      if (typeof c.start_line !== 'number' || c.start_line >= c.line)
        problems.push('start_line must precede line');
      else if (startHunk === undefined) problems.push(`start_line ${c.start_line} must be part of the diff`);
      else if (startHunk !== hunk) problems.push('start_line and line must be in the same hunk');
    } else if (c.start_side !== undefined) problems.push('start_side without start_line');
    return problems;
  }

  private checkBodyLength(body: unknown, problems: string[]): void {
    if (typeof body === 'string' && body.length > MAX_BODY) problems.push('body is too long');
  }

  private ownReviewComment(op: MatchedOperation): StoredReviewComment {
    const c = this.reviewComments.find((x) => x.id === Number(op.params.comment_id));
    if (!c) throw new Refusal(404, 'Not Found (review comment)');
    if (c.author !== BOT_LOGIN) throw new Refusal(403, `touched a comment by ${c.author}`);
    return c;
  }

  private reviewCommentJson(op: MatchedOperation, c: StoredReviewComment): JsonObject {
    const ex = this.api.example(op, 200) as JsonObject | JsonObject[];
    const base = (Array.isArray(ex) ? ex[0] : ex) as JsonObject;
    const pr = this.pull;
    const diff = this.diffs.get(c.path);
    const hunk = diff?.lines.get(`${c.side}:${c.line}`);
    const url = `${this.repoUrl()}/pulls/comments/${c.id}`;
    const html = `${this.htmlUrl()}/pull/${pr.number}#discussion_r${c.id}`;
    const user =
      c.author === BOT_LOGIN
        ? botUser(base.user as JsonObject)
        : otherUser(base.user as JsonObject, c.author);
    const json: JsonObject = {
      ...base,
      url,
      id: c.id,
      node_id: `PRRC_${c.id}`,
      pull_request_review_id: c.reviewId,
      diff_hunk: hunk === undefined ? '' : diff!.hunkHeaders[hunk]!,
      path: c.path,
      commit_id: c.commitId,
      original_commit_id: c.commitId,
      user,
      body: c.body,
      created_at: this.now(),
      updated_at: this.now(),
      html_url: html,
      pull_request_url: `${this.repoUrl()}/pulls/${pr.number}`,
      author_association: c.author === BOT_LOGIN ? 'NONE' : 'MEMBER',
      _links: {
        self: { href: url },
        html: { href: html },
        pull_request: { href: `${this.repoUrl()}/pulls/${pr.number}` },
      },
      start_line: c.startLine,
      original_start_line: c.startLine,
      start_side: c.startLine === null ? null : c.side,
      line: c.line,
      original_line: c.line,
      side: c.side,
      subject_type: 'line',
    };
    delete json.position;
    delete json.original_position;
    delete json.in_reply_to_id;
    return json;
  }

  private issueCommentJson(op: MatchedOperation, c: StoredIssueComment): JsonObject {
    const ex = this.api.example(op, op.method === 'post' ? 201 : 200) as JsonObject | JsonObject[];
    const base = (Array.isArray(ex) ? ex[0] : ex) as JsonObject;
    const pr = this.pull;
    const user =
      c.author === BOT_LOGIN
        ? botUser(base.user as JsonObject)
        : otherUser(base.user as JsonObject, c.author);
    return {
      ...base,
      id: c.id,
      node_id: `IC_${c.id}`,
      url: `${this.repoUrl()}/issues/comments/${c.id}`,
      html_url: `${this.htmlUrl()}/pull/${pr.number}#issuecomment-${c.id}`,
      issue_url: `${this.repoUrl()}/issues/${pr.number}`,
      body: c.body,
      user,
      created_at: this.now(),
      updated_at: this.now(),
      author_association: c.author === BOT_LOGIN ? 'NONE' : 'MEMBER',
    };
  }

  private annotationsOf(output: JsonObject | undefined): JsonObject[] {
    const list = (output?.annotations as JsonObject[] | undefined) ?? [];
    if (list.length > MAX_ANNOTATIONS) {
      throw new Refusal(422, `${list.length} annotations in one request; the maximum is ${MAX_ANNOTATIONS}`);
    }
    for (const a of list) {
      if ((a.start_column !== undefined || a.end_column !== undefined) && a.start_line !== a.end_line) {
        throw new Refusal(
          422,
          'start_column and end_column are only allowed when start_line equals end_line',
        );
      }
    }
    if (typeof output?.summary === 'string' && output.summary.length > 65_535)
      throw new Refusal(422, 'output.summary is too long');
    return list;
  }

  private checkRunJson(op: MatchedOperation, run: StoredCheckRun, status: number): JsonObject {
    const ex = this.api.example(op, status) as JsonObject;
    const url = `${this.repoUrl()}/check-runs/${run.id}`;
    return {
      ...ex,
      id: run.id,
      node_id: `CR_${run.id}`,
      head_sha: run.headSha,
      name: run.name,
      url,
      html_url: `${this.htmlUrl()}/runs/${run.id}`,
      status: run.status,
      conclusion: run.conclusion,
      completed_at: run.status === 'completed' ? this.now() : null,
      output: {
        title: run.title,
        summary: run.summary,
        text: null,
        annotations_count: run.annotations.length,
        annotations_url: `${url}/annotations`,
      },
      pull_requests: [],
    };
  }

  private createCheckRun(op: MatchedOperation, body: JsonObject): JsonObject {
    const output = body.output as JsonObject | undefined;
    const annotations = this.annotationsOf(output);
    const status = (body.status as string | undefined) ?? 'queued';
    if (status === 'completed' && !body.conclusion)
      throw new Refusal(422, 'conclusion is required when status is completed');
    const run: StoredCheckRun = {
      id: this.nextId++,
      name: body.name as string,
      headSha: body.head_sha as string,
      status: body.conclusion ? 'completed' : status,
      conclusion: (body.conclusion as string | undefined) ?? null,
      title: (output?.title as string | undefined) ?? null,
      summary: (output?.summary as string | undefined) ?? null,
      annotations: [...annotations],
    };
    this.checkRuns.push(run);
    return this.checkRunJson(op, run, 201);
  }

  private updateCheckRun(op: MatchedOperation, body: JsonObject): JsonObject {
    const run = this.checkRuns.find((r) => r.id === Number(op.params.check_run_id));
    if (!run) throw new Refusal(404, 'Not Found (check run)');
    const output = body.output as JsonObject | undefined;
    // Annotations from further requests are appended, as GitHub does.
    run.annotations.push(...this.annotationsOf(output));
    if (output) {
      run.title = (output.title as string | undefined) ?? run.title;
      run.summary = (output.summary as string | undefined) ?? run.summary;
    }
    if (body.status === 'completed' && !body.conclusion)
      throw new Refusal(422, 'conclusion is required when status is completed');
    if (body.conclusion) {
      run.status = 'completed';
      run.conclusion = body.conclusion as string;
    } else if (body.status) run.status = body.status as string;
    return this.checkRunJson(op, run, 200);
  }
}
