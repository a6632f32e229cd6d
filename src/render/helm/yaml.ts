// Helm's toYaml and toJson, byte for byte. Helm's toYaml is sigs.k8s.io/yaml.Marshal: the value is
// first written as JSON by Go's encoding/json (sorted keys, numbers as JSON text), that JSON is read
// back by go-yaml v2 (so "100" becomes an int and "3.5" a float), and go-yaml v2 writes it out. This
// module reproduces that chain over the Go value model: JSON-ify, resolve numbers as go-yaml would,
// then emit with libyaml's scalar analysis (plain / single / double quoted / literal, 80-column
// folding, YAML 1.1 quoting of yes/on/…).
import {
  GoFunction,
  GoStruct,
  type GoValue,
  getEntryProvenance,
  goString,
  isString,
  type Provenance,
  SourcedString,
  TypedInt,
} from '../gotemplate/values.js';

/** A value after the JSON round trip: numbers are kept as their resolved YAML form. */
type JValue = null | boolean | string | JNumber | JValue[] | JObject;
interface JNumber {
  readonly num: string;
  readonly isFloat: boolean;
  readonly value: number;
}
type JObject = Map<string, JValue>;

export class JsonError extends Error {}

// ---------------------------------------------------------------------------------------------------
// Go number formatting

/** Go's strconv.FormatFloat(f, 'g', -1, 64): what %v and go-yaml print for a float64. */
export function formatFloatG(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Number.POSITIVE_INFINITY) return '+Inf';
  if (f === Number.NEGATIVE_INFINITY) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const exp = Math.floor(Math.log10(Math.abs(f)));
  // Shortest digits decide the exponent exactly (log10 can be off by one near powers of ten).
  const e = f.toExponential();
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(e);
  const x = m ? Number(m[4]) : exp;
  if (x < -4 || x >= 21) return goExp(e);
  if (x >= 6) return goExp(e);
  // Within [-4, 6) Go prints fixed notation with the shortest digits, as JavaScript does.
  return String(f);
}

function goExp(jsExp: string): string {
  const m = /^(-?\d(?:\.\d+)?)e([+-])(\d+)$/.exec(jsExp);
  if (!m) return jsExp;
  const digits = m[3]!.length < 2 ? `0${m[3]}` : m[3];
  return `${m[1]}e${m[2]}${digits}`;
}

/** Go's encoding/json text for a float64 (error for NaN and infinities). */
export function jsonFloat(f: number): string {
  if (!Number.isFinite(f)) throw new JsonError(`json: unsupported value: ${formatFloatG(f)}`);
  if (Object.is(f, -0)) return '-0';
  // encoding/json uses 'f' unless abs < 1e-6 or >= 1e21, then 'e' with a short exponent: exactly
  // JavaScript's Number#toString.
  return String(f);
}

// ---------------------------------------------------------------------------------------------------
// JSON (encoding/json.Marshal)

/** Maps that stand for a Go nil map (printed `map[]`, marshalled as `null`). */
const nilMaps = new WeakSet<object>();

/** Marks an empty map as a Go nil map, such as `.Chart.Annotations` of a chart without annotations. */
export function markNilMap<T extends object>(m: T): T {
  nilMaps.add(m);
  return m;
}

/** The Go map or list each JSON container was made from (to find values provenance per entry). */
const origins = new WeakMap<object, object>();

