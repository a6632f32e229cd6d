// Go's encoding/json over the Go value model: Marshal (sorted map keys, HTML-safe escaping unless
// disabled, Go's float format), MarshalIndent, and Unmarshal into interface{} (numbers → float64).
import { formatFloat } from './fmt.js';
import { goQuote } from './lex.js';
import { type GoMap, GoStruct, type GoValue, goString, isString, sortedKeys, TypedInt } from './values.js';

export interface JsonOptions {
  /** Escape <, > and & as \u003c … (json.Marshal does; Sprig's toRawJson does not). */
  readonly escapeHTML?: boolean;
  /** MarshalIndent's indent (prefix is always ''). */
  readonly indent?: string;
}

function quoteJson(s: string, escapeHTML: boolean): string {
  let out = '"';
  for (const c of s) {
    const cp = c.codePointAt(0)!;
    switch (c) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
    }
    if (
      cp < 0x20 ||
      (escapeHTML && (c === '<' || c === '>' || c === '&')) ||
      cp === 0x2028 ||
      cp === 0x2029
    ) {
      out += `\\u${cp.toString(16).padStart(4, '0')}`;
    } else if (cp >= 0xd800 && cp <= 0xdfff) {
      out += '\\ufffd';
    } else out += c;
  }
  return `${out}"`;
}

/** Go's encoding/json float64 format: 'f' in [1e-6, 1e21), else 'e' with a short exponent. */
export function jsonFloat(f: number): string {
  if (!Number.isFinite(f)) throw new Error(`json: unsupported value: ${formatFloat(f, 'g', -1)}`);
  const a = Math.abs(f);
  if (a !== 0 && (a < 1e-6 || a >= 1e21)) {
    return formatFloat(f, 'e', -1).replace(/e([+-])0(\d)$/, 'e$1$2');
  }
  return formatFloat(f, 'f', -1);
}

/** json.Marshal / json.MarshalIndent of a Go value. */
export function marshalJson(v: GoValue, options: JsonOptions = {}): string {
  const esc = options.escapeHTML ?? true;
  const ind = options.indent;
  const enc = (x: GoValue, depth: number): string => {
    if (x === null) return 'null';
    if (typeof x === 'boolean') return x ? 'true' : 'false';
    if (typeof x === 'bigint') return x.toString();
    if (x instanceof TypedInt) return x.value.toString();
    if (typeof x === 'number') return jsonFloat(x);
    if (isString(x)) return quoteJson(goString(x), esc);
    if (x instanceof Uint8Array) return quoteJson(Buffer.from(x).toString('base64'), esc);
    const nl = (d: number) => (ind === undefined ? '' : `\n${ind.repeat(d)}`);
    const sep = ind === undefined ? ':' : ': ';
    if (Array.isArray(x)) {
      if (x.length === 0) return '[]';
      return `[${x.map((e) => nl(depth + 1) + enc(e, depth + 1)).join(',')}${nl(depth)}]`;
    }
    let entries: [string, GoValue][];
    if (x instanceof Map) entries = sortedKeys(x as GoMap).map((k) => [k, (x as GoMap).get(k) ?? null]);
    else if (x instanceof GoStruct) entries = [...x.fields];
    else throw new Error(`json: unsupported type: ${typeof x}`);
    if (entries.length === 0) return '{}';
    return `{${entries.map(([k, e]) => `${nl(depth + 1)}${quoteJson(k, esc)}${sep}${enc(e, depth + 1)}`).join(',')}${nl(depth)}}`;
  };
  return enc(v, 0);
}

/** A JSON syntax error with Go's encoding/json text. */
export class JsonSyntaxError extends Error {}

function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return `'"'`;
  // Go quotes the byte as the rune of that value (so 0xC3 prints as 'Ã').
  return `'${goQuote(String.fromCharCode(c)).slice(1, -1)}'`;
}

/**
 * json.Unmarshal into interface{}: objects → maps, numbers → float64. Syntax errors carry Go's
 * messages (`invalid character 'b' looking for beginning of object key string`,
 * `unexpected end of JSON input`).
 */
