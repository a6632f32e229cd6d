// Sprig 3 (Masterminds/sprig TxtFuncMap) as Helm registers it: every function except `env` and
// `expandenv`, which Helm deletes. Signatures follow Sprig's Go signatures so the executor's type
// checks give Go's errors; a Go panic inside Sprig surfaces as `error calling NAME: <panic text>`.
// Random, time and key-generating functions are deterministic stand-ins (NONDETERMINISTIC_FUNCS).
import { createHash } from 'node:crypto';
import type { CallContext, FuncDef, FuncMap, ParamType, ProvenanceFlow } from './api.js';
import { indentSourced } from './buffer.js';
import { formatValue, sprintf } from './fmt.js';
import { jsonFloat, marshalJson, unmarshalJson } from './json.js';
import { goQuote } from './lex.js';
import { goFindAll, goRegExp, goReplaceAll, goSplit, quoteMeta } from './regex.js';
import { parseSemver, semverCompare } from './semver.js';
import {
  GoFunction,
  type GoMap,
  GoStruct,
  type GoValue,
  getEntryProvenance,
  getProvenance,
  goKind,
  goString,
  goTypeName,
  int64,
  intValue,
  isInteger,
  isString,
  type Provenance,
  type SourcedString,
  setEntryProvenance,
  setGoTypeName,
  setProvenance,
  sortedKeys,
  stringList,
  TypedInt,
  wrapInt,
} from './values.js';

// ---------------------------------------------------------------------------------------------------
// Helpers mirroring Sprig's and spf13/cast's conversions

/** Sprig's strval: strings as is, []byte as text, everything else `%v`. */
export function strval(v: GoValue): string {
  if (isString(v)) return goString(v);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  return formatValue(v);
}

/** Go's strconv.ParseInt(s, 0, 64) (base prefixes, underscores with a prefix). */
function parseIntBase0(s: string): bigint | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9_]*)$/.exec(s);
  if (!m) return undefined;
  let body = m[2]!;
  const neg = m[1] === '-';
  let base = 10;
  if (/^0[xX]/.test(body)) base = 16;
  else if (/^0[oO]/.test(body)) base = 8;
  else if (/^0[bB]/.test(body)) base = 2;
  else if (body.length > 1 && body[0] === '0') base = 8;
  if (body.includes('_') && base === 10) return undefined;
  body = body.replace(/_/g, '');
  const digits =
    base === 10 ? body : base === 8 && !/^0[oO]/.test(body) ? body.slice(1) || '0' : body.slice(2);
  let v = 0n;
  for (const d of digits) v = v * BigInt(base) + BigInt(Number.parseInt(d, 16));
  v = neg ? -v : v;
  if (v < -(2n ** 63n) || v >= 2n ** 63n) return undefined;
  return v;
}

/** cast.ToInt64 (errors give 0). */
export function toInt64(v: GoValue): bigint {
  if (v === null) return 0n;
  if (typeof v === 'bigint') return v;
  if (v instanceof TypedInt) return BigInt.asIntN(64, v.value);
  if (typeof v === 'number') return floatToInt64(v);
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (isString(v)) {
    let s = goString(v);
    // cast's trimZeroDecimal: "3.0" → "3"
    if (/^[+-]?\d+\.0*$/.test(s)) s = s.replace(/\.0*$/, '');
    return parseIntBase0(s) ?? 0n;
  }
  return 0n;
}

function floatToInt64(f: number): bigint {
  if (Number.isNaN(f)) return -(2n ** 63n);
  if (!Number.isFinite(f) || Math.abs(f) >= 2 ** 63) return -(2n ** 63n);
  return BigInt(Math.trunc(f));
}

/** cast.ToFloat64 (errors give 0). */
export function toFloat64(v: GoValue): number {
  if (v === null) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof TypedInt) return Number(v.value);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (isString(v)) {
    const s = goString(v).replace(/_/g, '');
    if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
    if (/^[+-]?nan$/i.test(s)) return Number.NaN;
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s);
    if (/^[+-]?0[xX]/.test(s)) {
      const i = parseIntBase0(s);
      return i === undefined ? 0 : Number(i);
    }
    return 0;
  }
  return 0;
}

/** Sprig's empty (text/template truthiness inverted; structs are never empty). */
export function isEmpty(v: GoValue): boolean {
  if (v === null) return true;
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'bigint') return v === 0n;
  if (v instanceof TypedInt) return v.value === 0n;
  if (typeof v === 'number') return v === 0;
  if (isString(v)) return goString(v).length === 0;
  if (Array.isArray(v) || v instanceof Uint8Array) return v.length === 0;
  if (v instanceof Map) return v.size === 0;
  return false;
}

/** Sprig's strslice. */
export function strslice(v: GoValue): string[] {
  if (Array.isArray(v)) return v.filter((x) => x !== null).map(strval);
  if (v instanceof Uint8Array) return [...v].map((b) => String(b));
  if (v === null) return [];
  return [strval(v)];
}

function asList(v: GoValue, what: string): GoValue[] {
  if (Array.isArray(v)) return v;
  // reflect.TypeOf(nil).Kind() dereferences a nil Type in Go.
  if (v === null) throw new Error('runtime error: invalid memory address or nil pointer dereference');
  if (v instanceof Uint8Array) return [...v].map((b) => new TypedInt('uint8', BigInt(b)));
  throw new Error(`Cannot ${what} on type ${goKind(v)}`);
}

function listOrPanic(v: GoValue, fn: string): GoValue[] {
  if (v === null) throw new Error('runtime error: invalid memory address or nil pointer dereference');
  return asList(v, fn);
}

/** A new []interface{} with per-index provenance copied from `from` (by source index). */
function listWithProvenance(items: GoValue[], sources: (Provenance | undefined)[]): GoValue[] {
  sources.forEach((p, i) => {
    if (p) setEntryProvenance(items, i, p);
  });
  return items;
}

function mapOf(v: GoValue): GoMap {
  return v instanceof Map ? v : new Map();
}

/** Copies a map or list deeply, keeping provenance records (copystructure). */
export function deepCopyValue(v: GoValue): GoValue {
  if (Array.isArray(v)) {
    const out = v.map(deepCopyValue);
    const tn = goTypeName(v);
    if (tn !== '[]interface {}') setGoTypeName(out, tn);
    copyProvenance(
      v,
      out,
      v.map((_, i) => i),
    );
    return out;
  }
  if (v instanceof Map) {
    const out: GoMap = new Map();
    for (const [k, x] of v) out.set(k, deepCopyValue(x));
    const tn = goTypeName(v);
    if (tn !== 'map[string]interface {}') setGoTypeName(out, tn);
    copyProvenance(v, out, [...v.keys()]);
    return out;
  }
  if (v instanceof Uint8Array) return v.slice();
  return v;
}

function copyProvenance(from: object, to: object, keys: (string | number)[]): void {
  const own = getProvenance(from);
  if (own) setProvenance(to, own);
  for (const k of keys) {
    const p = getEntryProvenance(from, k);
    if (p) setEntryProvenance(to, k, p);
  }
}

/** mergo.Merge semantics as Sprig's merge (overwrite=false) and mergeOverwrite use them. */
function mergeInto(dst: GoMap, src: GoMap, overwrite: boolean): void {
  for (const [k, s] of src) {
    const has = dst.has(k);
    const d = dst.get(k) ?? null;
    const p = getEntryProvenance(src, k);
    const assign = () => {
      dst.set(k, s);
      if (p) setEntryProvenance(dst, k, p);
    };
    if (s === null) {
      if (overwrite) assign();
      else if (!has) {
        // mergo leaves a missing key missing when the source value is nil
      }
      continue;
    }
    if (s instanceof Map) {
      if (d instanceof Map) {
        mergeInto(d, s, overwrite);
        if (d.size === 0) assign();
        continue;
      }
      if (!has || isEmpty(d) || overwrite) assign();
      continue;
    }
    if (Array.isArray(s)) {
      if (!has || isEmpty(d) || overwrite) assign();
      continue;
    }
    if (!has || isEmpty(d) || overwrite) assign();
  }
}

function checkWidth(n: bigint): number {
  return Number(n);
}

/** Go's strings.Title. */
function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const c of s) {
    const isSep = !/[\p{L}\p{N}_]/u.test(prev) && (prev.codePointAt(0)! < 0x80 ? true : /\s/u.test(prev));
    out += isSep ? c.toUpperCase() : c;
    prev = c;
  }
  return out;
}

