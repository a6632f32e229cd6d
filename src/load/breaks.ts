// What kubectl's YAML decoder (go-yaml, YAML 1.1) treats as a line break, and the text the `yaml`
// package (YAML 1.2) must parse to see the same lines.
//
// go-yaml ends a line at LF, CR LF, a lone CR, NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH
// SEPARATOR (U+2029), also inside comments; the `yaml` package only at LF and CR LF. So
// `name: a # note\u2028namespace: evil` is one comment to `yaml` and a second key to kubectl (checked
// against kubectl 1.35: the object gets `namespace: evil`). Each of those characters is replaced by
// LF before parsing: one UTF-16 unit for one, so every offset stays the offset in the real text.
//
// kubectl also splits a stream into documents itself (apimachinery's YAMLReader: lines ending in LF
// that start with `---`) and gives each piece to go-yaml, which drops one U+FEFF at the start of its
// input. A byte-order mark right after such a separator line is therefore not part of the first key.
// It cannot simply be removed (offsets would move), so the separator's line break moves over it:
// `---\n\uFEFFkind` is parsed as `--- \nkind`. A U+FEFF anywhere else is text, as it is to go-yaml.

/** go-yaml's line breaks other than LF and CR LF: a lone CR, NEL, LINE and PARAGRAPH SEPARATOR. */
const OTHER_BREAK = /\r(?!\n)|[\u0085\u2028\u2029]/;
const OTHER_BREAKS = /\r(?!\n)|[\u0085\u2028\u2029]/g;

/**
 * The text to hand to the `yaml` package: the same length as `text`, with go-yaml's other line breaks
 * turned into LF and byte-order marks at the start of a kubectl document moved out of the way.
 * `text` is the file's text with its encoding's byte-order mark already removed.
 */
export function yamlParseView(text: string): string {
  let view = OTHER_BREAK.test(text) ? text.replace(OTHER_BREAKS, '\n') : text;
  if (!text.includes('\uFEFF')) return view;
  // A second mark at the very start: go-yaml drops it too. Nothing precedes it to carry it, so it
  // becomes a space: harmless before a comment or a one-line document, and a loud syntax error
  // (never a silently different tree) when the lines after it start at column 0.
  const edits: [number, string][] = [];
  if (text.charCodeAt(0) === 0xfeff) edits.push([0, ' ']);
  // Separator lines are found in the file text: kubectl splits documents at LF only.
  for (let at = text.indexOf('\n\uFEFF'); at >= 0; at = text.indexOf('\n\uFEFF', at + 1)) {
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    if (!isSeparatorLine(text.slice(lineStart, at))) continue;
    // `---<rest>\n\uFEFF` → `---<rest> \n`, and a CR before the LF becomes a space too.
    if (at > lineStart && text.charCodeAt(at - 1) === 0x0d) edits.push([at - 1, ' ']);
    edits.push([at, ' '], [at + 1, '\n']);
  }
  if (edits.length === 0) return view;
  const parts: string[] = [];
  let from = 0;
  for (const [i, c] of edits) {
    parts.push(view.slice(from, i), c);
    from = i + 1;
  }
  parts.push(view.slice(from));
  view = parts.join('');
  return view;
}

const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** apimachinery's YAMLReader: a line starting with `---` and then only white space or a comment. */
function isSeparatorLine(line: string): boolean {
  if (!line.startsWith('---')) return false;
  // Go's strings.TrimSpace (which, unlike String.prototype.trim, keeps U+FEFF).
  const rest = line.slice(3).replace(GO_SPACE, '');
  return rest === '' || rest.startsWith('#');
}

/**
 * Offset where each line starts, with lines ended where go-yaml ends them (so a finding on a key
 * hidden after a U+2028 names its own line, as kubectl's errors would).
 */
export function computeLineStarts(text: string): Int32Array {
  if (!/[\r\u0085\u2028\u2029]/.test(text)) {
    // The common case, without an intermediate array (a large scan has millions of lines).
    let lines = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
    const starts = new Int32Array(lines);
    let n = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[n++] = i + 1;
    return starts;
  }
  const starts: number[] = [0];
  const re = /\r\n|[\n\r\u0085\u2028\u2029]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index + m[0].length);
  return Int32Array.from(starts);
}

/** Offset just past the last character of the 1-based `line`, before its line break. */
export function lineEndAt(text: string, lineStarts: ArrayLike<number>, line: number): number {
  let end = line < lineStarts.length ? lineStarts[line]! : text.length;
  if (line < lineStarts.length) {
    end--;
    if (text.charCodeAt(end) === 0x0a && text.charCodeAt(end - 1) === 0x0d) end--;
  }
  return end;
}

const SEPARATOR = /[\u2028\u2029]/;

/** True when the source of a node holds a LINE or PARAGRAPH SEPARATOR (the rare case below). */
export function hasSeparator(text: string, start: number, end: number): boolean {
  return SEPARATOR.test(text.slice(start, end));
}

