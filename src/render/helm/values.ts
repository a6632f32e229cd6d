// Values as Helm reads and combines them. A values file is read as sigs.k8s.io/yaml reads it (go-yaml
// v2 typing with YAML 1.1 booleans, then a JSON round trip, so every number is a float64); each entry
// remembers the file line it came from. Coalescing follows pkg/chart/common/util/coalesce.go (user
// values win, maps merge, null deletes a chart default, globals flow down to subcharts).
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, type Node, Scalar } from 'yaml';
import { parseAllDocumentsGo, parseDocumentGo } from '../../load/lexer.js';
import { AliasBudget } from '../alias-budget.js';
import { sprintf } from '../gotemplate/index.js';
import {
  type GoMap,
  type GoValue,
  getEntryProvenance,
  getProvenance,
  type Provenance,
  setEntryProvenance,
  setProvenance,
} from '../gotemplate/values.js';
import { goYamlSyntaxError } from './manifests.js';
import { formatFloatG, parseGoIntBase0, resolvePlain } from './yaml.js';

export class ValuesError extends Error {
  constructor(
    message: string,
    /** Offset in the file text where the problem is, when known. */
    readonly offset?: number,
  ) {
    super(message);
  }
}

export interface ValuesSource {
  /** The display path provenance names (as findings do). */
  readonly file: string;
  readonly text: string;
}

/**
 * Reads a values file as Helm's LoadValues does: every YAML document merged into one map.
 * `file` is the path recorded in provenance (pass '' to record none).
 */
export function parseValues(src: ValuesSource): GoMap {
  let text = src.text;
  if (text.length > 0 && !text.endsWith('\n')) text += '\n';
  const lc = new LineCounter();
  // go-yaml's leniency about indentation inside quotes and flow collections (load/lexer.ts).
  const docs = parseAllDocumentsGo(text, { uniqueKeys: false, schema: 'failsafe', merge: false }, lc);
  if (!Array.isArray(docs)) return new Map();
  let out: GoMap = new Map();
  for (const [i, doc] of docs.entries()) {
    // Helm 4 reads each document on its own: go-yaml's lines count from the document's first.
    const problem = doc.errors.length ? documentProblem(text, doc, docs[i + 1]) : undefined;
    if (problem) {
      throw new ValuesError(`error converting YAML to JSON: yaml: ${problem.message}`, problem.at);
    }
    if (doc.contents === null) continue;
    const conv = new Converter(src.file, lc, doc);
    const v = conv.value(doc.contents as Node, []);
    if (v === null) continue;
    if (!(v instanceof Map)) {
      throw new ValuesError(
        'error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ' +
          `${Array.isArray(v) ? 'array' : typeof v === 'string' ? 'string' : 'number'} into Go value of type map[string]interface {}`,
      );
    }
    out = mergeMaps(out, v);
  }
  return out;
}

/** go-yaml's error for one document of a values file, with the offset in the whole text. */
function documentProblem(
  text: string,
  doc: Document.Parsed,
  next: Document.Parsed | undefined,
): { message: string; at: number } | undefined {
  // From the line after its `---` (or the text's start) to the next document's marker line.
  let start = text.lastIndexOf('\n', doc.range[0] - 1) + 1;
  if (text.startsWith('---', start)) start = text.indexOf('\n', start) + 1 || text.length;
  const end = next ? text.lastIndexOf('\n', next.range[0] - 1) + 1 : text.length;
  const own = text.slice(start, Math.max(start, end));
  const parsed = parseDocumentGo(own, { uniqueKeys: false, schema: 'failsafe', merge: false });
  const problem = goYamlSyntaxError(own, parsed.errors);
  return problem && { message: problem.message, at: start + problem.at };
}

class Converter {
  private depth = 0;
  private readonly aliases = new AliasBudget();
  constructor(
    private readonly file: string,
    private readonly lc: LineCounter,
    private readonly doc: { readonly contents: unknown },
  ) {}