function jsonify(v: GoValue | undefined, depth = 0): JValue {
  if (depth > 1000) throw new JsonError('json: unsupported value: encountered a cycle');
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'string':
      return v;
    case 'bigint':
      return intNumber(v);
    case 'number':
      return numberFromJson(jsonFloat(v));
  }
  if (v instanceof SourcedString) return v.text;
  if (v instanceof TypedInt) return intNumber(v.value);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (v instanceof GoFunction) throw new JsonError(`json: unsupported type: ${v.typeName}`);
  if (v instanceof GoStruct) {
    const out: JObject = new Map();
    for (const [k, x] of v.fields) out.set(k, jsonify(x, depth + 1));
    return sortObject(out);
  }
  if (Array.isArray(v)) {
    const list = v.map((x) => jsonify(x, depth + 1));
    origins.set(list, v);
    return list;
  }
  if (nilMaps.has(v) && v.size === 0) return null;
  const out: JObject = new Map();
  for (const [k, x] of v) out.set(k, jsonify(x, depth + 1));
  const sorted = sortObject(out);
  origins.set(sorted, v);
  return sorted;
}

function sortObject(m: JObject): JObject {
  // encoding/json sorts map keys by their bytes.
  const keys = [...m.keys()].sort(compareBytes);
  const out: JObject = new Map();
  for (const k of keys) out.set(k, m.get(k)!);
  return out;
}

function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

function intNumber(v: bigint): JNumber {
  return { num: v.toString(), isFloat: false, value: Number(v) };
}

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
const UINT64_MAX = (1n << 64n) - 1n;

/** How go-yaml v2 reads a JSON number back: an int when it fits int64/uint64, else a float. */
function numberFromJson(text: string): JNumber {
  if (/^-?\d+$/.test(text)) {
    const b = BigInt(text);
    if ((b >= INT64_MIN && b <= INT64_MAX) || (b >= 0n && b <= UINT64_MAX)) {
      return { num: b.toString(), isFloat: false, value: Number(b) };
    }
  }
  const f = Number(text);
  return { num: formatFloatG(f), isFloat: true, value: f };
}

/** Go's json.Marshal of a value, as Helm's toJson prints it (HTML characters escaped). */
export function toJson(v: GoValue): string {
  const out: string[] = [];
  writeJson(jsonify(v), out, true);
  return out.join('');
}

/** Like toJson but numbers print as Go wrote them in JSON (used for toJson only). */
function writeJson(v: JValue, out: string[], top: boolean): void {
  void top;
  if (v === null) out.push('null');
  else if (typeof v === 'boolean') out.push(v ? 'true' : 'false');
  else if (typeof v === 'string') out.push(jsonString(v));
  else if (Array.isArray(v)) {
    out.push('[');
    v.forEach((x, i) => {
      if (i) out.push(',');
      writeJson(x, out, false);
    });
    out.push(']');
  } else if (v instanceof Map) {
    out.push('{');
    let i = 0;
    for (const [k, x] of v) {
      if (i++) out.push(',');
      out.push(jsonString(k), ':');
      writeJson(x, out, false);
    }
    out.push('}');
  } else out.push(v.isFloat ? jsonFloat(v.value) : v.num);
}

export function jsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c < 0x20) {
      if (c === 0x0a) out += '\\n';
      else if (c === 0x0d) out += '\\r';
      else if (c === 0x09) out += '\\t';
      else out += `\\u00${c.toString(16).padStart(2, '0')}`;
    } else if (c === 0x3c) out += '\\u003c';
    else if (c === 0x3e) out += '\\u003e';
    else if (c === 0x26) out += '\\u0026';
    else if (c === 0x2028) out += '\\u2028';
    else if (c === 0x2029) out += '\\u2029';
    else if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += s[i]! + s[i + 1]!;
        i++;
      } else out += '\ufffd';
    } else if (c >= 0xdc00 && c <= 0xdfff) out += '\ufffd';
    else out += s[i];
  }
  return `${out}"`;
}

// ---------------------------------------------------------------------------------------------------
// go-yaml v2 emitter

const BEST_WIDTH = 80;
const BEST_INDENT = 2;

/** Helm's toYaml: the YAML text without its final newline; "" when the value cannot be marshalled. */
export function toYaml(v: GoValue): string {
  let j: JValue;
  try {
    j = jsonify(v);
  } catch {
    return '';
  }
  const e = new Emitter();
  e.emitNode(j, { root: true, mapping: false, sequence: false, simpleKey: false });
  // go-yaml ends the document with a newline, which toYaml trims.
  return e.out.join('');
}