function untitle(s: string): string {
  let prev = ' ';
  let out = '';
  for (const c of s) {
    out += /\s/u.test(prev) ? c.toLowerCase() : c;
    prev = c;
  }
  return out;
}

/** huandu/xstrings word split for case conversions: separators, case changes, acronyms. */
function words(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  const chars = [...s];
  const isUpper = (c: string | undefined) => c !== undefined && /\p{Lu}/u.test(c);
  const isLower = (c: string | undefined) => c !== undefined && /\p{Ll}/u.test(c);
  const isDigit = (c: string | undefined) => c !== undefined && /\p{Nd}/u.test(c);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (!/[\p{L}\p{N}]/u.test(c)) {
      if (cur) out.push(cur);
      cur = '';
      continue;
    }
    const prev = chars[i - 1];
    const next = chars[i + 1];
    if (cur) {
      // A number starts a word after letters and keeps the lower-case letters that follow it
      // ("http2xx" → http_2xx, "Duration2m3s" → duration_2m3s).
      const inNumber = /\p{Nd}/u.test(cur);
      const boundary =
        (isUpper(c) && (isLower(prev) || isDigit(prev))) ||
        (isUpper(c) && isUpper(prev) && isLower(next)) ||
        (isDigit(c) && !inNumber && !isDigit(prev));
      if (boundary) {
        out.push(cur);
        cur = '';
      }
    }
    cur += c;
  }
  if (cur) out.push(cur);
  return out;
}

function snakecase(s: string, sep: string): string {
  return words(s)
    .map((w) => w.toLowerCase())
    .join(sep);
}

/**
 * xstrings (1.5) ToCamelCase: leading connectors kept, a connector between words dropped and the next
 * rune upper-cased; a word that starts upper-case has its following capitals lowered (HTTP_SERVER →
 * HttpServer).
 */
function camelcase(str: string): string {
  const rs = [...str];
  if (rs.length === 0) return '';
  const conn = (r: string) => r === '-' || r === '_' || /\s/u.test(r);
  const isUp = (r: string) => r !== r.toLowerCase() && r === r.toUpperCase();
  let out = '';
  let i = 0;
  let r0 = '';
  let firstUpper = false;
  while (i < rs.length) {
    r0 = rs[i++]!;
    if (!conn(r0)) {
      firstUpper = isUp(r0);
      r0 = r0.toUpperCase();
      break;
    }
    out += r0;
  }
  if (i >= rs.length) return out + r0;
  while (i < rs.length) {
    const r1 = r0;
    r0 = rs[i++]!;
    if (conn(r0) && conn(r1)) {
      out += r1;
      continue;
    }
    if (conn(r1)) {
      firstUpper = isUp(r0);
      r0 = r0.toUpperCase();
    } else {
      if (firstUpper) {
        if (isUp(r0)) r0 = r0.toLowerCase();
        else firstUpper = false;
      }
      out += r1;
    }
  }
  return out + r0;
}

function swapcase(s: string): string {
  return [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
}

function initials(s: string): string {
  return s
    .split(/\s+/)
    .filter((w) => w !== '')
    .map((w) => [...w][0]!)
    .join('');
}

/** Apache commons-style word wrap (Sprig's util.WrapCustom). */
function wrap(s: string, width: number, sep: string, wrapLong: boolean): string {
  if (width < 1) width = 1;
  const out: string[] = [];
  for (const line of s.split('\n')) {
    let rest = line;
    const lines: string[] = [];
    while ([...rest].length > width) {
      if (rest[0] === ' ') {
        rest = rest.slice(1);
        continue;
      }
      let cut = rest.lastIndexOf(' ', width);
      if (cut > 0) {
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut + 1);
      } else if (wrapLong) {
        lines.push(rest.slice(0, width));
        rest = rest.slice(width);
      } else {
        cut = rest.indexOf(' ', width);
        if (cut < 0) break;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut + 1);
      }
    }
    lines.push(rest);
    out.push(lines.join(sep));
  }
  return out.join('\n');
}

function abbrev(width: number, s: string): string {
  if (width < 4) return s;
  if ([...s].length <= width) return s;
  return `${[...s].slice(0, width - 3).join('')}...`;
}

function abbrevboth(left: number, right: number, s: string): string {
  if (right < 4 || (left > 0 && right < 7)) return s;
  const chars = [...s];
  if (chars.length <= right) return s;
  let offset = Math.max(left, 0);
  if (offset > chars.length) offset = chars.length;
  if (chars.length - offset < right - 3) offset = chars.length - (right - 3);
  if (offset <= 4) return `${chars.slice(0, right - 3).join('')}...`;
  if (offset + right - 3 < chars.length) return `...${abbrev(right - 3, chars.slice(offset).join(''))}`;
  return `...${chars.slice(chars.length - (right - 3)).join('')}`;
}

/** Go byte-slicing of a string (trunc and substr count bytes, like Go). */
function byteSlice(s: string, from: number, to?: number): string {
  const b = Buffer.from(s, 'utf8');
  // Go's runtime messages for s[from:to]
  if (to !== undefined && to > b.length) {
    throw new Error(`runtime error: slice bounds out of range [:${to}] with length ${b.length}`);
  }
  if (to === undefined && from > b.length) {
    throw new Error(`runtime error: slice bounds out of range [${from}:${b.length}]`);
  }
  if (to !== undefined && from > to)
    throw new Error(`runtime error: slice bounds out of range [${from}:${to}]`);
  return b.subarray(from, to).toString('utf8');
}

/** Go's time.ParseDuration, in nanoseconds; undefined when invalid. */
function parseGoDuration(s: string): bigint | undefined {
  if (s === '0') return 0n;
  const m = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(s);
  if (!m) return undefined;
  const unit: Record<string, number> = {
    ns: 1,
    us: 1e3,
    µs: 1e3,
    μs: 1e3,
    ms: 1e6,
    s: 1e9,
    m: 6e10,
    h: 3.6e12,
  };
  let total = 0;
  for (const part of s.replace(/^[+-]/, '').matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Number(part[1]) * unit[part[2]!]!;
  }
  const v = BigInt(Math.round(total));
  return m[1] === '-' ? -v : v;
}

