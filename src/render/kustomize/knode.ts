// The value model of the Kustomize builder: YAML nodes as kyaml keeps them (a scalar keeps its text
// and its resolved tag), each remembering the repository span that wrote it, so that a finding on a
// built object can be mapped back to the patch, base or kustomization line that set the node.

import { type Document, isAlias, isMap, isScalar, isSeq, type Node, parseAllDocuments, Scalar } from 'yaml';
import { DEFAULT_PARSE_LIMITS } from '../../load/compose.js';
import { scanYamlText } from '../../load/scan.js';
import type { YNode } from '../../load/tree.js';
import { AliasBudget } from '../alias-budget.js';
import type { SourceSpan } from '../types.js';

/** Where a node came from, and why (shown with the mapped finding). */
export interface Origin extends SourceSpan {
  /** What wrote the node when it is not the resource itself: `patch`, `namespace`, `images`, … */
  readonly via?: string;
}

export type ScalarTag = 'str' | 'int' | 'float' | 'bool' | 'null' | 'timestamp';

export interface KScalar {
  readonly k: 'scalar';
  /** The node's text as kyaml holds it (plain text as written, quoted text decoded). */
  v: string;
  tag: ScalarTag;
  o: Origin | undefined;
}
export interface KSeq {
  readonly k: 'seq';
  items: KNode[];
  o: Origin | undefined;
}
export interface KMap {
  readonly k: 'map';
  /** Insertion-ordered; output sorts keys anyway. */
  m: Map<string, KNode>;
  /** Span of each key (the key's own text), when known. */
  ko: Map<string, Origin>;
  o: Origin | undefined;
}
export type KNode = KScalar | KSeq | KMap;

export function str(v: string, o?: Origin): KScalar {
  return { k: 'scalar', v, tag: 'str', o };
}
export function scalar(v: string, tag: ScalarTag, o?: Origin): KScalar {
  return { k: 'scalar', v, tag, o };
}
export function kmap(o?: Origin): KMap {
  return { k: 'map', m: new Map(), ko: new Map(), o };
}
export function kseq(items: KNode[] = [], o?: Origin): KSeq {
  return { k: 'seq', items, o };
}

export function clone(n: KNode): KNode {
  if (n.k === 'scalar') return { k: 'scalar', v: n.v, tag: n.tag, o: n.o };
  if (n.k === 'seq') return { k: 'seq', items: n.items.map(clone), o: n.o };
  const m = new Map<string, KNode>();
  for (const [key, v] of n.m) m.set(key, clone(v));
  // Key origins are never changed in place: they are shared (a loop copies faster than new Map(map)).
  const ko = new Map<string, Origin>();
  for (const [key, v] of n.ko) ko.set(key, v);
  return { k: 'map', m, ko, o: n.o };
}

/** Sets every origin in a subtree (a patch's new nodes point at the patch). */
export function stamp(n: KNode, o: Origin | undefined): KNode {
  n.o = o;
  if (n.k === 'seq') for (const i of n.items) stamp(i, o);
  else if (n.k === 'map') {
    for (const v of n.m.values()) stamp(v, o);
    for (const key of n.ko.keys()) if (o) n.ko.set(key, o);
  }
  return n;
}

export function get(n: KNode | undefined, ...path: string[]): KNode | undefined {
  let cur = n;
  for (const p of path) {
    if (cur?.k !== 'map') return undefined;
    cur = cur.m.get(p);
  }
  return cur;
}

export function getStr(n: KNode | undefined, ...path: string[]): string | undefined {
  const v = get(n, ...path);
  return v && v.k === 'scalar' && v.tag !== 'null' ? v.v : undefined;
}

export function getMap(n: KNode | undefined, ...path: string[]): KMap | undefined {
  const v = get(n, ...path);
  return v && v.k === 'map' ? v : undefined;
}

export function getSeq(n: KNode | undefined, ...path: string[]): KSeq | undefined {
  const v = get(n, ...path);
  return v && v.k === 'seq' ? v : undefined;
}

