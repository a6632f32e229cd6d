// Human output, ESLint-stylish: the file, then `line:col  severity  message  rule-id` with a code
// frame under each finding, and a summary by severity.
import pc from 'picocolors';
import { type Finding, SEVERITIES, type Severity } from '../engine/index.js';
import type { SourceText } from '../load/index.js';

type Colors = ReturnType<typeof pc.createColors>;

export interface TextOptions {
  readonly color: boolean;
  /** Show code frames (default true). */
  readonly frames?: boolean;
  readonly notices?: readonly string[];
}

export function toText(
  findings: readonly Finding[],
  files: readonly SourceText[],
  options: TextOptions,
): string {
  return [...textChunks(findings, files, options)].join('');
}

/** The text report as chunks, one finding at a time. */
export function* textChunks(
  findings: readonly Finding[],
  files: readonly SourceText[],
  options: TextOptions,
): Generator<string> {
  const c = pc.createColors(options.color);
  const byPath = new Map(files.map((f) => [f.path, f]));
  let current: string | undefined;
  let any = false;
  for (const f of findings) {
    if (f.suppression) continue;
    const out: string[] = [];
    if (f.location.file !== current) {
      if (current !== undefined) out.push('');
      current = f.location.file;
      out.push(c.underline(current));
    }
    const pos = `${f.location.startLine}:${f.location.startColumn}`;
    const from = f.helmSource ? c.dim(` (from ${f.helmSource.chart}/${f.helmSource.template})`) : '';
    out.push(`  ${c.dim(pos.padEnd(7))} ${paint(c, f.severity)}  ${f.message}${from}  ${c.dim(f.ruleId)}`);
    if (options.frames !== false) {
      const file = byPath.get(f.location.file);
      if (file?.text) out.push(...codeFrame(file, f, c));
    }
    // A finding on rendered text: the values line that fed it, and which renders produced it.
    for (const r of f.related) {
      if (r.message.startsWith('value '))
        out.push(`    ${c.dim(`from ${r.file}:${r.startLine} (${r.message})`)}`);
    }
    if (f.renders?.length) out.push(`    ${c.dim(`rendered: ${f.renders.join('; ')}`)}`);
    yield `${out.join('\n')}\n`;
    any = true;
  }
  const tail: string[] = [];
  for (const n of options.notices ?? []) {
    if (any || tail.length) tail.push('');
    tail.push(`${c.cyan('notice')} ${n}`);
    any = true;
  }
  tail.push('', summary(findings, c));
  yield `${tail.join('\n')}\n`;
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

/** A few lines of source around the finding, the offending part underlined (single-line spans). */
function codeFrame(file: SourceText, f: Finding, c: Colors): string[] {
  const { startLine, endLine, startColumn, endColumn } = f.location;
  const first = Math.max(1, startLine - 1);
  const last = Math.min(file.lineStarts.length, Math.min(endLine, startLine + 2) + 1);
  const width = String(last).length;
  const lines: string[] = [];
  for (let n = first; n <= last; n++) {
    const s = file.lineStarts[n - 1]!;
    const e = n < file.lineStarts.length ? file.lineStarts[n]! - 1 : file.text.length;
    const text = file.text.slice(s, e).replace(/\r$/, '').replace(/\t/g, ' ');
    if (n === last && text.trim() === '' && n > endLine) continue;
    const marked = n >= startLine && n <= endLine;
    const gutter = `${marked ? c.red('>') : ' '} ${String(n).padStart(width)} |`;
    lines.push(`    ${gutter} ${marked ? text : c.dim(text)}`.trimEnd());
    if (n === startLine && startLine === endLine) {
      const len = Math.max(1, endColumn - startColumn);
      lines.push(`    ${' '.repeat(width + 2)} | ${' '.repeat(startColumn - 1)}${c.red('^'.repeat(len))}`);
    }
  }
  return lines;
}