/** A line of toYaml output and the values entry it shows. */
export interface YamlMark {
  readonly offset: number;
  readonly provenance: Provenance;
}

/**
 * toYaml that also says, for each map entry and list item it writes, where that entry came from in a
 * values file (so a finding inside a `toYaml .Values.x` block points at the values line).
 */
export function toYamlMarked(v: GoValue): { text: string; marks: YamlMark[] } {
  let j: JValue;
  try {
    j = jsonify(v);
  } catch {
    return { text: '', marks: [] };
  }
  const e = new Emitter(true);
  e.emitNode(j, { root: true, mapping: false, sequence: false, simpleKey: false });
  return { text: e.out.join(''), marks: e.marks };
}

/** Marshals a value the way sigs.k8s.io/yaml does, with the final newline (for `kubeharden render`). */
export function marshalYaml(v: GoValue): string {
  return `${toYaml(v)}\n`;
}

interface Ctx {
  readonly root: boolean;
  readonly mapping: boolean;
  readonly sequence: boolean;
  readonly simpleKey: boolean;
}

type Style = 'plain' | 'single' | 'double' | 'literal';

class Emitter {
  readonly out: string[] = [];
  readonly marks: YamlMark[] = [];
  private length = 0;
  constructor(private readonly marking = false) {}

  private mark(container: object, key: string | number): void {
    if (!this.marking) return;
    const src = origins.get(container);
    const p = src ? getEntryProvenance(src, key) : undefined;
    if (p) this.marks.push({ offset: this.length, provenance: p });
  }
  private column = 0;
  private indent = -1;
  private readonly indents: number[] = [];
  private whitespace = true;
  private indention = true;
  private flowLevel = 0;