function adler32(s: string): number {
  let a = 1;
  let b = 0;
  for (const byte of Buffer.from(s, 'utf8')) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function goDuration(secs: bigint): string {
  // time.Duration(secs * 1e9).String()
  if (secs === 0n) return '0s';
  const neg = secs < 0n;
  let s = neg ? -secs : secs;
  const h = s / 3600n;
  s %= 3600n;
  const m = s / 60n;
  s %= 60n;
  let out = '';
  if (h > 0n) out += `${h}h`;
  if (h > 0n || m > 0n) out += `${m}m`;
  out += `${s}s`;
  return (neg ? '-' : '') + out;
}

// ---------------------------------------------------------------------------------------------------
// Deterministic stand-ins

/** Placeholder certificate/key PEMs returned by genCA, genSelfSignedCert, genSignedCert, genPrivateKey. */
export const PLACEHOLDER_CERT_PEM =
  '-----BEGIN CERTIFICATE-----\nS1VCRUhBUkRFTi1QTEFDRUhPTERFUi1DRVJUSUZJQ0FURQ==\n-----END CERTIFICATE-----\n';
export const PLACEHOLDER_KEY_PEM =
  '-----BEGIN RSA PRIVATE KEY-----\nS1VCRUhBUkRFTi1QTEFDRUhPTERFUi1LRVk=\n-----END RSA PRIVATE KEY-----\n';

/**
 * Functions whose real output is random or depends on the clock or the network, with what the
 * stand-in returns. Output is a function of the arguments only, so renders are reproducible.
 */
export const NONDETERMINISTIC_FUNCS: Readonly<Record<string, string>> = {
  randAlphaNum: 'n characters of [A-Za-z0-9] derived from a hash of n',
  randAlpha: 'n letters derived from a hash of n',
  randNumeric: 'n digits derived from a hash of n',
  randAscii: 'n printable ASCII characters derived from a hash of n',
  randBytes: 'base64 of n bytes derived from a hash of n',
  randInt: 'min (the lower bound)',
  shuffle: 'the string unchanged',
  uuidv4: 'the fixed UUID 00000000-0000-4000-8000-000000000000',
  now: 'the fixed time 2000-01-01 00:00:00 UTC',
  ago: 'the duration since that fixed time',
  date: 'formats its argument; `now` is the fixed time',
  htmlDate: 'likewise',
  genPrivateKey: 'a fixed placeholder PEM (not a valid key)',
  genCA: 'a certificate object whose Cert and Key are fixed placeholder PEMs',
  genCAWithKey: 'likewise',
  genSelfSignedCert: 'likewise',
  genSelfSignedCertWithKey: 'likewise',
  genSignedCert: 'likewise',
  genSignedCertWithKey: 'likewise',
  buildCustomCert: 'a certificate object holding the given PEMs',
  bcrypt: 'a fixed-format placeholder hash derived from the input',
  htpasswd: 'user:<placeholder bcrypt hash>',
  derivePassword: 'a placeholder derived from a hash of the inputs',
  encryptAES: 'base64 of a hash of the inputs (not decryptable)',
  decryptAES: 'the empty string',
  getHostByName: 'the empty string (no network)',
};

function hashBytes(seed: string, n: number): Buffer {
  const chunks: Buffer[] = [];
  let i = 0;
  let total = 0;
  while (total < n) {
    const h = createHash('sha256').update(`${seed}:${i++}`).digest();
    chunks.push(h);
    total += h.length;
  }
  return Buffer.concat(chunks).subarray(0, n);
}

function randFrom(alphabet: string, name: string, n: number): string {
  if (n < 0) throw new Error('runtime error: makeslice: len out of range');
  return [...hashBytes(`${name}:${n}`, n)].map((b) => alphabet[b % alphabet.length]).join('');
}

const FIXED_NOW = Date.UTC(2000, 0, 1);

/** A Go time.Time stand-in: a struct carrying epoch milliseconds. */
function goTime(ms: number): GoStruct {
  const t = new GoStruct('time.Time', new Map(), {
    Unix: { fn: () => int64(BigInt(Math.floor(ms / 1000))) },
    UnixNano: { fn: () => int64(BigInt(ms) * 1_000_000n) },
    Year: { fn: () => BigInt(new Date(ms).getUTCFullYear()) },
    Format: { params: ['string'], fn: (layout) => formatGoTime(ms, goString(layout as string)) },
    String: { fn: () => formatGoTime(ms, '2006-01-02 15:04:05.999999999 -0700 MST') },
  });
  timeMs.set(t, ms);
  return t;
}
const timeMs = new WeakMap<GoStruct, number>();

function timeOf(v: GoValue): number {
  if (v instanceof GoStruct && timeMs.has(v)) return timeMs.get(v)!;
  if (isInteger(v)) return Number(intValue(v)) * 1000;
  return FIXED_NOW;
}

const months = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Go's time.Format for UTC times. */
export function formatGoTime(ms: number, layout: string): string {
  const d = new Date(ms);
  const p2 = (n: number) => String(n).padStart(2, '0');
  const Y = d.getUTCFullYear();
  const M = d.getUTCMonth();
  const D = d.getUTCDate();
  const h = d.getUTCHours();
  const mi = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  const msec = d.getUTCMilliseconds();
  const tokens: [string, () => string][] = [
    ['January', () => months[M]!],
    ['Jan', () => months[M]!.slice(0, 3)],
    ['Monday', () => days[d.getUTCDay()]!],
    ['Mon', () => days[d.getUTCDay()]!.slice(0, 3)],
    ['2006', () => String(Y).padStart(4, '0')],
    ['MST', () => 'UTC'],
    ['Z07:00', () => 'Z'],
    ['Z0700', () => 'Z'],
    ['-07:00', () => '+00:00'],
    ['-0700', () => '+0000'],
    ['-07', () => '+00'],
    ['.000000000', () => `.${String(msec).padStart(3, '0')}000000`],
    ['.999999999', () => (msec ? `.${String(msec).padStart(3, '0').replace(/0+$/, '')}` : '')],
    ['.000000', () => `.${String(msec).padStart(3, '0')}000`],
    ['.000', () => `.${String(msec).padStart(3, '0')}`],
    ['01', () => p2(M + 1)],
    ['02', () => p2(D)],
    ['_2', () => String(D).padStart(2, ' ')],
    ['15', () => p2(h)],
    ['03', () => p2(h % 12 || 12)],
    ['04', () => p2(mi)],
    ['05', () => p2(s)],
    ['06', () => p2(Y % 100)],
    ['PM', () => (h >= 12 ? 'PM' : 'AM')],
    ['pm', () => (h >= 12 ? 'pm' : 'am')],
    ['1', () => String(M + 1)],
    ['2', () => String(D)],
    ['3', () => String(h % 12 || 12)],
    ['4', () => String(mi)],
    ['5', () => String(s)],
  ];
  let out = '';
  let i = 0;
  outer: while (i < layout.length) {
    for (const [tok, f] of tokens) {
      if (layout.startsWith(tok, i)) {
        out += f();
        i += tok.length;
        continue outer;
      }
    }
    out += layout[i];
    i++;
  }
  return out;
}

function certificate(cert: string, key: string): GoStruct {
  return new GoStruct(
    'sprig.certificate',
    new Map<string, GoValue>([
      ['Cert', cert],
      ['Key', key],
    ]),
  );
}

// ---------------------------------------------------------------------------------------------------
// The function table

function f(
  params: readonly ParamType[],
  fn: (args: GoValue[], ctx: CallContext) => GoValue,
  opts: { variadic?: ParamType; flow?: ProvenanceFlow } = {},
): FuncDef {
  return { params, fn, ...opts };
}

const pass = { flow: 'pass' as const };
const select = { flow: 'select' as const };
const S = 'string' as const;
const A = 'any' as const;
const I = 'int' as const;

function regexMust<T>(fn: () => T): T {
  return fn();
}

function mustCompile(pattern: string): void {
  try {
    goRegExp(pattern);
  } catch (e) {
    throw new Error(`regexp: Compile(${goQuote(pattern)}): ${(e as Error).message}`);
  }
}

function dig(args: GoValue[]): GoValue {
  if (args.length < 3) throw new Error('dig needs at least three arguments');
  let d: GoValue = args[args.length - 1]!;
  const def = args[args.length - 2]!;
  const ks = args.slice(0, -2).map((k) => {
    if (!isString(k)) throw new Error(`interface conversion: interface {} is ${goTypeName(k)}, not string`);
    return goString(k);
  });
  for (let i = 0; i < ks.length; i++) {
    if (!(d instanceof Map))
      throw new Error(`interface conversion: interface {} is ${goTypeName(d)}, not map[string]interface {}`);
    if (!d.has(ks[i]!)) return def;
    d = d.get(ks[i]!) ?? null;
  }
  return d;
}

function uniqEq(a: GoValue, b: GoValue): boolean {
  return deepEqual(a, b);
}

/** reflect.DeepEqual over Go values. */
export function deepEqual(a: GoValue, b: GoValue): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (goTypeName(a) !== goTypeName(b)) return false;
  if (isString(a) && isString(b)) return goString(a) === goString(b);
  if (a instanceof TypedInt && b instanceof TypedInt) return a.value === b.value;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]!));
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.from(a).equals(Buffer.from(b));
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !deepEqual(v, b.get(k) ?? null)) return false;
    return true;
  }
  if (a instanceof GoStruct && b instanceof GoStruct) {
    return [...a.fields].every(([k, v]) => deepEqual(v, b.fields.get(k) ?? null));
  }
  return false;
}

function inList(needle: GoValue, list: GoValue[]): boolean {
  return list.some((x) => deepEqual(x, needle));
}

function untilStep(start: bigint, stop: bigint, step: bigint): GoValue[] {
  const out: GoValue[] = [];
  if (step === 0n) return setGoTypeName(out, '[]int');
  if (stop < start) {
    if (step >= 0n) return setGoTypeName(out, '[]int');
    for (let i = start; i > stop; i += step) out.push(i);
  } else {
    if (step <= 0n) return setGoTypeName(out, '[]int');
    for (let i = start; i < stop; i += step) out.push(i);
  }
  return setGoTypeName(out, '[]int');
}

