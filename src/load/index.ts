// Load stage: bytes of one input → a SourceFile (documents as compact trees, problems, directives).
// Nothing here throws on bad input: every problem becomes data that the engine reports as a finding.
import { readFileSync, statSync } from 'node:fs';
import { DEFAULT_PARSE_LIMITS, type ParseLimits, type ParseProblemCode, parseYamlText } from './compose.js';
import type { YNode } from './tree.js';

export { flatString } from './strings.js';
export * from './tree.js';

export type FileProblemCode = ParseProblemCode | 'file-unreadable' | 'file-not-text' | 'file-too-large';

export interface FileProblem {
  readonly code: FileProblemCode;
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

/** Where `helm template` says a rendered document came from (`# Source: chart/templates/x.yaml`). */
export interface HelmSource {
  readonly chart: string;
  /** Path inside the chart, e.g. `templates/deployment.yaml`. */
  readonly template: string;
}

export interface LoadedDocument {
  readonly index: number;
  readonly root: YNode | null;
  readonly start: number;
  readonly end: number;
  readonly contentStart: number;
  readonly helmSource?: HelmSource;
}

export interface IgnoreDirective {
  /** 1-based line of the comment. */
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly ruleIds: readonly string[];
  readonly reason?: string;
  /** `document`: the comment heads a document; `line`: it covers the next content line (or its own). */
  readonly scope: 'document' | 'line';
  /** For `line` scope: the 1-based line it covers. */
  readonly targetLine: number;
  readonly documentIndex: number;
}

/** What reports need of a file: its text and where its lines start. */
export interface SourceText {
  /** The path findings name: POSIX separators, relative to the working directory when inside it. */
  readonly path: string;
  /** Text with any byte-order mark removed (offsets and columns are what an editor shows). */
  readonly text: string;
  /** Offset where each line starts (an Int32Array: a large scan has millions of lines). */
  readonly lineStarts: ArrayLike<number>;
}

export interface SourceFile extends SourceText {
  readonly documents: readonly LoadedDocument[];
  readonly problems: readonly FileProblem[];
  readonly ignores: readonly IgnoreDirective[];
}

export interface LoadOptions {
  /** Largest file parsed, in bytes. */
  readonly maxFileBytes: number;
  readonly limits?: ParseLimits;
}

export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Loads one file's bytes. `bytes` is null when the file could not be read (`readError` says why). */
export function loadSource(
  path: string,
  bytes: Uint8Array | null,
  options: LoadOptions = { maxFileBytes: DEFAULT_MAX_FILE_BYTES },
  readError?: string,
): SourceFile {
  const fail = (code: FileProblemCode, message: string) => problemFile(path, code, message);
  if (bytes === null) return fail('file-unreadable', `cannot read the file: ${readError ?? 'unknown error'}`);
  if (bytes.byteLength > options.maxFileBytes) return tooLarge(path, bytes.byteLength, options.maxFileBytes);
  if (bytes.indexOf(0) >= 0)
    return fail('file-not-text', 'the file is binary (it contains NUL bytes); skipped');
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return fail(
      'file-not-text',
      'the file is not valid UTF-8, which Kubernetes requires of manifests; skipped',
    );
  }
  return loadText(path, text, options.limits);
}

/** Loads text that is already decoded (stdin, tests). */
export function loadText(
  path: string,
  rawText: string,
  limits: ParseLimits = DEFAULT_PARSE_LIMITS,
): SourceFile {
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  const lineStarts = computeLineStarts(text);
  const parsed = parseYamlText(text, limits);
  const documents: LoadedDocument[] = parsed.documents.map((d, index) => {
    const helmSource = findHelmSource(text, d.start, d.contentStart);
    return helmSource ? { index, ...d, helmSource } : { index, ...d };
  });
  const ignores = text.includes('kubeharden-ignore') ? findIgnores(text, lineStarts, documents) : [];
  return { path, text, lineStarts, documents, problems: parsed.problems, ignores };
}

