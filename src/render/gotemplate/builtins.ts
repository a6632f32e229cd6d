// Go text/template's builtin functions (funcs.go): and, or, not, len, index, slice, print, printf,
// println, html, js, urlquery, call, eq, ne, lt, le, gt, ge.
import type { CallContext, FuncDef } from './api.js';
import { formatValue, sprint, sprintf, sprintln } from './fmt.js';
import { isGoPrintable } from './lex.js';
import {
  GoFunction,
  type GoValue,
  getEntryProvenance,
  goString,
  goTypeName,
  intValue,
  isInteger,
  isString,
  isTrue,
  type Provenance,
  SourcedString,
  setGoTypeName,
  TypedInt,
} from './values.js';

type Kind = 'bool' | 'int' | 'uint' | 'float' | 'string' | 'invalid' | 'other';

function basicKind(v: GoValue): Kind {
  if (v === null) return 'invalid';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int';
  if (v instanceof TypedInt) return v.kind.startsWith('uint') ? 'uint' : 'int';
  if (typeof v === 'number') return 'float';
  if (isString(v)) return 'string';
  return 'other';
}

const errBadComparison = 'incompatible types for comparison';
const errBadComparisonType = 'invalid type for comparison';

function num(v: GoValue): bigint {
  return intValue(v as bigint | TypedInt);
}

// Go 1.24 names the two types in the message; Go 1.23 (the probes) does not.
let typedMessages = false;
function badComparison(a: GoValue, b: GoValue): Error {
  return new Error(
    typedMessages ? `${errBadComparison}: ${goTypeName(a)} and ${goTypeName(b)}` : errBadComparison,
  );
}

function eq2(a: GoValue, b: GoValue): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 !== k2) {
    if ((k1 === 'int' && k2 === 'uint') || (k1 === 'uint' && k2 === 'int')) return num(a) === num(b);
    if (a !== null && b !== null) throw badComparison(a, b);
    return false;
  }
  switch (k1) {
    case 'bool':
    case 'float':
      return a === b;
    case 'int':
    case 'uint':
      return num(a) === num(b);
    case 'string':
      return goString(a as string) === goString(b as string);
    case 'invalid':
      return true;
    default: {
      // Non-basic values: Go compares interfaces; maps, slices and funcs are not comparable.
      const ta = goTypeName(a);
      const tb = goTypeName(b);
      if (Array.isArray(a) || a instanceof Map || a instanceof Uint8Array || a instanceof GoFunction) {
        throw new Error(`non-comparable type ${sprintf('%s', [a])}: ${ta}`);
      }
      if (ta !== tb)
        throw new Error(`non-comparable types ${sprintf('%s', [a])}: ${ta}, ${tb}: ${formatValue(b)}`);
      return a === b;
    }
  }
}

function lt2(a: GoValue, b: GoValue): boolean {
  const k1 = basicKind(a);
  if (k1 === 'invalid' || k1 === 'other') throw new Error(errBadComparisonType);
  const k2 = basicKind(b);
  if (k2 === 'invalid' || k2 === 'other') throw new Error(errBadComparisonType);
  if (k1 !== k2) {
    if (k1 === 'int' && k2 === 'uint') return num(a) < 0n || num(a) < num(b);
    if (k1 === 'uint' && k2 === 'int') return num(b) >= 0n && num(a) < num(b);
    throw badComparison(a, b);
  }
  switch (k1) {
    case 'bool':
      throw new Error(errBadComparisonType);
    case 'float':
      return (a as number) < (b as number);
    case 'int':
    case 'uint':
      return num(a) < num(b);
    default: {
      // Go compares strings bytewise.
      return Buffer.compare(Buffer.from(goString(a as string)), Buffer.from(goString(b as string))) < 0;
    }
  }
}

/** The text of args as html/js/urlquery see them (evalArgs: one string as is, else Sprint). */
function evalArgs(args: GoValue[]): string {
  if (args.length === 1 && isString(args[0]!)) return goString(args[0] as string);
  return sprint(args.map((a) => (a === null ? '<no value>' : a)));
}

export function htmlEscape(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) => {
    switch (c) {
      case '\0':
        return '\uFFFD';
      case '"':
        return '&#34;';
      case "'":
        return '&#39;';
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      default:
        return '&gt;';
    }
  });
}