function seq(params: bigint[]): string {
  let start = 1n;
  let end: bigint;
  let step = 1n;
  switch (params.length) {
    case 0:
      return '';
    case 1:
      end = params[0]!;
      if (end < 1n) step = -1n;
      break;
    case 2:
      start = params[0]!;
      end = params[1]!;
      if (end < start) step = -1n;
      break;
    default:
      start = params[0]!;
      step = params[1]!;
      end = params[2]!;
      if ((end < start && step > 0n) || (end > start && step < 0n) || step === 0n) return '';
  }
  const out: bigint[] = [];
  if (step > 0n) for (let i = start; i <= end; i += step) out.push(i);
  else for (let i = start; i >= end; i += step) out.push(i);
  return out.join(' ');
}

/** An exact decimal: value = int / 10^scale. */
interface Dec {
  readonly int: bigint;
  readonly scale: number;
}

/** shopspring/decimal's NewFromFloat: the shortest decimal that round-trips. */
function decFromFloat(f: number): Dec {
  if (!Number.isFinite(f)) throw new Error(`Cannot create a Decimal from ${formatValue(f)}`);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(f.toExponential())!;
  const digits = m[2]! + (m[3] ?? '');
  const exp = Number(m[4]) - (digits.length - 1);
  const int = BigInt(m[1] + digits);
  return exp >= 0 ? { int: int * 10n ** BigInt(exp), scale: 0 } : { int, scale: -exp };
}

function decAlign(a: Dec, b: Dec): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.int * 10n ** BigInt(scale - a.scale), b.int * 10n ** BigInt(scale - b.scale), scale];
}

function decToFloat(d: Dec): number {
  const neg = d.int < 0n;
  let s = (neg ? -d.int : d.int).toString().padStart(d.scale + 1, '0');
  if (d.scale > 0) s = `${s.slice(0, -d.scale)}.${s.slice(-d.scale)}`;
  return Number((neg ? '-' : '') + s);
}

/** Sprig's float arithmetic through shopspring/decimal (division rounds to 16 decimal places). */
function decimalOp(a: GoValue, rest: GoValue[], op: 'add' | 'sub' | 'mul' | 'div'): number {
  let acc = decFromFloat(toFloat64(a));
  for (const r of rest) {
    const b = decFromFloat(toFloat64(r));
    if (op === 'mul') acc = { int: acc.int * b.int, scale: acc.scale + b.scale };
    else if (op === 'div') {
      if (b.int === 0n) throw new Error('decimal division by 0');
      // DivRound(b, 16): half away from zero at 16 decimal places.
      const [x, y] = decAlign(acc, b);
      const num = x * 10n ** 17n;
      let q = num / y;
      const neg = q < 0n;
      if (neg) q = -q;
      q = (q + 5n) / 10n;
      acc = { int: neg ? -q : q, scale: 16 };
    } else {
      const [x, y, scale] = decAlign(acc, b);
      acc = { int: op === 'add' ? x + y : x - y, scale };
    }
  }
  return decToFloat(acc);
}

function urlParse(s: string): GoMap {
  const m: GoMap = new Map();
  let u: URL | undefined;
  try {
    u = new URL(s);
  } catch {
    throw new Error(`unable to parse url: parse ${goQuote(s)}: invalid URL`);
  }
  m.set('scheme', u.protocol.replace(/:$/, ''));
  m.set('host', u.host);
  m.set('hostname', u.hostname);
  m.set('path', decodeURIComponent(u.pathname));
  m.set('query', u.search.replace(/^\?/, ''));
  m.set('opaque', '');
  m.set('fragment', decodeURIComponent(u.hash.replace(/^#/, '')));
  m.set('userinfo', u.username ? (u.password ? `${u.username}:${u.password}` : u.username) : '');
  return m;
}

function urlJoin(d: GoMap): string {
  const g = (k: string) => {
    const v = d.get(k);
    return v !== undefined && v !== null && isString(v) ? goString(v) : '';
  };
  let out = '';
  if (g('scheme')) out += `${g('scheme')}:`;
  if (g('opaque')) out += g('opaque');
  else {
    if (g('scheme') || g('host') || g('userinfo')) {
      out += '//';
      if (g('userinfo')) out += `${g('userinfo')}@`;
      out += g('host');
    }
    const path = g('path');
    if (path && !path.startsWith('/') && g('host')) out += '/';
    out += path;
  }
  if (g('query')) out += `?${g('query')}`;
  if (g('fragment')) out += `#${g('fragment')}`;
  return out;
}

function pathBase(p: string): string {
  if (p === '') return '.';
  const s = p.replace(/\/+$/, '');
  if (s === '') return '/';
  return s.slice(s.lastIndexOf('/') + 1);
}

function pathClean(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
    } else out.push(part);
  }
  const s = (rooted ? '/' : '') + out.join('/');
  return s === '' ? '.' : s;
}

function pathDir(p: string): string {
  const i = p.lastIndexOf('/');
  return pathClean(p.slice(0, i + 1));
}

function pathExt(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) if (p[i] === '.') return p.slice(i);
  return '';
}