/** The map at `path`, created (with origin `o`) where missing. */
export function ensureMap(n: KMap, path: readonly string[], o: Origin | undefined): KMap {
  let cur = n;
  for (const p of path) {
    let next = cur.m.get(p);
    if (next?.k !== 'map') {
      next = kmap(o);
      cur.m.set(p, next);
      if (o) cur.ko.set(p, o);
    }
    cur = next;
  }
  return cur;
}

export function setField(n: KMap, key: string, value: KNode, keyOrigin?: Origin): void {
  n.m.set(key, value);
  if (keyOrigin) n.ko.set(key, keyOrigin);
}

export function isNull(n: KNode | undefined): boolean {
  return !n || (n.k === 'scalar' && n.tag === 'null');
}

// --- Scalar resolution as yaml.v3 does it for a plain (unquoted) scalar.

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const BOOLS = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE']);
const FLOAT_SPECIAL = new Set([
  '.inf',
  '.Inf',
  '.INF',
  '+.inf',
  '+.Inf',
  '+.INF',
  '-.inf',
  '-.Inf',
  '-.INF',
  '.nan',
  '.NaN',
  '.NAN',
]);
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const TIMESTAMP =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d*))?[ \t]*(Z|[-+]\d{1,2}(?::?\d{2})?)?)?$/;

/** Go's strconv.ParseInt/ParseUint with base 0 (underscores already removed), as a BigInt. */
export function goParseInt(s: string): bigint | undefined {
  let t = s;
  let neg = false;
  if (t.startsWith('+') || t.startsWith('-')) {
    neg = t[0] === '-';
    t = t.slice(1);
  }
  let digits: string;
  let base: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) {
    base = 16;
    digits = t.slice(2);
  } else if (/^0[oO][0-7]+$/.test(t)) {
    base = 8;
    digits = t.slice(2);
  } else if (/^0[bB][01]+$/.test(t)) {
    base = 2;
    digits = t.slice(2);
  } else if (/^0[0-7]+$/.test(t)) {
    base = 8;
    digits = t.slice(1);
  } else if (/^[0-9]+$/.test(t)) {
    base = 10;
    digits = t;
  } else return undefined;
  let v = 0n;
  const b = BigInt(base);
  for (const ch of digits) v = v * b + BigInt(Number.parseInt(ch, base));
  if (neg) v = -v;
  if (v > 18446744073709551615n || v < -9223372036854775808n) return undefined;
  if (neg && v < -9223372036854775808n) return undefined;
  return v;
}

export function resolvePlain(s: string): ScalarTag {
  if (NULLS.has(s)) return 'null';
  if (BOOLS.has(s)) return 'bool';
  if (FLOAT_SPECIAL.has(s)) return 'float';
  const c = s[0] ?? '';
  if (c === '.' || c === '+' || c === '-' || (c >= '0' && c <= '9')) {
    if (TIMESTAMP.test(s) && c >= '0' && c <= '9') return 'timestamp';
    const plain = s.replaceAll('_', '');
    if (goParseInt(plain) !== undefined) return 'int';
    if (YAML_FLOAT.test(plain)) return 'float';
  }
  return 'str';
}

const TAGS: Record<string, ScalarTag> = {
  'tag:yaml.org,2002:str': 'str',
  'tag:yaml.org,2002:int': 'int',
  'tag:yaml.org,2002:float': 'float',
  'tag:yaml.org,2002:bool': 'bool',
  'tag:yaml.org,2002:null': 'null',
  'tag:yaml.org,2002:timestamp': 'timestamp',
};

export class YamlInputError extends Error {}

/** One parsed document: its root node and the span of the whole document. */
export interface ParsedDoc {
  readonly node: KNode | undefined;
  readonly start: number;
  readonly end: number;
}

/** Parses a YAML stream into nodes whose origins point into `file` (BOM stripped by the caller). */
export function parseYamlDocs(text: string, file: string): ParsedDoc[] {
  return scannedDocs(text, file) ?? composedDocs(text, file);
}

