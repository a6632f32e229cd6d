// Where the trees of tree.ts live. A scan of 100,000 documents holds about seven million nodes; as
// JavaScript objects (a node, a key node and a pair object per map entry) they took about 100 bytes
// each. Here each file's nodes are rows of one Int32Array, and scalar values sit in one array:
// about 20 bytes a node, and nothing for the garbage collector to trace.
//
// A row is three int32s at the node's id: [start, end, ref << 2 | tag]. A scalar's ref indexes
// `values`; a map's or sequence's ref points at a list in the same array: [count, key0, value0,
// key1, ...] for a map, [count, item0, ...] for a sequence (ids of other rows). Aliases share rows,
// as they shared objects before. (Refs fit in 29 bits: a file would need over 500 million int32s,
// 2 GiB, to overflow them, far past any file size limit.)
//
// What rules and the model see are small views (NodeRef) made on access: `get(map, 'spec')` makes
// one. Two views of the same row are different objects; `sameNode` compares rows.
import { ownCopy } from './strings.js';
import type { ScalarValue, YMap, YNode, YPair, YScalar, YSeq } from './tree.js';

const PLAIN = 0;
const QUOTED = 1;
const MAP = 2;
const SEQ = 3;
const ROW = 3;
const TAG_BITS = 2;
const TAG_MASK = 3;

/** One file's nodes. Read-only once its builder has finished. */
export class TreeStore {
  constructor(
    public data: Int32Array,
    public values: ScalarValue[],
  ) {}
}

/** A view of one row of a store. */
abstract class NodeRef {
  constructor(
    readonly store: TreeStore,
    readonly id: number,
  ) {}
  get start(): number {
    return this.store.data[this.id]!;
  }
  get end(): number {
    return this.store.data[this.id + 1]!;
  }
}

class ScalarRef extends NodeRef implements YScalar {
  declare readonly type: 'scalar';
  get value(): ScalarValue {
    const s = this.store;
    return s.values[s.data[this.id + 2]! >> TAG_BITS]!;
  }
  get quoted(): boolean {
    return (this.store.data[this.id + 2]! & TAG_MASK) === QUOTED;
  }
}

class MapRef extends NodeRef implements YMap {
  declare readonly type: 'map';
  get pairs(): YPair[] {
    const { store, id } = this;
    const d = store.data;
    const list = d[id + 2]! >> TAG_BITS;
    const n = d[list]!;
    const out: YPair[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const k = d[list + 1 + 2 * i]!;
      out[i] = { key: new ScalarRef(store, k), value: nodeAt(store, d[list + 2 + 2 * i]!) };
    }
    return out;
  }
  /** Position of the last pair whose key is `key` (the one the API server keeps), or -1. */
  indexOf(key: string): number {
    const { data: d, values } = this.store;
    const list = d[this.id + 2]! >> TAG_BITS;
    for (let i = d[list]! - 1; i >= 0; i--) {
      if (values[d[d[list + 1 + 2 * i]! + 2]! >> TAG_BITS] === key) return i;
    }
    return -1;
  }
  pairAt(i: number): YPair {
    const { store, id } = this;
    const d = store.data;
    const list = d[id + 2]! >> TAG_BITS;
    return { key: new ScalarRef(store, d[list + 1 + 2 * i]!), value: nodeAt(store, d[list + 2 + 2 * i]!) };
  }
  valueAt(i: number): YNode {
    const d = this.store.data;
    const list = d[this.id + 2]! >> TAG_BITS;
    return nodeAt(this.store, d[list + 2 + 2 * i]!);
  }
  get size(): number {
    const d = this.store.data;
    return d[d[this.id + 2]! >> TAG_BITS]!;
  }
}

