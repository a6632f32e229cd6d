// Fast path of the loader: builds the compact trees (tree.ts) straight from the `yaml` package's CST
// (its Lexer and Parser), skipping full Document composition, which costs about as much again as
// parsing. It covers what manifests are made of: block and flow collections, plain, quoted and
// block scalars, comments, anchors, aliases and `<<` merge keys. The trees, values, quoted flags and
// offsets are the same as compose.ts gives (test/load/cst.test.ts compares them): scalars are
// resolved by the same YAML 1.1 schema tags, and node ranges follow the composer's rules.
//
// Anything else (error tokens, tags, directives, explicit or complex keys, duplicate keys, tabs in
// indentation, aliases expanding too far, deep nesting...) makes the whole file go through the full
// composer instead, so syntax errors, duplicate keys and their positions are reported exactly as
// before.
import { CST, isScalar, parseDocument } from 'yaml';
import { goFlowScalarValue, goLiteralBlockValue, hasSeparator, yamlParseView } from './breaks.js';
import type { ParsedDocument, ParseLimits, ParseResult } from './compose.js';
import { parseCst } from './lexer.js';
import { expandedSize, sharedString, TreeBuilder } from './nodes.js';
import type { ScalarValue, YNode, YPair, YScalar } from './tree.js';

/** Thrown (and caught in parseYamlFast) when the fast path cannot vouch for its result. */
class Unsupported extends Error {}
const UNSUPPORTED = new Unsupported('not handled by the fast path');
function bail(): never {
  throw UNSUPPORTED;
}

// The schema the full path resolves plain scalars with (YAML 1.1, as Kubernetes reads manifests).
const schemaDoc = parseDocument('', { version: '1.1', uniqueKeys: true });
interface ScalarTag {
  readonly default?: boolean | 'key';
  readonly test?: RegExp;
  resolve(value: string, onError: (message: string) => void, options: unknown): unknown;
}
const TAGS = (schemaDoc.schema.tags as unknown as ScalarTag[]).filter(
  (t) => t.test !== undefined && (t.default === true || t.default === 'key'),
);
const TAG_OPTIONS = schemaDoc.options;

/**
 * Every YAML 1.1 tag test starts with one of these characters (or matches the empty string, as
 * null does); other plain scalars are strings without running a dozen regular expressions.
 */
export const MAY_BE_TYPED = new Set('~nNyYtTfFoO0123456789+-.<');

export const MERGE = Symbol('merge key');

const FLOW_STYLE = {
  scalar: 'plain',
  'single-quoted-scalar': 'single',
  'double-quoted-scalar': 'double',
} as const;

type CstToken = CST.Token;
type SourceToken = CST.SourceToken;

interface Props {
  found: SourceToken | null;
  anchor: SourceToken | null;
  hasNewline: boolean;
  hasComment: boolean;
  /** Offset just past the last token (or the given offset when there is none). */
  end: number;
}

interface Built {
  node: YNode;
  /** The composer's `range[2]`: the end including trailing comments and line breaks. */
  after: number;
}

interface AnchorRecord {
  node: YNode | null;
}

/**
 * The `yaml` Parser reads `process.env.LOG_TOKENS` once per token (a debugging switch), and on Node
 * every `process.env` read goes through a slow native interceptor: a fifth of all parsing time. While
 * one file is parsed, synchronously, `process.env` is an empty object instead (so that switch is off),
 * and the real one is put back before anything else can run.
 */
const NO_ENV: NodeJS.ProcessEnv = Object.freeze(Object.create(null) as NodeJS.ProcessEnv);

/** Returns null when the file needs the full composer. */
export function parseYamlFast(text: string, limits: ParseLimits): ParseResult | null {
  const env = process.env;
  process.env = NO_ENV;
  try {
    return new FastBuilder(yamlParseView(text), limits, text).run();
  } catch {
    // Unsupported input, or anything unexpected (a throwing tag resolver, a stack overflow): the
    // full composer decides, and reports problems as findings.
    return null;
  } finally {
    process.env = env;
  }
}