/** The `yaml` package's path: every input, with its error messages. */
export function composedDocs(text: string, file: string): ParsedDoc[] {
  const docs = parseAllDocuments(text, { schema: 'failsafe', prettyErrors: false, uniqueKeys: false });
  if (!Array.isArray(docs)) return [];
  const out: ParsedDoc[] = [];
  for (const doc of docs) {
    if (doc.errors.length) {
      const e = doc.errors[0]!;
      throw new YamlInputError(`${file}: YAML syntax error: ${e.message.split('\n')[0]}`);
    }
    const span = doc.range;
    out.push({
      node: doc.contents ? convert(doc.contents as Node, file, doc, 0, text, new AliasBudget()) : undefined,
      start: span[0],
      end: span[2],
    });
  }
  return out;
}

function convert(
  node: Node,
  file: string,
  doc: Document.Parsed,
  depth: number,
  text: string,
  budget: AliasBudget,
): KNode {
  if (depth > 200) throw new YamlInputError(`${file}: nesting deeper than 200 levels`);
  if (budget.count())
    throw new YamlInputError(`${file}: document contains excessive aliasing (an alias bomb?)`);
  if (isAlias(node)) {
    const target = node.resolve(doc);
    if (!target) return scalar('', 'null', { file, start: 0, end: 0 });
    return budget.throughAlias(() => convert(target as Node, file, doc, depth, text, budget));
  }
  const n: Node = node;
  const r = n.range ?? [0, 0, 0];
  const o: Origin = { file, start: r[0], end: r[1] };
  if (isMap(n)) {
    const m = kmap(o);
    for (const pair of n.items) {
      const keyNode = pair.key as Node | null;
      let key = '';
      if (keyNode && isScalar(keyNode)) key = String(keyNode.value ?? '');
      else if (keyNode) key = String(keyNode);
      if (key === '<<' && pair.value) {
        // A merge key: kyaml does not merge on read either; keep it as a field.
      }
      const value: KNode = pair.value
        ? convert(pair.value as Node, file, doc, depth + 1, text, budget)
        : scalar('', 'null', keyNode?.range ? { file, start: keyNode.range[0], end: keyNode.range[1] } : o);
      m.m.set(key, value);
      if (keyNode?.range)
        m.ko.set(key, { file, start: keyNode.range[0], end: value.o?.end ?? keyNode.range[1] });
      if (!pair.value && value.o && keyNode?.range)
        value.o = { file, start: keyNode.range[0], end: keyNode.range[1] };
    }
    return m;
  }
  if (isSeq(n)) {
    return kseq(
      n.items.map((i) => convert(i as Node, file, doc, depth + 1, text, budget)),
      o,
    );
  }
  if (isScalar(n)) {
    let v = n.value == null ? '' : String(n.value);
    // A block scalar ending the file without a final newline has none to keep (go-yaml).
    const block = n.type === Scalar.BLOCK_LITERAL || n.type === Scalar.BLOCK_FOLDED;
    if (block && r[1] >= text.length && !text.endsWith('\n') && v.endsWith('\n')) v = v.slice(0, -1);
    const explicit = n.tag ? TAGS[n.tag] : undefined;
    let tag: ScalarTag;
    if (explicit) tag = explicit;
    else if (n.tag === '!') tag = 'str';
    else if (n.type === Scalar.PLAIN) tag = resolvePlain(v);
    else tag = 'str';
    return scalar(v, tag, o);
  }
  return scalar('', 'null', o);
}

/** Structural equality of values (origins ignored). */
export function equalNodes(a: KNode | undefined, b: KNode | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.k !== b.k) return false;
  if (a.k === 'scalar') return b.k === 'scalar' && a.v === b.v;
  if (a.k === 'seq') {
    const bs = b as KSeq;
    return a.items.length === bs.items.length && a.items.every((x, i) => equalNodes(x, bs.items[i]));
  }
  const bm = b as KMap;
  if (a.m.size !== bm.m.size) return false;
  for (const [key, v] of a.m) if (!equalNodes(v, bm.m.get(key))) return false;
  return true;
}