class SeqRef extends NodeRef implements YSeq {
  declare readonly type: 'seq';
  get items(): YNode[] {
    const { store, id } = this;
    const d = store.data;
    const list = d[id + 2]! >> TAG_BITS;
    const n = d[list]!;
    const out: YNode[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = nodeAt(store, d[list + 1 + i]!);
    return out;
  }
  itemAt(i: number): YNode | undefined {
    const d = this.store.data;
    const list = d[this.id + 2]! >> TAG_BITS;
    return Number.isInteger(i) && i >= 0 && i < d[list]! ? nodeAt(this.store, d[list + 1 + i]!) : undefined;
  }
  get size(): number {
    const d = this.store.data;
    return d[d[this.id + 2]! >> TAG_BITS]!;
  }
}

const shared = (value: unknown) => ({ value, writable: false, configurable: false });
Object.defineProperty(ScalarRef.prototype, 'type', shared('scalar'));
Object.defineProperty(MapRef.prototype, 'type', shared('map'));
Object.defineProperty(SeqRef.prototype, 'type', shared('seq'));

function nodeAt(store: TreeStore, id: number): YNode {
  const tag = store.data[id + 2]! & TAG_MASK;
  return tag === MAP ? new MapRef(store, id) : tag === SEQ ? new SeqRef(store, id) : new ScalarRef(store, id);
}

/** The store row behind a node made by a TreeBuilder (every node in a loaded file is one). */
function rowOf(node: YNode): NodeRef {
  if (!(node instanceof NodeRef)) throw new TypeError('not a node of a tree store');
  return node;
}

/** Whether two views show the same node (an alias and its anchor do). */
export function sameNode(a: YNode | undefined | null, b: YNode | undefined | null): boolean {
  if (a == null || b == null) return a === b;
  const x = rowOf(a);
  const y = rowOf(b);
  return x.store === y.store && x.id === y.id;
}

/** The map's `key` lookup without building every pair (tree.ts's hot path). */
export function mapIndexOf(node: YMap, key: string): number {
  return (node as MapRef).indexOf(key);
}
export function mapPairAt(node: YMap, i: number): YPair {
  return (node as MapRef).pairAt(i);
}
export function mapValueAt(node: YMap, i: number): YNode {
  return (node as MapRef).valueAt(i);
}
export function seqItemAt(node: YSeq, i: number): YNode | undefined {
  return (node as SeqRef).itemAt(i);
}
export function collectionSize(node: YMap | YSeq): number {
  return (node as MapRef | SeqRef).size;
}

/**
 * Builds one file's store: the loaders (cst.ts, compose.ts) add nodes bottom-up, children before
 * their parent, then call finish() once, which copies the rows out at their exact size. Until then
 * rows and values go to buffers shared by all builders, so parsing a file leaves no grown-and-dropped
 * arrays behind; starting a builder ends the previous one, which is how an abandoned one (the fast
 * path stepping aside) is dropped.
 */
export class TreeBuilder {
  private static rows = new Int32Array(1 << 16);
  private static values: ScalarValue[] = [];
  private static owner: TreeBuilder | null = null;
  private used = 0;
  private valueCount = 0;
  private readonly store: TreeStore;

  constructor() {
    TreeBuilder.owner = this;
    this.store = new TreeStore(TreeBuilder.rows, TreeBuilder.values);
  }

  scalar(value: ScalarValue, quoted: boolean, start: number, end: number): YScalar {
    this.check();
    const ref = this.valueCount++;
    TreeBuilder.values[ref] = value;
    return new ScalarRef(this.store, this.row(quoted ? QUOTED : PLAIN, start, end, ref));
  }

  map(pairs: readonly YPair[], start: number, end: number): YMap {
    this.check();
    const n = pairs.length;
    const list = this.reserve(1 + 2 * n);
    const d = TreeBuilder.rows;
    d[list] = n;
    for (let i = 0; i < n; i++) {
      const p = pairs[i]!;
      d[list + 1 + 2 * i] = this.own(p.key);
      d[list + 2 + 2 * i] = this.own(p.value);
    }
    return new MapRef(this.store, this.row(MAP, start, end, list));
  }

  seq(items: readonly YNode[], start: number, end: number): YSeq {
    this.check();
    const n = items.length;
    const list = this.reserve(1 + n);
    const d = TreeBuilder.rows;
    d[list] = n;
    for (let i = 0; i < n; i++) d[list + 1 + i] = this.own(items[i]!);
    return new SeqRef(this.store, this.row(SEQ, start, end, list));
  }

  // Row-level writers for the scanner (scan.ts), which keeps child ids on its own stack instead of
  // making a view per node: the same rows as scalar(), map() and seq() write.

  /** A scalar row; returns its id. */
  scalarRow(value: ScalarValue, quoted: boolean, start: number, end: number): number {
    const ref = this.valueCount++;
    TreeBuilder.values[ref] = value;
    return this.row(quoted ? QUOTED : PLAIN, start, end, ref);
  }

  /** A map row over `pairs` key/value ids at `ids[from..]`; returns its id. */
  mapRow(ids: Int32Array, from: number, pairs: number, start: number, end: number): number {
    const list = this.reserve(1 + 2 * pairs);
    const d = TreeBuilder.rows;
    d[list] = pairs;
    for (let i = 0; i < 2 * pairs; i++) d[list + 1 + i] = ids[from + i]!;
    return this.row(MAP, start, end, list);
  }