class FastBuilder {
  private anchors = new Map<string, AnchorRecord>();
  private usedAlias = false;
  private nodes = 0;
  private readonly trees = new TreeBuilder();

  constructor(
    /** The parse view (breaks.ts). */
    private readonly text: string,
    private readonly limits: ParseLimits,
    /** The file text, for values the view cannot give (goFlowScalarValue). */
    private readonly source: string,
  ) {}

  run(): ParseResult {
    const documents: ParsedDocument[] = [];
    let last: { doc: ParsedDocument; hasEndMarker: boolean } | null = null;
    for (const token of parseCst(this.text)) {
      switch (token.type) {
        case 'document': {
          const doc = this.document(token);
          documents.push(doc);
          last = { doc, hasEndMarker: false };
          break;
        }
        case 'doc-end': {
          if (!last || last.hasEndMarker) bail();
          // `...` closes the document: its span runs to the end of that line.
          const end = this.end(token.end, token.offset + token.source.length, true);
          const doc: ParsedDocument = { ...last.doc, end };
          documents[documents.length - 1] = doc;
          last = { doc, hasEndMarker: true };
          break;
        }
        case 'comment':
        case 'newline':
        case 'byte-order-mark':
          break;
        case 'space':
          if (token.source.includes('\t')) bail();
          break;
        default:
          // Directives, error tokens.
          bail();
      }
    }
    this.trees.finish();
    return { documents, problems: [] };
  }

  private document(token: CST.Document): ParsedDocument {
    this.anchors = new Map();
    this.usedAlias = false;
    this.nodes = 0;
    const props = this.props(token.start, 'doc-start', true, false, token.offset);
    if (props.anchor) bail();
    const value = token.value;
    if (
      props.found &&
      value &&
      (value.type === 'block-map' || value.type === 'block-seq') &&
      !props.hasNewline
    )
      bail();
    const built = value ? this.node(value, props, 0) : this.empty(props.end, token.start, props);
    const contentEnd = built.after;
    const end = this.end(token.end, contentEnd, false);
    const root = built.node;
    if (this.usedAlias || this.nodes > this.limits.maxExpandedNodes) {
      if (expandedSize(root) > this.limits.maxExpandedNodes) bail();
    }
    return { root, start: token.offset, end, contentStart: root.start };
  }

  /** Mirrors the composer's handling of the tokens before a node: indicator, anchor, comments. */
  private props(
    tokens: readonly SourceToken[],
    indicator: SourceToken['type'],
    startOnNewline: boolean,
    flow: boolean,
    offset: number,
  ): Props & { comma: boolean } {
    let hasSpace = startOnNewline;
    let hasNewline = false;
    let hasComment = false;
    let reqSpace = false;
    let anchor: SourceToken | null = null;
    let found: SourceToken | null = null;
    let comma = false;
    for (const token of tokens) {
      if (reqSpace) {
        if (token.type !== 'space' && token.type !== 'newline' && token.type !== 'comma') bail();
        reqSpace = false;
      }
      switch (token.type) {
        case 'space':
          if (token.source.includes('\t')) bail();
          hasSpace = true;
          break;
        case 'comment':
          if (!hasSpace) bail();
          hasComment = true;
          break;
        case 'newline':
          hasNewline = true;
          hasSpace = true;
          break;
        case 'anchor':
          if (anchor || token.source.endsWith(':') || token.source.length < 2) bail();
          anchor = token;
          hasSpace = false;
          reqSpace = true;
          break;
        case 'comma':
          if (!flow || comma) bail();
          comma = true;
          hasSpace = false;
          break;
        default:
          if (token.type !== indicator || anchor || found) bail();
          found = token;
          hasSpace = false;
      }
    }
    // An anchor must be followed by white space before the node it names.
    if (reqSpace) bail();
    const lastToken = tokens[tokens.length - 1];
    const end = lastToken ? lastToken.offset + lastToken.source.length : offset;
    return { found, anchor, hasNewline, hasComment, end, comma };
  }