/** A plain JavaScript view of a node (strings for every scalar but null): for small config structs. */
export function toPlain(n: KNode | undefined): unknown {
  if (!n) return undefined;
  if (n.k === 'scalar') {
    if (n.tag === 'null') return null;
    if (n.tag === 'bool') return n.v.toLowerCase() === 'true';
    if (n.tag === 'int') {
      const v = goParseInt(n.v.replaceAll('_', ''));
      return v !== undefined ? Number(v) : n.v;
    }
    return n.v;
  }
  if (n.k === 'seq') return n.items.map(toPlain);
  const o: Record<string, unknown> = {};
  for (const [key, v] of n.m) o[key] = toPlain(v);
  return o;
}

/** A node built from plain data (config written by kustomize itself), stamped with `o`. */
export function fromPlain(v: unknown, o: Origin | undefined): KNode {
  if (v === null || v === undefined) return scalar('null', 'null', o);
  if (typeof v === 'string') return str(v, o);
  if (typeof v === 'boolean') return scalar(String(v), 'bool', o);
  if (typeof v === 'number') return scalar(String(v), Number.isInteger(v) ? 'int' : 'float', o);
  if (Array.isArray(v))
    return kseq(
      v.map((x) => fromPlain(x, o)),
      o,
    );
  const m = kmap(o);
  for (const [key, x] of Object.entries(v as Record<string, unknown>)) m.m.set(key, fromPlain(x, o));
  return m;
}

// --- The fast path: the loader's block-YAML scanner (src/load/scan.ts), which keeps the `yaml`
// package's offsets exactly, read into the same nodes as `convert` makes. It only vouches for
// inputs it can map without doubt; anything else (anchors, tags, merge keys, escapes, multi-line
// plain or quoted scalars, `|+`, problems of any kind) returns undefined and the package decides,
// so nodes, origins and error messages never depend on which path ran.

class NotVouched extends Error {}
const notVouched = (): never => {
  throw new NotVouched();
};

export function scannedDocs(text: string, file: string): ParsedDoc[] | undefined {
  // (Line breaks other than LF are left to the package: offsets and values would need mapping.)
  if (text.includes('\r')) return undefined;
  const scanned = scanYamlText(text, DEFAULT_PARSE_LIMITS);
  if (!scanned || scanned.problems.length > 0 || scanned.collectionKeys) return undefined;
  try {
    const reader = new ScanReader(text, file);
    return scanned.documents.map((d) => ({
      node: d.root ? reader.node(d.root, 0) : undefined,
      start: d.start,
      end: d.end,
    }));
  } catch (err) {
    if (err instanceof NotVouched) return undefined;
    throw err;
  }
}

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;

class ScanReader {
  /** The `yaml` package's end (range[1]) of the node just read, when it is a collection's end too. */
  private tail = 0;

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  node(n: YNode, depth: number): KNode {
    if (depth > 200) notVouched();
    if (n.type === 'scalar') return this.scalar(n.start, n.end, n.value);
    const c = this.text.charCodeAt(n.start);
    // A block collection ends where its last value's trailing comment and line break do (range[1]
    // is that value's range[2]); a flow one at its closing bracket.
    const flow = c === 91 /* [ */ || c === 123; /* { */
    if (n.type === 'seq') {
      const items: KNode[] = [];
      for (const item of n.items) items.push(this.node(item, depth + 1));
      return kseq(items, this.collectionEnd(n.start, n.end, flow, items.length));
    }
    const m = kmap();
    for (const pair of n.pairs) {
      const key = pair.key;
      const keyText = this.scalarText(key.start, key.end, key.value, true);
      // A value the parser left out (`{a}`) sits at the key's end; the package's node is null there.
      if (pair.value.type === 'scalar' && pair.value.start === key.end && pair.value.end === key.end)
        notVouched();
      if (keyText === '<<' || m.m.has(keyText)) notVouched();
      const value = this.node(pair.value, depth + 1);
      m.m.set(keyText, value);
      m.ko.set(keyText, { file: this.file, start: key.start, end: value.o?.end ?? key.end });
    }
    m.o = this.collectionEnd(n.start, n.end, flow, m.m.size);
    return m;
  }

