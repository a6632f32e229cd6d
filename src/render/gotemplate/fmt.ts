// Go's fmt package over the Go value model: Sprint, Sprintln, Sprintf with the verbs, flags, width and
// precision Go supports, including its error forms (`%!d(float64=3)`, `%!d(MISSING)`, `%!(EXTRA …)`).
import { goQuote, isGoPrintable } from './lex.js';
import {
  GoFunction,
  GoStruct,
  type GoValue,
  goString,
  goTypeName,
  intValue,
  isInteger,
  SourcedString,
  sortedKeys,
  TypedInt,
} from './values.js';

// ---------------------------------------------------------------------------------------------------
// Floats

/** Exact decimal digits of a finite double: value = 0.d1d2d3… × 10^exp (digits without leading zeros). */
function exactDecimal(f: number): { digits: string; exp: number } {
  if (f === 0) return { digits: '0', exp: 1 };
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, Math.abs(f));
  const bits = buf.getBigUint64(0);
  const e = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let exp2: number;
  if (e === 0) exp2 = -1074;
  else {
    mant |= 1n << 52n;
    exp2 = e - 1075;
  }
  let digits: string;
  let exp10: number;
  if (exp2 >= 0) {
    digits = (mant << BigInt(exp2)).toString();
    exp10 = digits.length;
  } else {
    // mant / 2^-exp2 = mant * 5^-exp2 / 10^-exp2
    const n = mant * 5n ** BigInt(-exp2);
    digits = n.toString();
    exp10 = digits.length + exp2;
  }
  digits = digits.replace(/0+$/, '') || '0';
  return { digits, exp: exp10 };
}

/** Rounds decimal digits (0.ddd × 10^exp) to `keep` significant digits, half to even as Go does. */
function roundDigits(d: { digits: string; exp: number }, keep: number): { digits: string; exp: number } {
  if (keep < 0) return { digits: '', exp: d.exp };
  if (d.digits.length <= keep) return d;
  const head = d.digits.slice(0, keep);
  const rest = d.digits.slice(keep);
  let up = false;
  if (rest[0]! > '5') up = true;
  else if (rest[0] === '5') {
    if (/[1-9]/.test(rest.slice(1))) up = true;
    else up = keep > 0 && Number(head[keep - 1]) % 2 === 1;
  }
  if (!up) return { digits: head, exp: d.exp };
  if (keep === 0) return { digits: '1', exp: d.exp + 1 };
  const n = (BigInt(head) + 1n).toString();
  if (n.length > head.length) return { digits: n.slice(0, keep), exp: d.exp + 1 };
  return { digits: n, exp: d.exp };
}

/** Shortest round-trip digits (as strconv with precision -1). */
function shortestDecimal(f: number): { digits: string; exp: number } {
  if (f === 0) return { digits: '0', exp: 1 };
  const s = Math.abs(f).toExponential();
  const m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s)!;
  const digits = (m[1]! + (m[2] ?? '')).replace(/0+$/, '') || '0';
  return { digits, exp: Number(m[3]) + 1 };
}

function expSuffix(exp: number, c: string): string {
  const a = Math.abs(exp);
  return `${c}${exp < 0 ? '-' : '+'}${a < 10 ? `0${a}` : a}`;
}

/** strconv.FormatFloat(f, fmt, prec, 64) for fmt in e, E, f, g, G. */
export function formatFloat(f: number, fmtc: 'e' | 'E' | 'f' | 'g' | 'G', prec: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Number.POSITIVE_INFINITY) return '+Inf';
  if (f === Number.NEGATIVE_INFINITY) return '-Inf';
  const neg = f < 0 || Object.is(f, -0);
  const sign = neg ? '-' : '';
  const shortest = prec < 0;
  let d: { digits: string; exp: number };
  switch (fmtc) {
    case 'e':
    case 'E': {
      d = shortest ? shortestDecimal(f) : roundDigits(exactDecimal(f), prec + 1);
      const p = shortest ? d.digits.length - 1 : prec;
      return sign + fmtE(d, p, fmtc);
    }
    case 'f': {
      if (shortest) d = shortestDecimal(f);
      else {
        const ex = exactDecimal(f);
        d = roundDigits(ex, ex.exp + prec);
        if (d.digits === '') d = { digits: '0', exp: 1 };
      }
      const p = shortest ? Math.max(d.digits.length - d.exp, 0) : prec;
      return sign + fmtF(d, p);
    }
    case 'g':
    case 'G': {
      let eprec = prec;
      if (shortest) {
        d = shortestDecimal(f);
        eprec = 6;
      } else {
        if (prec === 0) eprec = prec = 1;
        d = roundDigits(exactDecimal(f), prec);
      }
      if (f === 0) d = { digits: '0', exp: 1 };
      const exp = d.exp - 1;
      if (!shortest && eprec > d.digits.length && d.digits.length >= d.exp) eprec = d.digits.length;
      if (exp < -4 || exp >= eprec) {
        const p = shortest ? d.digits.length - 1 : Math.max(d.digits.length - 1, 0);
        return sign + fmtE(d, Math.min(p, shortest ? p : prec - 1), fmtc === 'g' ? 'e' : 'E');
      }
      const p = Math.max(d.digits.length - d.exp, 0);
      return sign + fmtF(d, p);
    }
  }
}

