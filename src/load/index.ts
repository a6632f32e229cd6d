// Load stage: bytes of one input → a SourceFile (documents as compact trees, problems, directives).
// Nothing here throws on bad input: every problem becomes data that the engine reports as a finding.
import { isAscii, isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { computeLineStarts, lineEndAt } from './breaks.js';
import { DEFAULT_PARSE_LIMITS, type ParseLimits, type ParseProblemCode, parseYamlText } from './compose.js';
import { parseJsonStream } from './jsonstream.js';
import { contentDigest, DiskText, type ReleasedDiskText } from './reread.js';
import { ownCopy } from './strings.js';
import type { YNode } from './tree.js';
import { triageParse } from './triage.js';

export { computeLineStarts } from './breaks.js';

export { settleLoadSession, startLoadSession } from './nodes.js';
export { DiskText } from './reread.js';
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
  /**
   * Set when the text was let go after loading and the file changed on disk (or vanished) before it
   * was needed again: `text` is then empty, and this says so for the report.
   */
  readonly stale?: string;
}

export interface SourceFile extends SourceText {
  readonly documents: readonly LoadedDocument[];
  readonly problems: readonly FileProblem[];
  readonly ignores: readonly IgnoreDirective[];
  /** Why part or all of the file was skipped without a finding (triage.ts), for the run's notices. */
  readonly notice?: string;
  /** Set when the bytes were not plain UTF-8 (then offsets are in the decoded text, not the bytes). */
  readonly encoding?: NonUtf8Encoding;
  /**
   * For a file read from disk: where its text lives once let go (`releaseText`); `text` then reads
   * the file again, checked against a digest taken at load.
   */
  readonly disk?: DiskText;
}

export interface LoadOptions {
  /** Largest file parsed, in bytes. */
  readonly maxFileBytes: number;
  readonly limits?: ParseLimits;
}

export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

/**
 * Decodes a manifest's bytes as kubectl does (cli-runtime's FileVisitor reads every file and stdin
 * through golang.org/x/text's `unicode.BOMOverride(unicode.UTF8.NewDecoder())`, checked against
 * kubectl 1.35): a UTF-8 byte-order mark is dropped, a UTF-16 BE or LE mark selects UTF-16, and
 * anything else is UTF-8 in which each invalid sequence becomes U+FFFD (kubectl applies such a file;
 * WHATWG's replacement, which TextDecoder implements, gives the same characters). UTF-32 has no
 * decoder there: its mark reads as UTF-16 or UTF-8 and the NULs that follow make go-yaml refuse the
 * file, so it is refused here too, loudly.
 */
export function decodeManifestBytes(
  bytes: Uint8Array,
): { text: string; encoding?: NonUtf8Encoding } | { problem: string } {
  const b0 = bytes[0];
  const b1 = bytes[1];
  let text: string;
  let encoding: NonUtf8Encoding | undefined;
  if (b0 === 0xfe && b1 === 0xff) {
    text = utf16be.decode(bytes.subarray(2));
    encoding = 'utf-16be';
  } else if (b0 === 0xff && b1 === 0xfe) {
    text = utf16le.decode(bytes.subarray(2));
    encoding = 'utf-16le';
  } else {
    // In UTF-8 (valid or replaced) a NUL character is exactly a zero byte: found with memchr, not
    // by scanning the decoded text.
    if (bytes.indexOf(0) >= 0) return { problem: nulProblem(bytes) };
    // Validated first (simdutf) and then copied without a fatal decoder's exception path; ASCII,
    // the usual manifest, is copied as one-byte characters directly. A UTF-8 mark stays, as
    // U+FEFF: loadText drops it, so offsets are those of the file without it.
    const buf = Buffer.isBuffer(bytes)
      ? bytes
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (isAscii(buf)) text = buf.toString('latin1');
    else if (isUtf8(buf)) text = buf.toString('utf8');
    else {
      text = utf8.decode(buf);
      encoding = 'utf-8-replaced';
    }
    return encoding ? { text, encoding } : { text };
  }
  if (text.includes('\0')) return { problem: nulProblem(bytes) };
  return { text, encoding };
}

