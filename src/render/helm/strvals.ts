// Helm's --set parser (pkg/strvals): `a.b=c,list[0]=x,esc\,aped=1`, typed as Helm types them
// (int64 for integers, true/false/null), or kept as strings for --set-string and --set-file.
import { type GoMap, type GoValue, int64 } from '../gotemplate/values.js';

export class StrvalsError extends Error {}

const MAX_INDEX = 65536;
const MAX_NESTED_NAME_LEVEL = 30;

type Reader = (runes: string[]) => GoValue;

class Scanner {
  private i = 0;
  constructor(private readonly runes: string[]) {}
  read(): string | undefined {
    return this.i < this.runes.length ? this.runes[this.i++] : undefined;
  }
  unread(): void {
    this.i--;
  }
}

/** Parses one --set argument into `dest` (mutated), as strvals.ParseInto does. */
export function parseSetInto(s: string, dest: GoMap, mode: 'typed' | 'string' = 'typed'): void {
  const reader: Reader = (rs) => typedVal(rs.join(''), mode === 'string');
  runParser(s, dest, reader);
}

/** Parses one --set-file argument: each value names a file whose text becomes the value. */
export function parseSetFileInto(s: string, dest: GoMap, readFile: (path: string) => string): void {
  runParser(s, dest, (rs) => readFile(rs.join('')));
}

function runParser(s: string, dest: GoMap, reader: Reader): void {
  const p = new Parser(new Scanner([...s]), reader);
  for (;;) {
    try {
      if (p.key(dest, 0) === 'eof') return;
    } catch (e) {
      if (e instanceof EofSignal) return;
      throw e;
    }
  }
}

const EOF = Symbol('eof');
/** io.EOF reaching the top ends parsing silently, even when wrapped (errors.Is). */
class EofSignal extends Error {}
const NOT_LIST = Symbol('notList');

class Parser {
  constructor(
    private readonly sc: Scanner,
    private readonly reader: Reader,
  ) {}

  /** Returns 'eof' at the end of input, 'more' when another key follows; throws on errors. */
  key(data: GoMap, nestedNameLevel: number): 'eof' | 'more' {
    const [k, last, eof] = runesUntil(this.sc, '=[,.');
    const key = k.join('');
    if (eof) {
      if (k.length === 0) return 'eof';
      throw new StrvalsError(`key ${goQuote(key)} has no value`);
    }
    switch (last) {
      case '[': {
        const i = this.keyIndex();
        let list: GoValue[] = [];
        const existing = data.get(key);
        if (data.has(key)) {
          if (!Array.isArray(existing)) throw conversion(existing, '[]interface {}');
          list = existing;
        }
        const [out, err] = this.listItem(list, i, nestedNameLevel);
        set(data, key, out);
        if (err) throw err;
        return 'more';
      }
      case '=': {
        const vl = this.valList();
        if (Array.isArray(vl)) {
          set(data, key, vl);
          return 'more';
        }
        if (vl === EOF) {
          set(data, key, '');
          return 'eof';
        }
        const [rs] = this.val();
        set(data, key, this.reader(rs));
        return 'more';
      }
      case ',':
        set(data, key, '');
        throw new StrvalsError(`key ${goQuote(key)} has no value (cannot end with ,)`);
      default: {
        // '.'
        const level = nestedNameLevel + 1;
        if (level > MAX_NESTED_NAME_LEVEL) {
          throw new StrvalsError(
            `value name nested level is greater than maximum supported nested level of ${MAX_NESTED_NAME_LEVEL}`,
          );
        }
        let inner: GoMap = new Map();
        if (data.has(key)) {
          const existing = data.get(key);
          if (!(existing instanceof Map)) throw conversion(existing, 'map[string]interface {}');
          inner = existing;
        }
        let result: 'eof' | 'more' | undefined;
        let error: unknown;
        try {
          result = this.key(inner, level);
        } catch (e) {
          error = e;
        }
        if (error === undefined && result === 'more' && inner.size === 0) {
          throw new StrvalsError(`key map ${goQuote(key)} has no value`);
        }
        if (inner.size !== 0) set(data, key, inner);
        if (error !== undefined) throw error;
        return result ?? 'more';
      }
    }
  }

  private keyIndex(): number {
    const [v, , eof] = runesUntil(this.sc, ']');
    if (eof) throw new EofSignal('EOF');
    const s = v.join('');
    if (!/^[+-]?\d+$/.test(s)) {
      throw new StrvalsError(`error parsing index: strconv.Atoi: parsing ${goQuote(s)}: invalid syntax`);
    }
    return Number(s);
  }