  private put(s: string): void {
    this.out.push(s);
    this.length += s.length;
    this.column += [...s].length;
  }
  private putBreak(): void {
    this.out.push('\n');
    this.length++;
    this.column = 0;
  }
  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }
  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }
  private writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) {
      this.putBreak();
    }
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }
  private writeIndicator(ind: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean) {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.put(ind);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  emitNode(v: JValue, ctx: Ctx): void {
    if (Array.isArray(v)) {
      if (v.length === 0 || this.flowLevel > 0) this.flowSequence(v);
      else this.blockSequence(v, ctx);
    } else if (v instanceof Map) {
      if (v.size === 0 || this.flowLevel > 0) this.flowMapping(v);
      else this.blockMapping(v);
    } else this.emitScalar(v, ctx);
  }

  private flowSequence(v: JValue[]): void {
    // go-yaml writes only empty collections in flow style.
    void v;
    this.writeIndicator('[', true, true, false);
    this.writeIndicator(']', false, false, false);
  }
  private flowMapping(v: JObject): void {
    void v;
    this.writeIndicator('{', true, true, false);
    this.writeIndicator('}', false, false, false);
  }

  private blockSequence(v: JValue[], ctx: Ctx): void {
    this.increaseIndent(false, ctx.mapping && !this.indention);
    for (let i = 0; i < v.length; i++) {
      const item = v[i]!;
      this.writeIndent();
      this.mark(v, i);
      this.writeIndicator('-', true, false, true);
      this.emitNode(item, { root: false, mapping: false, sequence: true, simpleKey: false });
    }
    this.popIndent();
  }

  private blockMapping(v: JObject): void {
    this.increaseIndent(false, false);
    for (const k of [...v.keys()].sort(yamlKeyCompare)) {
      const val = v.get(k)!;
      this.writeIndent();
      this.mark(v, k);
      const a = analyzeScalar(k);
      const simple = !a.multiline && k.length <= 128;
      if (simple) {
        this.emitScalar(k, { root: false, mapping: true, sequence: false, simpleKey: true });
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.emitScalar(k, { root: false, mapping: true, sequence: false, simpleKey: false });
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.emitNode(val, { root: false, mapping: true, sequence: false, simpleKey: false });
    }
    this.popIndent();
  }

  private emitScalar(v: Exclude<JValue, JValue[] | JObject>, ctx: Ctx): void {
    let text: string;
    let style: Style;
    if (v === null) {
      text = 'null';
      style = 'plain';
    } else if (typeof v === 'boolean') {
      text = v ? 'true' : 'false';
      style = 'plain';
    } else if (typeof v === 'string') {
      text = v;
      if (v.includes('\n')) style = 'literal';
      else style = resolvesToString(v) ? 'plain' : 'double';
    } else {
      text = v.isFloat ? yamlFloat(v.value) : v.num;
      style = 'plain';
    }
    const a = analyzeScalar(text);
    if (ctx.simpleKey && a.multiline) style = 'double';
    if (style === 'plain') {
      if ((this.flowLevel > 0 && !a.flowPlain) || (this.flowLevel === 0 && !a.blockPlain)) style = 'single';
      if (text.length === 0 && (this.flowLevel > 0 || ctx.simpleKey)) style = 'single';
    }
    if (style === 'single' && !a.singleQuoted) style = 'double';
    if (style === 'literal' && (!a.block || this.flowLevel > 0 || ctx.simpleKey)) style = 'double';

    this.increaseIndent(true, false);
    const allowBreaks = !ctx.simpleKey;
    switch (style) {
      case 'plain':
        this.writePlain(text, allowBreaks);
        break;
      case 'single':
        this.writeSingle(text, allowBreaks);
        break;
      case 'double':
        this.writeDouble(text, allowBreaks);
        break;
      case 'literal':
        this.writeLiteral(text);
        break;
    }
    this.popIndent();
  }

  private writePlain(value: string, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    const cps = [...value];
    let spaces = false;
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i]!;
      if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && cps[i + 1] !== ' ') {
          this.writeIndent();
        } else this.put(c);
        spaces = true;
      } else {
        this.put(c);
        this.indention = false;
        spaces = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingle(value: string, allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    const cps = [...value];
    let spaces = false;
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i]!;
      if (c === ' ') {
        if (
          allowBreaks &&
          !spaces &&
          this.column > BEST_WIDTH &&
          i !== 0 &&
          i !== cps.length - 1 &&
          cps[i + 1] !== ' '
        ) {
          this.writeIndent();
        } else this.put(c);
        spaces = true;
      } else {
        if (c === "'") this.put("'");
        this.put(c);
        this.indention = false;
        spaces = false;
      }
    }
    this.writeIndicator("'", false, false, false);
  }

  private writeDouble(value: string, allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    const cps = [...value];
    let spaces = false;
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i]!;
      const cp = c.codePointAt(0)!;
      if (!isPrintable(cp) || cp === 0xfeff || isBreak(cp) || c === '"' || c === '\\') {
        this.put('\\');
        this.put(escapeFor(cp));
        spaces = false;
      } else if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < cps.length - 1) {
          this.writeIndent();
          if (cps[i + 1] === ' ') this.put('\\');
        } else this.put(c);
        spaces = true;
      } else {
        this.put(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
  }

  private writeLiteral(value: string): void {
    this.writeIndicator('|', true, false, false);
    // Block scalar hints: an indentation indicator when the text starts with a space or a break,
    // and the chomping indicator from how the text ends.
    const first = value.codePointAt(0);
    if (first !== undefined && (first === 0x20 || isBreak(first))) this.put(String(BEST_INDENT));
    const cps = [...value];
    const last = cps[cps.length - 1];
    if (last === undefined || !isBreak(last.codePointAt(0)!)) this.put('-');
    else if (cps.length === 1) this.put('+');
    else if (isBreak(cps[cps.length - 2]!.codePointAt(0)!)) this.put('+');
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of cps) {
      if (isBreak(c.codePointAt(0)!)) {
        this.putBreak();
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) {
          this.writeIndent();
          breaks = false;
        }
        this.put(c);
        this.indention = false;
      }
    }
  }
}

