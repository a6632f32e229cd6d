// Turns document edits (types.ts) into minimal text edits. The file is parsed again with `yaml` (as
// YAML 1.1 with the loader's lenient lexer, as the loader does) only when a fix is applied or shown:
// the lint trees are gone by then and do not keep what an edit must respect (flow or block style,
// anchors, aliases, quoting).
// Each edit touches only the lines it adds or changes; comments, blank lines, key order, quoting,
// indentation, other documents, CRLF and the BOM (stripped by the caller) stay as they were.
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  parse as parseYaml,
  type Scalar,
  visit,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { parseAllDocumentsGo } from '../../load/lexer.js';
import { type DocEdit, type FixValue, type ListItem, parseFieldPath } from './types.js';

/** Replace `[start, end)` of the text with `text`. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface EditStyle {
  /** The file is JSON: keys and strings are double-quoted, collections written in flow style. */
  readonly json: boolean;
}

export type EditResult =
  | { readonly kind: 'edit'; readonly edit: TextEdit }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'refused'; readonly reason: string };

class Refusal extends Error {}
const refuse = (reason: string): never => {
  throw new Refusal(reason);
};

type YDoc = Document.Parsed;

const PARSE_OPTIONS = { version: '1.1', prettyErrors: false } as const;

/** What is known of one text: its documents parsed alone (by content start), or all of it parsed. */
interface ParsedText {
  readonly text: string;
  /** A directive line (`%YAML`, `%TAG`) may apply to a document: only a whole parse is exact. */
  readonly directives: boolean;
  readonly alone: Map<number, YDoc | undefined>;
  all?: readonly YDoc[];
}

// Findings come sorted by file, and a fix of several edits plans each on the text the last one
// left, so the file's own text and the latest edited one are nearly always what is needed next.
const recent: ParsedText[] = [];

function parsedText(text: string): ParsedText {
  const i = recent.findIndex((p) => p.text === text);
  const found = i >= 0 ? recent.splice(i, 1)[0]! : undefined;
  const p = found ?? {
    text,
    directives: text.charCodeAt(0) === 0x25 || text.includes('\n%'),
    alone: new Map<number, YDoc | undefined>(),
  };
  recent.unshift(p);
  if (recent.length > 2) recent.pop();
  return p;
}

function parsedAll(p: ParsedText): readonly YDoc[] {
  // With the loader's lexer (go-yaml's leniency about indentation inside flow collections and
  // quotes), so every file the loader reads can be fixed.
  p.all ??= parseAllDocumentsGo(p.text, PARSE_OPTIONS);
  return p.all;
}

/**
 * The document whose content starts at `contentStart` (as the loader recorded it). A bundle of many
 * documents is not parsed whole for an edit of one: the document's own lines (from its `---` to the
 * next marker) parse alone to the same nodes, since only directives (not used here) carry over from
 * one document to the next. When they do not parse cleanly to a document starting there, the whole
 * text is parsed, as it always was.
 */
function documentAt(text: string, contentStart: number): YDoc {
  const p = parsedText(text);
  if (!p.all && !p.directives) {
    let doc = p.alone.get(contentStart);
    if (!p.alone.has(contentStart)) {
      doc = parseAlone(text, contentStart);
      p.alone.set(contentStart, doc);
    }
    if (doc) return doc;
  }
  const docs = parsedAll(p);
  const exact = docs.find((d) => d.contents?.range[0] === contentStart);
  const doc = exact ?? docs.find((d) => rng(d)[0] <= contentStart && contentStart < rng(d)[2]);
  if (!doc?.contents) return refuse('the document could not be found again in the file');
  if (doc.errors.length) return refuse('the document does not parse cleanly, so it is not edited');
  return doc;
}

/** Whether a document marker line (`---` or `...`, then a blank or the line's end) starts at `pos`. */
function markerAt(text: string, pos: number): '---' | '...' | undefined {
  const c = text.charCodeAt(pos);
  if ((c !== 0x2d && c !== 0x2e) || text.charCodeAt(pos + 1) !== c || text.charCodeAt(pos + 2) !== c)
    return undefined;
  const next = text.charCodeAt(pos + 3);
  if (!(Number.isNaN(next) || next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d))
    return undefined;
  return c === 0x2d ? '---' : '...';
}