export function jsEscape(s: string): string {
  let out = '';
  for (const c of s) {
    const cp = c.codePointAt(0)!;
    switch (c) {
      case '\\':
        out += '\\\\';
        continue;
      case "'":
        out += "\\'";
        continue;
      case '"':
        out += '\\"';
        continue;
      case '<':
        out += '\\u003C';
        continue;
      case '>':
        out += '\\u003E';
        continue;
      case '&':
        out += '\\u0026';
        continue;
      case '=':
        out += '\\u003D';
        continue;
    }
    if (cp < 0x20) out += `\\u00${cp.toString(16).toUpperCase().padStart(2, '0')}`;
    else if (cp < 0x80 || isGoPrintable(cp)) out += c;
    else out += `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return out;
}

/** Go's url.QueryEscape. */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function indexArg(index: GoValue, cap: number): number {
  if (index === null) throw new Error('cannot index slice/array with nil');
  if (!isInteger(index)) throw new Error(`cannot index slice/array with type ${goTypeName(index)}`);
  const x = intValue(index);
  if (x < 0n || x > BigInt(cap)) throw new Error(`index out of range: ${x}`);
  return Number(x);
}

function byteAt(s: string, i: number): TypedInt {
  return new TypedInt('uint8', BigInt(Buffer.from(s, 'utf8')[i]!));
}

function index(item: GoValue, indexes: GoValue[], ctx?: CallContext): GoValue {
  if (item === null) throw new Error('index of untyped nil');
  let cur: GoValue = item;
  let p: Provenance | undefined;
  for (const ix of indexes) {
    const container = cur;
    if (cur === null) throw new Error('index of nil pointer');
    if (Array.isArray(cur) || cur instanceof Uint8Array || isString(cur)) {
      const len: number = isString(cur) ? Buffer.byteLength(goString(cur)) : cur.length;
      const x = indexArg(ix, len);
      // indexArg lets x == len through; reflect's Index then panics.
      if (x === len) throw new Error(`reflect: ${isString(cur) ? 'string' : 'slice'} index out of range`);
      if (isString(cur)) cur = byteAt(goString(cur), x);
      else if (cur instanceof Uint8Array) cur = new TypedInt('uint8', BigInt(cur[x]!));
      else cur = cur[x] ?? null;
    } else if (cur instanceof Map) {
      if (ix === null) throw new Error('value is nil; should be of type string');
      if (!isString(ix)) throw new Error(`value has type ${goTypeName(ix)}; should be string`);
      const k = goString(ix);
      cur = cur.has(k) ? (cur.get(k) ?? null) : goTypeName(cur) === 'map[string]string' ? '' : null;
    } else {
      throw new Error(`can't index item of type ${goTypeName(cur)}`);
    }
    p = undefined;
    if (Array.isArray(container)) p = getEntryProvenance(container, Number(intValue(ix as bigint)));
    else if (container instanceof Map) p = getEntryProvenance(container, goString(ix as string));
  }
  if (indexes.length > 0) ctx?.setResultProvenance(p);
  return cur;
}

function slice(item: GoValue, indexes: GoValue[]): GoValue {
  if (item === null) throw new Error('slice of untyped nil');
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`);
  let len: number;
  if (isString(item)) {
    if (indexes.length === 3) throw new Error('cannot 3-index slice a string');
    len = Buffer.byteLength(goString(item));
  } else if (Array.isArray(item) || item instanceof Uint8Array) len = item.length;
  else throw new Error(`can't slice item of type ${goTypeName(item)}`);
  const idx = [0, len, len];
  indexes.forEach((x, i) => {
    idx[i] = indexArg(x, len);
  });
  if (idx[0]! > idx[1]!) throw new Error(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1]! > idx[2]!)
    throw new Error(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  if (isString(item)) return Buffer.from(goString(item), 'utf8').subarray(idx[0], idx[1]).toString('utf8');
  if (item instanceof Uint8Array) return item.slice(idx[0], idx[1]);
  const out = item.slice(idx[0], idx[1]);
  const tn = goTypeName(item);
  return tn === '[]interface {}' ? out : setGoTypeName(out, tn);
}

