// Where the trees of tree.ts live. A scan of 100,000 documents holds about seven million nodes; as
// JavaScript objects (a node, a key node and a pair object per map entry) they took about 100 bytes
// each. Here each file's nodes are rows of one Int32Array, and scalar values sit in one table shared
// by every file loaded in a session, each distinct value once: about 14 bytes a node, and nothing for
// the garbage collector to trace.
//
// A row is three int32s at the node's id: [start, end, ref << 2 | tag]. A scalar's ref indexes the
// value table; a map's or sequence's ref points at a list in the same array: [count, item0, ...]
// for a sequence (ids of other rows), [count, entry0, entry1, ...] for a map, an entry being three
// ints: the key's two, then the value's row id. Nearly every key (4.3 of 4.4 million on a 315 MB
// corpus) is kept in its entry as [start, ref << 2 | tag]: its end is its start plus its value's
// length (and two quotes), which is checked when it is written; any other key is a row of its
// own, the entry holding [row id, KEY_ROW]. A row of its own cost a key three ints more, 22% of
// all rows. Aliases share rows, as they shared objects before. (Refs fit in 29 bits: a file would need over 500 million int32s,
// 2 GiB, to overflow them, far past any file size limit; the table the same in distinct values.)
//
// What rules and the model see are small views (NodeRef) made on access: `get(map, 'spec')` makes
// one. Two views of the same row are different objects; `sameNode` compares rows.
import { flatString } from './strings.js';
import type { ScalarValue, YMap, YNode, YPair, YScalar, YSeq } from './tree.js';

const PLAIN = 0;
const QUOTED = 1;
const MAP = 2;
const SEQ = 3;
const ROW = 3;
/** In the second int of a map entry: the key is the row whose id is the first. */
export const KEY_ROW = MAP;
/** Ints per map entry: the key's two, the value's id. */
const ENTRY = 3;
const TAG_BITS = 2;
const TAG_MASK = 3;

/**
 * The scalar values of the trees loaded in one session (a lint run), each distinct value stored once:
 * keys and short values repeat across files, and so do long ones (a CRD bundle repeats the same
 * field descriptions hundreds of times). Append-only, so a row's ref stays valid; a new session
 * starts a new table, and an old one goes when the last tree using it does.
 */
export class ValueTable {
  readonly values: ScalarValue[] = [];
  /** Every value's id, to find repeats while loading; dropped by `settle()`. */
  private ids: Map<ScalarValue, number> | null = new Map();

  /**
   * The id of `value`, added if new. `owned`: a string that is already its own flat copy (one
   * received from another thread), stored as it is.
   */
  add(value: ScalarValue, owned = false): number {
    if (typeof value !== 'string') return this.lookUp(value, owned);
    // Most strings are keys and values seen a moment ago: a direct-mapped cache of recent strings,
    // slotted by a cheap hash of their length and three characters, answers them without the Map
    // (whose lookups, in a table of hundreds of thousands of values, miss the processor's caches).
    const n = value.length;
    const slot =
      n === 0
        ? 0
        : (Math.imul(n, 0x9e3779b1) ^
            Math.imul(value.charCodeAt(0), 0x85ebca6b) ^
            Math.imul(value.charCodeAt(n - 1), 0xc2b2ae35) ^
            Math.imul(value.charCodeAt(n >> 1), 0x27d4eb2f)) >>>
          (32 - RECENT_BITS);
    if (this.recent[slot] === value) return this.recentIds[slot]!;
    const id = this.lookUp(value, owned);
    this.recent[slot] = this.values[id] as string;
    this.recentIds[slot] = id;
    return id;
  }

  private readonly recent: (string | undefined)[] = new Array(1 << RECENT_BITS);
  private readonly recentIds = new Int32Array(1 << RECENT_BITS);

  private lookUp(value: ScalarValue, owned: boolean): number {
    // -0 is its own value, which a Map key would merge with 0: it is stored, never looked up.
    const ids = this.ids;
    const indexed = ids !== null && !Object.is(value, -0);
    const known = indexed ? ids.get(value) : undefined;
    if (known !== undefined) return known;
    const id = this.values.length;
    // A string kept here must not be a view of the file text it was cut from (the text is let go),
    // nor a rope of its pieces; nor, for its size, a view of its own copy (ownCopy's way: about
    // 30 bytes more for each of the 200,000 long values of a 315 MB scan).
    const own = typeof value === 'string' && !owned ? flatString(value) : value;
    this.values.push(own);
    if (indexed && ids.size < MAX_INDEXED_VALUES) ids.set(own, id);
    return id;
  }

  /**
   * Drops the index of every value (about 7 MB on a 315 MB scan) once the bulk of loading is done:
   * the model and rules only read values. A value added later is still stored, found again only by
   * the recent-string cache, so a late load (a rendered chart's text) may store a repeat.
   */
  settle(): void {
    this.ids = null;
  }

  get size(): number {
    return this.values.length;
  }
}

/** Ends the bulk of the current load session: its value table drops its index (see settle). */
export function settleLoadSession(): void {
  currentTable.settle();
}

