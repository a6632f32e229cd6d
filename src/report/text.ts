// Human output, ESLint-stylish: the file, then `line:col  severity  message  rule-id` with a code
// frame under each finding, and a summary by severity.
import pc from 'picocolors';
import { type Finding, type Region, SEVERITIES, type Severity } from '../engine/index.js';
import type { SourceText } from '../load/index.js';
import { escapeOne, hasControl, safeLine, safePath } from './safe.js';

type Colors = ReturnType<typeof pc.createColors>;

export interface TextOptions {
  readonly color: boolean;
  /** Show code frames (default true). */
  readonly frames?: boolean;
  /** Code frames printed at most (default unlimited); later findings are listed without one. */
  readonly maxFrames?: number;
  readonly notices?: readonly string[];
  /** The configuration file used, as the user should see its path. */
  readonly configFile?: string;
}

export function toText(
  findings: readonly Finding[],
  files: readonly SourceText[],
  options: TextOptions,
): string {
  return [...textChunks(findings, files, options)].join('');
}

/**
 * Findings that start at the same place (a bare container collects several on its `name:`) share
 * one position and one code frame, with every rule listed under it; the rules stay separate.
 */
export function groupByNode(findings: readonly Finding[]): Finding[][] {
  const groups: Finding[][] = [];
  let last: Finding | undefined;
  for (const f of findings) {
    if (f.suppression) continue;
    if (
      last &&
      last.location.file === f.location.file &&
      last.location.startLine === f.location.startLine &&
      last.location.startColumn === f.location.startColumn
    )
      groups[groups.length - 1]!.push(f);
    else groups.push([f]);
    last = f;
  }
  // Most severe first inside a group; otherwise the findings' own (deterministic) order.
  for (const g of groups) if (g.length > 1) g.sort((x, y) => severityIndex(x) - severityIndex(y));
  return groups;
}

function severityIndex(f: Finding): number {
  return SEVERITIES.indexOf(f.severity);
}

/** The text report as chunks, one node's findings at a time. */
export function* textChunks(
  findings: readonly Finding[],
  files: readonly SourceText[],
  options: TextOptions,
): Generator<string> {
  const c = pc.createColors(options.color);
  const byPath = new Map(files.map((f) => [f.path, f]));
  let current: string | undefined;
  let any = false;
  let frames = 0;
  let framesLeftOut = 0;
  const staleShown = new Set<string>();
  const maxFrames = options.maxFrames ?? Number.POSITIVE_INFINITY;
  for (const group of groupByNode(findings)) {
    const first = group[0]!;
    const out: string[] = [];
    if (first.location.file !== current) {
      if (current !== undefined) out.push('');
      current = first.location.file;
      out.push(c.underline(safePath(current)));
    }
    const pos = `${first.location.startLine}:${first.location.startColumn}`;
    for (const [i, f] of group.entries()) {
      const from = f.helmSource
        ? c.dim(` (from ${safeLine(f.helmSource.chart, 200)}/${safeLine(f.helmSource.template, 200)})`)
        : '';
      const at = i === 0 ? c.dim(pos.padEnd(7)) : ' '.repeat(Math.max(7, pos.length));
      out.push(
        `  ${at} ${paint(c, f.severity)}  ${safeLine(f.message)}${from}  ${c.dim(safeLine(f.ruleId, 200))}`,
      );
    }
    if (options.frames !== false) {
      const file = byPath.get(first.location.file);
      // A file read again for its frames that is not the file linted any more: say so, once, and
      // show no frame (its lines may not be the ones the findings name).
      const stale = file?.stale;
      if (stale) {
        if (!staleShown.has(first.location.file))
          out.push(`    ${c.dim(`(no code frame: ${safeLine(stale, 1000)}; lint it again)`)}`);
        staleShown.add(first.location.file);
      } else if (file?.text) {
        if (frames < maxFrames) {
          // The span shown: from the shared start to the furthest end in the group.
          const end = group.reduce((e, f) => (endsAfter(f.location, e) ? f.location : e), first.location);
          out.push(
            ...codeFrame(file, { ...first.location, endLine: end.endLine, endColumn: end.endColumn }, c),
          );
          frames++;
        } else framesLeftOut++;
      }
    }
    // Findings on rendered text: the values lines that fed them, and which renders produced them.
    const fromValues = new Set<string>();
    const renders = new Set<string>();
    for (const f of group) {
      for (const r of f.related)
        if (r.message.startsWith('value '))
          fromValues.add(`from ${safeLine(r.file, 200)}:${r.startLine} (${safeLine(r.message, 200)})`);
      for (const r of f.renders ?? []) renders.add(safeLine(r, 200));
    }
    for (const line of fromValues) out.push(`    ${c.dim(line)}`);
    if (renders.size) out.push(`    ${c.dim(`rendered: ${[...renders].join('; ')}`)}`);
    yield `${out.join('\n')}\n`;
    any = true;
  }
  const tail: string[] = [];
  const notices = [...(options.notices ?? [])];
  if (framesLeftOut)
    notices.push(
      `code frames were shown for the first ${maxFrames} places only (${framesLeftOut} more without one)`,
    );
  if (options.configFile) notices.push(`configuration: ${options.configFile}`);
  for (const n of notices) {
    if (any || tail.length) tail.push('');
    tail.push(`${c.cyan('notice')} ${safeLine(n, 4000)}`);
    any = true;
  }
  tail.push('', summary(findings, c));
  yield `${tail.join('\n')}\n`;
}