  /** A collection's origin, once its items are read (`tail` is the last one's range[2]). */
  private collectionEnd(start: number, end: number, flow: boolean, size: number): Origin {
    if (flow) {
      this.tail = this.flowTail(end);
      return { file: this.file, start, end };
    }
    // Comment lines after the last value may belong to the collection's range: left to the package.
    if (size === 0 || this.commentFollows(this.tail)) notVouched();
    return { file: this.file, start, end: this.tail };
  }

  private scalar(start: number, end: number, value: unknown): KScalar {
    const c = this.text.charCodeAt(start);
    const o: Origin = { file: this.file, start, end };
    if (start === end) {
      // An empty value: the package puts an empty node there and its range ends there (a comment
      // after it on its line may be in its range: left to the package).
      if (this.commentFollows(end)) notVouched();
      this.tail = end;
      return scalar('', 'null', o);
    }
    if (c === 124 /* | */ || c === 62 /* > */) {
      if (typeof value !== 'string') notVouched();
      const header = this.text.slice(start, this.text.indexOf('\n', start) >>> 0);
      if (header.includes('+')) notVouched();
      // The node's range runs over its last line break; the value is the scanner's (go-yaml's),
      // without a final line break when the file ends without one.
      const full = this.text.charCodeAt(end - 1) === LF ? end : this.flowTail(end);
      let v = value as string;
      if (full >= this.text.length && !this.text.endsWith('\n') && v.endsWith('\n')) v = v.slice(0, -1);
      this.tail = full;
      return scalar(v, 'str', { file: this.file, start, end: full });
    }
    const v = this.scalarText(start, end, value, false);
    this.tail = this.flowTail(end);
    if (c === 34 || c === 39) return scalar(v, 'str', o);
    return scalar(v, resolvePlain(v), o);
  }

  /** A one-line plain or quoted scalar's text as the failsafe schema reads it. */
  private scalarText(start: number, end: number, value: unknown, atKey: boolean): string {
    const raw = this.text.slice(start, end);
    if (raw.includes('\n') || raw.includes('\r')) notVouched();
    const c = raw.charCodeAt(0);
    if (c === 34 /* " */) {
      if (raw.includes('\\') || raw.length < 2 || !raw.endsWith('"')) notVouched();
      return raw.slice(1, -1);
    }
    if (c === 39 /* ' */) {
      if (raw.length < 2 || !raw.endsWith("'")) notVouched();
      return raw.slice(1, -1).replaceAll("''", "'");
    }
    if (c === 124 || c === 62) notVouched();
    if (atKey && value === null && raw === '') notVouched();
    return raw;
  }

  /** Whether the next line with content from `p` on (or the rest of p's line) is a comment. */
  private commentFollows(p: number): boolean {
    const t = this.text;
    let q = p;
    for (;;) {
      while (q < t.length && (t.charCodeAt(q) === SPACE || t.charCodeAt(q) === TAB)) q++;
      if (t.charCodeAt(q) !== LF) return t.charCodeAt(q) === 35; /* # */
      q++;
    }
  }

  /** range[2] of a node ending at `end`: past blanks, a comment and one line break on its line. */
  private flowTail(end: number): number {
    const t = this.text;
    let p = end;
    while (p < t.length && (t.charCodeAt(p) === SPACE || t.charCodeAt(p) === TAB)) p++;
    if (t.charCodeAt(p) === 35 /* # */) {
      const nl = t.indexOf('\n', p);
      p = nl < 0 ? t.length : nl;
    }
    if (t.charCodeAt(p) === CR) notVouched();
    if (t.charCodeAt(p) === LF) p++;
    return p;
  }
}
