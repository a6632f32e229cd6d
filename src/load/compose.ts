// Turns the text of one file into compact trees (see tree.ts), one per YAML document, plus the parse
// problems found on the way. Problems are data, never exceptions: they become findings.
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node, visit } from 'yaml';
import { goFlowScalarValue, goLiteralBlockValue, hasSeparator, yamlParseView } from './breaks.js';
import { parseYamlFast } from './cst.js';
import { parseAllDocumentsGo } from './lexer.js';
import { expandedSize, TreeBuilder } from './nodes.js';
import { scanYamlText } from './scan.js';
import { scanJsonText } from './scan-json.js';
import type { ScalarValue, YMap, YNode, YPair, YScalar } from './tree.js';

export type ParseProblemCode = 'yaml-syntax-error' | 'duplicate-key' | 'yaml-too-complex';

export interface ParseProblem {
  readonly code: ParseProblemCode;
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

export interface ParsedDocument {
  /** The document's root, or null when it is empty or could not be used. */
  readonly root: YNode | null;
  /** Span of the whole document in the file, including comments before its content. */
  readonly start: number;
  readonly end: number;
  /** Offset where the document's content starts (after its leading comments and `---`). */
  readonly contentStart: number;
}

export interface ParseResult {
  readonly documents: ParsedDocument[];
  readonly problems: ParseProblem[];
  /**
   * Offsets of keys that are collections (`{{ .Values.x }}: …`, what an unrendered template parses
   * to). kubectl refuses such a document ("invalid map key"). Absent when there are none.
   */
  readonly collectionKeys?: number[];
}

export interface ParseLimits {
  /** Deepest nesting kept; deeper documents are reported and dropped. */
  readonly maxDepth: number;
  /** Most nodes a document may reach once its aliases are followed (alias bombs). */
  readonly maxExpandedNodes: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { maxDepth: 200, maxExpandedNodes: 1_000_000 };

const QUOTED_TYPES = new Set(['QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED']);

class TooComplex extends Error {}

const JSON_START = /^[ \n]*\{/;

/**
 * Kubernetes decodes manifests with go-yaml v2 semantics (YAML 1.1: `yes`/`on` are booleans, `<<`
 * merges maps), so documents are parsed as YAML 1.1. Most files are read by our own scanner (scan.ts);
 * what it cannot vouch for takes the CST path (cst.ts), which builds the same trees from the `yaml`
 * parser's CST; the rest are composed in full.
 */
export function parseYamlText(text: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): ParseResult {
  // JSON (a text that opens with `{`) has a scanner of its own; block YAML has scan.ts.
  const json = JSON_START.test(text) ? scanJsonText(text, limits) : null;
  return json ?? scanYamlText(text, limits) ?? parseYamlFast(text, limits) ?? composeYamlText(text, limits);
}

/** The full path: composes `yaml` Documents (with their errors), then converts them. */
export function composeYamlText(fileText: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): ParseResult {
  // Same length as the file text, with go-yaml's line breaks (breaks.ts): offsets need no mapping.
  const text = yamlParseView(fileText);
  const problems: ParseProblem[] = [];
  const documents: ParsedDocument[] = [];
  let docs: Document.Parsed[];
  try {
    // uniqueKeys off: the package compares each key with every earlier one (an 80,000-key map took
    // minutes); the Converter finds duplicates with a hash set instead, with the same equality.
    docs = parseAllDocumentsGo(text, { version: '1.1', uniqueKeys: false, prettyErrors: false });
  } catch (err) {
    // The yaml package recurses; absurd nesting can exhaust the stack before it reports anything.
    problems.push({
      code: 'yaml-too-complex',
      message: `the file could not be parsed (${err instanceof RangeError ? 'nesting too deep' : String(err)})`,
      start: 0,
      end: Math.min(text.length, 1),
    });
    return { documents, problems };
  }
  const list = docs;
  const collectionKeys: number[] = [];
  const trees = new TreeBuilder();
  for (const doc of list) {
    for (const e of doc.errors) {
      const code: ParseProblemCode = e.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'yaml-syntax-error';
      const end = code === 'duplicate-key' ? keyEnd(text, e.pos[0]) : e.pos[1];
      problems.push({ code, message: firstLine(e.message), start: e.pos[0], end });
    }
    const [start, , end] = doc.range ?? [0, 0, 0];
    const contentStart = doc.contents?.range?.[0] ?? start;
    const hasSyntaxError = doc.errors.some((e) => e.code !== 'DUPLICATE_KEY');
    let root: YNode | null = null;
    if (!hasSyntaxError && doc.contents) {
      try {
        root = new Converter(doc, text, fileText, limits, trees, problems, collectionKeys).convertRoot(
          doc.contents,
        );
      } catch (err) {
        if (!(err instanceof TooComplex || err instanceof RangeError)) throw err;
        problems.push({
          code: 'yaml-too-complex',
          message:
            err instanceof TooComplex
              ? err.message
              : 'the document is nested too deeply to analyse; it was skipped',
          start: contentStart,
          end: Math.min(text.length, contentStart + 1),
        });
      }
    }
    documents.push({ root, start, end, contentStart });
  }
  trees.finish();
  return collectionKeys.length > 0 ? { documents, problems, collectionKeys } : { documents, problems };
}

/** The parser marks a duplicate key's first character; the finding covers the whole key. */
function keyEnd(text: string, start: number): number {
  const q = text[start];
  if (q === '"' || q === "'") {
    const close = text.indexOf(q, start + 1);
    return close > 0 ? close + 1 : start + 1;
  }
  const m = /^[^\n]*?(?=:(?:\s|$))/.exec(text.slice(start, start + 1024));
  return m && m[0].length > 0 ? start + m[0].trimEnd().length : start + 1;
}

function firstLine(message: string): string {
  const nl = message.indexOf('\n');
  const line = nl < 0 ? message : message.slice(0, nl);
  // The yaml package appends "at line L, column C:"; the finding carries the position already.
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

class Converter {
  private readonly memo = new Map<Node, YNode>();
  /** The node each alias names, found in one pass (the package's `resolve` walks the document per alias). */
  private readonly aliasTargets = new Map<Node, Node | undefined>();

  constructor(
    doc: Document,
    /** The parse view (breaks.ts). */
    private readonly text: string,
    /** The file text, for values the view cannot give (goFlowScalarValue). */
    private readonly source: string,
    private readonly limits: ParseLimits,
    private readonly trees: TreeBuilder,
    private readonly problems: ParseProblem[],
    private readonly collectionKeys: number[],
  ) {
    // An alias names the closest anchor before it in document order, as Alias.resolve finds it.
    const anchors = new Map<string, Node>();
    visit(doc, {
      Node: (_key, node) => {
        if (isAlias(node)) this.aliasTargets.set(node, anchors.get(node.source));
        else if (node.anchor) anchors.set(node.anchor, node);
      },
    });
  }

  convertRoot(node: Node): YNode {
    const root = this.convert(node, 0);
    const size = expandedSize(root);
    if (size > this.limits.maxExpandedNodes) {
      throw new TooComplex(
        `aliases expand this document to more than ${this.limits.maxExpandedNodes.toLocaleString('en-US')} nodes (an alias bomb?); it was skipped`,
      );
    }
    return root;
  }

  private convert(node: Node, depth: number): YNode {
    if (depth > this.limits.maxDepth) {
      throw new TooComplex(`the document nests deeper than ${this.limits.maxDepth} levels; it was skipped`);
    }
    if (isAlias(node)) {
      const target = this.aliasTargets.get(node);
      if (!target) return this.nullAt(node.range?.[0] ?? 0);
      return this.convert(target, depth);
    }
    const known = this.memo.get(node);
    if (known) return known;
    let out: YNode;
    if (isScalar(node)) {
      out = this.scalar(node.value, node.source, node.type, node.range);
    } else if (isSeq(node)) {
      const items: YNode[] = [];
      for (const it of node.items) {
        items.push(
          isPair(it) ? this.pairAsMap(it, depth + 1) : this.convertOrNull(it as Node | null, depth + 1),
        );
      }
      const [s, e] = this.span(node.range);
      out = this.trees.seq(items, s, e);
    } else if (isMap(node)) {
      out = this.map(node.items, node.range, depth);
    } else {
      out = this.nullAt(0);
    }
    this.memo.set(node, out);
    return out;
  }

  private map(
    rawPairs: readonly { key: unknown; value: unknown }[],
    range: [number, number, number] | null | undefined,
    depth: number,
  ): YMap {
    const own: YPair[] = [];
    const merged: YPair[][] = [];
    const keys = new Set<unknown>();
    for (const p of rawPairs) {
      const keyNode = p.key as Node | null;
      if (isScalar(keyNode) && typeof keyNode.value === 'symbol') {
        // `<<: *base` or `<<: [*a, *b]`: merge keys, earlier sources win, explicit keys win over all.
        const v = p.value as Node | null;
        const sources = isSeq(v) ? (v.items as Node[]) : v ? [v] : [];
        for (const src of sources) {
          const conv = this.convertOrNull(src, depth + 1);
          if (conv.type === 'map') merged.push([...conv.pairs]);
        }
        continue;
      }
      if (isScalar(keyNode)) this.checkDuplicate(keys, keyNode);
      const key = this.key(keyNode, p.value as Node | null);
      const value = p.value == null ? this.nullAt(key.end) : this.convert(p.value as Node, depth + 1);
      own.push({ key, value });
    }
    let all = own;
    if (merged.length > 0) {
      const seen = new Set(own.map((p) => p.key.value));
      all = [];
      for (const group of merged) {
        for (const p of group) {
          if (seen.has(p.key.value)) continue;
          seen.add(p.key.value);
          all.push(p);
        }
      }
      all.push(...own);
    }
    const [s, e] = this.span(range);
    return this.trees.map(all, s, e);
  }

  /**
   * The package's own duplicate check, with its equality (scalar values `===`: `1` and `01` are the
   * same key in YAML 1.1, `.nan` and timestamps never repeat), at its position (the key's start).
   */
  private checkDuplicate(keys: Set<unknown>, keyNode: Node & { value: unknown }): void {
    const v = keyNode.value;
    if ((typeof v === 'object' && v !== null) || Number.isNaN(v)) return;
    if (!keys.has(v)) {
      keys.add(v);
      return;
    }
    const start = keyNode.range?.[0] ?? 0;
    this.problems.push({
      code: 'duplicate-key',
      message: 'Map keys must be unique',
      start,
      end: keyEnd(this.text, start),
    });
  }

  private pairAsMap(pair: { key: unknown; value: unknown }, depth: number): YMap {
    const k = pair.key as Node | null;
    const range = k?.range ? ([k.range[0], k.range[1], k.range[2]] as [number, number, number]) : undefined;
    return this.map([pair], range, depth);
  }

  private key(node: Node | null, value: Node | null): YScalar {
    if (isScalar(node)) {
      const v = node.value;
      return this.scalar(
        typeof v === 'object' && v !== null ? node.source : v,
        node.source,
        node.type,
        node.range,
      );
    }
    if (node == null) {
      const at = value?.range?.[0] ?? 0;
      return this.trees.scalar(null, false, at, at);
    }
    // A collection used as a key has no meaning in a Kubernetes object; keep its text as the key.
    const [s, e] = this.span(node.range);
    this.collectionKeys.push(s);
    return this.trees.scalar(this.text.slice(s, e), false, s, e);
  }

  private scalar(
    value: unknown,
    source: string | undefined,
    type: string | undefined,
    range: [number, number, number] | null | undefined,
  ): YScalar {
    let v: ScalarValue;
    if (typeof value === 'number' && Number.isNaN(value) && !/^\.(nan|NaN|NAN)$/.test(source ?? '')) {
      // The package's YAML 1.1 float pattern also takes `e1` (parsed to NaN); go-yaml reads a string.
      v = source ?? '';
    } else if (
      value === null ||
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      typeof value === 'number'
    ) {
      v = value;
    } else if (typeof value === 'bigint') {
      v = Number(value);
    } else {
      // Timestamps, binary and other typed scalars: the API server sees their text.
      v = source ?? String(value);
    }
    const s = range?.[0] ?? 0;
    const e = range?.[1] ?? s;
    const style =
      type === 'PLAIN'
        ? 'plain'
        : type === 'QUOTE_SINGLE'
          ? 'single'
          : type === 'QUOTE_DOUBLE'
            ? 'double'
            : null;
    if (typeof v === 'string' && style && hasSeparator(this.source, s, e))
      v = goFlowScalarValue(this.source.slice(s, e), style) ?? v;
    if (typeof v === 'string' && type === 'BLOCK_LITERAL' && hasSeparator(this.source, s, e))
      v = goLiteralBlockValue(this.source.slice(s, e), v);
    return this.trees.scalar(v, type !== undefined && QUOTED_TYPES.has(type), s, e);
  }

  private convertOrNull(node: Node | null, depth: number): YNode {
    return node == null ? this.nullAt(0) : this.convert(node, depth);
  }

  private nullAt(at: number): YScalar {
    return this.trees.scalar(null, false, at, at);
  }

  /** Collection ranges run to the next token; trailing blank space is not part of the node. */
  private span(range: [number, number, number] | null | undefined): [number, number] {
    const s = range?.[0] ?? 0;
    let e = range?.[1] ?? s;
    const t = this.text;
    while (e > s) {
      const c = t.charCodeAt(e - 1);
      if (c === 32 || c === 10 || c === 13 || c === 9) e--;
      else break;
    }
    return [s, e];
  }
}