/**
 * The document with content at `contentStart`, parsed from its own lines, its ranges those of the
 * whole text; undefined when that is not sure to be the whole parse's document (then parse it all).
 * Exported for the differential test.
 */
export function parseAlone(text: string, contentStart: number): YDoc | undefined {
  // Back to the line of its `---` (or the text's start): only comments and node properties lie between.
  let start = text.lastIndexOf('\n', contentStart - 1) + 1;
  for (;;) {
    const marker = markerAt(text, start);
    if (marker === '---') break;
    // After `...` a document needs no `---`: rare enough to parse the whole text.
    if (marker === '...') return undefined;
    if (start === 0) break;
    // From the line break that ends the line before (at start - 1), back to that line's start; a
    // negative index would read as 0 and find a text's opening line break again and again.
    start = start >= 2 ? text.lastIndexOf('\n', start - 2) + 1 : 0;
  }
  // Up to the next marker line; a `...` (and what may follow it on its line) is left to a whole parse.
  let end = text.length;
  for (let nl = text.indexOf('\n', contentStart); nl >= 0; nl = text.indexOf('\n', nl + 1)) {
    const marker = markerAt(text, nl + 1);
    if (marker === '...') return undefined;
    if (marker === '---') {
      end = nl + 1;
      break;
    }
  }
  if (start === 0 && end === text.length) return undefined;
  const docs = parseAllDocumentsGo(text.slice(start, end), PARSE_OPTIONS);
  const doc = docs[0];
  // Errors, or a split the whole parse would not make (a quoted scalar running over a marker line):
  // the whole parse decides.
  if (docs.length !== 1 || !doc?.contents || doc.errors.length) return undefined;
  if (start > 0) shiftRanges(doc, start);
  return doc.contents.range[0] === contentStart ? doc : undefined;
}

/** Moves every range of a document parsed from a slice to where the slice is in the text. */
function shiftRanges(doc: YDoc, by: number): void {
  const seen = new Set<number[]>();
  const shift = (r: number[] | null | undefined) => {
    if (!r || seen.has(r)) return;
    seen.add(r);
    for (let i = 0; i < r.length; i++) r[i]! += by;
  };
  shift(doc.range);
  visit(doc, {
    Node: (_k, n) => {
      shift(n.range);
    },
  });
}

/** Computes the text edit for one document edit, or says why it is refused or unneeded. */
export function planEdit(text: string, documentStart: number, edit: DocEdit, style: EditStyle): EditResult {
  try {
    const doc = documentAt(text, documentStart);
    const e = new Editor(text, doc, style).apply(edit);
    return e ? { kind: 'edit', edit: e } : { kind: 'unchanged' };
  } catch (err) {
    if (err instanceof Refusal) return { kind: 'refused', reason: err.message };
    // A fix must never take the report down with it: an unexpected failure leaves the text alone.
    return {
      kind: 'refused',
      reason: `the fix could not be planned (${err instanceof Error ? err.message : String(err)})`,
    };
  }
}

/**
 * The deepest node of `path` that exists in the document (its offsets, and whether it is a map or
 * a list), with the steps below it that do not: where an edit of that path would insert. Undefined
 * when the walk is refused (an alias, a merge key, a scalar on the way).
 */
export function existingAncestor(
  text: string,
  documentStart: number,
  path: string,
):
  | { start: number; end: number; rest: readonly (string | number)[]; kind: 'map' | 'seq' | 'scalar' }
  | undefined {
  try {
    const doc = documentAt(text, documentStart);
    const at = new Editor(text, doc, { json: false }).walkPath(parseFieldPath(path));
    const r = rng(at.node);
    const kind = isMap(at.node) ? 'map' : isSeq(at.node) ? 'seq' : 'scalar';
    return { start: r[0], end: r[1], rest: at.rest, kind };
  } catch {
    return undefined;
  }
}

export function applyTextEdit(text: string, e: TextEdit): string {
  return text.slice(0, e.start) + e.text + text.slice(e.end);
}

interface Walked {
  /** The deepest node reached (a map, a sequence, a scalar or null scalar). */
  readonly node: Node;
  /** The pair whose value is `node` (undefined for the root or a sequence item). */
  readonly pair: Pair<Node, Node> | undefined;
  /** The map holding `pair`. */
  readonly parent: YAMLMap<Node, Node> | undefined;
  /** Steps not found. */
  readonly rest: readonly (string | number)[];
  /** The sequence holding `node` when the last step was an index. */
  readonly seq?: YAMLSeq<Node>;
}