  prov(node: Node | null | undefined, path: readonly (string | number)[]): Provenance | undefined {
    if (!this.file || !node?.range) return undefined;
    const start = node.range[0];
    return { file: this.file, path, start, end: node.range[1], line: this.lc.linePos(start).line };
  }

  value(node: Node | null, path: (string | number)[]): GoValue {
    if (++this.depth > 2000) throw new ValuesError('values nest too deeply');
    if (this.aliases.count()) {
      this.depth--;
      throw new ValuesError('error converting YAML to JSON: yaml: document contains excessive aliasing');
    }
    try {
      return this.convert(node, path);
    } finally {
      this.depth--;
    }
  }

  private convert(node: Node | null, path: (string | number)[]): GoValue {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = node.resolve(this.doc as never) as Node | undefined;
      return target ? this.aliases.throughAlias(() => this.value(target, path)) : null;
    }
    if (isScalar(node)) return scalarValue(node);
    if (isSeq(node)) {
      const list: GoValue[] = [];
      node.items.forEach((item, i) => {
        const v = this.value(item as Node, [...path, i]);
        list.push(v);
        const p = this.prov(item as Node, [...path, i]);
        if (p) setEntryProvenance(list, i, p);
      });
      const p = this.prov(node, path);
      if (p) setProvenance(list, p);
      return list;
    }
    if (isMap(node)) {
      const m: GoMap = new Map();
      const merges: GoMap[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        if (isScalar(keyNode) && keyNode.type === Scalar.PLAIN && keyNode.source === '<<') {
          const target = this.value(pair.value as Node, path);
          if (target instanceof Map) merges.push(target);
          else if (Array.isArray(target)) for (const t of target) if (t instanceof Map) merges.push(t);
          continue;
        }
        const key = keyString(keyNode, this);
        const v = this.value(pair.value as Node, [...path, key]);
        m.set(key, v);
        const p = this.prov((pair.value as Node | null) ?? keyNode, [...path, key]);
        if (p) setEntryProvenance(m, key, p);
      }
      for (const src of merges) {
        for (const [k, v] of src) {
          if (m.has(k)) continue;
          m.set(k, v);
          const p = getEntryProvenance(src, k);
          if (p) setEntryProvenance(m, k, p);
        }
      }
      const p = this.prov(node, path);
      if (p) setProvenance(m, p);
      return m;
    }
    return null;
  }
}

function keyString(node: Node | null, conv: Converter): string {
  if (node === null || node === undefined) return 'null';
  if (isScalar(node)) {
    const v = scalarValue(node);
    if (v === null) return 'null';
    if (typeof v === 'number') return formatFloatG(v);
    return String(v);
  }
  const v = conv.value(node, []);
  return String(v);
}

/** The Go value of a scalar after go-yaml v2 typing and the JSON round trip. */
export function scalarValue(node: Scalar): GoValue {
  const src = String(node.value ?? '');
  const tag = node.tag;
  if (tag === 'tag:yaml.org,2002:str' || tag === '!!str') return src;
  if (node.type !== Scalar.PLAIN && !tag) return src;
  if (tag === 'tag:yaml.org,2002:binary') return src;
  return plainValue(src);
}

/** go-yaml v2's reading of a plain scalar, with numbers as float64 (the JSON round trip). */
export function plainValue(s: string): GoValue {
  switch (resolvePlain(s)) {
    case 'null':
      return null;
    case 'bool':
      return /^(y|yes|true|on)$/i.test(s);
    case 'int': {
      const plain = s.replaceAll('_', '');
      const b = /^-?0b/.test(plain)
        ? (plain.startsWith('-') ? -1n : 1n) * BigInt(`0b${plain.replace(/^-?0b/, '')}`)
        : parseGoIntBase0(plain);
      return b === undefined ? s : Number(b);
    }
    case 'float': {
      const lower = s.toLowerCase();
      if (lower === '.nan') return Number.NaN;
      if (lower === '.inf' || lower === '+.inf') return Number.POSITIVE_INFINITY;
      if (lower === '-.inf') return Number.NEGATIVE_INFINITY;
      return Number(s.replaceAll('_', ''));
    }
    default:
      return s;
  }
}