  /** Trailing comments and line breaks after a node (the composer's resolveEnd). */
  private end(tokens: readonly SourceToken[] | undefined, offset: number, reqSpace: boolean): number {
    if (!tokens) return offset;
    let hasSpace = false;
    for (const t of tokens) {
      if (t.type === 'space' || t.type === 'newline') hasSpace = true;
      else if (t.type === 'comment') {
        if (reqSpace && !hasSpace) bail();
      } else bail();
      offset += t.source.length;
    }
    return offset;
  }

  private node(token: CstToken, props: Props, depth: number): Built {
    // The full path stops at maxDepth; leave some slack so the boundary is always its decision.
    if (depth > this.limits.maxDepth - 2) bail();
    if (token.type === 'alias') {
      if (props.anchor) bail();
      const name = token.source.slice(1);
      if (name === '' || name.endsWith(':')) bail();
      const record = this.anchors.get(name);
      // Unknown anchors and aliases inside the node they name are left to the full path.
      if (!record?.node) bail();
      this.usedAlias = true;
      return { node: record.node, after: this.end(token.end, token.offset + token.source.length, true) };
    }
    let record: AnchorRecord | undefined;
    if (props.anchor) {
      record = { node: null };
      // Registered before the node's content, as the composer's alias lookup sees anchors.
      this.anchors.set(props.anchor.source.slice(1), record);
    }
    let built: Built;
    switch (token.type) {
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
      case 'block-scalar':
        built = this.scalar(token, false);
        break;
      case 'block-map':
        built = this.blockMap(token, depth);
        break;
      case 'block-seq':
        built = this.blockSeq(token, depth);
        break;
      case 'flow-collection':
        built = this.flowCollection(token, depth);
        break;
      default:
        bail();
    }
    if (record) record.node = built.node;
    return built;
  }

  private scalar(token: CST.FlowScalar | CST.BlockScalar, atKey: boolean): Built & { node: YScalar } {
    this.nodes++;
    const res = CST.resolveAsScalar(token, true, bail);
    if (!res) bail();
    let value: ScalarValue | typeof MERGE;
    if (token.type === 'scalar') value = plainValue(res.value, atKey);
    else value = intern(res.value);
    if (
      typeof value === 'string' &&
      token.type !== 'block-scalar' &&
      token.type !== 'alias' &&
      hasSeparator(this.source, res.range[0], res.range[1])
    )
      value =
        goFlowScalarValue(this.source.slice(res.range[0], res.range[1]), FLOW_STYLE[token.type]) ?? value;
    if (
      typeof value === 'string' &&
      res.type === 'BLOCK_LITERAL' &&
      hasSeparator(this.source, res.range[0], res.range[1])
    )
      value = goLiteralBlockValue(this.source.slice(res.range[0], res.range[1]), value);
    if (value === MERGE) {
      // A marker only: the map being built consumes it and keeps no node for it.
      return {
        node: this.trees.scalar(MERGE as unknown as string, false, res.range[0], res.range[1]),
        after: res.range[2],
      };
    }
    const type = res.type;
    const quoted =
      type === 'QUOTE_DOUBLE' ||
      type === 'QUOTE_SINGLE' ||
      type === 'BLOCK_LITERAL' ||
      type === 'BLOCK_FOLDED';
    return {
      node: this.trees.scalar(value, quoted, res.range[0], res.range[1]),
      after: res.range[2],
    };
  }

  /** A node that is not written at all (`key:` with nothing after it): a null scalar. */
  private empty(offset: number, before: readonly SourceToken[] | undefined, props: Props): Built {
    this.nodes++;
    const at = emptyScalarPosition(offset, before);
    const node = this.trees.scalar(null, false, at, at);
    if (props.anchor) {
      const name = props.anchor.source.slice(1);
      this.anchors.set(name, { node });
    }
    return { node, after: props.hasComment ? props.end : at };
  }

  private key(token: CstToken | null | undefined, indent: number): Built & { node: YScalar } {
    if (!token) bail();
    if (
      token.type !== 'scalar' &&
      token.type !== 'single-quoted-scalar' &&
      token.type !== 'double-quoted-scalar'
    )
      bail();
    if (token.indent !== indent && indent >= 0) bail();
    // Implicit keys sit on one line.
    if (token.source.includes('\n')) bail();
    if (token.end) for (const t of token.end) if (t.type === 'newline') bail();
    return this.scalar(token, true);
  }