function length(item: GoValue, nilInterface: boolean): bigint {
  if (item === null) {
    // A nil interface{} is Go's "nil pointer"; no value at all (piped in) fails inside reflect.
    throw new Error(
      nilInterface ? 'len of nil pointer' : 'reflect: call of reflect.Value.Type on zero Value',
    );
  }
  if (isString(item)) return BigInt(Buffer.byteLength(goString(item), 'utf8'));
  if (Array.isArray(item) || item instanceof Uint8Array) return BigInt(item.length);
  if (item instanceof Map) return BigInt(item.size);
  throw new Error(`len of type ${goTypeName(item)}`);
}

const any1 = ['any'] as const;

/** Go's builtins as FuncDefs. `and`/`or` are special-cased by the executor (short-circuit). */
export const builtinFuncs: ReadonlyMap<string, FuncDef> = makeBuiltins(false);

/** The builtins with Go 1.24's comparison messages (`incompatible types for comparison: float64 and int`). */
export const builtinFuncsGo124: ReadonlyMap<string, FuncDef> = makeBuiltins(true);

function makeBuiltins(go124: boolean): ReadonlyMap<string, FuncDef> {
  const cmp =
    <A extends unknown[], R>(f: (...a: A) => R) =>
    (...a: A): R => {
      typedMessages = go124;
      return f(...a);
    };
  const entries: [string, FuncDef][] = [
    ['and', { params: any1, variadic: 'any', fn: () => null, flow: 'select' }],
    ['or', { params: any1, variadic: 'any', fn: () => null, flow: 'select' }],
    ['not', { params: any1, fn: ([a]) => !isTrue(a ?? null) }],
    ['len', { params: any1, fn: ([a], ctx) => length(a ?? null, ctx.argNilInterface[0] ?? false) }],
    [
      'index',
      { params: any1, variadic: 'any', fn: ([a, ...ix], ctx) => index(a ?? null, ix, ctx), flow: 'select' },
    ],
    ['slice', { params: any1, variadic: 'any', fn: ([a, ...ix]) => slice(a ?? null, ix) }],
    ['print', { params: [], variadic: 'any', fn: (a) => sprint(a), flow: 'pass' }],
    ['println', { params: [], variadic: 'any', fn: (a) => sprintln(a), flow: 'pass' }],
    [
      'printf',
      {
        params: ['string'],
        variadic: 'any',
        fn: ([f, ...a]) => sprintf(f as string, a),
        flow: 'pass',
      },
    ],
    ['html', { params: [], variadic: 'any', fn: (a) => htmlEscape(evalArgs(a)), flow: 'pass' }],
    ['js', { params: [], variadic: 'any', fn: (a) => jsEscape(evalArgs(a)), flow: 'pass' }],
    ['urlquery', { params: [], variadic: 'any', fn: (a) => queryEscape(evalArgs(a)), flow: 'pass' }],
    [
      'call',
      {
        params: ['any'],
        variadic: 'any',
        fn: ([f, ...a]) => {
          if (f === null) throw new Error('call of nil');
          if (!(f instanceof GoFunction)) throw new Error(`non-function of type ${goTypeName(f ?? null)}`);
          return f.method.fn(...a);
        },
      },
    ],
    [
      'eq',
      {
        params: any1,
        variadic: 'any',
        fn: ([a, ...rest]) => {
          if (rest.length === 0) throw new Error('missing argument for comparison');
          for (const b of rest) if (eq2(a ?? null, b)) return true;
          return false;
        },
      },
    ],
    ['ne', { params: ['any', 'any'], fn: ([a, b]) => !eq2(a ?? null, b ?? null) }],
    ['lt', { params: ['any', 'any'], fn: ([a, b]) => lt2(a ?? null, b ?? null) }],
    [
      'le',
      { params: ['any', 'any'], fn: ([a, b]) => lt2(a ?? null, b ?? null) || eq2(a ?? null, b ?? null) },
    ],
    [
      'gt',
      { params: ['any', 'any'], fn: ([a, b]) => !(lt2(a ?? null, b ?? null) || eq2(a ?? null, b ?? null)) },
    ],
    ['ge', { params: ['any', 'any'], fn: ([a, b]) => !lt2(a ?? null, b ?? null) }],
  ];
  return new Map(entries.map(([name, d]) => [name, { ...d, fn: cmp(d.fn) }]));
}

export { SourcedString };
