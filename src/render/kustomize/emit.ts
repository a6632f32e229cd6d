// Prints built objects exactly as `kustomize build` does. kustomize turns each resource into JSON
// (yaml.v3 decoding) and that JSON into YAML with sigs.k8s.io/yaml (a go-yaml v2 encoder): keys come
// out sorted in go-yaml's natural order, numbers are re-typed by the JSON round trip, strings are
// quoted when they would read back as something else, and long lines fold at column 80. While
// printing we record, for each node, the span of output it took and the origin it carries.
import { goParseInt, type KMap, type KNode, type KScalar, type KSeq, type Origin } from './knode.js';

/**
 * The printed nodes, segment `i` being `[starts[i], ends[i])` with `origins[i]`, in the order their
 * printing ended (a node's segment follows those of its children). Parallel arrays rather than one
 * object per node: an overlay prints thousands and they live as long as the lint.
 */
export interface Segments {
  readonly starts: number[];
  readonly ends: number[];
  readonly origins: Origin[];
}

const BEST_WIDTH = 80;

// --- JSON round trip: what the value is once yaml.v3 decoded it and JSON re-encoded it.

function floatOut(f: number): string {
  if (Number.isNaN(f)) return '.nan';
  if (f === Number.POSITIVE_INFINITY) return '.inf';
  if (f === Number.NEGATIVE_INFINITY) return '-.inf';
  // encoding/json writes integral floats below 1e21 without a fraction; yaml.v2 then reads an int.
  if (Number.isInteger(f) && Math.abs(f) < 1e21) return (Object.is(f, -0) ? 0n : BigInt(f)).toString();
  return goFormatG(f);
}

/** Go's strconv.FormatFloat(f, 'g', -1, 64). */
export function goFormatG(f: number): string {
  const e = f.toExponential(); // shortest round-trip digits
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(e);
  if (!m) return String(f);
  const [, sign, d0, rest = '', expS] = m;
  const exp = Number(expS);
  const digits = d0! + rest;
  // Go's %g with the shortest precision uses an exponent below 1e-4 and from 1e6 up.
  if (exp < -4 || exp >= 6) {
    const mant = rest ? `${d0}.${rest}` : d0!;
    const ae = Math.abs(exp);
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${ae < 10 ? `0${ae}` : ae}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

const pad2 = (n: number | string): string => String(n).padStart(2, '0');

/** yaml.v3 timestamp → Go time.Time → encoding/json (RFC 3339 with nanoseconds, zeros trimmed). */
function timestampOut(s: string): string {
  const m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d*))?[ \t]*(Z|[-+]\d{1,2}(?::?\d{2})?)?)?$/.exec(
      s,
    );
  if (!m) return s;
  const [, y, mo, d, h = '0', mi = '0', se = '0', frac = '', tz] = m;
  let out = `${y}-${pad2(mo!)}-${pad2(d!)}T${pad2(h)}:${pad2(mi)}:${pad2(se)}`;
  const f = frac.slice(0, 9).replace(/0+$/, '');
  if (f) out += `.${f}`;
  if (!tz || tz === 'Z') return `${out}Z`;
  const tm = /^([-+])(\d{1,2}):?(\d{2})?$/.exec(tz);
  if (!tm) return `${out}Z`;
  const hh = Number(tm[2]);
  const mm = Number(tm[3] ?? '0');
  if (hh === 0 && mm === 0) return `${out}Z`;
  return `${out}${tm[1]}${pad2(hh)}:${pad2(mm)}`;
}

/** Key orders already computed: objects of one kind repeat the same key sets. */
const keyOrders = new Map<string, string[]>();

/** A map's keys in go-yaml's order. */
function sortedKeys(m: ReadonlyMap<string, KNode>): string[] {
  const keys = [...m.keys()];
  if (keys.length < 2) return keys;
  const sig = keys.join('\u0000');
  let order = keyOrders.get(sig);
  if (!order) {
    order = [...keys].sort((ka, kb) => (goKeyLess(ka, kb) ? -1 : goKeyLess(kb, ka) ? 1 : 0));
    if (keyOrders.size > 10_000) keyOrders.clear();
    keyOrders.set(sig, order);
  }
  return order;
}

/** What an int scalar prints as after the JSON round trip (memoised: counts and ports repeat). */
const intOuts = new Map<string, { readonly s: string; readonly num: boolean }>();