/** YAML's double-quoted escapes (shared with the scanner, scan-text.ts). */
export const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};
/** Hex digits after `\x`, `\u` and `\U`. */
export const HEX_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

function isBreakAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
}

/** go-yaml's read_line: the break at `i` as it enters a value, and its length. */
function readBreak(s: string, i: number): [string, number] {
  const c = s[i]!;
  if (c === '\r' && s[i + 1] === '\n') return ['\n', 2];
  return [c === '\u2028' || c === '\u2029' ? c : '\n', 1];
}

/**
 * The value go-yaml gives a plain, single- or double-quoted scalar written as `source`, for the one
 * case where the `yaml` package (reading the parse view) differs: a LINE or PARAGRAPH SEPARATOR as a
 * line break stays in the value (`"p\u2028q"` is `p\u2028q` to kubectl, where the view folds it to
 * `p q`). A port of the joining rules of go-yaml's scan_flow_scalar and scan_plain_scalar. Null when
 * the source is not one it reads (then the view's value stands).
 */
export function goFlowScalarValue(source: string, style: 'plain' | 'single' | 'double'): string | null {
  let i = 0;
  let end = source.length;
  if (style !== 'plain') {
    const q = style === 'single' ? "'" : '"';
    if (source[0] !== q || source[end - 1] !== q || end < 2) return null;
    i = 1;
    end -= 1;
  }
  let out = '';
  let whitespaces = '';
  let leadingBreak = '';
  let trailingBreaks = '';
  let leadingBlanks = false;
  while (i < end) {
    // Content up to the next blank or break.
    while (i < end && !isBreakAt(source, i) && source[i] !== ' ' && source[i] !== '\t') {
      if (leadingBlanks) {
        if (leadingBreak === '\n') out += trailingBreaks === '' ? ' ' : trailingBreaks;
        else out += leadingBreak + trailingBreaks;
        leadingBreak = '';
        trailingBreaks = '';
        leadingBlanks = false;
      } else if (whitespaces) {
        out += whitespaces;
        whitespaces = '';
      }
      const c = source[i]!;
      if (style === 'single' && c === "'" && source[i + 1] === "'") {
        out += "'";
        i += 2;
      } else if (style === 'double' && c === '\\') {
        const e = source[i + 1];
        if (e === undefined) return null;
        if (isBreakAt(source, i + 1)) {
          // An escaped line break: the lines join with nothing between them (blank lines after it
          // still count, as trailing breaks).
          i += 1 + readBreak(source, i + 1)[1];
          leadingBlanks = true;
          leadingBreak = '';
          trailingBreaks = '';
          continue;
        }
        const n = HEX_LENGTH[e];
        if (n) {
          const hex = source.slice(i + 2, i + 2 + n);
          if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== n) return null;
          const cp = Number.parseInt(hex, 16);
          if (cp > 0x10ffff) return null;
          out += String.fromCodePoint(cp);
          i += 2 + n;
        } else {
          const r = ESCAPES[e];
          if (r === undefined) return null;
          out += r;
          i += 2;
        }
      } else {
        out += c;
        i++;
      }
    }
    // Blanks and breaks up to the next content.
    while (i < end && (source[i] === ' ' || source[i] === '\t' || isBreakAt(source, i))) {
      if (source[i] === ' ' || source[i] === '\t') {
        if (!leadingBlanks) whitespaces += source[i];
        i++;
      } else {
        const [b, len] = readBreak(source, i);
        if (!leadingBlanks) {
          whitespaces = '';
          leadingBreak = b;
          leadingBlanks = true;
        } else trailingBreaks += b;
        i += len;
      }
    }
  }
  // Inside quotes, white space before the closing quote is kept (go-yaml joins it at the quote).
  if (style !== 'plain') {
    if (leadingBlanks)
      out +=
        leadingBreak === '\n'
          ? trailingBreaks === ''
            ? ' '
            : trailingBreaks
          : leadingBreak + trailingBreaks;
    else out += whitespaces;
  }
  return out;
}

/**
 * The value go-yaml gives a literal block scalar (`|`) whose source holds a LINE or PARAGRAPH
 * SEPARATOR: `value` (read from the parse view) with each line break it keeps written as the break
 * in the source, which go-yaml keeps as it is (LS, PS) where the view has LF. A literal keeps every
 * content break in order (chomping only drops trailing ones), so the n-th LF of the value is the
 * n-th break after the header line. Folded scalars (`>`) are left as the view reads them.
 */
export function goLiteralBlockValue(source: string, value: string): string {
  const breaks: string[] = [];
  const re = /\r\n|[\n\r\u0085\u2028\u2029]/g;
  for (let m = re.exec(source); m; m = re.exec(source)) breaks.push(m[0]);
  // breaks[0] ends the header line (`|`, `|-`, `|2`...): not part of the value.
  let n = 1;
  return value.replace(/\n/g, () => {
    const b = breaks[n++];
    return b === '\u2028' || b === '\u2029' ? b : '\n';
  });
}