function problemFile(path: string, code: FileProblemCode, message: string): SourceFile {
  return {
    path,
    text: '',
    lineStarts: computeLineStarts(''),
    documents: [],
    problems: [{ code, message, start: 0, end: 0 }],
    ignores: [],
  };
}

function tooLarge(path: string, size: number, max: number): SourceFile {
  return problemFile(
    path,
    'file-too-large',
    `the file is ${formatBytes(size)}, over the ${formatBytes(max)} limit; it was not parsed (raise maxFileBytes in .kubeharden.yaml to lint it)`,
  );
}

export function computeLineStarts(text: string): Int32Array {
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  const starts = new Int32Array(lines);
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[n++] = i + 1;
  return starts;
}

export interface Position {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units as editors and SARIF count them. */
  readonly column: number;
}

export function positionAt(lineStarts: ArrayLike<number>, offset: number): Position {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
}

const SOURCE_RE = /^#\s*Source:\s*([^/\s]+)\/(\S.*?)\s*$/m;

function findHelmSource(text: string, start: number, contentStart: number): HelmSource | undefined {
  if (contentStart <= start) return undefined;
  const head = text.slice(start, contentStart);
  const m = SOURCE_RE.exec(head);
  if (!m) return undefined;
  return { chart: m[1]!, template: m[2]! };
}

// `# kubeharden-ignore rule-a,rule-b -- reason`
const IGNORE_RE = /#\s*kubeharden-ignore(?:\s+([A-Za-z0-9,\s-]*?))?(?:\s+--\s*(.*?))?\s*$/;

function findIgnores(
  text: string,
  lineStarts: ArrayLike<number>,
  docs: readonly LoadedDocument[],
): IgnoreDirective[] {
  const out: IgnoreDirective[] = [];
  let from = 0;
  for (;;) {
    const at = text.indexOf('kubeharden-ignore', from);
    if (at < 0) break;
    from = at + 1;
    const hash = text.lastIndexOf('#', at);
    const { line } = positionAt(lineStarts, at);
    const lineStart = lineStarts[line - 1]!;
    const lineEnd = line < lineStarts.length ? lineStarts[line]! - 1 : text.length;
    if (hash < lineStart) continue;
    const lineText = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    const m = IGNORE_RE.exec(lineText.slice(hash - lineStart));
    if (!m) continue;
    const ruleIds = (m[1] ?? '')
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    const reason = m[2]?.trim() || undefined;
    // Documents are in order: the comment belongs to the first one that ends after it.
    const doc = docs.find((d) => hash < d.end) ?? docs[docs.length - 1];
    const ownLineHasContent = lineText.slice(0, hash - lineStart).trim() !== '';
    const scope: 'document' | 'line' =
      !ownLineHasContent && doc && hash < doc.contentStart ? 'document' : 'line';
    let targetLine = line;
    if (!ownLineHasContent) targetLine = nextContentLine(text, lineStarts, line);
    out.push({
      line,
      start: hash,
      end: lineStart + lineText.length,
      ruleIds,
      ...(reason ? { reason } : {}),
      scope,
      targetLine,
      documentIndex: doc?.index ?? 0,
    });
  }
  return out;
}

function nextContentLine(text: string, lineStarts: ArrayLike<number>, line: number): number {
  for (let l = line + 1; l <= lineStarts.length; l++) {
    const s = lineStarts[l - 1]!;
    const e = l < lineStarts.length ? lineStarts[l]! : text.length;
    const t = text.slice(s, e).trim();
    if (t !== '' && !t.startsWith('#')) return l;
  }
  return line + 1;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

/** Reads and loads one file from disk; unreadable and oversized files become problems, not throws. */
export function readSource(absPath: string, path: string, options: LoadOptions): SourceFile {
  try {
    const st = statSync(absPath);
    if (st.size > options.maxFileBytes) {
      // Not read at all: a huge file costs nothing but this stat.
      return tooLarge(path, st.size, options.maxFileBytes);
    }
    return loadSource(path, readFileSync(absPath), options);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return loadSource(path, null, options, code === 'EACCES' ? 'permission denied' : (code ?? String(err)));
  }
}