function intOut(text: string): { readonly s: string; readonly num: boolean } {
  let r = intOuts.get(text);
  if (r === undefined) {
    const v = goParseInt(text.replaceAll('_', ''));
    if (v !== undefined) r = { s: v.toString(), num: true };
    else {
      const f = Number(text.replaceAll('_', ''));
      r = Number.isNaN(f) ? { s: text, num: false } : { s: floatOut(f), num: true };
    }
    if (intOuts.size > 10_000) intOuts.clear();
    intOuts.set(text, r);
  }
  return r;
}

function floatText(text: string): string {
  const t = text.replaceAll('_', '');
  const lower = t.toLowerCase();
  const f = lower.endsWith('.inf')
    ? t.startsWith('-')
      ? Number.NEGATIVE_INFINITY
      : Number.POSITIVE_INFINITY
    : lower === '.nan'
      ? Number.NaN
      : Number(t);
  return floatOut(f);
}

// --- go-yaml v2's key order (sorter.go): letters after other characters, digit runs compared as numbers.

const isLetter = (c: string): boolean => /\p{L}/u.test(c);
const isDigit = (c: string): boolean => c >= '0' && c <= '9';

export function goKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== '0') {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = an * 10n + BigInt(ar[ai]!.charCodeAt(0) - 48);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]!); bi++) bn = bn * 10n + BigInt(br[bi]!.charCodeAt(0) - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
  }
  return ar.length < br.length;
}

// --- go-yaml v2's implicit resolution, to know when a string must be quoted.

const V2_SPECIAL = new Set([
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'true',
  'True',
  'TRUE',
  'on',
  'On',
  'ON',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'false',
  'False',
  'FALSE',
  'off',
  'Off',
  'OFF',
  '~',
  'null',
  'Null',
  'NULL',
  '.nan',
  '.NaN',
  '.NAN',
  '.inf',
  '.Inf',
  '.INF',
  '+.inf',
  '+.Inf',
  '+.INF',
  '-.inf',
  '-.Inf',
  '-.INF',
  '<<',
]);
const V2_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const V2_TIMESTAMP =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d*))?[ \t]*(Z|[-+]\d{1,2}(?::?\d{2})?)?)?$/;

const resolvedCache = new Map<string, boolean>();

/** Whether go-yaml v2 reads `s`, unquoted, back as a string (memoised: keys and values repeat). */
function v2ResolvesToString(s: string): boolean {
  if (s.length > 64) return v2ResolvesToStringUncached(s);
  let r = resolvedCache.get(s);
  if (r === undefined) {
    r = v2ResolvesToStringUncached(s);
    if (resolvedCache.size > 50_000) resolvedCache.clear();
    resolvedCache.set(s, r);
  }
  return r;
}

function v2ResolvesToStringUncached(s: string): boolean {
  if (s === '') return false;
  if (V2_SPECIAL.has(s)) return false;
  const c = s[0]!;
  if (c === '+' || c === '-' || c === '.' || isDigit(c)) {
    if (isDigit(c) && V2_TIMESTAMP.test(s)) return false;
    const plain = s.replaceAll('_', '');
    if (goParseInt(plain) !== undefined) return false;
    if (V2_FLOAT.test(plain)) return false;
    if (/^-?0b[01]+$/.test(plain)) return false;
  }
  return !BASE60.test(s);
}

interface Analysis {
  multiline: boolean;
  blockPlain: boolean;
  singleQuoted: boolean;
  block: boolean;
}

const cpOf = (s: string, i: number): number => s.codePointAt(i)!;
const isBreakCp = (c: number): boolean =>
  c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
const isPrintableCp = (c: number): boolean =>
  c === 0x0a ||
  (c >= 0x20 && c <= 0x7e) ||
  (c >= 0xa0 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);