function fmtE(d: { digits: string; exp: number }, prec: number, c: string): string {
  const digits = d.digits === '0' ? '0' : d.digits;
  let s = digits[0]!;
  if (prec > 0) s += `.${digits.slice(1).padEnd(prec, '0').slice(0, prec)}`;
  const exp = d.digits === '0' ? 0 : d.exp - 1;
  return s + expSuffix(exp, c);
}

function fmtF(d: { digits: string; exp: number }, prec: number): string {
  let intPart: string;
  let frac: string;
  if (d.digits === '0') {
    intPart = '0';
    frac = '';
  } else if (d.exp <= 0) {
    intPart = '0';
    frac = '0'.repeat(-d.exp) + d.digits;
  } else {
    intPart = d.digits.slice(0, d.exp).padEnd(d.exp, '0');
    frac = d.digits.slice(d.exp);
  }
  if (prec === 0) return intPart;
  return `${intPart}.${frac.padEnd(prec, '0').slice(0, prec)}`;
}

/** `%v` of a float64: strconv 'g' with the shortest digits and exponent threshold 21 → Go uses %g. */
export function formatFloatV(f: number): string {
  return formatFloat(f, 'g', -1);
}

// ---------------------------------------------------------------------------------------------------
// Printer

interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width?: number;
  prec?: number;
  plusV: boolean;
  sharpV: boolean;
}

const noFlags = (): Flags => ({
  plus: false,
  minus: false,
  sharp: false,
  space: false,
  zero: false,
  plusV: false,
  sharpV: false,
});

function pad(s: string, f: Flags, numeric = false): string {
  const w = f.width;
  if (w === undefined) return s;
  const n = [...s].length;
  if (n >= w) return s;
  const fill = w - n;
  if (f.minus) return s + ' '.repeat(fill);
  if (f.zero && numeric) {
    // zero padding goes after the sign
    const m = /^[+\- ]/.exec(s);
    if (m) return m[0] + '0'.repeat(fill) + s.slice(1);
    return '0'.repeat(fill) + s;
  }
  if (f.zero && !numeric) return '0'.repeat(fill) + s;
  return ' '.repeat(fill) + s;
}

function fmtInteger(v: bigint, unsigned: boolean, verb: string, f: Flags, typeName: string): string {
  let neg = v < 0n;
  let a = neg ? -v : v;
  if (unsigned && neg) {
    a = BigInt.asUintN(64, v);
    neg = false;
  }
  let digits: string;
  switch (verb) {
    case 'd':
    case 'v':
      digits = a.toString(10);
      break;
    case 'b':
      digits = a.toString(2);
      break;
    case 'o':
    case 'O':
      digits = a.toString(8);
      break;
    case 'x':
      digits = a.toString(16);
      break;
    case 'X':
      digits = a.toString(16).toUpperCase();
      break;
    case 'c':
      return pad(String.fromCodePoint(Number(a) <= 0x10ffff ? Number(a) : 0xfffd), f);
    case 'q':
      return pad(quoteRune(Number(a) <= 0x10ffff ? Number(a) : 0xfffd), f);
    case 'U': {
      let s = `U+${a.toString(16).toUpperCase().padStart(4, '0')}`;
      if (f.sharp && Number(a) <= 0x10ffff && isGoPrintable(Number(a)))
        s += ` '${String.fromCodePoint(Number(a))}'`;
      return pad(s, f);
    }
    default:
      return badVerb(verb, typeName, unsigned ? v.toString() : v.toString());
  }
  if (f.prec !== undefined) {
    if (f.prec === 0 && a === 0n) digits = '';
    digits = digits.padStart(f.prec, '0');
  } else if (f.zero && f.width !== undefined && !f.minus) {
    const signLen = neg || f.plus || f.space ? 1 : 0;
    const prefixLen = f.sharp ? (({ x: 2, X: 2, b: 0, o: 1, O: 2 } as Record<string, number>)[verb] ?? 0) : 0;
    digits = digits.padStart(f.width - signLen - prefixLen, '0');
  }
  if (f.sharp) {
    if (verb === 'x') digits = `0x${digits}`;
    else if (verb === 'X') digits = `0X${digits}`;
    else if (verb === 'o' && digits[0] !== '0') digits = `0${digits}`;
    else if (verb === 'b') digits = `0b${digits}`;
  }
  if (verb === 'O') digits = `0o${digits}`;
  const sign = neg ? '-' : f.plus ? '+' : f.space ? ' ' : '';
  return pad(sign + digits, { ...f, zero: false });
}

