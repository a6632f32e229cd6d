// Compact constructors for the tree's nodes (tree.ts describes them). A scan of 100,000 documents
// holds millions of nodes, so each carries only what differs between nodes as own fields; `type` and
// `quoted` live on the prototype (one class per combination), which saves a quarter of every scalar.
// Both load paths (cst.ts and compose.ts) build nodes with these, so their trees compare equal.
import type { ScalarValue, YMap, YNode, YPair, YScalar, YSeq } from './tree.js';

class PlainScalar implements YScalar {
  declare readonly type: 'scalar';
  declare readonly quoted: boolean;
  constructor(
    readonly value: ScalarValue,
    readonly start: number,
    readonly end: number,
  ) {}
}

class QuotedScalar implements YScalar {
  declare readonly type: 'scalar';
  declare readonly quoted: boolean;
  constructor(
    readonly value: ScalarValue,
    readonly start: number,
    readonly end: number,
  ) {}
}

class MapNode implements YMap {
  declare readonly type: 'map';
  constructor(
    readonly pairs: readonly YPair[],
    readonly start: number,
    readonly end: number,
  ) {}
}

class SeqNode implements YSeq {
  declare readonly type: 'seq';
  constructor(
    readonly items: readonly YNode[],
    readonly start: number,
    readonly end: number,
  ) {}
}

const shared = (value: unknown) => ({ value, writable: false, configurable: false });
Object.defineProperties(PlainScalar.prototype, { type: shared('scalar'), quoted: shared(false) });
Object.defineProperties(QuotedScalar.prototype, { type: shared('scalar'), quoted: shared(true) });
Object.defineProperty(MapNode.prototype, 'type', shared('map'));
Object.defineProperty(SeqNode.prototype, 'type', shared('seq'));

export function scalarNode(value: ScalarValue, quoted: boolean, start: number, end: number): YScalar {
  return quoted ? new QuotedScalar(value, start, end) : new PlainScalar(value, start, end);
}

export function mapNode(pairs: readonly YPair[], start: number, end: number): YMap {
  return new MapNode(pairs, start, end);
}

export function seqNode(items: readonly YNode[], start: number, end: number): YSeq {
  return new SeqNode(items, start, end);
}