  private blockMap(bm: CST.BlockMap, depth: number): Built {
    this.nodes++;
    const own: YPair[] = [];
    let merged: YPair[][] | null = null;
    const keys = new Set<ScalarValue>();
    let offset = bm.offset;
    let commentEnd: number | null = null;
    for (const item of bm.items) {
      const { start, key, sep, value } = item;
      const keyProps = this.props(start, 'explicit-key-ind', true, false, offset);
      if (keyProps.found || keyProps.anchor) bail();
      if (!key && !sep) {
        commentEnd = keyProps.end;
        continue;
      }
      if (commentEnd !== null) bail();
      const k = this.key(key, bm.indent);
      const valueProps = this.props(sep ?? [], 'map-value-ind', false, false, k.after);
      if (!valueProps.found) bail();
      if (value?.type === 'block-map' && !valueProps.hasNewline) bail();
      // The composer (strict) rejects implicit keys longer than 1024 characters.
      if (k.node.start < valueProps.found.offset - 1024) bail();
      offset = valueProps.end;
      const v = value ? this.node(value, valueProps, depth + 1) : this.empty(offset, sep, valueProps);
      offset = v.after;
      if ((k.node.value as unknown) === MERGE) {
        merged ??= [];
        this.mergeSources(value, v.node, merged);
        continue;
      }
      if (keys.has(k.node.value)) bail();
      keys.add(k.node.value);
      own.push({ key: k.node, value: v.node });
    }
    const pairs = merged ? applyMerges(own, merged) : own;
    const map = this.trees.map(pairs, bm.offset, trimEnd(this.text, bm.offset, offset));
    return { node: map, after: commentEnd ?? offset };
  }

  /** `<<: *base` or `<<: [*a, *b]`: the maps to merge, in order (compose.ts semantics). */
  private mergeSources(token: CstToken | undefined, node: YNode, out: YPair[][]): void {
    const sources = token?.type !== 'alias' && node.type === 'seq' ? node.items : [node];
    for (const src of sources) if (src.type === 'map') out.push([...src.pairs]);
  }

  private blockSeq(bs: CST.BlockSequence, depth: number): Built {
    this.nodes++;
    const items: YNode[] = [];
    let offset = bs.offset;
    let commentEnd: number | null = null;
    for (const { start, value } of bs.items) {
      const props = this.props(start, 'seq-item-ind', true, false, offset);
      if (!props.found) {
        if (props.anchor || value) bail();
        commentEnd = props.end;
        continue;
      }
      if (commentEnd !== null) bail();
      const v = value ? this.node(value, props, depth + 1) : this.empty(props.end, start, props);
      offset = v.after;
      items.push(v.node);
    }
    const seq = this.trees.seq(items, bs.offset, trimEnd(this.text, bs.offset, offset));
    return { node: seq, after: commentEnd ?? offset };
  }

