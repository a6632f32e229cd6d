// A compact, read-only YAML tree that keeps source offsets and nothing else.
// The `yaml` package's Document is rich but heavy; the model keeps only these nodes, so a scan of
// 100k documents stays small, and line/column are computed late (only for findings). The nodes are
// views of rows in a per-file store (nodes.ts), made on access: compare them with `sameNode`, not
// `===`, and prefer these helpers to `.pairs`/`.items`, which build the whole list.
import { collectionSize, mapIndexOf, mapPairAt, mapValueAt, seqItemAt } from './nodes.js';

export { sameNode } from './nodes.js';

export type ScalarValue = string | number | boolean | null;

interface NodeBase {
  /** Offset of the node's first character in the file text (after a byte-order mark is removed). */
  readonly start: number;
  /** Offset just past the node's last character. */
  readonly end: number;
}

export interface YScalar extends NodeBase {
  readonly type: 'scalar';
  readonly value: ScalarValue;
  /** True when the source wrote it quoted or as a block scalar: `"true"` is a string, not a boolean. */
  readonly quoted: boolean;
}

export interface YSeq extends NodeBase {
  readonly type: 'seq';
  readonly items: readonly YNode[];
}

export interface YPair {
  readonly key: YScalar;
  /** The value; an empty value (`key:`) is a null scalar positioned at the key. */
  readonly value: YNode;
}

export interface YMap extends NodeBase {
  readonly type: 'map';
  readonly pairs: readonly YPair[];
}

export type YNode = YScalar | YSeq | YMap;

/** A span in the file text. Nodes and pairs both satisfy it. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export function pairSpan(pair: YPair): Span {
  return { start: pair.key.start, end: Math.max(pair.key.end, pair.value.end) };
}

export function isMap(node: YNode | undefined | null): node is YMap {
  return node?.type === 'map';
}
export function isSeq(node: YNode | undefined | null): node is YSeq {
  return node?.type === 'seq';
}
export function isScalar(node: YNode | undefined | null): node is YScalar {
  return node?.type === 'scalar';
}

/** The pair for `key` in a map (the last one wins, as in the API server's decoder). */
export function getPair(node: YNode | undefined | null, key: string): YPair | undefined {
  if (node?.type !== 'map') return undefined;
  const i = mapIndexOf(node, key);
  return i < 0 ? undefined : mapPairAt(node, i);
}

export function get(node: YNode | undefined | null, key: string): YNode | undefined {
  if (node?.type !== 'map') return undefined;
  const i = mapIndexOf(node, key);
  return i < 0 ? undefined : mapValueAt(node, i);
}

/** Follows a path of map keys and sequence indexes; undefined as soon as a step is missing. */
export function getIn(node: YNode | undefined | null, path: readonly (string | number)[]): YNode | undefined {
  let cur: YNode | undefined | null = node;
  for (const step of path) {
    if (cur == null) return undefined;
    if (typeof step === 'number') cur = cur.type === 'seq' ? seqItemAt(cur, step) : undefined;
    else cur = get(cur, step);
  }
  return cur ?? undefined;
}

/** A string value; numbers and booleans are not strings (the API would reject them). */
export function str(node: YNode | undefined | null): string | undefined {
  return node?.type === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}

/** A string, or the text of a number/boolean scalar (for places where the API takes int-or-string). */
export function text(node: YNode | undefined | null): string | undefined {
  if (node?.type !== 'scalar' || node.value === null) return undefined;
  return String(node.value);
}

export function bool(node: YNode | undefined | null): boolean | undefined {
  return node?.type === 'scalar' && typeof node.value === 'boolean' ? node.value : undefined;
}

export function num(node: YNode | undefined | null): number | undefined {
  return node?.type === 'scalar' && typeof node.value === 'number' ? node.value : undefined;
}

export function items(node: YNode | undefined | null): readonly YNode[] {
  return node?.type === 'seq' ? node.items : [];
}

export function pairs(node: YNode | undefined | null): readonly YPair[] {
  return node?.type === 'map' ? node.pairs : [];
}

/** Number of pairs of a map or items of a sequence (0 for a scalar), without building them. */
export function size(node: YNode | undefined | null): number {
  return node?.type === 'map' || node?.type === 'seq' ? collectionSize(node) : 0;
}

/** A map of string to string (labels, annotations, nodeSelector); non-string values are skipped. */
export function stringMap(node: YNode | undefined | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs(node)) {
    const k = p.key.value;
    const v = p.value;
    if (typeof k === 'string' && v.type === 'scalar' && v.value !== null) out[k] = String(v.value);
  }
  return out;
}

/** Converts a subtree to plain JavaScript (for messages and values-shaped rules; not for hot paths). */
export function toPlain(node: YNode | undefined | null, budget = { left: 100_000 }): unknown {
  if (node == null) return undefined;
  if (--budget.left < 0) return undefined;
  switch (node.type) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map((n) => toPlain(n, budget));
    case 'map': {
      const o: Record<string, unknown> = {};
      for (const p of node.pairs) o[String(p.key.value)] = toPlain(p.value, budget);
      return o;
    }
  }
}