/** go-yaml v2's key order (sorter.go keyList.Less for strings): letters before digits, digit runs by value. */
export function yamlKeyCompare(a: string, b: string): number {
  if (a === b) return 0;
  return yamlKeyLess(a, b) ? -1 : yamlKeyLess(b, a) ? 1 : 0;
}

const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;

function yamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = LETTER.test(ar[i]!);
    const bl = LETTER.test(br[i]!);
    if (al && bl) return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && DIGIT.test(ar[j]!); j--) {
        if (ar[j] !== '0') {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && DIGIT.test(ar[ai]!); ai++) an = an * 10n + BigInt(ar[ai]!.codePointAt(0)! - 48);
    let bi = i;
    for (; bi < br.length && DIGIT.test(br[bi]!); bi++) bn = bn * 10n + BigInt(br[bi]!.codePointAt(0)! - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
  }
  return ar.length < br.length;
}

function escapeFor(cp: number): string {
  switch (cp) {
    case 0x00:
      return '0';
    case 0x07:
      return 'a';
    case 0x08:
      return 'b';
    case 0x09:
      return 't';
    case 0x0a:
      return 'n';
    case 0x0b:
      return 'v';
    case 0x0c:
      return 'f';
    case 0x0d:
      return 'r';
    case 0x1b:
      return 'e';
    case 0x22:
      return '"';
    case 0x5c:
      return '\\';
    case 0x85:
      return 'N';
    case 0xa0:
      return '_';
    case 0x2028:
      return 'L';
    case 0x2029:
      return 'P';
  }
  const hex = cp.toString(16).toUpperCase();
  if (cp <= 0xff) return `x${hex.padStart(2, '0')}`;
  if (cp <= 0xffff) return `u${hex.padStart(4, '0')}`;
  return `U${hex.padStart(8, '0')}`;
}

function yamlFloat(f: number): string {
  const s = formatFloatG(f);
  if (s === '+Inf') return '.inf';
  if (s === '-Inf') return '-.inf';
  if (s === 'NaN') return '.nan';
  return s;
}

/** libyaml's is_printable over code points (go-yaml v2 treats characters above U+FFFF as not printable). */
function isPrintable(cp: number): boolean {
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
  );
}

function isBreak(cp: number): boolean {
  return cp === 0x0d || cp === 0x0a || cp === 0x85 || cp === 0x2028 || cp === 0x2029;
}

function isBlankOrEnd(cp: number | undefined): boolean {
  return cp === undefined || cp === 0x20 || cp === 0x09 || isBreak(cp);
}

interface ScalarAnalysis {
  readonly multiline: boolean;
  readonly flowPlain: boolean;
  readonly blockPlain: boolean;
  readonly singleQuoted: boolean;
  readonly block: boolean;
}

