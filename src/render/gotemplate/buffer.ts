// Output written as segments: every run of output remembers the template node that wrote it, the
// include/template call stack, and the values-file origin of a written value (rendering.md A4).
import { type CallSite, type Provenance, type Segment, SourcedString } from './values.js';

/** What a write is attributed to (a Segment without its output offsets). */
export type SegmentOrigin = Omit<Segment, 'outStart' | 'outEnd'>;

/** A segment with a fixed shape (object spreads of origins are slow in hot loops). */
function seg(o: SegmentOrigin | Segment, outStart: number, outEnd: number): Segment {
  return {
    outStart,
    outEnd,
    template: o.template,
    start: o.start,
    end: o.end,
    line: o.line,
    col: o.col,
    kind: o.kind,
    stack: o.stack,
    value: o.value,
  };
}

export class SourcedBuffer {
  private parts: string[] = [];
  private segs: Segment[] = [];
  length = 0;

  /** Appends text attributed to one origin. */
  write(text: string, origin: SegmentOrigin): void {
    if (text.length === 0) return;
    this.parts.push(text);
    this.segs.push(seg(origin, this.length, this.length + text.length));
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
    for (const sg of s.segments) {
      if (sg.outStart > at) gap(s.text.slice(at, sg.outStart));
      if (sg.outEnd > sg.outStart) {
        this.parts.push(s.text.slice(sg.outStart, sg.outEnd));
        this.segs.push(seg(sg, base + sg.outStart, base + sg.outEnd));
        this.length = base + sg.outEnd;
      }
      at = Math.max(at, sg.outEnd);
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
  for (const sg of s.segments) {
    const a = Math.max(sg.outStart, from);
    const b = Math.min(sg.outEnd, to);
    if (b > a) segments.push(seg(sg, a - from, b - from));
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
  const head = leadingNewline ? `\n${pad}` : pad;
  const text = head + src.text.replaceAll('\n', `\n${pad}`);
  // New offset of an old one: the head, plus one pad per newline before it.
  const segments: Segment[] = [];
  let newlinesBefore = 0;
  let scanned = 0;
  const countTo = (off: number) => {
    for (let i = src.text.indexOf('\n', scanned); i >= 0 && i < off; i = src.text.indexOf('\n', i + 1)) {
      newlinesBefore++;
      scanned = i + 1;
    }
    if (scanned < off) scanned = off;
  };
  const shift = () => head.length + newlinesBefore * pad.length;
  for (const sg of src.segments) {
    // Split at newlines inside the segment: the pad after each belongs to the writer, not to it.
    let from = sg.outStart;
    countTo(from);
    while (from < sg.outEnd) {
      const nl = src.text.indexOf('\n', from);
      const to = nl < 0 || nl >= sg.outEnd ? sg.outEnd : nl + 1;
      const start = from + shift();
      segments.push(seg(sg, start, start + (to - from)));
      from = to;
      countTo(from);
    }
  }
  return new SourcedString(text, segments);
}

export type { Provenance };