/** The current table's copy of `s` (added if new): one shared, flat copy of a repeated string. */
export function sharedString(s: string): string {
  return currentTable.values[currentTable.add(s)] as string;
}

/**
 * Past this many distinct values a table stops looking new ones up (they are still stored), so a
 * pathological input of millions of unique scalars costs its values, not an index of them as well.
 */
const MAX_INDEXED_VALUES = 4_000_000;
const RECENT_BITS = 12;

let currentTable = new ValueTable();

/**
 * Starts a load session: a new value table and new row slabs for the trees loaded from now on (the
 * engine starts one per lint run, so a long-lived process does not keep the values of every run; a
 * loading thread one per share, whose slabs it then moves). Trees already built keep theirs.
 */
export function startLoadSession(): ValueTable {
  currentTable = new ValueTable();
  slab = null;
  slabUsed = 0;
  return currentTable;
}

// Finished rows (and a loading thread's line starts) are copied into slabs: large buffers shared
// by many files, which the allocator maps on their own. One small buffer per file instead left the
// allocator's heap pinned by live buffers between freed ones, memory a process cannot hand back
// (tens of MB at the peak of a 315 MB scan, more when the buffers came from a loading thread).
// A slab's unwritten tail is never touched, so it costs address space, not memory.
const SLAB_INTS = 8 << 20;
let slab: Int32Array | null = null;
let slabUsed = 0;

/** A copy of `source[0..n)` in the current slab (or, when large, in a buffer of its own). */
export function placeInts(source: Int32Array, n: number = source.length): Int32Array {
  if (n > SLAB_INTS >> 3) return source.slice(0, n);
  if (slab === null || slabUsed + n > slab.length) {
    slab = new Int32Array(SLAB_INTS);
    slabUsed = 0;
  }
  const out = slab.subarray(slabUsed, slabUsed + n);
  out.set(source.subarray(0, n));
  slabUsed += n;
  return out;
}