/** What an editor learns from a parsed document before editing it (see Editor's constructor). */
interface Learned {
  readonly eol: string;
  readonly aliased: Set<string>;
  readonly indentUnit: number;
  readonly seqIndented: boolean;
}

// A parsed document belongs to one text; what is learned from it is kept with it, since many
// findings (a rendered chart's, an overlay's) plan edits in the same document one after another.
const learnedOf = new WeakMap<YDoc, Learned>();

class Editor {
  private readonly eol: string;
  private readonly aliased: Set<string>;
  private indentUnit = 2;
  private seqIndented = true;

  constructor(
    private readonly text: string,
    private readonly doc: YDoc,
    private readonly style: EditStyle,
  ) {
    const known = learnedOf.get(doc);
    if (known) {
      this.eol = known.eol;
      this.aliased = known.aliased;
      this.indentUnit = known.indentUnit;
      this.seqIndented = known.seqIndented;
      return;
    }
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
    this.aliased = new Set<string>();
    visit(doc, {
      Alias: (_k, n) => {
        this.aliased.add(n.source);
      },
    });
    this.learnIndentation();
    const { eol, aliased, indentUnit, seqIndented } = this;
    learnedOf.set(doc, { eol, aliased, indentUnit, seqIndented });
  }

  apply(edit: DocEdit): TextEdit | undefined {
    if (edit.op === 'replace') return this.replaceAt(edit.start, edit.end, edit.value, edit.path);
    const steps = parseFieldPath(edit.path);
    switch (edit.op) {
      case 'set':
        return this.set(steps, edit.value);
      case 'add':
        return this.add(steps, edit.item);
      case 'remove':
        return this.remove(steps);
      case 'rename':
        return this.rename(steps, edit.to);
    }
  }

  walkPath(steps: readonly (string | number)[]): Walked {
    return this.walk(steps);
  }

  // ---- walking -------------------------------------------------------------------------------