const table: Record<string, FuncDef> = {
  // --- strings
  hello: f([], () => 'Hello!'),
  abbrev: f([I, S], ([w, s]) => abbrev(checkWidth(w as bigint), s as string), pass),
  abbrevboth: f([I, I, S], ([l, r, s]) => abbrevboth(Number(l), Number(r), s as string), pass),
  trunc: f(
    [I, S],
    ([c, s]) => {
      const n = Number(c as bigint);
      const str = s as string;
      const len = Buffer.byteLength(str);
      if (n < 0 && len + n > 0) return byteSlice(str, len + n);
      if (n >= 0 && len > n) return byteSlice(str, 0, n);
      return str;
    },
    pass,
  ),
  trim: f([S], ([s]) => (s as string).replace(/^[\s\u0085]+|[\s\u0085]+$/gu, ''), pass),
  upper: f([S], ([s]) => (s as string).toUpperCase(), pass),
  lower: f([S], ([s]) => (s as string).toLowerCase(), pass),
  title: f([S], ([s]) => title(s as string), pass),
  untitle: f([S], ([s]) => untitle(s as string), pass),
  substr: f(
    [I, I, S],
    ([a, b, s]) => {
      const start = Number(a as bigint);
      const end = Number(b as bigint);
      const str = s as string;
      if (start < 0) return byteSlice(str, 0, end);
      if (end < 0 || end > Buffer.byteLength(str)) return byteSlice(str, start);
      return byteSlice(str, start, end);
    },
    pass,
  ),
  repeat: f(
    [I, S],
    ([n, s]) => {
      if ((n as bigint) < 0n) throw new Error('strings: negative Repeat count');
      if (Number(n) * (s as string).length > 64 * 1024 * 1024)
        throw new Error('strings: Repeat output length overflow');
      return (s as string).repeat(Number(n));
    },
    pass,
  ),
  trimall: f([S, S], ([a, b]) => trimChars(b as string, a as string), pass),
  trimAll: f([S, S], ([a, b]) => trimChars(b as string, a as string), pass),
  trimSuffix: f(
    [S, S],
    ([a, b]) =>
      (b as string).endsWith(a as string) && (a as string) !== ''
        ? (b as string).slice(0, -(a as string).length)
        : (b as string),
    pass,
  ),
  trimPrefix: f(
    [S, S],
    ([a, b]) =>
      (b as string).startsWith(a as string) ? (b as string).slice((a as string).length) : (b as string),
    pass,
  ),
  nospace: f([S], ([s]) => (s as string).replace(/\s/gu, ''), pass),
  initials: f([S], ([s]) => initials(s as string), pass),
  randAlphaNum: f([I], ([n]) =>
    randFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'randAlphaNum', Number(n)),
  ),
  randAlpha: f([I], ([n]) =>
    randFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 'randAlpha', Number(n)),
  ),
  randAscii: f([I], ([n]) =>
    randFrom(
      ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~',
      'randAscii',
      Number(n),
    ),
  ),
  randNumeric: f([I], ([n]) => randFrom('0123456789', 'randNumeric', Number(n))),
  swapcase: f([S], ([s]) => swapcase(s as string), pass),
  shuffle: f([S], ([s]) => s as string, pass),
  snakecase: f([S], ([s]) => snakecase(s as string, '_'), pass),
  camelcase: f([S], ([s]) => camelcase(s as string), pass),
  kebabcase: f([S], ([s]) => snakecase(s as string, '-'), pass),
  wrap: f([I, S], ([l, s]) => wrap(s as string, Number(l), '\n', false), pass),
  wrapWith: f([I, S, S], ([l, sep, s]) => wrap(s as string, Number(l), sep as string, true), pass),
  contains: f([S, S], ([sub, s]) => (s as string).includes(sub as string)),
  hasPrefix: f([S, S], ([sub, s]) => (s as string).startsWith(sub as string)),
  hasSuffix: f([S, S], ([sub, s]) => (s as string).endsWith(sub as string)),
  quote: f(
    [],
    (a) =>
      a
        .filter((x) => x !== null)
        .map((x) => goQuote(strval(x)))
        .join(' '),
    { variadic: A, ...pass },
  ),
  squote: f(
    [],
    (a) =>
      a
        .filter((x) => x !== null)
        .map((x) => `'${strval(x)}'`)
        .join(' '),
    { variadic: A, ...pass },
  ),
  cat: f(
    [],
    (a) =>
      a
        .filter((x) => x !== null)
        .map(formatValue)
        .join(' '),
    { variadic: A, ...pass },
  ),
  // indent/nindent keep the segments of a sourced string (an include's output), so each output line
  // still maps to the template line that wrote it.
  indent: f(
    [I, 'sstring'],
    ([n, s]) => sourcedOrPlain(indentSourced(s as string | SourcedString, Number(n))),
    pass,
  ),
  nindent: f(
    [I, 'sstring'],
    ([n, s]) => sourcedOrPlain(indentSourced(s as string | SourcedString, Number(n), true)),
    pass,
  ),
  replace: f([S, S, S], ([o, n, s]) => replaceAll(s as string, o as string, n as string), pass),
  plural: f([S, S, I], ([one, many, n]) => ((n as bigint) === 1n ? (one as string) : (many as string))),
  sha1sum: f([S], ([s]) =>
    createHash('sha1')
      .update(s as string, 'utf8')
      .digest('hex'),
  ),
  sha256sum: f([S], ([s]) =>
    createHash('sha256')
      .update(s as string, 'utf8')
      .digest('hex'),
  ),
  sha512sum: f([S], ([s]) =>
    createHash('sha512')
      .update(s as string, 'utf8')
      .digest('hex'),
  ),
  adler32sum: f([S], ([s]) => String(adler32(s as string))),
  // A string (possibly sourced) passes through unchanged, keeping its segments.
  toString: f([A], ([v]) => (isString(v ?? null) ? (v as string | SourcedString) : strval(v ?? null)), pass),
  atoi: f([S], ([s]) => {
    const v = /^[+-]?\d+$/.test(s as string) ? BigInt(s as string) : 0n;
    return v >= -(2n ** 63n) && v < 2n ** 63n ? v : 0n;
  }),
  int64: f([A], ([v]) => int64(toInt64(v ?? null)), pass),
  int: f([A], ([v]) => toInt64(v ?? null), pass),
  float64: f([A], ([v]) => toFloat64(v ?? null), pass),
  seq: f([], (a) => seq(a as bigint[]), { variadic: I }),
  toDecimal: f([A], ([v]) => {
    const s = strval(v ?? null);
    return int64(/^[0-7]+$/.test(s) ? BigInt(`0o${s}`) : 0n);
  }),
  split: f([S, S], ([sep, s]) => {
    const m: GoMap = new Map();
    goSplitString(s as string, sep as string).forEach((p, i) => {
      m.set(`_${i}`, p);
    });
    return setGoTypeName(m, 'map[string]string');
  }),
  splitList: f([S, S], ([sep, s]) => stringList(goSplitString(s as string, sep as string))),
  splitn: f([S, I, S], ([sep, n, s]) => {
    const m: GoMap = new Map();
    goSplitN(s as string, sep as string, Number(n)).forEach((p, i) => {
      m.set(`_${i}`, p);
    });
    return setGoTypeName(m, 'map[string]string');
  }),
  toStrings: f([A], ([v]) => stringList(strslice(v ?? null))),
  until: f([I], ([n]) => untilStep(0n, n as bigint, (n as bigint) < 0n ? -1n : 1n)),
  untilStep: f([I, I, I], ([a, b, c]) => untilStep(a as bigint, b as bigint, c as bigint)),

  // --- math
  add1: f([A], ([v]) => int64(toInt64(v ?? null) + 1n)),
  add: f([], (a) => int64(a.reduce<bigint>((acc, x) => acc + toInt64(x), 0n)), { variadic: A }),
  sub: f([A, A], ([a, b]) => int64(toInt64(a ?? null) - toInt64(b ?? null))),
  div: f([A, A], ([a, b]) => {
    const d = toInt64(b ?? null);
    if (d === 0n) throw new Error('runtime error: integer divide by zero');
    return int64(toInt64(a ?? null) / d);
  }),
  mod: f([A, A], ([a, b]) => {
    const d = toInt64(b ?? null);
    if (d === 0n) throw new Error('runtime error: integer divide by zero');
    return int64(toInt64(a ?? null) % d);
  }),
  mul: f(
    [A],
    ([a, ...rest]) => int64(rest.reduce<bigint>((acc, x) => acc * toInt64(x), toInt64(a ?? null))),
    { variadic: A },
  ),
  randInt: f([I, I], ([min, max]) => {
    if ((max as bigint) - (min as bigint) <= 0n) throw new Error('invalid argument to Intn');
    return min as bigint;
  }),
  add1f: f([A], ([v]) => decimalOp(v ?? null, [1], 'add')),
  addf: f([], (a) => decimalOp(a[0] ?? 0, a.slice(1), 'add'), { variadic: A }),
  subf: f([A], ([a, ...r]) => decimalOp(a ?? null, r, 'sub'), { variadic: A }),
  divf: f([A], ([a, ...r]) => decimalOp(a ?? null, r, 'div'), { variadic: A }),
  mulf: f([A], ([a, ...r]) => decimalOp(a ?? null, r, 'mul'), { variadic: A }),
  biggest: f(
    [A],
    ([a, ...r]) => int64(r.reduce<bigint>((m, x) => bigMax(m, toInt64(x)), toInt64(a ?? null))),
    { variadic: A },
  ),
  max: f([A], ([a, ...r]) => int64(r.reduce<bigint>((m, x) => bigMax(m, toInt64(x)), toInt64(a ?? null))), {
    variadic: A,
  }),
  min: f([A], ([a, ...r]) => int64(r.reduce<bigint>((m, x) => bigMin(m, toInt64(x)), toInt64(a ?? null))), {
    variadic: A,
  }),
  maxf: f([A], ([a, ...r]) => r.reduce<number>((m, x) => Math.max(m, toFloat64(x)), toFloat64(a ?? null)), {
    variadic: A,
  }),
  minf: f([A], ([a, ...r]) => r.reduce<number>((m, x) => Math.min(m, toFloat64(x)), toFloat64(a ?? null)), {
    variadic: A,
  }),
  ceil: f([A], ([a]) => Math.ceil(toFloat64(a ?? null))),
  floor: f([A], ([a]) => Math.floor(toFloat64(a ?? null))),
  round: f(
    [A, I],
    ([a, p, r]) => {
      const half = r === undefined ? 0.5 : toFloat64(r);
      const pow = 10 ** Number(p as bigint);
      const digit = pow * toFloat64(a ?? null);
      const frac = digit - Math.trunc(digit);
      return (frac >= half ? Math.ceil(digit) : Math.floor(digit)) / pow;
    },
    { variadic: 'float64' },
  ),

  // --- lists and strings of lists
  join: f([S, A], ([sep, v]) => strslice(v ?? null).join(sep as string)),
  sortAlpha: f([A], ([v]) => {
    const x = v ?? null;
    if (Array.isArray(x) || x instanceof Uint8Array) return stringList(strslice(x).sort(cmpBytes));
    return stringList([strval(x)]);
  }),

  // --- defaults
  default: f(
    [A],
    ([d, ...given]) => {
      if (given.length === 0 || isEmpty(given[0]!)) return d ?? null;
      return given[0]!;
    },
    { variadic: A, ...select },
  ),
  empty: f([A], ([v]) => isEmpty(v ?? null)),
  coalesce: f([], (a) => a.find((x) => !isEmpty(x)) ?? null, { variadic: A, ...select }),
  all: f([], (a) => a.every((x) => !isEmpty(x)), { variadic: A }),
  any: f([], (a) => a.some((x) => !isEmpty(x)), { variadic: A }),
  compact: f([A], ([l], ctx) => compact(listOrPanic(l ?? null, 'compact'), l ?? null, ctx)),
  mustCompact: f([A], ([l], ctx) => compact(asList(l ?? null, 'compact'), l ?? null, ctx)),
  fromJson: f([S], ([s]) => {
    try {
      return unmarshalJson(s as string);
    } catch {
      return null;
    }
  }),
  toJson: f([A], ([v]) => {
    try {
      return marshalJson(v ?? null);
    } catch {
      return '';
    }
  }),
  toPrettyJson: f([A], ([v]) => {
    try {
      return marshalJson(v ?? null, { indent: '  ' });
    } catch {
      return '';
    }
  }),
  toRawJson: f([A], ([v]) => {
    try {
      return marshalJson(v ?? null, { escapeHTML: false });
    } catch {
      return '';
    }
  }),
  mustFromJson: f([S], ([s]) => unmarshalJson(s as string)),
  mustToJson: f([A], ([v]) => marshalJson(v ?? null)),
  mustToPrettyJson: f([A], ([v]) => marshalJson(v ?? null, { indent: '  ' })),
  mustToRawJson: f([A], ([v]) => marshalJson(v ?? null, { escapeHTML: false })),
  ternary: f([A, A, 'bool'], ([t, e, c]) => (c ? (t ?? null) : (e ?? null)), select),
  deepCopy: f([A], ([v]) => deepCopyValue(v ?? null), pass),
  mustDeepCopy: f([A], ([v]) => deepCopyValue(v ?? null), pass),

  // --- reflection
  typeOf: f([A], ([v]) => goTypeName(v ?? null)),
  typeIs: f([S, A], ([t, v]) => t === goTypeName(v ?? null)),
  typeIsLike: f([S, A], ([t, v]) => {
    const tn = goTypeName(v ?? null);
    return t === tn || `*${t}` === tn;
  }),
  kindOf: f([A], ([v]) => goKind(v ?? null)),
  kindIs: f([S, A], ([t, v]) => t === goKind(v ?? null)),
  deepEqual: f([A, A], ([a, b]) => deepEqual(a ?? null, b ?? null)),

  // --- OS and network (no environment, no network)
  getHostByName: f([S], () => ''),

  // --- paths
  base: f([S], ([p]) => pathBase(p as string)),
  dir: f([S], ([p]) => pathDir(p as string)),
  clean: f([S], ([p]) => pathClean(p as string)),
  ext: f([S], ([p]) => pathExt(p as string)),
  isAbs: f([S], ([p]) => (p as string).startsWith('/')),
  osBase: f([S], ([p]) => pathBase(p as string)),
  osClean: f([S], ([p]) => pathClean(p as string)),
  osDir: f([S], ([p]) => pathDir(p as string)),
  osExt: f([S], ([p]) => pathExt(p as string)),
  osIsAbs: f([S], ([p]) => (p as string).startsWith('/')),

  // --- encoding
  b64enc: f([S], ([s]) => Buffer.from(s as string, 'utf8').toString('base64')),
  b64dec: f([S], ([s]) => b64dec(s as string)),
  b32enc: f([S], ([s]) => base32Encode(Buffer.from(s as string, 'utf8'))),
  b32dec: f([S], ([s]) => base32Decode(s as string)),

  // --- dicts and lists
  tuple: f([], (a, ctx) => listWithProvenance(a, [...ctx.argProvenance]), { variadic: A }),
  list: f([], (a, ctx) => listWithProvenance(a, [...ctx.argProvenance]), { variadic: A }),
  dict: f(
    [],
    (a, ctx) => {
      const m: GoMap = new Map();
      for (let i = 0; i < a.length; i += 2) {
        const k = strval(a[i]!);
        if (i + 1 >= a.length) {
          m.set(k, '');
          continue;
        }
        m.set(k, a[i + 1]!);
        const p = ctx.argProvenance[i + 1];
        if (p) setEntryProvenance(m, k, p);
      }
      return m;
    },
    { variadic: A },
  ),
  get: f(['map', S], ([d, k], ctx) => {
    const m = mapOf(d ?? null);
    if (m.has(k as string)) {
      ctx.setResultProvenance(getEntryProvenance(m, k as string));
      return m.get(k as string) ?? null;
    }
    return '';
  }),
  set: f(['map', S, A], ([d, k, v], ctx) => {
    if (d === null) throw new Error('assignment to entry in nil map');
    const m = d as GoMap;
    m.set(k as string, v ?? null);
    const p = ctx.argProvenance[2];
    if (p) setEntryProvenance(m, k as string, p);
    return m;
  }),
  unset: f(['map', S], ([d, k]) => {
    const m = mapOf(d ?? null);
    m.delete(k as string);
    return m;
  }),
  hasKey: f(['map', S], ([d, k]) => mapOf(d ?? null).has(k as string)),
  pluck: f(
    [S],
    ([k, ...ds]) => {
      const out: GoValue[] = [];
      for (const d of ds) {
        const m = mapOf(d);
        if (m.has(k as string)) {
          out.push(m.get(k as string) ?? null);
          const p = getEntryProvenance(m, k as string);
          if (p) setEntryProvenance(out, out.length - 1, p);
        }
      }
      return out;
    },
    { variadic: 'map' },
  ),
  keys: f([], (ds) => stringList(ds.flatMap((d) => sortedKeys(mapOf(d)))), { variadic: 'map' }),
  pick: f(
    ['map'],
    ([d, ...ks]) => {
      const m = mapOf(d ?? null);
      const out: GoMap = new Map();
      for (const k of ks) {
        const key = k as string;
        if (m.has(key)) {
          out.set(key, m.get(key) ?? null);
          const p = getEntryProvenance(m, key);
          if (p) setEntryProvenance(out, key, p);
        }
      }
      return out;
    },
    { variadic: S },
  ),
  omit: f(
    ['map'],
    ([d, ...ks]) => {
      const m = mapOf(d ?? null);
      const drop = new Set(ks as string[]);
      const out: GoMap = new Map();
      for (const [k, v] of m) {
        if (drop.has(k)) continue;
        out.set(k, v);
        const p = getEntryProvenance(m, k);
        if (p) setEntryProvenance(out, k, p);
      }
      return out;
    },
    { variadic: S },
  ),
  merge: f(['map'], ([d, ...srcs]) => mergeAll(d ?? null, srcs, false), { variadic: 'map' }),
  mergeOverwrite: f(['map'], ([d, ...srcs]) => mergeAll(d ?? null, srcs, true), { variadic: 'map' }),
  mustMerge: f(['map'], ([d, ...srcs]) => mergeAll(d ?? null, srcs, false), { variadic: 'map' }),
  mustMergeOverwrite: f(['map'], ([d, ...srcs]) => mergeAll(d ?? null, srcs, true), { variadic: 'map' }),
  values: f(['map'], ([d]) => {
    const m = mapOf(d ?? null);
    const ks = sortedKeys(m);
    return listWithProvenance(
      ks.map((k) => m.get(k) ?? null),
      ks.map((k) => getEntryProvenance(m, k)),
    );
  }),
  append: f([A, A], ([l, v], ctx) => push(listOrPanic(l ?? null, 'push'), v ?? null, ctx, l ?? null)),
  push: f([A, A], ([l, v], ctx) => push(listOrPanic(l ?? null, 'push'), v ?? null, ctx, l ?? null)),
  mustAppend: f([A, A], ([l, v], ctx) => push(asList(l ?? null, 'push'), v ?? null, ctx, l ?? null)),
  mustPush: f([A, A], ([l, v], ctx) => push(asList(l ?? null, 'push'), v ?? null, ctx, l ?? null)),
  prepend: f([A, A], ([l, v]) => [v ?? null, ...listOrPanic(l ?? null, 'prepend')]),
  mustPrepend: f([A, A], ([l, v]) => [v ?? null, ...asList(l ?? null, 'prepend')]),
  first: f([A], ([l], ctx) => pickAt(l ?? null, 'first', (n) => (n > 0 ? 0 : -1), ctx)),
  mustFirst: f([A], ([l], ctx) => pickAt(l ?? null, 'first', (n) => (n > 0 ? 0 : -1), ctx)),
  last: f([A], ([l], ctx) => pickAt(l ?? null, 'last', (n) => n - 1, ctx)),
  mustLast: f([A], ([l], ctx) => pickAt(l ?? null, 'last', (n) => n - 1, ctx)),
  rest: f([A], ([l]) => sliceList(l ?? null, 'rest', 1, 0)),
  mustRest: f([A], ([l]) => sliceList(l ?? null, 'rest', 1, 0)),
  initial: f([A], ([l]) => sliceList(l ?? null, 'initial', 0, 1)),
  mustInitial: f([A], ([l]) => sliceList(l ?? null, 'initial', 0, 1)),
  reverse: f([A], ([l]) => [...listOrPanic(l ?? null, 'find reverse')].reverse()),
  mustReverse: f([A], ([l]) => [...asList(l ?? null, 'find reverse')].reverse()),
  uniq: f([A], ([l]) => {
    const out: GoValue[] = [];
    for (const x of listOrPanic(l ?? null, 'find uniq')) if (!out.some((y) => uniqEq(x, y))) out.push(x);
    return out;
  }),
  mustUniq: f([A], ([l]) => {
    const out: GoValue[] = [];
    for (const x of asList(l ?? null, 'find uniq')) if (!out.some((y) => uniqEq(x, y))) out.push(x);
    return out;
  }),
  without: f([A], ([l, ...omit]) => listOrPanic(l ?? null, 'find without').filter((x) => !inList(x, omit)), {
    variadic: A,
  }),
  mustWithout: f([A], ([l, ...omit]) => asList(l ?? null, 'find without').filter((x) => !inList(x, omit)), {
    variadic: A,
  }),
  has: f([A, A], ([needle, hay]) => {
    if (hay === null || hay === undefined) return false;
    return inList(needle ?? null, asList(hay, 'find has'));
  }),
  mustHas: f([A, A], ([needle, hay]) => {
    if (hay === null || hay === undefined) return false;
    return inList(needle ?? null, asList(hay, 'find has'));
  }),
  slice: f([A], ([l, ...ix]) => sprigSlice(l ?? null, ix), { variadic: A }),
  mustSlice: f([A], ([l, ...ix]) => sprigSlice(l ?? null, ix), { variadic: A }),
  concat: f(
    [],
    (ls) =>
      ls.flatMap((l) => {
        if (l === null) throw new Error('runtime error: invalid memory address or nil pointer dereference');
        if (!Array.isArray(l) && !(l instanceof Uint8Array))
          throw new Error(`Cannot concat type ${goKind(l)} as list`);
        return asList(l, 'concat');
      }),
    { variadic: A },
  ),
  dig: f([], (a) => dig(a), { variadic: A, ...select }),
  chunk: f([I, A], ([n, l]) => chunk(Number(n), listOrPanic(l ?? null, 'chunk'))),
  mustChunk: f([I, A], ([n, l]) => chunk(Number(n), asList(l ?? null, 'chunk'))),

  // --- crypto (deterministic stand-ins where the real output is random)
  bcrypt: f(
    [S],
    ([s]) => `$2a$10$${hashBytes(`bcrypt:${s}`, 40).toString('base64').replace(/[+/=]/g, '').slice(0, 53)}`,
  ),
  htpasswd: f([S, S], ([u, p]) => {
    if ((u as string).includes(':')) return `invalid username: ${u as string}`;
    return `${u}:$2a$10$${hashBytes(`bcrypt:${p}`, 40).toString('base64').replace(/[+/=]/g, '').slice(0, 53)}`;
  }),
  genPrivateKey: f([S], () => PLACEHOLDER_KEY_PEM),
  derivePassword: f([I, S, S, S, S], (a) =>
    hashBytes(`derivePassword:${a.map(strval).join(':')}`, 12).toString('base64'),
  ),
  buildCustomCert: f([S, S], ([c, k]) =>
    certificate(
      Buffer.from(c as string, 'base64').toString('utf8'),
      Buffer.from(k as string, 'base64').toString('utf8'),
    ),
  ),
  genCA: f([S, I], () => certificate(PLACEHOLDER_CERT_PEM, PLACEHOLDER_KEY_PEM)),
  genCAWithKey: f([S, I, S], () => certificate(PLACEHOLDER_CERT_PEM, PLACEHOLDER_KEY_PEM)),
  genSelfSignedCert: f([S, 'list', 'list', I], () => certificate(PLACEHOLDER_CERT_PEM, PLACEHOLDER_KEY_PEM)),
  genSelfSignedCertWithKey: f([S, 'list', 'list', I, S], () =>
    certificate(PLACEHOLDER_CERT_PEM, PLACEHOLDER_KEY_PEM),
  ),
  genSignedCert: f([S, 'list', 'list', I, A], () => certificate(PLACEHOLDER_CERT_PEM, PLACEHOLDER_KEY_PEM)),
  genSignedCertWithKey: f([S, 'list', 'list', I, A, S], () =>
    certificate(PLACEHOLDER_CERT_PEM, PLACEHOLDER_KEY_PEM),
  ),
  encryptAES: f([S, S], (a) => hashBytes(`encryptAES:${a.join(':')}`, 32).toString('base64')),
  decryptAES: f([S, S], () => ''),
  randBytes: f([I], ([n]) => hashBytes(`randBytes:${n}`, Number(n)).toString('base64')),
  uuidv4: f([], () => '00000000-0000-4000-8000-000000000000'),

  // --- semver
  semver: f([S], ([s]) => {
    const v = parseSemver(s as string);
    return new GoStruct(
      '*semver.Version',
      new Map<string, GoValue>(),
      {
        Major: { fn: () => new TypedInt('uint64', v.major) },
        Minor: { fn: () => new TypedInt('uint64', v.minor) },
        Patch: { fn: () => new TypedInt('uint64', v.patch) },
        Prerelease: { fn: () => v.pre },
        Metadata: { fn: () => v.metadata },
        Original: { fn: () => v.original },
        String: {
          fn: () =>
            `${v.major}.${v.minor}.${v.patch}${v.pre ? `-${v.pre}` : ''}${v.metadata ? `+${v.metadata}` : ''}`,
        },
      },
      true,
    );
  }),
  semverCompare: f([S, S], ([c, v]) => semverCompare(c as string, v as string)),

  // --- flow
  fail: f([S], ([m]) => {
    throw new Error(m as string);
  }),

  // --- regular expressions
  // Sprig ignores a compile error here (false), unlike the other regex functions, which panic.
  regexMatch: f([S, S], ([re, s]) => {
    try {
      return goRegExp(re as string).test(s as string);
    } catch {
      return false;
    }
  }),
  mustRegexMatch: f([S, S], ([re, s]) => regexMust(() => goRegExp(re as string).test(s as string))),
  regexFindAll: f([S, S, I], ([re, s, n]) => {
    mustCompile(re as string);
    return stringList(goFindAll(re as string, s as string, Number(n)));
  }),
  mustRegexFindAll: f([S, S, I], ([re, s, n]) => stringList(goFindAll(re as string, s as string, Number(n)))),
  regexFind: f([S, S], ([re, s]) => {
    mustCompile(re as string);
    return goFindAll(re as string, s as string, 1)[0] ?? '';
  }),
  mustRegexFind: f([S, S], ([re, s]) => goFindAll(re as string, s as string, 1)[0] ?? ''),
  regexReplaceAll: f([S, S, S], ([re, s, r]) => {
    mustCompile(re as string);
    return goReplaceAll(re as string, s as string, r as string);
  }),
  mustRegexReplaceAll: f([S, S, S], ([re, s, r]) => goReplaceAll(re as string, s as string, r as string)),
  regexReplaceAllLiteral: f([S, S, S], ([re, s, r]) => {
    mustCompile(re as string);
    return goReplaceAll(re as string, s as string, r as string, true);
  }),
  mustRegexReplaceAllLiteral: f([S, S, S], ([re, s, r]) =>
    goReplaceAll(re as string, s as string, r as string, true),
  ),
  regexSplit: f([S, S, I], ([re, s, n]) => {
    mustCompile(re as string);
    return stringList(goSplit(re as string, s as string, Number(n)));
  }),
  mustRegexSplit: f([S, S, I], ([re, s, n]) => stringList(goSplit(re as string, s as string, Number(n)))),
  regexQuoteMeta: f([S], ([s]) => quoteMeta(s as string)),

  // --- urls
  urlParse: f([S], ([s]) => urlParse(s as string)),
  urlJoin: f(['map'], ([d]) => urlJoin(mapOf(d ?? null))),

  // --- dates (the clock is fixed; see NONDETERMINISTIC_FUNCS)
  now: f([], () => goTime(FIXED_NOW)),
  ago: f([A], ([t]) => goDuration(BigInt(Math.round((FIXED_NOW - timeOf(t ?? null)) / 1000)))),
  date: f([S, A], ([fmt, t]) => formatGoTime(timeOf(t ?? null), fmt as string)),
  date_in_zone: f([S, A, S], ([fmt, t]) => formatGoTime(timeOf(t ?? null), fmt as string)),
  dateInZone: f([S, A, S], ([fmt, t]) => formatGoTime(timeOf(t ?? null), fmt as string)),
  date_modify: f([S, A], ([, t]) => goTime(timeOf(t ?? null))),
  dateModify: f([S, A], ([, t]) => goTime(timeOf(t ?? null))),
  mustDateModify: f([S, A], ([, t]) => goTime(timeOf(t ?? null))),
  must_date_modify: f([S, A], ([, t]) => goTime(timeOf(t ?? null))),
  // Sprig's duration takes only int64 or a string of digits; anything else counts as 0.
  duration: f([A], ([s]) => {
    const v = s ?? null;
    if (v instanceof TypedInt && v.kind === 'int64') return goDuration(v.value);
    if (isString(v)) return goDuration(/^[+-]?\d+$/.test(goString(v)) ? BigInt(goString(v)) : 0n);
    return goDuration(0n);
  }),
  // A string is a Go duration ("1h30m"), an int64 counts nanoseconds; anything else is 0.
  durationRound: f([A], ([s]) => {
    const v = s ?? null;
    let ns = 0n;
    if (isString(v)) ns = parseGoDuration(goString(v)) ?? 0n;
    else if (v instanceof TypedInt && v.kind === 'int64') ns = v.value;
    else if (v instanceof GoStruct && timeMs.has(v)) ns = BigInt(FIXED_NOW - timeMs.get(v)!) * 1_000_000n;
    const u = ns < 0n ? -ns : ns;
    const sec = 1_000_000_000n;
    const units: [bigint, string][] = [
      [sec * 3600n * 24n * 365n, 'y'],
      [sec * 3600n * 24n * 30n, 'mo'],
      [sec * 3600n * 24n, 'd'],
      [sec * 3600n, 'h'],
      [sec * 60n, 'm'],
      [sec, 's'],
    ];
    for (const [unit, name] of units) if (u > unit) return `${u / unit}${name}`;
    return '0s';
  }),
  htmlDate: f([A], ([t]) => formatGoTime(timeOf(t ?? null), '2006-01-02')),
  htmlDateInZone: f([A, S], ([t]) => formatGoTime(timeOf(t ?? null), '2006-01-02')),
  toDate: f([S, S], ([, s]) => goTime(Date.parse(s as string) || 0)),
  mustToDate: f([S, S], ([, s]) => {
    const ms = Date.parse(s as string);
    if (Number.isNaN(ms)) throw new Error(`parsing time ${goQuote(s as string)}: cannot parse`);
    return goTime(ms);
  }),
  unixEpoch: f([A], ([t]) => String(Math.floor(timeOf(t ?? null) / 1000))),
};