/** One file's nodes. Read-only once its builder has finished. */
export class TreeStore {
  readonly values: ScalarValue[];
  constructor(
    public data: Int32Array,
    readonly table: ValueTable,
  ) {
    this.values = table.values;
  }
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
      const at = list + 1 + ENTRY * i;
      out[i] = { key: keyAt(store, at), value: nodeAt(store, d[at + 2]!) };
    }
    return out;
  }
  /** Position of the last pair whose key is `key` (the one the API server keeps), or -1. */
  indexOf(key: string): number {
    const { data: d, values } = this.store;
    const list = d[this.id + 2]! >> TAG_BITS;
    for (let i = d[list]! - 1; i >= 0; i--) {
      const at = list + 1 + ENTRY * i;
      const cell = d[at + 1]!;
      const value =
        (cell & TAG_MASK) === KEY_ROW ? values[d[d[at]! + 2]! >> TAG_BITS] : values[cell >> TAG_BITS];
      if (value === key) return i;
    }
    return -1;
  }
  pairAt(i: number): YPair {
    const { store, id } = this;
    const d = store.data;
    const at = (d[id + 2]! >> TAG_BITS) + 1 + ENTRY * i;
    return { key: keyAt(store, at), value: nodeAt(store, d[at + 2]!) };
  }
  valueAt(i: number): YNode {
    const d = this.store.data;
    const list = d[this.id + 2]! >> TAG_BITS;
    return nodeAt(this.store, d[list + 3 + ENTRY * i]!);
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

/** A key kept in its map's entry (see the top of this file): the view is at the entry's position. */
class EntryKeyRef extends NodeRef implements YScalar {
  declare readonly type: 'scalar';
  override get start(): number {
    return this.store.data[this.id]!;
  }
  override get end(): number {
    const { data: d, values } = this.store;
    const cell = d[this.id + 1]!;
    const quotes = (cell & TAG_MASK) === QUOTED ? 2 : 0;
    return d[this.id]! + (values[cell >> TAG_BITS] as string).length + quotes;
  }
  get value(): ScalarValue {
    const s = this.store;
    return s.values[s.data[this.id + 1]! >> TAG_BITS]!;
  }
  get quoted(): boolean {
    return (this.store.data[this.id + 1]! & TAG_MASK) === QUOTED;
  }
}

/** The key of the map entry at `at`. */
function keyAt(store: TreeStore, at: number): YScalar {
  const d = store.data;
  return (d[at + 1]! & TAG_MASK) === KEY_ROW ? new ScalarRef(store, d[at]!) : new EntryKeyRef(store, at);
}

const shared = (value: unknown) => ({ value, writable: false, configurable: false });
Object.defineProperty(ScalarRef.prototype, 'type', shared('scalar'));
Object.defineProperty(EntryKeyRef.prototype, 'type', shared('scalar'));
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
  private static owner: TreeBuilder | null = null;
  private used = 0;
  private readonly store: TreeStore;
  private readonly table: ValueTable;

  constructor() {
    TreeBuilder.owner = this;
    this.table = currentTable;
    this.store = new TreeStore(TreeBuilder.rows, this.table);
  }

  scalar(value: ScalarValue, quoted: boolean, start: number, end: number): YScalar {
    this.check();
    return new ScalarRef(this.store, this.row(quoted ? QUOTED : PLAIN, start, end, this.table.add(value)));
  }

  map(pairs: readonly YPair[], start: number, end: number): YMap {
    this.check();
    const n = pairs.length;
    const list = this.reserve(1 + ENTRY * n);
    const d = TreeBuilder.rows;
    d[list] = n;
    for (let i = 0; i < n; i++) {
      const p = pairs[i]!;
      const at = list + 1 + ENTRY * i;
      const key = this.own(p.key);
      // A key made by scalar() stays the row it is; one from another entry (merged in) is copied.
      if (p.key instanceof EntryKeyRef) {
        d[at] = d[key]!;
        d[at + 1] = d[key + 1]!;
      } else {
        d[at] = key;
        d[at + 1] = KEY_ROW;
      }
      d[at + 2] = this.own(p.value);
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
    return this.row(quoted ? QUOTED : PLAIN, start, end, this.table.add(value));
  }

  /**
   * Writes a map key as the first two ints of its entry at `out[at..]`: kept there when its end
   * follows from its start and value, else written as a row the entry points at.
   */
  writeKey(
    out: Int32Array,
    at: number,
    value: ScalarValue,
    quoted: boolean,
    start: number,
    end: number,
  ): void {
    if (typeof value === 'string' && end - start === value.length + (quoted ? 2 : 0)) {
      out[at] = start;
      out[at + 1] = (this.table.add(value) << TAG_BITS) | (quoted ? QUOTED : PLAIN);
    } else {
      out[at] = this.scalarRow(value, quoted, start, end);
      out[at + 1] = KEY_ROW;
    }
  }

  /**
   * A map row over `pairs` entries at `ids[from..]` (three ints each: a key's two from writeKey,
   * or a key row's id and KEY_ROW, then the value's id); returns its id.
   */
  mapRow(ids: Int32Array, from: number, pairs: number, start: number, end: number): number {
    const list = this.reserve(1 + ENTRY * pairs);
    const d = TreeBuilder.rows;
    d[list] = pairs;
    for (let i = 0; i < ENTRY * pairs; i++) d[list + 1 + i] = ids[from + i]!;
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

  /** Copies the rows out of the shared buffer; the nodes made so far stay valid. */
  finish(): void {
    this.check();
    this.store.data = placeInts(TreeBuilder.rows, this.used);
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
      else for (let i = 0; i < count; i++) n += 1 + size(d[list + 3 + ENTRY * i]!);
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
        const at = list + 1 + ENTRY * i;
        // A key in its entry belongs to this map's list alone, which is reached once.
        if ((d[at + 1]! & TAG_MASK) === KEY_ROW) visit(d[at]!);
        else d[at] = d[at]! + delta;
        visit(d[at + 2]!);
      }
  };
  visit(rootId);
}

// Trees cross threads as their rows (load/parallel.ts): the Int32Array moves, and the values of the
// loading thread's table are added to this thread's, so a scalar's ref must be translated.

/** A tree's store and root row, to send to another thread. */
export function rowsOf(node: YNode): { readonly store: TreeStore; readonly id: number } {
  const { store, id } = rowOf(node);
  return { store, id };
}

/** Adds another thread's table values to the current table; the result maps their ids to ours. */
export function adoptValues(values: readonly ScalarValue[]): Int32Array {
  const ids = new Int32Array(values.length);
  // Strings that crossed threads are new flat copies already.
  for (let i = 0; i < values.length; i++) ids[i] = currentTable.add(values[i]!, true);
  return ids;
}

/**
 * Trees built in another thread from `data` (rows whose scalar refs are that thread's table ids,
 * translated through `ids` from adoptValues): the refs are rewritten in place, once per row however
 * many aliases reach it, and a view of each root is returned.
 */
export function adoptTrees(data: Int32Array, roots: readonly number[], ids: Int32Array): YNode[] {
  const store = new TreeStore(data, currentTable);
  const done = new Uint8Array(data.length);
  const stack: number[] = [];
  for (const root of roots) {
    stack.push(root);
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (done[id]) continue;
      done[id] = 1;
      const cell = data[id + 2]!;
      const tag = cell & TAG_MASK;
      const ref = cell >> TAG_BITS;
      if (tag === PLAIN || tag === QUOTED) {
        data[id + 2] = (ids[ref]! << TAG_BITS) | tag;
        continue;
      }
      const count = data[ref]!;
      if (tag === SEQ) {
        for (let i = 1; i <= count; i++) stack.push(data[ref + i]!);
        continue;
      }
      for (let i = 0; i < count; i++) {
        const at = ref + 1 + ENTRY * i;
        const key = data[at + 1]!;
        // A key in its entry is translated here, once, as its map's list is reached once.
        if ((key & TAG_MASK) === KEY_ROW) stack.push(data[at]!);
        else data[at + 1] = (ids[key >> TAG_BITS]! << TAG_BITS) | (key & TAG_MASK);
        stack.push(data[at + 2]!);
      }
    }
  }
  return roots.map((root) => nodeAt(store, root));
}
