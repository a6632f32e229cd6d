// Go's encoding/json over the Go value model: Marshal (sorted map keys, HTML-safe escaping unless
// disabled, Go's float format), MarshalIndent, and Unmarshal into interface{} (numbers → float64).
import { formatFloat } from './fmt.js';
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

/** json.Unmarshal into interface{}: objects → maps, numbers → float64. Throws Go-like messages. */
export function unmarshalJson(text: string): GoValue {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    if (text.trim() === '') throw new Error('unexpected end of JSON input');
    throw new Error(m ? `invalid character at offset ${m[1]}` : (e as Error).message);
  }
  const conv = (x: unknown): GoValue => {
    if (x === null) return null;
    if (Array.isArray(x)) return x.map(conv);
    if (typeof x === 'object') {
      const m: GoMap = new Map();
      for (const [k, v] of Object.entries(x as Record<string, unknown>)) m.set(k, conv(v));
      return m;
    }
    return x as GoValue;
  };
  return conv(parsed);
}