function bigMax(a: bigint, b: bigint): bigint {
  return b > a ? b : a;
}

function bigMin(a: bigint, b: bigint): bigint {
  return b < a ? b : a;
}

function trimChars(s: string, cutset: string): string {
  const set = new Set([...cutset]);
  const chars = [...s];
  let a = 0;
  let b = chars.length;
  while (a < b && set.has(chars[a]!)) a++;
  while (b > a && set.has(chars[b - 1]!)) b--;
  return chars.slice(a, b).join('');
}

/** A sourced string without any segment is returned as a plain string. */
function sourcedOrPlain(s: SourcedString): string | SourcedString {
  return s.segments.length > 0 ? s : s.text;
}

function replaceAll(s: string, old: string, repl: string): string {
  if (old === '') {
    // Go inserts repl before every rune and at the end.
    return [...s].map((c) => repl + c).join('') + repl;
  }
  return s.split(old).join(repl);
}

/** strings.Split (an empty separator splits into runes). */
function goSplitString(s: string, sep: string): string[] {
  if (sep === '') return [...s];
  return s.split(sep);
}

function goSplitN(s: string, sep: string, n: number): string[] {
  if (n === 0) return [];
  const all = goSplitString(s, sep);
  if (n < 0 || all.length <= n) return all;
  return [...all.slice(0, n - 1), all.slice(n - 1).join(sep)];
}

function cmpBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function compact(list: GoValue[], src: GoValue, ctx: CallContext): GoValue[] {
  const out: GoValue[] = [];
  const ps: (Provenance | undefined)[] = [];
  list.forEach((x, i) => {
    if (!isEmpty(x)) {
      out.push(x);
      ps.push(Array.isArray(src) ? getEntryProvenance(src, i) : undefined);
    }
  });
  void ctx;
  return listWithProvenance(out, ps);
}

function push(list: GoValue[], v: GoValue, ctx: CallContext, src: GoValue): GoValue[] {
  const out = [...list, v];
  if (Array.isArray(src))
    list.forEach((_, i) => {
      const p = getEntryProvenance(src, i);
      if (p) setEntryProvenance(out, i, p);
    });
  const p = ctx.argProvenance[1];
  if (p) setEntryProvenance(out, out.length - 1, p);
  return out;
}

function pickAt(l: GoValue, what: string, at: (n: number) => number, ctx: CallContext): GoValue {
  const list = listOrPanic(l, `find ${what}`);
  const i = at(list.length);
  if (i < 0) return null;
  if (Array.isArray(l)) ctx.setResultProvenance(getEntryProvenance(l, i));
  return list[i] ?? null;
}

function sliceList(l: GoValue, what: string, from: number, dropEnd: number): GoValue {
  const list = listOrPanic(l, `find ${what}`);
  // Sprig returns a nil []interface{}: prints [] (it is typed), unlike a nil interface.
  if (list.length === 0) return [];
  return list.slice(from, list.length - dropEnd);
}