  private guard(node: Node | null | undefined, what: string): void {
    if (!node) return;
    if (isAlias(node))
      refuse(
        `${what} is an alias of &${node.source}; editing it would change every place that uses the anchor, so fix it where &${node.source} is defined`,
      );
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor && this.aliased.has(anchor))
      refuse(
        `${what} is under the anchor &${anchor}, which other fields share through aliases; editing it would change all of them, so the fix is left to you`,
      );
  }

  private walk(steps: readonly (string | number)[]): Walked {
    let node = this.doc.contents as Node;
    let pair: Pair<Node, Node> | undefined;
    let parent: YAMLMap<Node, Node> | undefined;
    let seq: YAMLSeq<Node> | undefined;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]!;
      this.guard(node, `the field ${describe(steps.slice(0, i))}`);
      if (typeof step === 'number') {
        if (!isSeq(node)) return refuse(`${describe(steps.slice(0, i))} is not a list`);
        const item = node.items[step] as Node | undefined;
        if (!item) return refuse(`${describe(steps.slice(0, i + 1))} does not exist`);
        seq = node as YAMLSeq<Node>;
        node = item;
        pair = undefined;
        parent = undefined;
        continue;
      }
      if (isScalar(node) && node.value === null) return { node, pair, parent, rest: steps.slice(i) };
      if (!isMap(node)) return refuse(`${describe(steps.slice(0, i))} is not a map`);
      const map = node as YAMLMap<Node, Node>;
      const found = lastPair(map, step);
      if (!found) {
        if (mergedHas(map, step, this.doc) && i < steps.length - 1)
          refuse(
            `${describe(steps.slice(0, i + 1))} comes from a merge key (<<); a local copy would hide the rest of it, so fix it where it is defined`,
          );
        return { node, pair, parent, rest: steps.slice(i) };
      }
      parent = map;
      seq = undefined;
      pair = found;
      node = (found.value ?? undefined) as Node;
      if (!node) return refuse(`${describe(steps.slice(0, i + 1))} has no value node`);
    }
    return { node, pair, parent, rest: [], ...(seq ? { seq } : {}) };
  }

  // ---- operations ----------------------------------------------------------------------------

  private set(steps: readonly (string | number)[], value: FixValue): TextEdit | undefined {
    const at = this.walk(steps);
    if (at.rest.length === 0) {
      const node = at.node;
      if (isAlias(node)) {
        // `field: *x` → `field: value` changes this field only.
        if (!isPrimitive(value)) return refuse(`${describe(steps)} is an alias`);
        return { start: rng(node)[0], end: rng(node)[1], text: this.scalar(value, undefined) };
      }
      this.guard(node, `the field ${describe(steps)}`);
      if (isScalar(node) && node.value !== null) {
        if (!isPrimitive(value)) return refuse(`${describe(steps)} is a scalar, not a map or list`);
        if (sameScalar(node.value, value)) return undefined;
        return { start: rng(node)[0], end: rng(node)[1], text: this.scalar(value, node) };
      }
      if (isScalar(node)) return this.fillNull(at, {}, value, steps);
      if (isPrimitive(value)) return refuse(`${describe(steps)} is a map or list, not a single value`);
      return refuse(`${describe(steps)} already exists`);
    }
    return this.create(at, value, steps);
  }

  private add(steps: readonly (string | number)[], item: ListItem): TextEdit | undefined {
    const at = this.walk(steps);
    if (at.rest.length) return this.create(at, [item], steps);
    const seq = at.node;
    if (isScalar(seq) && seq.value === null) return this.fillNull(at, {}, [item], steps);
    this.guard(seq, `the list ${describe(steps)}`);
    if (!isSeq(seq)) return refuse(`${describe(steps)} is not a list`);
    if (seq.items.some((i) => sameItem(i as Node, item))) return undefined;
    const items = seq.items as Node[];
    const last = items[items.length - 1];
    if (seq.flow) {
      const close = this.text.lastIndexOf(']', rng(seq)[1] - 1);
      const written = isPrimitive(item) ? this.scalar(item, undefined, true) : this.flow(item);
      if (!last) return { start: close, end: close, text: written };
      const like = isScalar(last) ? last : undefined;
      return this.flowAppend(
        rng(last)[1],
        close,
        isPrimitive(item) ? this.scalar(item, like, true) : written,
      );
    }
    if (!last) return refuse(`${describe(steps)} is an empty list`);
    const dash = this.column(rng(seq)[0]);
    const pos = this.lineEndAfter(rng(last)[1]);
    if (!isPrimitive(item)) {
      // A map item in block style: its first field on the dash's line, the others under it.
      const fields = Object.entries(item).map(
        ([k, v]) => `${this.key(k, undefined)}: ${this.scalar(v, undefined)}`,
      );
      if (fields.length === 0) return refuse('an empty item is not added');
      const under = `${this.eol}${' '.repeat(dash + 2)}`;
      return { start: pos, end: pos, text: `${this.eol}${' '.repeat(dash)}- ${fields.join(under)}` };
    }
    const like = isScalar(last) ? last : undefined;
    return { start: pos, end: pos, text: `${this.eol}${' '.repeat(dash)}- ${this.scalar(item, like)}` };
  }

  private remove(steps: readonly (string | number)[]): TextEdit | undefined {
    const at = this.walk(steps);
    if (at.rest.length) return undefined;
    const { pair, parent } = at;
    if (at.seq) return this.removeItem(at.seq, at.node, steps);
    if (!pair || !parent) return refuse(`${describe(steps)} is not a field of a map`);
    this.guard(parent, `the map holding ${describe(steps)}`);
    const key = pair.key as Node;
    if (parent.items.length === 1) return refuse(`${describe(steps)} is the only field of its map`);
    if (parent.flow) {
      const i = parent.items.indexOf(pair);
      const next = parent.items[i + 1];
      const valueEnd = rng(pair.value as Node)[1];
      if (next) return { start: rng(key)[0], end: rng(next.key as Node)[0], text: '' };
      const prevEnd = nodeEnd(parent.items[i - 1]!);
      return { start: prevEnd, end: valueEnd, text: '' };
    }
    const lineStart = this.text.lastIndexOf('\n', rng(key)[0] - 1) + 1;
    if (this.text.slice(lineStart, rng(key)[0]).trim() !== '')
      return refuse(`${describe(steps)} shares its line with another node`);
    const end = this.lineEndAfter(rng(pair.value as Node)[1]);
    const next = this.text.indexOf('\n', end);
    return { start: lineStart, end: next < 0 ? this.text.length : next + 1, text: '' };
  }

  private removeItem(seq: YAMLSeq<Node>, item: Node, steps: readonly (string | number)[]): TextEdit {
    this.guard(seq, `the list holding ${describe(steps)}`);
    const i = seq.items.indexOf(item);
    if (seq.items.length === 1) return refuse(`${describe(steps)} is the only item of its list`);
    if (seq.flow) {
      const next = seq.items[i + 1];
      if (next) return { start: rng(item)[0], end: rng(next)[0], text: '' };
      return { start: rng(seq.items[i - 1]!)[1], end: rng(item)[1], text: '' };
    }
    const lineStart = this.text.lastIndexOf('\n', rng(item)[0] - 1) + 1;
    if (!/^[ \t]*-[ \t]+$/.test(this.text.slice(lineStart, rng(item)[0])))
      return refuse(`${describe(steps)} shares its line with another node`);
    const end = this.lineEndAfter(rng(item)[1]);
    const next = this.text.indexOf('\n', end);
    return { start: lineStart, end: next < 0 ? this.text.length : next + 1, text: '' };
  }

  private rename(steps: readonly (string | number)[], to: string): TextEdit | undefined {
    const at = this.walk(steps);
    if (at.rest.length) return refuse(`${describe(steps)} does not exist`);
    const { pair, parent } = at;
    if (!pair || !parent) return refuse(`${describe(steps)} is not a field of a map`);
    this.guard(parent, `the map holding ${describe(steps)}`);
    if (lastPair(parent, to) || mergedHas(parent, to, this.doc))
      return refuse(`the map already has the key "${to}"; renaming would make a duplicate key`);
    const key = pair.key as Scalar;
    return { start: rng(key)[0], end: rng(key)[1], text: this.key(to, key) };
  }

  /**
   * Replaces the scalar node at `[start, end)`, keeping its quoting. A span inside a literal or
   * folded block scalar (an inline patch in kustomization.yaml) is YAML of its own, written as is:
   * it is replaced when it is one plain or quoted token on its line.
   */
  private replaceAt(
    start: number,
    end: number,
    value: string | number | boolean,
    path: string,
  ): TextEdit | undefined {
    let exact: Scalar | undefined;
    let block: Scalar | undefined;
    visit(this.doc, {
      Scalar: (_k, n) => {
        if (!n.range) return;
        if (n.range[0] === start && (n.range[1] === end || sameScalar(n.value, value))) exact = n;
        else if (
          (n.type === 'BLOCK_LITERAL' || n.type === 'BLOCK_FOLDED') &&
          n.range[0] < start &&
          end <= n.range[1]
        )
          block = n;
      },
    });
    if (exact) {
      this.guard(exact, `${path} (the line it is set on)`);
      // Already the value: the same line fixed for another finding, or by an earlier run.
      if (sameScalar(exact.value, value)) return undefined;
      if (typeof exact.value === 'object' && exact.value !== null)
        return refuse(`${path} is not a single value where it is set`);
      return { start, end, text: this.scalar(value, exact) };
    }
    if (block) {
      this.guard(block, `${path} (the inline patch holding it)`);
      const old = this.text.slice(start, end);
      if (/[\r\n]/.test(old)) return refuse(`${path} spans lines of the inline patch`);
      let current: unknown;
      try {
        current = parseYaml(old, { version: '1.1' });
      } catch {
        return refuse(`${path} is not a single value in the inline patch`);
      }
      if (typeof current === 'object' && current !== null)
        return refuse(`${path} is not a single value in the inline patch`);
      if (sameScalar(current, value)) return undefined;
      const quoted = old.startsWith('"') ? 'QUOTE_DOUBLE' : old.startsWith("'") ? 'QUOTE_SINGLE' : 'PLAIN';
      return { start, end, text: this.scalar(value, { type: quoted } as Scalar) };
    }
    // After an earlier edit of the same line (two findings from one value), the node may start here
    // with its new value: covered above. Otherwise the file is not as it was when it was linted.
    return refuse(`${path}: no value found where the source map says it is set`);
  }

  // ---- creating fields -----------------------------------------------------------------------

  /** Adds the missing steps `at.rest` under `at.node` (a map), ending in `value`. */
  private create(at: Walked, value: FixValue, steps: readonly (string | number)[]): TextEdit {
    if (at.rest.some((s) => typeof s === 'number'))
      return refuse(`${describe(steps)} needs a list item that is not there`);
    const rest = at.rest as string[];
    let nested: FixValue = value;
    for (let i = rest.length - 1; i >= 1; i--) nested = { [rest[i]!]: nested };
    const node = at.node;
    if (isScalar(node)) return this.fillNull(at, { [rest[0]!]: nested }, undefined, steps);
    this.guard(node, `the map ${describe(steps.slice(0, steps.length - rest.length))}`);
    const map = node as YAMLMap<Node, Node>;
    return this.insertPair(map, rest[0]!, nested);
  }

  /** Writes `fields` (or `value`) where a field is empty (`securityContext:` or `securityContext: ~`). */
  private fillNull(
    at: Walked,
    fields: Record<string, FixValue>,
    value: FixValue | undefined,
    steps: readonly (string | number)[],
  ): TextEdit {
    const node = at.node as Scalar;
    this.guard(node, `the field ${describe(steps)}`);
    const content: FixValue = value === undefined ? fields : value;
    const key = at.pair?.key as Node | undefined;
    if (!at.parent || !key) return refuse(`${describe(steps)} is empty and not a field of a map`);
    const empty = rng(node)[0] === rng(node)[1];
    if (at.parent.flow || !empty || this.style.json) {
      return { start: rng(node)[0], end: rng(node)[1], text: this.flow(content) };
    }
    const keyCol = this.column(rng(key)[0]);
    const pos = this.lineEndAfter(rng(key)[1]);
    return { start: pos, end: pos, text: this.blockValue(content, keyCol) };
  }

  private insertPair(map: YAMLMap<Node, Node>, key: string, value: FixValue): TextEdit {
    const items = map.items;
    const last = items[items.length - 1];
    const like = items.find((p) => isScalar(p.key))?.key as Scalar | undefined;
    if (map.flow || this.style.json) {
      const close = this.text.lastIndexOf('}', rng(map)[1] - 1);
      const entry = `${this.key(key, like)}: ${this.flow(value)}`;
      if (!last) return { start: close, end: close, text: entry };
      // JSON written one entry a line gets nested objects and arrays the same way, at its indent.
      const lines = this.style.json && !isPrimitive(value);
      return this.flowAppend(nodeEnd(last), close, entry, (indent) =>
        lines ? `${this.key(key, like)}: ${this.jsonLines(value, indent)}` : entry,
      );
    }
    if (!last) return refuse('the map is empty');
    const col = this.column(rng(items[0]!.key as Node)[0]);
    const pos = this.lineEndAfter(nodeEnd(last));
    return {
      start: pos,
      end: pos,
      text: `${this.eol}${' '.repeat(col)}${this.key(key, like)}:${this.blockValue(value, col)}`,
    };
  }

  /** `, entry` after the last item of a flow collection (on its own line when the items are). */
  private flowAppend(
    lastEnd: number,
    close: number,
    entry: string,
    onItsLine: (indent: string) => string = () => entry,
  ): TextEdit {
    const between = this.text.slice(lastEnd, close);
    const comma = between.indexOf(',');
    const at = comma >= 0 ? lastEnd + comma + 1 : lastEnd;
    const lead = comma >= 0 ? '' : ',';
    if (between.includes('\n')) {
      const lineStart = this.text.lastIndexOf('\n', lastEnd - 1) + 1;
      const indent = /^[ \t]*/.exec(this.text.slice(lineStart))![0];
      return { start: at, end: at, text: `${lead}${this.eol}${indent}${onItsLine(indent)}` };
    }
    return { start: at, end: at, text: `${lead} ${entry}` };
  }

  /** The text after `key:` for a value written in block style under a key at column `col`. */
  private blockValue(value: FixValue, col: number): string {
    if (isPrimitive(value)) return ` ${this.scalar(value, undefined)}`;
    if (Array.isArray(value)) {
      const dash = col + (this.seqIndented ? this.indentUnit : 0);
      return value
        .map(
          (v: FixValue) =>
            `${this.eol}${' '.repeat(dash)}- ${isPrimitive(v) ? this.scalar(v, undefined) : this.flow(v)}`,
        )
        .join('');
    }
    const inner = col + this.indentUnit;
    return Object.entries(value as Record<string, FixValue>)
      .map(
        ([k, v]) => `${this.eol}${' '.repeat(inner)}${this.key(k, undefined)}:${this.blockValue(v, inner)}`,
      )
      .join('');
  }

  /** A JSON value written one entry a line, its closing bracket at `indent` (as `JSON.stringify` does). */
  private jsonLines(value: FixValue, indent: string): string {
    if (isPrimitive(value)) return this.scalar(value, undefined, true);
    const inner = indent + (indent.includes('\t') ? '\t' : ' '.repeat(this.jsonIndentUnit()));
    const items: string[] = Array.isArray(value)
      ? value.map((v: FixValue) => this.jsonLines(v, inner))
      : Object.entries(value as Record<string, FixValue>).map(
          ([k, v]) => `${this.key(k, undefined)}: ${this.jsonLines(v, inner)}`,
        );
    const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
    if (items.length === 0) return `${open}${close}`;
    return `${open}${items.map((i) => `${this.eol}${inner}${i}`).join(',')}${this.eol}${indent}${close}`;
  }

  /** The indentation step of a JSON file: how far a nested object's first key is from its parent's. */
  private jsonIndentUnit(): number {
    const widths = new Map<number, number>();
    visit(this.doc, {
      Pair: (_k, pair) => {
        const key = pair.key as Node | null;
        const value = pair.value as Node | null;
        if (!key?.range || !value?.range || !isMap(value)) return;
        const first = value.items[0]?.key as Node | undefined;
        if (!first?.range || this.text.lastIndexOf('\n', rng(first)[0]) < rng(key)[0]) return;
        const w = this.column(rng(first)[0]) - this.column(rng(key)[0]);
        if (w > 0) widths.set(w, (widths.get(w) ?? 0) + 1);
      },
    });
    let unit = 2;
    let best = 0;
    for (const [w, n] of widths) if (n > best || (n === best && w < unit)) [unit, best] = [w, n];
    return unit;
  }

  private flow(value: FixValue): string {
    if (isPrimitive(value)) return this.scalar(value, undefined, true);
    if (Array.isArray(value)) return `[${value.map((v: FixValue) => this.flow(v)).join(', ')}]`;
    const entries = Object.entries(value as Record<string, FixValue>);
    return `{${entries.map(([k, v]) => `${this.key(k, undefined)}: ${this.flow(v)}`).join(', ')}}`;
  }

  // ---- scalars -------------------------------------------------------------------------------

  /** A scalar as the neighbours write it: JSON in JSON files, the quoting of `like` when given. */
  private scalar(value: string | number | boolean, like: Scalar | undefined, inFlow = false): string {
    if (typeof value !== 'string') return String(value);
    if (this.style.json || like?.type === 'QUOTE_DOUBLE') return JSON.stringify(value);
    if (like?.type === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
    return plainSafe(value, inFlow) ? value : JSON.stringify(value);
  }

  private key(k: string, like: Scalar | undefined): string {
    return this.scalar(k, like, true);
  }

  // ---- layout --------------------------------------------------------------------------------

  private column(offset: number): number {
    return offset - (this.text.lastIndexOf('\n', offset - 1) + 1);
  }

  /** The end of the line holding the last non-blank character before `offset` (before its line break). */
  private lineEndAfter(offset: number): number {
    let pos = offset;
    while (pos > 0 && /\s/.test(this.text[pos - 1]!)) pos--;
    const nl = this.text.indexOf('\n', pos);
    if (nl < 0) return this.text.length;
    return this.text[nl - 1] === '\r' ? nl - 1 : nl;
  }

  /** Indentation width and sequence style, from the block collections already in the document. */
  private learnIndentation(): void {
    const widths = new Map<number, number>();
    let indented = 0;
    let flush = 0;
    visit(this.doc, {
      Pair: (_k, pair) => {
        const key = pair.key as Node | null;
        const value = pair.value as Node | null;
        if (!key || !value || !key.range || !value.range) return;
        const keyCol = this.column(rng(key)[0]);
        if (isMap(value) && !value.flow && value.items[0]?.key) {
          const w = this.column(rng(value.items[0].key as Node)[0]) - keyCol;
          if (w > 0 && this.text.lastIndexOf('\n', rng(value)[0]) > rng(key)[0])
            widths.set(w, (widths.get(w) ?? 0) + 1);
        } else if (isSeq(value) && !value.flow) {
          if (this.column(rng(value)[0]) > keyCol) indented++;
          else flush++;
        }
      },
    });
    let best = 0;
    for (const [w, n] of widths)
      if (n > best || (n === best && w < this.indentUnit)) [this.indentUnit, best] = [w, n];
    this.seqIndented = indented >= flush;
  }
}