function nulProblem(bytes: Uint8Array): string {
  const utf32 =
    (bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) ||
    (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff);
  return utf32
    ? 'the file is UTF-32, which kubectl cannot read either (it reads UTF-8 and UTF-16); it was not checked. Re-encode it as UTF-8'
    : 'the file holds NUL characters (binary, or UTF-16 without a byte-order mark), which kubectl refuses too; it was not checked. Re-encode it as UTF-8 or exclude it';
}

/**
 * How a file that is not plain UTF-8 was decoded. Its text is not its bytes: an edit (`--fix`) must
 * not write the text back as UTF-8.
 */
export type NonUtf8Encoding = 'utf-16le' | 'utf-16be' | 'utf-8-replaced';

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const utf16le = new TextDecoder('utf-16le', { ignoreBOM: true });
const utf16be = new TextDecoder('utf-16be', { ignoreBOM: true });

/** Loads one file's bytes. `bytes` is null when the file could not be read (`readError` says why). */
export function loadSource(
  path: string,
  bytes: Uint8Array | null,
  options: LoadOptions = { maxFileBytes: DEFAULT_MAX_FILE_BYTES },
  readError?: string,
): SourceFile {
  if (bytes === null)
    return problemFile(
      path,
      'file-unreadable',
      `cannot read the file (${readError ?? 'unknown error'}), so nothing in it was checked`,
    );
  if (bytes.byteLength > options.maxFileBytes) return tooLarge(path, bytes.byteLength, options.maxFileBytes);
  const decoded = decodeManifestBytes(bytes);
  if ('problem' in decoded) return problemFile(path, 'file-not-text', decoded.problem);
  const file = loadText(path, decoded.text, options.limits);
  return decoded.encoding ? { ...file, encoding: decoded.encoding } : file;
}

/** Loads text that is already decoded (stdin, tests). */
export function loadText(
  path: string,
  rawText: string,
  limits: ParseLimits = DEFAULT_PARSE_LIMITS,
): SourceFile {
  // One U+FEFF at the start: UTF-8's mark, or after a UTF-16 mark the one go-yaml drops. A second
  // one is left to yamlParseView.
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  const lineStarts = computeLineStarts(text);
  let read = parseYamlText(text, limits);
  // A file starting with `{` is a JSON stream to kubectl: read it so when YAML cannot (JSON lines).
  if (read.problems.some((p) => p.code === 'yaml-syntax-error')) read = parseJsonStream(text, limits) ?? read;
  const parsed = triageParse(text, read);
  const documents: LoadedDocument[] = parsed.documents.map((d, index) => {
    const helmSource = findHelmSource(text, d.start, d.contentStart);
    return helmSource ? { index, ...d, helmSource } : { index, ...d };
  });
  const ignores = text.includes('kubeharden-ignore') ? findIgnores(text, lineStarts, documents) : [];
  // What the file keeps besides its tree must not point into the text, which may be let go.
  const problems = parsed.problems.map((p) => ({ ...p, message: ownCopy(p.message) }));
  const file = { path, text, lineStarts, documents, problems, ignores };
  return parsed.notice ? { ...file, notice: ownCopy(parsed.notice) } : file;
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
  // The `# Source:` comment heads the document; a bounded head keeps the match linear.
  const head = text.slice(start, Math.min(contentStart, start + 4096));
  const m = SOURCE_RE.exec(head);
  if (!m) return undefined;
  return { chart: ownCopy(m[1]!), template: ownCopy(m[2]!) };
}

// `# kubeharden-ignore rule-a,rule-b -- reason`
const IGNORE_RE = /#\s*kubeharden-ignore(?:\s+([A-Za-z0-9,\s-]*?))?(?:\s+--\s*(.*?))?\s*$/;