// ---------------------------------------------------------------------------------------------------
// Copying and merging, with provenance carried along

/** A deep copy of maps and lists (scalars are immutable), keeping every entry's provenance. */
export function deepCopy(v: GoValue): GoValue {
  if (v instanceof Map) {
    const m: GoMap = new Map();
    for (const [k, x] of v) {
      m.set(k, deepCopy(x));
      const p = getEntryProvenance(v, k);
      if (p) setEntryProvenance(m, k, p);
    }
    const p = getProvenance(v);
    if (p) setProvenance(m, p);
    return m;
  }
  if (Array.isArray(v)) {
    const l = v.map(deepCopy);
    v.forEach((_, i) => {
      const p = getEntryProvenance(v, i);
      if (p) setEntryProvenance(l, i, p);
    });
    const p = getProvenance(v);
    if (p) setProvenance(l, p);
    return l;
  }
  return v;
}

/** Sets `dst[key]` to the value of `src[key]`, bringing its provenance. */
function copyEntry(dst: GoMap, key: string, src: GoMap): void {
  dst.set(key, src.get(key) ?? null);
  const p = getEntryProvenance(src, key);
  if (p) setEntryProvenance(dst, key, p);
}

/** loader.MergeMaps: b over a, maps merged recursively (used to combine values files). */
export function mergeMaps(a: GoMap, b: GoMap): GoMap {
  const out: GoMap = new Map();
  for (const k of a.keys()) copyEntry(out, k, a);
  for (const [k, v] of b) {
    const bv = out.get(k);
    if (v instanceof Map && bv instanceof Map) {
      out.set(k, mergeMaps(bv, v));
      const p = getEntryProvenance(b, k);
      if (p) setEntryProvenance(out, k, p);
      continue;
    }
    copyEntry(out, k, b);
  }
  const p = getProvenance(b) ?? getProvenance(a);
  if (p) setProvenance(out, p);
  return out;
}

/** What coalescing needs of a chart. */
export interface CoalesceChart {
  readonly name: string;
  readonly values: GoMap;
  readonly dependencies: readonly CoalesceChart[];
}

/**
 * Helm versions differ here: helm v4.1 copies a chart default that is null into the values (so
 * `toYaml` prints `a: null`); Helm's main branch drops chart-default nulls when coalescing.
 */
let dropDefaultNils = false;

/** Runs `fn` with the coalescing rules of a Helm version. */
export function withCoalesceCompat<T>(compat: 'v4.1' | 'main', fn: () => T): T {
  const before = dropDefaultNils;
  dropDefaultNils = compat === 'main';
  try {
    return fn();
  } finally {
    dropDefaultNils = before;
  }
}

/** CoalesceValues (merge=false) or MergeValues (merge=true) of a chart and the values given. */
export function coalesceValues(chart: CoalesceChart, vals: GoMap | null, merge = false): GoMap {
  const copy = vals ? (deepCopy(vals) as GoMap) : new Map();
  return coalesce(chart, copy, merge);
}

function coalesce(chart: CoalesceChart, dest: GoMap, merge: boolean): GoMap {
  coalesceOwn(chart, dest, merge);
  return coalesceDeps(chart, dest, merge);
}

function coalesceDeps(chart: CoalesceChart, dest: GoMap, merge: boolean): GoMap {
  for (const sub of chart.dependencies) {
    if (!dest.has(sub.name)) dest.set(sub.name, new Map());
    else if (!(dest.get(sub.name) instanceof Map)) {
      throw new ValuesError(`type mismatch on ${sub.name}: ${sprintf('%t', [dest.get(sub.name) ?? null])}`);
    }
    const dvmap = dest.get(sub.name) as GoMap;
    coalesceGlobals(dvmap, dest);
    dest.set(sub.name, coalesce(sub, dvmap, merge));
  }
  return dest;
}