/** A node's [start, valueEnd, end]; parsed nodes always have one. */
function rng(node: { range?: [number, number, number] | null }): [number, number, number] {
  if (!node.range) return refuse('a node has no position');
  return node.range;
}

function nodeEnd(pair: Pair<unknown, unknown>): number {
  const v = pair.value as Node | null;
  if (v?.range) return rng(v)[1];
  return rng(pair.key as Node)[1];
}

function lastPair(map: YAMLMap<Node, Node>, key: string): Pair<Node, Node> | undefined {
  for (let i = map.items.length - 1; i >= 0; i--) {
    const p = map.items[i]!;
    if (isScalar(p.key) && !isMergeKey(p.key) && String(p.key.value) === key) return p;
  }
  return undefined;
}

/** Whether a `<<` merge key of the map brings in `key` (or may: a source that is not a map). */
function mergedHas(map: YAMLMap<Node, Node>, key: string, doc: YDoc): boolean {
  for (const p of map.items) {
    if (!isScalar(p.key) || !isMergeKey(p.key)) continue;
    const sources = isSeq(p.value) ? (p.value.items as Node[]) : [p.value as Node];
    for (const s of sources) {
      const target = isAlias(s) ? s.resolve(doc) : s;
      if (!isMap(target)) return true;
      if (target.items.some((q) => isScalar(q.key) && String(q.key.value) === key)) return true;
    }
  }
  return false;
}