function analyze(s: string): Analysis {
  if (s.length === 0) return { multiline: false, blockPlain: true, singleQuoted: true, block: false };
  let blockInd = s.startsWith('---') || s.startsWith('...');
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let prevSpace = false;
  let prevBreak = false;
  let precededByWs = true;
  const cps = [...s].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    const next = cps[i + 1];
    const followedByWs = next === undefined || next === 0x20 || next === 0x09 || isBreakCp(next);
    const ch = String.fromCodePoint(c);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) blockInd = true;
      else if ((ch === '?' || ch === ':') && followedByWs) blockInd = true;
      else if (ch === '-' && followedByWs) blockInd = true;
    } else if (ch === ':' && followedByWs) blockInd = true;
    else if (ch === '#' && precededByWs) blockInd = true;
    if (!isPrintableCp(c)) special = true;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i === cps.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (isBreakCp(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === cps.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWs = c === 0x20 || c === 0x09 || isBreakCp(c);
  }
  const a: Analysis = { multiline: lineBreaks, blockPlain: true, singleQuoted: true, block: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.blockPlain = false;
  if (trailingSpace) a.block = false;
  if (breakSpace) {
    a.blockPlain = false;
    a.singleQuoted = false;
  }
  if (spaceBreak || special) {
    a.blockPlain = false;
    a.singleQuoted = false;
    a.block = false;
  }
  if (lineBreaks) a.blockPlain = false;
  if (blockInd) a.blockPlain = false;
  return a;
}

// --- The emitter.

/** No indicator, space, quote or non-ASCII character: plain in any position, never folded. */
const SAFE_PLAIN = /^[A-Za-z0-9_./][A-Za-z0-9_./-]*$/;

const safePlainCache = new Map<string, boolean>();

/** SAFE_PLAIN.test(s), memoised (keys and values repeat from object to object). */
function isSafePlain(s: string): boolean {
  let r = safePlainCache.get(s);
  if (r === undefined) {
    r = SAFE_PLAIN.test(s);
    if (safePlainCache.size > 50_000) safePlainCache.clear();
    safePlainCache.set(s, r);
  }
  return r;
}

/** `[...s.slice(from)].length` without building the array: a surrogate pair is one code point. */
function codePoints(s: string, from: number): number {
  let n = s.length - from;
  for (let i = from; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Indentation strings, so that indenting allocates nothing. */
const SPACES = Array.from({ length: 64 }, (_, i) => ' '.repeat(i));

class Printer {
  private readonly parts: string[] = [];
  /** UTF-16 length of everything written. */
  pos = 0;
  /** Code points on the current line (go-yaml's column). */
  col = 0;
  /** go-yaml's `whitespace`: the last thing written was whitespace. */
  ws = true;
  /** go-yaml's `indention`: only indentation written on this line so far. */
  indention = true;
  readonly segments: Segments = { starts: [], ends: [], origins: [] };

  write(s: string): void {
    this.parts.push(s);
    this.pos += s.length;
    const nl = s.lastIndexOf('\n');
    if (nl >= 0) this.col = codePoints(s, nl + 1);
    else this.col += s.length === 1 ? 1 : codePoints(s, 0);
  }
  newline(): void {
    this.write('\n');
    this.ws = true;
    this.indention = true;
  }
  /** go-yaml's write_indent. */
  indent(n: number): void {
    if (!this.indention || this.col > n || (this.col === n && !this.ws)) this.newline();
    if (this.col < n) {
      // Spaces only, no newline: the column grows by their count.
      const pad = n - this.col;
      const sp = pad < SPACES.length ? SPACES[pad]! : ' '.repeat(pad);
      this.parts.push(sp);
      this.pos += pad;
      this.col = n;
    }
    this.ws = true;
    this.indention = true;
  }
  indicator(s: string, needWs: boolean, isWs: boolean, isIndention: boolean): void {
    if (needWs && !this.ws) this.write(' ');
    this.write(s);
    this.ws = isWs;
    this.indention = this.indention && isIndention;
  }
  text(): string {
    return this.parts.join('');
  }
  segment(start: number, origin: Origin | undefined): void {
    if (origin && this.pos > start) {
      this.segments.starts.push(start);
      this.segments.ends.push(this.pos);
      this.segments.origins.push(origin);
    }
  }

  scalar(s: string, plainAllowed: boolean, indent: number, simpleKey: boolean): void {
    // Fast path: short words of safe characters print as they are (what analyze would conclude).
    if (plainAllowed && s.length <= 40 && isSafePlain(s)) {
      // ASCII without a newline: the column grows by the length.
      if (!this.ws) {
        this.parts.push(' ');
        this.pos++;
        this.col++;
      }
      this.parts.push(s);
      this.pos += s.length;
      this.col += s.length;
      this.ws = false;
      this.indention = false;
      return;
    }
    const a = analyze(s);
    let style: 'plain' | 'single' | 'double' | 'literal';
    if (s.includes('\n') && !simpleKey) style = 'literal';
    else if (plainAllowed) style = 'plain';
    else style = 'double';
    if (style === 'plain') {
      if (!a.blockPlain || (s.length === 0 && simpleKey)) style = 'single';
      if (simpleKey && a.multiline) style = 'double';
    }
    if (style === 'single' && !a.singleQuoted) style = 'double';
    if (style === 'literal' && (!a.block || simpleKey)) style = 'double';
    const allowBreaks = !simpleKey;
    switch (style) {
      case 'plain':
        this.plain(s, indent, allowBreaks);
        return;
      case 'single':
        this.single(s, indent, allowBreaks);
        return;
      case 'double':
        this.double(s, indent, allowBreaks);
        return;
      default:
        this.literal(s, indent);
        return;
    }
  }

  private plain(s: string, indent: number, allowBreaks: boolean): void {
    if (!this.ws) this.write(' ');
    const cps = [...s];
    let spaces = false;
    let buf = '';
    const flush = (): void => {
      if (buf) this.write(buf);
      buf = '';
    };
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i]!;
      if (c === ' ') {
        if (allowBreaks && !spaces && this.col + [...buf].length > BEST_WIDTH && cps[i + 1] !== ' ') {
          flush();
          this.indent(indent);
        } else buf += c;
        spaces = true;
      } else {
        buf += c;
        spaces = false;
      }
    }
    flush();
    this.ws = false;
    this.indention = false;
  }

  private single(s: string, indent: number, allowBreaks: boolean): void {
    this.indicator("'", true, false, false);
    const cps = [...s];
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i]!;
      const cp = c.codePointAt(0)!;
      if (c === ' ') {
        if (
          allowBreaks &&
          !spaces &&
          this.col > BEST_WIDTH &&
          i > 0 &&
          i < cps.length - 1 &&
          cps[i + 1] !== ' '
        ) {
          this.indent(indent);
        } else this.write(c);
        spaces = true;
      } else if (isBreakCp(cp)) {
        if (!breaks && c === '\n') this.newline();
        this.write(c === '\n' ? '\n' : c);
        this.col = c === '\n' ? 0 : this.col;
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.indent(indent);
        this.write(c === "'" ? "''" : c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.indicator("'", false, false, false);
    this.ws = false;
    this.indention = false;
  }

  private double(s: string, indent: number, allowBreaks: boolean): void {
    this.indicator('"', true, false, false);
    const cps = [...s];
    let spaces = false;
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i]!;
      const cp = cpOf(c, 0);
      if (!isPrintableCp(cp) || cp === 0xfeff || isBreakCp(cp) || c === '"' || c === '\\') {
        this.write(escapeChar(cp));
        spaces = false;
      } else if (c === ' ') {
        if (allowBreaks && !spaces && this.col > BEST_WIDTH && i !== 0 && i !== cps.length - 1) {
          this.indent(indent);
          if (cps[i + 1] === ' ') this.write('\\');
        } else this.write(c);
        spaces = true;
      } else {
        this.write(c);
        spaces = false;
      }
    }
    this.indicator('"', false, false, false);
    this.ws = false;
    this.indention = false;
  }

  private literal(s: string, indent: number): void {
    this.indicator('|', true, false, false);
    const cps = [...s];
    const first = cps[0] ? cpOf(cps[0], 0) : 0;
    if (first === 0x20 || isBreakCp(first)) this.indicator('2', false, false, false);
    const last = cps.length ? cpOf(cps[cps.length - 1]!, 0) : 0;
    if (!cps.length || !isBreakCp(last)) this.indicator('-', false, false, false);
    else if (cps.length === 1) this.indicator('+', false, false, false);
    else if (isBreakCp(cpOf(cps[cps.length - 2]!, 0))) this.indicator('+', false, false, false);
    this.newline();
    let breaks = true;
    let buf = '';
    for (const c of cps) {
      if (isBreakCp(cpOf(c, 0))) {
        if (buf) this.write(buf);
        buf = '';
        this.write(c === '\n' || c === '\r' ? '\n' : c);
        if (c !== '\n') this.col = 0;
        this.indention = true;
        this.ws = true;
        breaks = true;
      } else {
        if (breaks) {
          this.indent(indent);
          breaks = false;
        }
        buf += c;
        this.indention = false;
      }
    }
    if (buf) this.write(buf);
    // go-yaml leaves `whitespace` set after a block scalar.
    this.ws = true;
  }
}