  private flowCollection(fc: CST.FlowCollection, depth: number): Built {
    this.nodes++;
    const isMap = fc.start.source === '{';
    const items: YNode[] = [];
    const own: YPair[] = [];
    let merged: YPair[][] | null = null;
    const keys = new Set<ScalarValue>();
    let offset = fc.offset + fc.start.source.length;
    const count = fc.items.length;
    for (let i = 0; i < count; i++) {
      const { start, key, sep, value } = fc.items[i]!;
      const props = this.props(start, 'explicit-key-ind', false, true, offset);
      if (props.found || (isMap && props.anchor)) bail();
      if (!props.anchor && !sep && !value && !key) {
        // A trailing comma or comment: fine only at the end.
        if ((i === 0 && props.comma) || i < count - 1) bail();
        offset = props.end;
        continue;
      }
      if (i === 0 ? props.comma : !props.comma) bail();
      if (!isMap) {
        // `[a: 1]` (a pair inside a flow sequence) is left to the full path.
        if (sep || key || !value || value.type === 'block-map' || value.type === 'block-seq') bail();
        const v = this.node(value, props, depth + 1);
        items.push(v.node);
        offset = v.after;
        continue;
      }
      const k = this.key(key, -1);
      const valueProps = this.props(sep ?? [], 'map-value-ind', false, true, k.after);
      if (!valueProps.found || valueProps.comma) bail();
      if (value && (value.type === 'block-map' || value.type === 'block-seq')) bail();
      const v = value ? this.node(value, valueProps, depth + 1) : this.empty(valueProps.end, sep, valueProps);
      offset = v.after;
      if ((k.node.value as unknown) === MERGE) {
        merged ??= [];
        this.mergeSources(value, v.node, merged);
        continue;
      }
      if (keys.has(k.node.value)) bail();
      keys.add(k.node.value);
      own.push({ key: k.node, value: v.node });
    }
    const [close, ...rest] = fc.end;
    if (close?.source !== (isMap ? '}' : ']')) bail();
    const closeEnd = close.offset + close.source.length;
    const after = rest.length > 0 ? this.end(rest, closeEnd, true) : closeEnd;
    const node: YNode = isMap
      ? this.trees.map(merged ? applyMerges(own, merged) : own, fc.offset, closeEnd)
      : this.trees.seq(items, fc.offset, closeEnd);
    return { node, after };
  }
}

/**
 * A plain scalar's value by the YAML 1.1 schema, converted as compose.ts converts it (shared with
 * scan.ts). Throws when a tag's resolver reports an error: the caller then steps aside.
 */
export function plainValue(source: string, atKey: boolean): ScalarValue | typeof MERGE {
  if (source !== '' && !MAY_BE_TYPED.has(source[0]!)) return intern(source);
  for (const tag of TAGS) {
    if (tag.default === 'key' && !atKey) continue;
    if (!tag.test!.test(source)) continue;
    const res = tag.resolve(source, bail, TAG_OPTIONS);
    const v = isScalar(res) ? res.value : res;
    if (typeof v === 'symbol') return MERGE;
    if (v === null || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return v;
    if (typeof v === 'bigint') return Number(v);
    // Timestamps and other typed scalars: the API server sees their text.
    return intern(source);
  }
  return intern(source);
}

/**
 * Keys and short values repeat across thousands of manifests (`name`, `image`, `IfNotPresent`,
 * `string`): the loaders take them as the value table's one copy of each (a flat string, not a view
 * of the file it was cut from), which the table then finds again without a second Map lookup.
 */
const INTERN_MAX_LENGTH = 40;
export function intern(s: string): string {
  return s.length > INTERN_MAX_LENGTH ? s : sharedString(s);
}

/** Merged keys first (earlier sources win), then the map's own keys, which win over all. */
function applyMerges(own: YPair[], merged: YPair[][]): YPair[] {
  const seen = new Set(own.map((p) => p.key.value));
  const all: YPair[] = [];
  for (const group of merged) {
    for (const p of group) {
      if (seen.has(p.key.value)) continue;
      seen.add(p.key.value);
      all.push(p);
    }
  }
  all.push(...own);
  return all;
}

/** Where the composer places a node that is not written: after the indicator and its spaces. */
function emptyScalarPosition(offset: number, before: readonly SourceToken[] | undefined): number {
  if (!before) return offset;
  for (let i = before.length - 1; i >= 0; --i) {
    let st = before[i]!;
    if (st.type === 'space' || st.type === 'comment' || st.type === 'newline') {
      offset -= st.source.length;
      continue;
    }
    let j = i + 1;
    st = before[j]!;
    while (st?.type === 'space') {
      offset += st.source.length;
      st = before[++j]!;
    }
    break;
  }
  return offset;
}

/** Collection ends run to the next token; trailing blank space is not part of the node. */
function trimEnd(text: string, start: number, end: number): number {
  while (end > start) {
    const c = text.charCodeAt(end - 1);
    if (c === 32 || c === 10 || c === 13 || c === 9) end--;
    else break;
  }
  return end;
}