export function unmarshalJson(text: string): GoValue {
  const b = Buffer.from(text, 'utf8');
  let i = 0;
  const fail = (context: string): never => {
    if (i >= b.length) {
      // Go's scanner ends input with a space: inside a literal or number that is the culprit.
      if (/in literal|numeric/.test(context)) throw new JsonSyntaxError(`invalid character ' ' ${context}`);
      throw new JsonSyntaxError('unexpected end of JSON input');
    }
    throw new JsonSyntaxError(`invalid character ${quoteChar(b[i]!)} ${context}`);
  };
  const ws = () => {
    while (i < b.length && (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0a || b[i] === 0x0d)) i++;
  };
  const literal = (word: string, v: GoValue): GoValue => {
    for (let k = 0; k < word.length; k++) {
      if (b[i] !== word.charCodeAt(k)) {
        if (k === 0) fail('looking for beginning of value');
        fail(`in literal ${word} (expecting ${quoteChar(word.charCodeAt(k))})`);
      }
      i++;
    }
    return v;
  };
  const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;
  const number = (): number => {
    const start = i;
    if (b[i] === 0x2d) i++;
    if (b[i] === 0x30) i++;
    else if (isDigit(b[i]) && b[i] !== 0x30) while (isDigit(b[i])) i++;
    else fail('in numeric literal');
    if (b[i] === 0x2e) {
      i++;
      if (!isDigit(b[i])) fail('after decimal point in numeric literal');
      while (isDigit(b[i])) i++;
    }
    if (b[i] === 0x65 || b[i] === 0x45) {
      i++;
      if (b[i] === 0x2b || b[i] === 0x2d) i++;
      if (!isDigit(b[i])) fail('in exponent of numeric literal');
      while (isDigit(b[i])) i++;
    }
    return Number(b.subarray(start, i).toString('latin1'));
  };
  const string = (): string => {
    i++; // opening quote
    const start = i;
    let simple = true;
    for (;;) {
      if (i >= b.length) fail('in string literal');
      const c = b[i]!;
      if (c === 0x22) break;
      if (c < 0x20) fail('in string literal');
      if (c === 0x5c) {
        simple = false;
        i++;
        const e = b[i];
        if (e === 0x75) {
          for (let k = 0; k < 4; k++) {
            i++;
            const h = b[i];
            if (h === undefined || !/[0-9a-fA-F]/.test(String.fromCharCode(h)))
              fail('in \\u hexadecimal character escape');
          }
        } else if (e === undefined || !'"\\/bfnrt'.includes(String.fromCharCode(e))) {
          fail('in string escape code');
        }
      }
      i++;
    }
    const raw = b.subarray(start, i).toString('utf8');
    i++;
    if (simple) return raw;
    // Escapes are JSON's; lone surrogates become U+FFFD as in Go.
    return (JSON.parse(`"${raw}"`) as string).replace(
      /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      '\uFFFD',
    );
  };
  const value = (): GoValue => {
    ws();
    const c = b[i];
    if (c === undefined) return fail('looking for beginning of value');
    if (c === 0x7b) {
      i++;
      const m: GoMap = new Map();
      ws();
      if (b[i] === 0x7d) {
        i++;
        return m;
      }
      for (;;) {
        ws();
        if (b[i] !== 0x22) fail('looking for beginning of object key string');
        const k = string();
        ws();
        if (b[i] !== 0x3a) fail('after object key');
        i++;
        m.set(k, value());
        ws();
        if (b[i] === 0x2c) {
          i++;
          continue;
        }
        if (b[i] === 0x7d) {
          i++;
          return m;
        }
        fail('after object key:value pair');
      }
    }
    if (c === 0x5b) {
      i++;
      const l: GoValue[] = [];
      ws();
      if (b[i] === 0x5d) {
        i++;
        return l;
      }
      for (;;) {
        l.push(value());
        ws();
        if (b[i] === 0x2c) {
          i++;
          continue;
        }
        if (b[i] === 0x5d) {
          i++;
          return l;
        }
        fail('after array element');
      }
    }
    if (c === 0x22) return string();
    if (c === 0x2d || isDigit(c)) return number();
    if (c === 0x74) return literal('true', true);
    if (c === 0x66) return literal('false', false);
    if (c === 0x6e) return literal('null', null);
    return fail('looking for beginning of value');
  };
  const v = value();
  ws();
  if (i < b.length) fail('after top-level value');
  return v;
}