/** libyaml's yaml_emitter_analyze_scalar: which styles can write the text faithfully. */
function analyzeScalar(value: string): ScalarAnalysis {
  if (value.length === 0) {
    return { multiline: false, flowPlain: false, blockPlain: true, singleQuoted: true, block: false };
  }
  const cps = [...value].map((c) => c.codePointAt(0)!);
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  if (value.startsWith('---') || value.startsWith('...')) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  let followedByWhitespace = isBlankOrEnd(cps[1]);
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    const ch = String.fromCodePoint(c);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) {
        flowIndicators = true;
        blockIndicators = true;
      }
      if (ch === '?' || ch === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      }
      if (ch === '-' && followedByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else {
      if (',?[]{}'.includes(ch)) flowIndicators = true;
      if (ch === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      }
      if (ch === '#' && precededByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    }
    if (!isPrintable(c)) special = true;
    if (isBreak(c)) lineBreaks = true;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i === cps.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      if (i === 0) leadingBreak = true;
      if (i === cps.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousBreak = true;
      previousSpace = false;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankOrEnd(c);
    if (i + 1 < cps.length) followedByWhitespace = isBlankOrEnd(cps[i + 2]);
  }
  let flowPlain = true;
  let blockPlain = true;
  let singleQuoted = true;
  let block = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    flowPlain = false;
    blockPlain = false;
  }
  if (trailingSpace) block = false;
  if (breakSpace) {
    flowPlain = false;
    blockPlain = false;
    singleQuoted = false;
  }
  if (spaceBreak || special) {
    flowPlain = false;
    blockPlain = false;
    singleQuoted = false;
    block = false;
  }
  if (lineBreaks) {
    flowPlain = false;
    blockPlain = false;
  }
  if (flowIndicators) flowPlain = false;
  if (blockIndicators) blockPlain = false;
  return { multiline: lineBreaks, flowPlain, blockPlain, singleQuoted, block };
}

// ---------------------------------------------------------------------------------------------------
// go-yaml v2 resolve: would the text, written plain, read back as a string?

// biome-ignore format: a table
const RESOLVE_MAP = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF',
  '', '~', 'null', 'Null', 'NULL', '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF',
  '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '<<',
]);

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** The YAML 1.1 type go-yaml v2 gives a plain scalar. */
export function resolvePlain(s: string): 'str' | 'bool' | 'null' | 'int' | 'float' | 'timestamp' | 'merge' {
  const hint = s === '' ? 'N' : hintFor(s[0]!);
  if (!hint) return 'str';
  if (RESOLVE_MAP.has(s)) {
    if (s === '<<') return 'merge';
    if (/^(y|yes|true|on|n|no|false|off)$/i.test(s)) return 'bool';
    if (s === '' || s === '~' || /^null$/i.test(s)) return 'null';
    return 'float';
  }
  if (hint === 'M') return 'str';
  if (hint === '.') return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s) ? 'float' : 'str';
  if (isTimestamp(s)) return 'timestamp';
  const plain = s.replaceAll('_', '');
  if (parseGoIntBase0(plain) !== undefined) return 'int';
  if (YAML_STYLE_FLOAT.test(plain)) return 'float';
  if (/^-?0b[01]+$/.test(plain)) return 'int';
  return 'str';
}

function hintFor(c: string): string | undefined {
  if (c === '+' || c === '-') return 'S';
  if (c >= '0' && c <= '9') return 'D';
  if ('yYnNtTfFoO~'.includes(c)) return 'M';
  if (c === '.') return '.';
  return undefined;
}

function isTimestamp(s: string): boolean {
  return /^\d{4}-\d{1,2}-\d{1,2}(([Tt]| +)\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?(Z|[+-]\d{1,2}(:\d{2})?)?)?$/.test(
    s,
  );
}

/** strconv.ParseInt(s, 0, 64) or ParseUint: the value when it parses. */
export function parseGoIntBase0(s: string): bigint | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)$/.exec(s);
  if (!m) return undefined;
  let body = m[2]!;
  let v: bigint;
  if (/^0[oO]/.test(body)) body = `0o${body.slice(2)}`;
  else if (/^0[0-7]+$/.test(body)) body = `0o${body.slice(1)}`;
  try {
    v = BigInt(body);
  } catch {
    return undefined;
  }
  if (m[1] === '-') v = -v;
  if (v < INT64_MIN || v > UINT64_MAX) return undefined;
  if (m[1] && v > INT64_MAX) return undefined;
  return v;
}

function resolvesToString(s: string): boolean {
  return resolvePlain(s) === 'str' && !BASE60_FLOAT.test(s);
}

/** Converts any Go string-ish value to a plain string (helper for callers). */
export function plainString(v: GoValue): string | undefined {
  return isString(v) ? goString(v) : undefined;
}
