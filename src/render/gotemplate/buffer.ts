// Output written as segments: every run of output remembers the template node that wrote it, the
// include/template call stack, and the values-file origin of a written value (rendering.md A4).
import { type CallSite, type Provenance, type Segment, SourcedString } from './values.js';

/** What a write is attributed to (a Segment without its output offsets). */
export type SegmentOrigin = Omit<Segment, 'outStart' | 'outEnd'>;

export class SourcedBuffer {
  private parts: string[] = [];
  private segs: Segment[] = [];
  length = 0;

  /** Appends text attributed to one origin. */
  write(text: string, origin: SegmentOrigin): void {
    if (text.length === 0) return;
    this.parts.push(text);
    this.segs.push({ ...origin, outStart: this.length, outEnd: this.length + text.length });
    this.length += text.length;
  }

  /**
   * Appends a sourced string: its segments are copied (shifted), and the gaps between them are
   * attributed to `fill` (the action that wrote the string) or left as gaps without one.
   */
  writeSourced(s: SourcedString, fill?: SegmentOrigin): void {
    const base = this.length;
    let at = 0;
    const gap = (text: string) => {
      if (fill) this.write(text, fill);
      else {
        this.parts.push(text);
        this.length += text.length;
      }
    };
    for (const seg of s.segments) {
      if (seg.outStart > at) gap(s.text.slice(at, seg.outStart));
      if (seg.outEnd > seg.outStart) {
        this.parts.push(s.text.slice(seg.outStart, seg.outEnd));
        this.segs.push({ ...seg, outStart: base + seg.outStart, outEnd: base + seg.outEnd });
        this.length = base + seg.outEnd;
      }
      at = Math.max(at, seg.outEnd);
    }
    if (at < s.text.length) gap(s.text.slice(at));
  }

  text(): string {
    if (this.parts.length > 1) this.parts = [this.parts.join('')];
    return this.parts[0] ?? '';
  }

  toSourced(): SourcedString {
    return new SourcedString(this.text(), this.segs);
  }
}

/** A sourced string with every segment's stack prefixed by `site` (output of a nested call). */
export function withCallSite(s: SourcedString, site: CallSite): SourcedString {
  return new SourcedString(
    s.text,
    s.segments.map((seg) => ({ ...seg, stack: [site, ...seg.stack] })),
  );
}

/**
 * Removes every occurrence of `needle` from a sourced string, keeping segments aligned (Helm deletes
 * `<no value>` from rendered output).
 */
export function removeAll(s: SourcedString, needle: string): SourcedString {
  if (!s.text.includes(needle)) return s;
  const cuts: [number, number][] = [];
  for (let i = s.text.indexOf(needle); i >= 0; i = s.text.indexOf(needle, i + needle.length)) {
    cuts.push([i, i + needle.length]);
  }
  // Maps an old offset to the new one; offsets are asked for in non-decreasing order per walk,
  // so a binary search over the cuts keeps this linear-logarithmic.
  const removedBefore: number[] = [];
  let acc = 0;
  for (const [a, b] of cuts) {
    removedBefore.push(acc);
    acc += b - a;
  }
  const map = (off: number): number => {
    let lo = 0;
    let hi = cuts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cuts[mid]![0] < off) lo = mid + 1;
      else hi = mid;
    }
    // cuts[lo - 1] starts before off
    if (lo === 0) return off;
    const [a, b] = cuts[lo - 1]!;
    const before = removedBefore[lo - 1]!;
    return off - before - (Math.min(off, b) - a);
  };
  let text = '';
  let at = 0;
  for (const [a, b] of cuts) {
    text += s.text.slice(at, a);
    at = b;
  }
  text += s.text.slice(at);
  const segments: Segment[] = [];
  for (const seg of s.segments) {
    const outStart = map(seg.outStart);
    const outEnd = map(seg.outEnd);
    if (outEnd > outStart) segments.push({ ...seg, outStart, outEnd });
  }
  return new SourcedString(text, segments);
}

/**
 * Concatenates plain and sourced strings into one sourced string (for functions that build strings,
 * such as Helm's indent/nindent). Plain pieces are attributed to `fill` when given, else left as gaps.
 */
export function concatSourced(
  pieces: readonly (string | SourcedString)[],
  fill?: SegmentOrigin,
): SourcedString {
  const b = new SourcedBuffer();
  for (const p of pieces) {
    if (typeof p === 'string') {
      if (fill) b.write(p, fill);
      else b.writeSourced(new SourcedString(p, []));
    } else b.writeSourced(p, fill);
  }
  return b.toSourced();
}

/** The part [from, to) of a sourced string, segments clipped and shifted. */
export function sliceSourced(s: SourcedString, from: number, to = s.text.length): SourcedString {
  const segments: Segment[] = [];
  for (const seg of s.segments) {
    const a = Math.max(seg.outStart, from);
    const b = Math.min(seg.outEnd, to);
    if (b > a) segments.push({ ...seg, outStart: a - from, outEnd: b - from });
  }
  return new SourcedString(s.text.slice(from, to), segments);
}

/**
 * Sprig's indent on a sourced string: `pad` before the text and after every newline. The added
 * padding is left as gaps (the writing action fills them); the text keeps its segments.
 */
export function indentSourced(
  s: string | SourcedString,
  spaces: number,
  leadingNewline = false,
): SourcedString {
  const src = typeof s === 'string' ? new SourcedString(s, []) : s;
  const pad = ' '.repeat(Math.max(spaces, 0));
  const pieces: (string | SourcedString)[] = [leadingNewline ? `\n${pad}` : pad];
  let at = 0;
  for (let nl = src.text.indexOf('\n'); nl >= 0; nl = src.text.indexOf('\n', nl + 1)) {
    pieces.push(sliceSourced(src, at, nl + 1), pad);
    at = nl + 1;
  }
  pieces.push(sliceSourced(src, at));
  return concatSourced(pieces);
}

export type { Provenance };