  private listItem(list: GoValue[], i: number, nestedNameLevel: number): [GoValue[], Error | undefined] {
    if (i < 0) return [list, new StrvalsError(`negative ${i} index not allowed`)];
    const [k, last, eof] = runesUntil(this.sc, '[.=');
    if (k.length > 0) {
      return [list, new StrvalsError(`unexpected data at end of array index: ${goQuote(k.join(''))}`)];
    }
    if (eof) return [list, new EofSignal('EOF')];
    switch (last) {
      case '=': {
        const vl = this.valList();
        if (Array.isArray(vl)) return setIndex(list, i, vl);
        if (vl === EOF) return setIndex(list, i, '');
        const [rs] = this.val();
        return setIndex(list, i, this.reader(rs));
      }
      case '[': {
        const nextI = this.keyIndex();
        let crt: GoValue[] = [];
        if (list.length > i && list[i] !== null && list[i] !== undefined) {
          const existing = list[i];
          if (!Array.isArray(existing)) throw conversion(existing, '[]interface {}');
          crt = existing;
        }
        const [list2, err] = this.listItem(crt, nextI, nestedNameLevel);
        if (err) return [list, err];
        return setIndex(list, i, list2);
      }
      default: {
        let inner: GoMap = new Map();
        if (list.length > i) {
          const existing = list[i];
          if (existing instanceof Map) inner = existing;
          else list[i] = inner;
        }
        if (this.key(inner, nestedNameLevel) === 'eof') return [list, new EofSignal('EOF')];
        return setIndex(list, i, inner);
      }
    }
  }

  private val(): [string[], boolean] {
    const [v, , eof] = runesUntil(this.sc, ',');
    return [v, eof];
  }

  private valList(): GoValue[] | typeof EOF | typeof NOT_LIST {
    const r = this.sc.read();
    if (r === undefined) return EOF;
    if (r !== '{') {
      this.sc.unread();
      return NOT_LIST;
    }
    const list: GoValue[] = [];
    for (;;) {
      const [rs, last, eof] = runesUntil(this.sc, ',}');
      if (eof) throw new StrvalsError("list must terminate with '}'");
      if (last === '}') {
        const next = this.sc.read();
        if (next !== undefined && next !== ',') this.sc.unread();
        list.push(this.reader(rs));
        return list;
      }
      list.push(this.reader(rs));
    }
  }
}

function setIndex(list: GoValue[], index: number, val: GoValue): [GoValue[], Error | undefined] {
  if (index < 0) return [list, new StrvalsError(`negative ${index} index not allowed`)];
  if (index > MAX_INDEX) {
    return [
      list,
      new StrvalsError(`index of ${index} is greater than maximum supported index of ${MAX_INDEX}`),
    ];
  }
  while (list.length <= index) list.push(null);
  list[index] = val;
  return [list, undefined];
}

function set(data: GoMap, key: string, val: GoValue): void {
  if (key === '') return;
  data.set(key, val);
}

/** Reads runes up to one of `stop` (returned as `last`); a backslash escapes the next rune. */
function runesUntil(sc: Scanner, stop: string): [string[], string | undefined, boolean] {
  const v: string[] = [];
  for (;;) {
    const r = sc.read();
    if (r === undefined) return [v, undefined, true];
    if (stop.includes(r)) return [v, r, false];
    if (r === '\\') {
      const next = sc.read();
      if (next === undefined) return [v, undefined, true];
      v.push(next);
    } else v.push(r);
  }
}

function typedVal(val: string, asString: boolean): GoValue {
  if (asString) return val;
  const lower = val.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (val === '0') return int64(0n);
  if (val !== '' && val[0] !== '0' && /^[+-]?\d+$/.test(val)) {
    const b = BigInt(val);
    if (b >= -(1n << 63n) && b < 1n << 63n) return int64(b);
  }
  return val;
}

function conversion(v: GoValue | undefined, want: string): StrvalsError {
  const got =
    v === null || v === undefined
      ? 'nil'
      : v instanceof Map
        ? 'map[string]interface {}'
        : typeof v === 'string'
          ? 'string'
          : Array.isArray(v)
            ? '[]interface {}'
            : 'interface {}';
  return new StrvalsError(`unable to parse key: interface conversion: interface {} is ${got}, not ${want}`);
}

function goQuote(s: string): string {
  return JSON.stringify(s);
}