function findIgnores(
  text: string,
  lineStarts: ArrayLike<number>,
  docs: readonly LoadedDocument[],
): IgnoreDirective[] {
  const out: IgnoreDirective[] = [];
  const nextContent = nextContentLineFinder(text, lineStarts);
  let docIndex = 0;
  let from = 0;
  // Linear whatever the input: each line is looked at once (its last occurrence of the token), and
  // only its first MAX_DIRECTIVE_LENGTH characters from the `#` are matched.
  for (;;) {
    const first = text.indexOf('kubeharden-ignore', from);
    if (first < 0) break;
    const { line } = positionAt(lineStarts, first);
    const lineStart = lineStarts[line - 1]!;
    const lineEnd = lineEndAt(text, lineStarts, line);
    from = line < lineStarts.length ? lineStarts[line]! : text.length;
    const at = text.lastIndexOf('kubeharden-ignore', lineEnd - 1);
    // The last `#` before it on the same line (lastIndexOf would run back through earlier lines).
    let hash = at - 1;
    while (hash >= lineStart && text.charCodeAt(hash) !== 0x23) hash--;
    if (hash < lineStart || lineEnd - hash > MAX_DIRECTIVE_LENGTH) continue;
    const lineText = text.slice(lineStart, lineEnd);
    const m = IGNORE_RE.exec(lineText.slice(hash - lineStart));
    if (!m) continue;
    const ruleIds = (m[1] ?? '')
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean)
      .map(ownCopy);
    const reason = m[2]?.trim() ? ownCopy(m[2].trim()) : undefined;
    // Documents are in order: the comment belongs to the first one that ends after it.
    while (docIndex < docs.length - 1 && hash >= docs[docIndex]!.end) docIndex++;
    const doc = docs[docIndex];
    const ownLineHasContent = lineText.slice(0, hash - lineStart).trim() !== '';
    const scope: 'document' | 'line' =
      !ownLineHasContent && doc && hash < doc.contentStart ? 'document' : 'line';
    let targetLine = line;
    if (!ownLineHasContent) targetLine = nextContent(line);
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

/** A directive longer than this is not one (and a longer line is not matched in full). */
const MAX_DIRECTIVE_LENGTH = 4096;

/**
 * The first line after `line` that holds content (not blank, not a comment), or `line + 1` when none
 * does. Asked in increasing order of `line`, it reuses the last answer while it still applies, so a
 * run of thousands of directive comments is scanned once, not once per directive.
 */
function nextContentLineFinder(text: string, lineStarts: ArrayLike<number>): (line: number) => number {
  let last: { line: number; found: number } | null = null;
  return (line) => {
    // Lines last.line+1 .. found-1 are known to hold no content; so are those after `line` in it.
    if (last && line >= last.line && (last.found < 0 || line < last.found)) {
      return last.found < 0 ? line + 1 : last.found;
    }
    let found = -1;
    for (let l = line + 1; l <= lineStarts.length; l++) {
      const t = text.slice(lineStarts[l - 1]!, lineEndAt(text, lineStarts, l)).trim();
      if (t !== '' && !t.startsWith('#')) {
        found = l;
        break;
      }
    }
    last = { line, found };
    return found < 0 ? line + 1 : found;
  };
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

/**
 * Reads and loads one file from disk; unreadable and oversized files become problems, not throws.
 * The file's text can be let go once it is loaded (`releaseText`) and is then read again on demand.
 */
export function readSource(absPath: string, path: string, options: LoadOptions): SourceFile {
  let bytes: Buffer;
  let fd: number | undefined;
  try {
    // One open, one fstat, one read (readFileSync would stat again): the size from the open file.
    fd = openSync(absPath, 'r');
    const size = fstatSync(fd).size;
    if (size > options.maxFileBytes) {
      // Not read at all: a huge file costs nothing but this stat.
      return tooLarge(path, size, options.maxFileBytes);
    }
    bytes = readOpenFile(fd, size, options.maxFileBytes);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return loadSource(path, null, options, code === 'EACCES' ? 'permission denied' : (code ?? String(err)));
  } finally {
    if (fd !== undefined) closeQuietly(fd);
  }
  // Digested now, while the bytes are still in the cache; parsing comes after.
  const digest = contentDigest(bytes);
  const file = loadSource(path, bytes, options);
  // Nothing to let go in a file that was not read as text (too large, not text).
  if (file.text === '' && file.problems.length > 0) return file;
  return new DiskSourceFile(
    file,
    new DiskText(path, absPath, digest, file.text, file.lineStarts, textOfBytes),
  );
}

/**
 * A file read from disk, whose text is its DiskText's. A class, not an object literal with a getter
 * (which took a closure, and a spread and an accessor sent it to dictionary mode: about 400 bytes
 * more a file, measured, on scans of 45,000 files).
 */
class DiskSourceFile implements SourceFile {
  readonly path: string;
  readonly lineStarts: ArrayLike<number>;
  readonly documents: readonly LoadedDocument[];
  readonly problems: readonly FileProblem[];
  readonly ignores: readonly IgnoreDirective[];
  declare readonly notice?: string;
  declare readonly encoding?: NonUtf8Encoding;

  constructor(
    file: Omit<SourceFile, 'text' | 'disk'>,
    readonly disk: DiskText,
  ) {
    this.path = file.path;
    this.lineStarts = file.lineStarts;
    this.documents = file.documents;
    this.problems = file.problems;
    this.ignores = file.ignores;
    // Absent, not undefined, as on the files loadSource makes.
    if (file.notice !== undefined) this.notice = file.notice;
    if (file.encoding !== undefined) this.encoding = file.encoding;
  }

  get text(): string {
    return this.disk.text;
  }
}

/** Closes a file only read from: a failure to close loses nothing, and must not end the run. */
function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // nothing was written, so nothing is lost
  }
}