function isMergeKey(key: Scalar): boolean {
  return typeof key.value === 'symbol' || (key.value === '<<' && key.type === 'PLAIN');
}

function isPrimitive(v: FixValue): v is string | number | boolean {
  return typeof v !== 'object';
}

/** A list item equal to `item` (a scalar, or a map with exactly these scalar fields). */
function sameItem(node: Node, item: ListItem): boolean {
  if (isPrimitive(item)) return isScalar(node) && sameScalar(node.value, item);
  if (!isMap(node)) return false;
  const entries = Object.entries(item);
  if (node.items.length !== entries.length) return false;
  return entries.every(([k, v]) => {
    const p = node.items.find((q) => isScalar(q.key) && String(q.key.value) === k);
    return p !== undefined && isScalar(p.value) && sameScalar(p.value.value, v);
  });
}

function sameScalar(a: unknown, b: string | number | boolean): boolean {
  return a === b || (typeof a === 'number' && typeof b === 'number' && a === b);
}

/** A plain scalar that YAML 1.1 reads back as the same string (not a bool, number or null). */
function plainSafe(s: string, inFlow: boolean): boolean {
  if (!/^[A-Za-z0-9_./=@+-][A-Za-z0-9_./=@+:-]*$/.test(s)) return false;
  if (inFlow && /[,[\]{}]/.test(s)) return false;
  if (/:$/.test(s)) return false;
  let safe = readsBackAsItself.get(s);
  if (safe === undefined) {
    try {
      safe = parseYaml(s, { version: '1.1' }) === s;
    } catch {
      safe = false;
    }
    // Fixes write the same few keys and values again and again; the parse is most of their cost.
    if (readsBackAsItself.size >= 10_000) readsBackAsItself.clear();
    readsBackAsItself.set(s, safe);
  }
  return safe;
}

/** Whether a plain scalar reads back as the same string, by its text. */
const readsBackAsItself = new Map<string, boolean>();

function describe(steps: readonly (string | number)[]): string {
  if (steps.length === 0) return 'the document';
  return steps
    .map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`))
    .join('')
    .replace(/^\./, '');
}