function quoteRune(cp: number): string {
  if (cp === 39) return "'\\''";
  if (cp === 34) return `'"'`;
  const q = goQuote(String.fromCodePoint(cp));
  return `'${q.slice(1, -1)}'`;
}

function fmtFloatVerb(v: number, verb: string, f: Flags): string | undefined {
  let s: string;
  switch (verb) {
    case 'v':
    case 'g':
      s = formatFloat(v, 'g', f.prec ?? -1);
      break;
    case 'G':
      s = formatFloat(v, 'G', f.prec ?? -1);
      break;
    case 'e':
    case 'E':
      s = formatFloat(v, verb, f.prec ?? 6);
      break;
    case 'f':
    case 'F':
      s = formatFloat(v, 'f', f.prec ?? 6);
      break;
    default:
      return undefined;
  }
  if (f.plus && !s.startsWith('-') && !s.startsWith('+')) s = `+${s}`;
  else if (f.space && !s.startsWith('-') && !s.startsWith('+')) s = ` ${s}`;
  else if (s === '+Inf' && !f.plus) s = '+Inf';
  if (f.zero && f.width !== undefined && !f.minus && Number.isFinite(v)) return pad(s, f, true);
  return pad(s, { ...f, zero: false });
}

/** strconv's 'x' format of a float64: -0x1.8p+00. */
function hexFloat(v: number, verb: string, prec: number | undefined): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  const neg = v < 0 || Object.is(v, -0);
  let mant = 0n;
  let exp = 0;
  if (v !== 0) {
    const dv = new DataView(new ArrayBuffer(8));
    dv.setFloat64(0, Math.abs(v));
    const bits = dv.getBigUint64(0);
    const e = Number((bits >> 52n) & 0x7ffn);
    mant = bits & ((1n << 52n) - 1n);
    if (e === 0) {
      // subnormal: normalise
      exp = -1022;
      while ((mant & (1n << 52n)) === 0n) {
        mant <<= 1n;
        exp--;
      }
      mant &= (1n << 52n) - 1n;
    } else exp = e - 1023;
  }
  let frac = mant.toString(16).padStart(13, '0');
  let lead = v === 0 ? '0' : '1';
  if (prec === undefined) frac = frac.replace(/0+$/, '');
  else if (prec < 13) {
    // round half to even on the hex digits
    const full = BigInt(`0x${lead}${frac}`);
    const shift = BigInt((13 - prec) * 4);
    let q = full >> shift;
    const rem = full & ((1n << shift) - 1n);
    const half = 1n << (shift - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q++;
    let hex = q.toString(16);
    if (hex.length > prec + 1) {
      exp++;
      q >>= 1n;
      hex = q.toString(16);
    }
    lead = hex[0]!;
    frac = hex.slice(1).padStart(prec, '0');
  } else frac = frac.padEnd(prec, '0');
  const e = `p${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  const s = `${neg ? '-' : ''}0x${lead}${frac ? `.${frac}` : ''}${e}`;
  return verb === 'X' ? s.toUpperCase() : s;
}

// Go prints the operand inside %!x(T=…) with %v and the verb's own flags, width and precision.
function badVerb(verb: string, typeName: string, valueText: string): string {
  return `%!${verb}(${typeName}=${valueText})`;
}

/** Formats one operand with one verb (depth: nesting inside containers). */
function fmtArg(v: GoValue, verb: string, f: Flags, depth: number): string {
  if (verb === 'T') return pad(goTypeName(v), f);
  if (v === null) {
    // A nil element of a container prints <nil> whatever the verb.
    if (verb === 'v' || depth > 0) return pad('<nil>', f);
    return `%!${verb}(<nil>)`;
  }
  if (typeof v === 'boolean') {
    if (verb === 'v' || verb === 't') return pad(v ? 'true' : 'false', f);
    return badVerb(verb, 'bool', fmtArg(v, 'v', f, depth));
  }
  if (typeof v === 'bigint' || v instanceof TypedInt) {
    const kind = typeof v === 'bigint' ? 'int' : v.kind;
    const unsigned = kind.startsWith('uint');
    const n = intValue(v);
    if (['e', 'E', 'f', 'F', 'g', 'G', 's', 't'].includes(verb))
      return badVerb(verb, kind, fmtArg(v, 'v', f, depth));
    if (verb === 'x' || verb === 'X' || verb === 'd' || verb === 'v' || verb === 'b' || verb === 'o') {
      return fmtInteger(n, unsigned, verb, f, kind);
    }
    if (verb === 'c' || verb === 'q' || verb === 'U' || verb === 'O')
      return fmtInteger(n, unsigned, verb, f, kind);
    return badVerb(verb, kind, fmtArg(v, 'v', f, depth));
  }
  if (typeof v === 'number') {
    if (verb === 'x' || verb === 'X') return pad(hexFloat(v, verb, f.prec), f);
    const s = fmtFloatVerb(v, verb, f);
    if (s !== undefined) return s;
    return badVerb(verb, 'float64', fmtArg(v, 'v', f, depth));
  }
  if (typeof v === 'string' || v instanceof SourcedString) {
    let s = goString(v);
    switch (verb) {
      case 'v':
      case 's':
        if (f.prec !== undefined) s = [...s].slice(0, f.prec).join('');
        return pad(s, f);
      case 'q':
        if (f.prec !== undefined) s = [...s].slice(0, f.prec).join('');
        if (
          f.sharp &&
          !s.includes('`') &&
          [...s].every((c) => c === '\t' || isGoPrintable(c.codePointAt(0)!))
        ) {
          return pad(`\`${s}\``, f);
        }
        return pad(f.plus ? goQuoteASCII(s) : goQuote(s), f);
      case 'x':
      case 'X': {
        let bytes = Buffer.from(s, 'utf8');
        if (f.prec !== undefined) bytes = bytes.subarray(0, f.prec);
        return pad(hexBytes(bytes, verb, f), f);
      }
    }
    return badVerb(verb, 'string', fmtArg(v, 'v', f, depth));
  }
  if (v instanceof Uint8Array) {
    switch (verb) {
      case 's':
      case 'q':
        return fmtArg(Buffer.from(v).toString('utf8'), verb, f, depth);
      case 'x':
      case 'X':
        return pad(hexBytes(v, verb, f), f);
    }
    return `[${[...v].map((b) => fmtArg(BigInt(b), verb, f, depth + 1)).join(' ')}]`;
  }
  if (Array.isArray(v)) {
    if (f.sharpV) return goSyntax(v);
    return `[${v.map((x) => fmtArg(x, verb, f, depth + 1)).join(' ')}]`;
  }
  if (v instanceof Map) {
    if (f.sharpV) return goSyntax(v);
    return `map[${sortedKeys(v)
      .map((k) => `${fmtArg(k, verb, f, depth + 1)}:${fmtArg(v.get(k) ?? null, verb, f, depth + 1)}`)
      .join(' ')}]`;
  }
  if (v instanceof GoStruct) {
    // A value with a String() method (fmt.Stringer) prints through it for %v and %s.
    const str = v.methods.String;
    if (str && !str.params?.length && (verb === 'v' || verb === 's')) {
      const r = str.fn();
      if (typeof r === 'string') return pad(r, f);
    }
    const body = [...v.fields]
      .map(([k, x]) => (f.plusV ? `${k}:` : '') + fmtArg(x, verb, f, depth + 1))
      .join(' ');
    // A pointer at the top level prints &{…}; nested, Go prints its address (we print &{…} too).
    return `${v.pointer ? '&' : ''}{${body}}`;
  }
  if (v instanceof GoFunction) return '0x0';
  return '?';
}