function coalesceGlobals(dest: GoMap, src: GoMap): void {
  let dg: GoMap;
  let sg: GoMap;
  const destglob = dest.get('global');
  if (!dest.has('global')) dg = new Map();
  else if (destglob instanceof Map) dg = destglob;
  else return;
  const srcglob = src.get('global');
  if (!src.has('global')) sg = new Map();
  else if (srcglob instanceof Map) sg = srcglob;
  else return;
  for (const [key, val] of sg) {
    if (val instanceof Map) {
      const vv: GoMap = new Map();
      for (const k of val.keys()) copyEntry(vv, k, val);
      const destv = dg.get(key);
      if (!dg.has(key)) dg.set(key, vv);
      else if (destv instanceof Map) {
        coalesceTables(vv, destv, true);
        dg.set(key, vv);
      }
    } else if (dg.get(key) instanceof Map) {
      // a table in the destination is kept
    } else {
      copyEntry(dg, key, sg);
    }
  }
  dest.set('global', dg);
}

function coalesceOwn(chart: CoalesceChart, v: GoMap, merge: boolean): void {
  const vc = deepCopy(chart.values) as GoMap;
  for (const [key, val] of vc) {
    if (v.has(key)) {
      const value = v.get(key);
      if ((value === null || value === undefined) && !merge) {
        v.delete(key);
      } else if (value instanceof Map) {
        if (val instanceof Map) {
          const m = merge || chart.dependencies.some((d) => d.name === key);
          if (!m && dropDefaultNils) cleanNils(val);
          coalesceTables(value, val, m);
        }
      }
    } else {
      if (!merge && dropDefaultNils) {
        if (val === null) continue;
        if (val instanceof Map) cleanNils(val);
      }
      copyEntry(v, key, vc);
    }
  }
}

/** coalesceTablesFullKey: src merged under dst (dst wins). */
export function coalesceTables(dst: GoMap, src: GoMap | null, merge: boolean): GoMap {
  if (src === null) return dst;
  const srcNonNil = new Set<string>();
  for (const [k, v] of src) if (v !== null) srcNonNil.add(k);
  for (const [k, v] of dst) if (v === null) src.set(k, null);
  for (const [key, val] of src) {
    const ok = dst.has(key);
    const dv = dst.get(key);
    if (ok && !merge && dv === null && srcNonNil.has(key)) dst.delete(key);
    else if (!ok) copyEntry(dst, key, src);
    else if (val instanceof Map) {
      if (dv instanceof Map) coalesceTables(dv, val, merge);
    }
  }
  return dst;
}

function cleanNils(m: GoMap): void {
  for (const [k, v] of m) {
    if (v === null) m.delete(k);
    else if (v instanceof Map) cleanNils(v);
  }
}

/** trimNilValues: a copy without null entries, recursively. */
export function trimNils(m: GoMap): GoMap {
  const c = deepCopy(m) as GoMap;
  cleanNils(c);
  return c;
}

/** Values.PathValue / Table helpers: the value at a dotted path, undefined when absent. */
export function pathValue(m: GoMap, path: string): GoValue | undefined {
  const parts = path.split('.');
  let cur: GoValue | undefined = m;
  for (let i = 0; i < parts.length; i++) {
    if (!(cur instanceof Map)) return undefined;
    if (!cur.has(parts[i]!)) return undefined;
    cur = cur.get(parts[i]!);
  }
  return cur;
}

/** Values.Table: the map at a dotted path, undefined when missing or not a map. */
export function table(m: GoMap, path: string): GoMap | undefined {
  const v = pathValue(m, path);
  return v instanceof Map ? v : undefined;
}

export function isGoMap(v: GoValue | undefined): v is GoMap {
  return isMapValue(v);
}

function isMapValue(v: GoValue | undefined): v is GoMap {
  return v instanceof Map;
}