function escapeChar(cp: number): string {
  switch (cp) {
    case 0x00:
      return '\\0';
    case 0x07:
      return '\\a';
    case 0x08:
      return '\\b';
    case 0x09:
      return '\\t';
    case 0x0a:
      return '\\n';
    case 0x0b:
      return '\\v';
    case 0x0c:
      return '\\f';
    case 0x0d:
      return '\\r';
    case 0x1b:
      return '\\e';
    case 0x22:
      return '\\"';
    case 0x5c:
      return '\\\\';
    case 0x85:
      return '\\N';
    case 0xa0:
      return '\\_';
    case 0x2028:
      return '\\L';
    case 0x2029:
      return '\\P';
    default: {
      const hex = cp.toString(16).toUpperCase();
      if (cp <= 0xff) return `\\x${hex.padStart(2, '0')}`;
      if (cp <= 0xffff) return `\\u${hex.padStart(4, '0')}`;
      return `\\U${hex.padStart(8, '0')}`;
    }
  }
}

/** Prints a scalar as its JSON round trip leaves it: typed values plain, strings quoted if need be. */
function emitScalar(p: Printer, n: KScalar, indent: number, simpleKey: boolean): void {
  switch (n.tag) {
    case 'null':
      p.scalar('null', true, indent, simpleKey);
      return;
    case 'bool':
      p.scalar(n.v.toLowerCase() === 'true' ? 'true' : 'false', true, indent, simpleKey);
      return;
    case 'int': {
      const r = intOut(n.v);
      p.scalar(r.s, r.num || v2ResolvesToString(r.s), indent, simpleKey);
      return;
    }
    case 'float':
      p.scalar(floatText(n.v), true, indent, simpleKey);
      return;
    case 'timestamp': {
      const t = timestampOut(n.v);
      p.scalar(t, v2ResolvesToString(t), indent, simpleKey);
      return;
    }
    default:
      p.scalar(n.v, v2ResolvesToString(n.v), indent, simpleKey);
      return;
  }
}