function hexBytes(b: Uint8Array, verb: string, f: Flags): string {
  const parts = [...b].map((x) => x.toString(16).padStart(2, '0'));
  let s: string;
  if (f.space) s = parts.map((p) => (f.sharp ? `0x${p}` : p)).join(' ');
  else s = (f.sharp ? '0x' : '') + parts.join('');
  return verb === 'X' ? s.toUpperCase() : s;
}

function goQuoteASCII(s: string): string {
  const q = goQuote(s);
  return q.replace(/[^\p{ASCII}]/gu, (c) => {
    const cp = c.codePointAt(0)!;
    return cp < 0x10000 ? `\\u${cp.toString(16).padStart(4, '0')}` : `\\U${cp.toString(16).padStart(8, '0')}`;
  });
}

function goSyntax(v: GoValue, nested = false): string {
  if (v === null) return nested ? 'interface {}(nil)' : '<nil>';
  if (typeof v === 'string' || v instanceof SourcedString) return goQuote(goString(v));
  if (typeof v === 'number') return formatFloatV(v);
  if (Array.isArray(v)) return `${goTypeName(v)}{${v.map((x) => goSyntax(x, true)).join(', ')}}`;
  if (v instanceof Map) {
    return `${goTypeName(v)}{${sortedKeys(v)
      .map((k) => `${goQuote(k)}:${goSyntax(v.get(k) ?? null, true)}`)
      .join(', ')}}`;
  }
  return fmtArg(v, 'v', noFlags(), 1);
}