function chunk(size: number, list: GoValue[]): GoValue[] {
  if (size <= 0) throw new Error('runtime error: integer divide by zero');
  const out: GoValue[] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return setGoTypeName(out, '[][]interface {}');
}

function sprigSlice(l: GoValue, ix: GoValue[]): GoValue {
  if (!Array.isArray(l) && !(l instanceof Uint8Array)) {
    if (l === null) throw new Error('runtime error: invalid memory address or nil pointer dereference');
    throw new Error(`list should be type of slice or array but ${goKind(l)}`);
  }
  const list = asList(l, 'slice');
  const len = list.length;
  if (len === 0) return null;
  const a = ix.length > 0 ? Number(toInt64(ix[0]!)) : 0;
  const b = ix.length > 1 ? Number(toInt64(ix[1]!)) : len;
  if (a < 0 || b > len || a > b) throw new Error('reflect.Value.Slice: slice index out of bounds');
  return list.slice(a, b);
}

function mergeAll(dst: GoValue, srcs: GoValue[], overwrite: boolean): GoValue {
  const d = dst instanceof Map ? dst : new Map<string, GoValue>();
  for (const s of srcs) if (s instanceof Map) mergeInto(d, s, overwrite);
  return d;
}

function b64dec(s: string): string {
  const clean = s;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) {
    const bad = [...clean].findIndex((c) => !/[A-Za-z0-9+/=]/.test(c));
    const at = bad >= 0 ? bad : Math.floor(clean.replace(/=+$/, '').length / 4) * 4;
    return `illegal base64 data at input byte ${at}`;
  }
  return Buffer.from(clean, 'base64').toString('utf8');
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
function base32Encode(b: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of b) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  while (out.length % 8 !== 0) out += '=';
  return out;
}

function base32Decode(s: string): string {
  const body = s.replace(/=+$/, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const v = B32.indexOf(body[i]!);
    if (v < 0) return `illegal base32 data at input byte ${i}`;
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out).toString('utf8');
}

void jsonFloat;
void sprintf;
void GoFunction;
void wrapInt;

/** Sprig's TxtFuncMap as Helm uses it (without env and expandenv). */
export const sprigFuncs: FuncMap = table;

/** Sprig's own string conversion, exported for Helm functions that need the same text. */
export { marshalJson, unmarshalJson };