function emitMap(p: Printer, n: KMap, indent: number): void {
  for (const key of sortedKeys(n.m)) {
    const value = n.m.get(key)!;
    p.indent(indent);
    const start = p.pos;
    // A key of at most 128 UTF-16 units has at most 128 code points.
    const longKey = key.length > 128 && [...key].length > 128;
    if (longKey) {
      p.indicator('?', true, false, true);
      p.scalar(key, v2ResolvesToString(key), indent + 2, false);
      p.indent(indent);
      p.indicator(':', true, false, true);
    } else {
      p.scalar(key, v2ResolvesToString(key), indent + 2, true);
      p.indicator(':', false, false, false);
    }
    const valueStart = p.pos;
    emitNode(p, value, indent, true);
    p.segment(valueStart, value.o);
    p.segment(start, n.ko.get(key) ?? value.o);
  }
}

function emitSeq(p: Printer, n: KSeq, indent: number): void {
  for (const item of n.items) {
    p.indent(indent);
    const start = p.pos;
    p.indicator('-', true, false, true);
    emitNode(p, item, indent + 2, false);
    p.segment(start, item.o);
  }
}

/** Emits a node as a mapping value (`inMapping`) or as a sequence item. `indent`: the parent's. */
function emitNode(p: Printer, n: KNode, indent: number, inMapping: boolean): void {
  if (n.k === 'map') {
    if (!n.m.size) {
      p.indicator('{}', true, false, false);
      return;
    }
    emitMap(p, n, inMapping ? indent + 2 : indent);
    return;
  }
  if (n.k === 'seq') {
    if (!n.items.length) {
      p.indicator('[]', true, false, false);
      return;
    }
    // go-yaml writes a sequence under a mapping key without indenting it.
    emitSeq(p, n, indent);
    return;
  }
  emitScalar(p, n, inMapping ? indent + 2 : indent, false);
}

/** Where one resource's document was printed. */
export interface PrintedDoc {
  /** Output span of the document. */
  readonly start: number;
  readonly end: number;
  /** Its segments: indexes `[segFrom, segTo)` of `Printed.segments` (none crosses its end). */
  readonly segFrom: number;
  readonly segTo: number;
}

export interface Printed {
  readonly text: string;
  readonly segments: Segments;
  /** Each resource's document, in input order. */
  readonly docs: PrintedDoc[];
}

/** Prints resources as `kustomize build` does (documents joined by `---`). */
export function printResources(resources: readonly KNode[]): Printed {
  const p = new Printer();
  const docs: PrintedDoc[] = [];
  let first = true;
  for (const r of resources) {
    if (!first) {
      p.write('---\n');
      p.col = 0;
    }
    first = false;
    const start = p.pos;
    const segFrom = p.segments.starts.length;
    p.ws = true;
    p.indention = true;
    if (r.k === 'map') {
      if (r.m.size) emitMap(p, r, 0);
      else p.indicator('{}', true, false, false);
    } else emitNode(p, r, 0, false);
    // go-yaml ends the document on a fresh line.
    p.indent(0);
    if (p.col !== 0) p.newline();
    p.segment(start, r.o);
    docs.push({ start, end: p.pos, segFrom, segTo: p.segments.starts.length });
  }
  return { text: p.text(), segments: p.segments, docs };
}