function endsAfter(a: Region, b: Region): boolean {
  return a.endLine > b.endLine || (a.endLine === b.endLine && a.endColumn > b.endColumn);
}

function paint(c: Colors, s: Severity): string {
  const label = s.padEnd(8);
  switch (s) {
    case 'critical':
      return c.bold(c.red(label));
    case 'high':
      return c.red(label);
    case 'medium':
      return c.yellow(label);
    case 'low':
      return c.blue(label);
    default:
      return c.dim(label);
  }
}

export function summary(findings: readonly Finding[], c: Colors = pc.createColors(false)): string {
  const shown = findings.filter((f) => !f.suppression);
  const suppressed = findings.length - shown.length;
  const counts = SEVERITIES.map((s) => [s, shown.filter((f) => f.severity === s).length] as const);
  const tail = suppressed ? `, ${suppressed} suppressed` : '';
  if (shown.length === 0) return c.green(`✔ no problems${tail}`);
  const parts = counts.filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`);
  return c.bold(`✖ ${shown.length} problem${shown.length === 1 ? '' : 's'} (${parts.join(', ')})${tail}`);
}

/** Widest part of a source line shown in a code frame, in characters. */
export const FRAME_WIDTH = 160;
/** Characters shown before the finding's column when a line is cut. */
const FRAME_LEAD = 40;
/** Source lines shown in one frame. */
const FRAME_LINES = 5;

/**
 * A few lines of source around the finding, the offending part underlined (single-line spans). A
 * long line (minified JSON) is shown as a window around the finding's columns, never whole, and
 * every control character in it is shown escaped.
 */
function codeFrame(file: SourceText, l: Region, c: Colors): string[] {
  const { startLine, endLine, startColumn, endColumn } = l;
  const first = Math.max(1, startLine - 1);
  const last = Math.min(
    file.lineStarts.length,
    Math.min(endLine, startLine + 2) + 1,
    first + FRAME_LINES - 1,
  );
  const width = String(last).length;
  // One window for the whole frame, so the lines stay aligned with one another.
  const from = startColumn - 1 > FRAME_WIDTH - FRAME_LEAD ? startColumn - 1 - FRAME_LEAD : 0;
  const lines: string[] = [];
  for (let n = first; n <= last; n++) {
    const s = file.lineStarts[n - 1]!;
    let e = n < file.lineStarts.length ? file.lineStarts[n]! : file.text.length;
    // Drop the line break itself (LF, CRLF, CR, NEL, U+2028/9).
    while (e > s && /[\n\r\u0085\u2028\u2029]/.test(file.text.charAt(e - 1))) e--;
    const lineLength = e - s;
    if (n === last && n > endLine && file.text.slice(s, Math.min(e, s + FRAME_WIDTH)).trim() === '') continue;
    const shown = showSlice(file.text, s + Math.min(from, lineLength), Math.min(e, s + from + FRAME_WIDTH));
    const before = from > 0 && lineLength > 0 ? '…' : '';
    const after = lineLength > from + FRAME_WIDTH ? '…' : '';
    const marked = n >= startLine && n <= endLine;
    const text = `${before}${shown.text}${after}`;
    const gutter = `${marked ? c.red('>') : ' '} ${String(n).padStart(width)} |`;
    lines.push(`    ${gutter} ${marked ? text : c.dim(text)}`.trimEnd());
    if (n === startLine && startLine === endLine) {
      const startAt = Math.max(0, startColumn - 1 - from);
      const endAt = Math.min(shown.columns.length - 1, Math.max(startAt + 1, endColumn - 1 - from));
      if (startAt < shown.columns.length) {
        const pad = before.length + (shown.columns[startAt] ?? shown.text.length);
        const len = Math.max(1, (shown.columns[endAt] ?? shown.text.length) - (shown.columns[startAt] ?? 0));
        lines.push(
          `    ${' '.repeat(width + 2)} | ${' '.repeat(pad)}${c.red('^'.repeat(Math.min(len, FRAME_WIDTH)))}`,
        );
      }
    }
  }
  return lines;
}

/**
 * text[start, end) for display: tabs as one space, control characters escaped. `columns[i]` is
 * where source character start+i begins in the shown text (one more entry for the end).
 */
function showSlice(text: string, start: number, end: number): { text: string; columns: number[] } {
  let out = '';
  const columns: number[] = [];
  for (let i = start; i < end; i++) {
    columns.push(out.length);
    const ch = text.charAt(i);
    if (ch === '\t') out += ' ';
    else if (hasControl(ch)) out += escapeOne(ch);
    else out += ch;
  }
  columns.push(out.length);
  return { text: out, columns };
}