  /** A sequence row over `count` item ids at `ids[from..]`; returns its id. */
  seqRow(ids: Int32Array, from: number, count: number, start: number, end: number): number {
    const list = this.reserve(1 + count);
    const d = TreeBuilder.rows;
    d[list] = count;
    for (let i = 0; i < count; i++) d[list + 1 + i] = ids[from + i]!;
    return this.row(SEQ, start, end, list);
  }

  /** The view of a row written by the methods above. */
  nodeOf(id: number): YNode {
    return nodeAt(this.store, id);
  }

  /** Copies the store out of the shared buffers; the nodes made so far stay valid. */
  finish(): void {
    this.check();
    const values = TreeBuilder.values;
    this.store.data = TreeBuilder.rows.slice(0, this.used);
    const own = values.slice(0, this.valueCount);
    // A long value is a view of the file's text, or a rope of its pieces (a block scalar, a folded
    // line): either keeps the whole text alive, which the scan lets go once the tree is built. A
    // copy holds only itself. (Up to 40 characters the loaders intern values, as flat strings.)
    for (let i = 0; i < own.length; i++) {
      const v = own[i];
      if (typeof v === 'string' && v.length > 40) own[i] = ownCopy(v);
    }
    this.store.values = own;
    // The shared buffer must not keep this file's strings (and the text they are cut from) alive.
    values.fill(null, 0, this.valueCount);
    TreeBuilder.owner = null;
  }

  private check(): void {
    if (TreeBuilder.owner !== this) throw new Error('a tree builder was used after another one began');
  }

  private own(node: YNode): number {
    const row = rowOf(node);
    if (row.store !== this.store) throw new TypeError('a node of another tree store');
    return row.id;
  }

  private row(tag: number, start: number, end: number, ref: number): number {
    const id = this.reserve(ROW);
    const d = TreeBuilder.rows;
    d[id] = start;
    d[id + 1] = end;
    d[id + 2] = (ref << TAG_BITS) | tag;
    return id;
  }

  private reserve(n: number): number {
    const at = this.used;
    if (at + n > TreeBuilder.rows.length) {
      const grown = new Int32Array(Math.max(TreeBuilder.rows.length * 2, at + n));
      grown.set(TreeBuilder.rows.subarray(0, at));
      TreeBuilder.rows = grown;
      this.store.data = grown;
    }
    this.used = at + n;
    return at;
  }
}

/**
 * How many nodes a tree has with its aliases followed (an alias bomb is small in text and huge
 * expanded), counting a map entry as its key plus its value; memoised per shared row, capped.
 */
export function expandedSize(node: YNode): number {
  const { store } = rowOf(node);
  const d = store.data;
  const memo = new Map<number, number>();
  const size = (id: number): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    let n = 1;
    const tag = d[id + 2]! & TAG_MASK;
    if (tag === MAP || tag === SEQ) {
      const list = d[id + 2]! >> TAG_BITS;
      const count = d[list]!;
      if (tag === SEQ) for (let i = 0; i < count; i++) n += size(d[list + 1 + i]!);
      else for (let i = 0; i < count; i++) n += 1 + size(d[list + 2 + 2 * i]!);
    }
    // Capped so the sum cannot overflow into nonsense on pathological input.
    n = Math.min(n, Number.MAX_SAFE_INTEGER / 4);
    memo.set(id, n);
    return n;
  };
  return size(rowOf(node).id);
}

/**
 * Moves every node of a tree by `delta` characters (a tree parsed from a slice of a file, placed back
 * at the slice's offset). Shared rows move once.
 */
export function shiftOffsets(node: YNode, delta: number): void {
  const { store, id: rootId } = rowOf(node);
  const d = store.data;
  const seen = new Set<number>();
  const visit = (id: number): void => {
    if (seen.has(id)) return;
    seen.add(id);
    d[id] = d[id]! + delta;
    d[id + 1] = d[id + 1]! + delta;
    const tag = d[id + 2]! & TAG_MASK;
    if (tag !== MAP && tag !== SEQ) return;
    const list = d[id + 2]! >> TAG_BITS;
    const count = d[list]!;
    if (tag === SEQ) for (let i = 0; i < count; i++) visit(d[list + 1 + i]!);
    else
      for (let i = 0; i < count; i++) {
        visit(d[list + 1 + 2 * i]!);
        visit(d[list + 2 + 2 * i]!);
      }
  };
  visit(rootId);
}