/**
 * Files up to this size are read into one buffer reused from file to file: the bytes live only
 * until they are digested and decoded (nothing keeps them), and a fresh allocation per file left
 * the allocator's heap full of holes between the trees' buffers, which a process cannot hand back
 * (about 70 MB of resident memory on a 315 MB scan with a loading thread). Larger files, a few,
 * get buffers of their own, which the allocator maps and unmaps.
 */
const SCRATCH_BYTES = 1 << 20;
let scratch: Buffer | undefined;

function scratchOf(size: number): Buffer {
  if (!scratch || scratch.length < size) {
    scratch = Buffer.allocUnsafeSlow(Math.min(SCRATCH_BYTES, Math.max(size, 64 * 1024) * 2));
  }
  return scratch.subarray(0, size);
}

/**
 * Reads an open file as readFileSync does: `size` bytes (from fstat; fewer if it shrank since), or,
 * when fstat says 0 as special files do, on to its end, up to one byte past `max` (enough for
 * loadSource to call it too large).
 */
function readOpenFile(fd: number, size: number, max: number): Buffer {
  if (size > 0) {
    const buf = size <= SCRATCH_BYTES ? scratchOf(size) : Buffer.allocUnsafeSlow(size);
    let length = 0;
    while (length < size) {
      const n = readSync(fd, buf, length, size - length, null);
      if (n === 0) break;
      length += n;
    }
    return length === size ? buf : buf.subarray(0, length);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  while (total <= max) {
    const chunk = Buffer.allocUnsafeSlow(64 * 1024);
    const n = readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    total += n;
  }
  return Buffer.concat(chunks, total);
}

/** A file read from disk and let go in another thread (load/parallel.ts), made again here. */
export function releasedSource(file: Omit<SourceFile, 'text' | 'disk'>, disk: ReleasedDiskText): SourceFile {
  return new DiskSourceFile(file, DiskText.fromReleased(disk, textOfBytes));
}

/** The text `loadSource` reads from these bytes, or undefined when it reads none. */
function textOfBytes(bytes: Uint8Array): string | undefined {
  const decoded = decodeManifestBytes(bytes);
  if ('problem' in decoded) return undefined;
  const raw = decoded.text;
  return raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
}

/**
 * Lets a file's text go (a file read from disk; others keep theirs), keeping what findings need of
 * it without a tree: the length, line starts, and the lines object-less findings are fingerprinted
 * by (problems, ignore comments, the first line).
 */
export function releaseText(file: SourceFile): void {
  const disk = file.disk;
  if (!disk) return;
  const lines = new Set<number>([1]);
  for (const p of file.problems)
    lines.add(positionAt(file.lineStarts, Math.max(0, Math.min(p.start, disk.length))).line);
  for (const d of file.ignores) lines.add(d.line);
  disk.release(lines);
}