/** Go's `%v` of one value (what `print` and the executor write). */
export function formatValue(v: GoValue): string {
  return fmtArg(v, 'v', noFlags(), 0);
}

function isStringOperand(v: GoValue): boolean {
  return typeof v === 'string' || v instanceof SourcedString;
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: readonly GoValue[]): string {
  let out = '';
  let prevString = false;
  args.forEach((a, i) => {
    const isStr = isStringOperand(a);
    if (i > 0 && !isStr && !prevString) out += ' ';
    out += formatValue(a);
    prevString = isStr;
  });
  return out;
}

/** fmt.Sprintln: always spaces, and a newline. */
export function sprintln(args: readonly GoValue[]): string {
  return `${args.map(formatValue).join(' ')}\n`;
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: readonly GoValue[]): string {
  let out = '';
  let argNum = 0;
  let reordered = false;
  const n = format.length;
  let i = 0;
  while (i < n) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const f = noFlags();
    // flags
    flags: for (; i < n; i++) {
      switch (format[i]) {
        case '#':
          f.sharp = true;
          break;
        case '0':
          f.zero = !f.minus;
          break;
        case '+':
          f.plus = true;
          break;
        case '-':
          f.minus = true;
          f.zero = false;
          break;
        case ' ':
          f.space = true;
          break;
        default:
          break flags;
      }
    }
    // argument index [n]
    const argIndex = (): void => {
      if (format[i] !== '[') return;
      const close = format.indexOf(']', i);
      const num = Number(format.slice(i + 1, close));
      if (close > 0 && Number.isInteger(num) && num >= 1) {
        argNum = num - 1;
        reordered = true;
        i = close + 1;
      }
    };
    argIndex();
    // width
    if (format[i] === '*') {
      i++;
      const a = args[argNum++];
      if (a !== undefined && isInteger(a)) {
        let w = Number(intValue(a));
        if (w < 0) {
          f.minus = true;
          f.zero = false;
          w = -w;
        }
        f.width = w;
      } else out += '%!(BADWIDTH)';
    } else {
      const m = /^\d+/.exec(format.slice(i));
      if (m) {
        f.width = Number(m[0]);
        i += m[0].length;
      }
    }
    if (format[i] === '.') {
      i++;
      argIndex();
      if (format[i] === '*') {
        i++;
        const a = args[argNum++];
        if (a !== undefined && isInteger(a)) {
          const p = Number(intValue(a));
          if (p >= 0) f.prec = p;
        } else out += '%!(BADPREC)';
      } else {
        const m = /^\d+/.exec(format.slice(i));
        f.prec = m ? Number(m[0]) : 0;
        if (m) i += m[0].length;
      }
    }
    argIndex();
    if (i >= n) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argNum >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const arg = args[argNum++]!;
    if (verb === 'v') {
      if (f.sharp) {
        f.sharp = false;
        f.sharpV = true;
      }
      if (f.plus) {
        f.plus = false;
        f.plusV = true;
      }
      if (f.sharpV) {
        out += goSyntax(arg);
        continue;
      }
    }
    if (verb === 'w') {
      out += `%!w(${goTypeName(arg)}=${formatValue(arg)})`;
      continue;
    }
    out += fmtArg(arg, verb, f, 0);
  }
  if (!reordered && argNum < args.length) {
    out += `%!(EXTRA ${args
      .slice(argNum)
      .map((a) => (a === null ? '<nil>' : `${goTypeName(a)}=${formatValue(a)}`))
      .join(', ')})`;
  }
  return out;
}
