// First path of the loader: a scanner of our own for the block YAML that manifests are made of, which
// writes the compact tree rows (nodes.ts) as it reads, with no token or CST object per node. The `yaml`
// Lexer and Parser behind cst.ts cost most of a lint; this reads the same files several times faster.
//
// It answers only when it is sure to give exactly what cst.ts / compose.ts give: the same trees,
// values (YAML 1.1 scalars, resolved by cst.ts's plainValue), quoted flags, and offsets, including
// the composer's quirks about which trailing comments a collection's range covers (see below).
// Anything else steps aside (returns null) for the whole file, so findings and positions never
// depend on which path ran: anchors, aliases, tags, directives, explicit or complex keys, merge keys,
// duplicate keys, keys over lines inside flow collections, flow collections as keys, tabs
// outside block scalar content, control characters, byte-order marks inside the text, content on a
// `---` line, documents that are a scalar or a flow collection (so JSON), block scalars whose first
// line falls short of their indentation indicator, and every syntax error.
//
// Offsets are those of the parse view (breaks.ts), which has the file's length; values with a LINE
// or PARAGRAPH SEPARATOR get go-yaml's reading, as on the other paths. Every loop moves forward
// through the text, and the only look-ahead (a plain scalar's next line) is read again at most once:
// linear time on any input.
//
// How trailing comments extend ranges (the `yaml` Parser's rules, which compose.ts keeps): a
// collection ends where its last value's "after" ends, with trailing white space trimmed. A flow
// scalar's or flow collection's after runs over its line's comment and then over the comment lines
// that follow it (blank lines between are fine) as long as they are indented past the collection.
// The other comment lines before the next content stay with the innermost collection, which keeps
// them (its after runs over them) when it is indented and one of them is at or past its column, and
// hands them to its parent otherwise. An empty value keeps every comment up to the next content.
import { goLiteralBlockValue, hasSeparator, yamlParseView } from './breaks.js';
import type { ParsedDocument, ParseLimits, ParseResult } from './compose.js';
import { intern, MERGE, plainValue } from './cst.js';
import { KEY_ROW, TreeBuilder } from './nodes.js';
import {
  bail,
  COLON,
  COMMA,
  CR,
  DASH,
  DQUOTE,
  HASH,
  LF,
  ScanText,
  SP,
  SQUOTE,
  STOP_COLON,
  STOP_EOL,
  TAB,
} from './scan-text.js';
import type { ScalarValue } from './tree.js';

/** What the line the scanner stands on holds. */
const CONTENT: number = 0;
const DOC_START: number = 1;
const DOC_END: number = 2;
const EOF: number = 3;

/** Characters the scanner never vouches for: controls (the view has no lone CR) and U+FEFF. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const UNSAFE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]/;
const SEPARATORS = /[\u2028\u2029]/;
/** Everything the two above and the parse view (breaks.ts) look for: CR, NEL, LS, PS, U+FEFF, controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for
const RARE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;

// Work buffers shared by all scans (a scan runs synchronously and never re-enters).
let commentCols = new Int32Array(256);
let commentEnds = new Int32Array(256);
let childIds = new Int32Array(4096);

/**
 * The trees of `text`, or null when the scanner cannot vouch for them (then cst.ts and the composer
 * decide, with their problems).
 */
export function scanYamlText(text: string, limits: ParseLimits): ParseResult | null {
  // One pass finds the rare characters (a plain LF file has none): then the view is the text.
  let view = text;
  let separators = false;
  if (RARE.test(text)) {
    view = yamlParseView(text);
    if (UNSAFE.test(view)) return null;
    separators = SEPARATORS.test(text);
  }
  try {
    return new Scanner(view, text, limits, separators).run();
  } catch {
    // Outside the subset (Unsupported), or anything unexpected (a tag resolver that threw, a stack
    // overflow): the other paths decide, and report problems as findings.
    return null;
  }
}

class Scanner extends ScanText {
  private p = 0;
  /** The current line (after nextLine): its start, the column of its content and what it is. */
  private lineStart = 0;
  private col = 0;
  private kind: number = CONTENT;
  /** Comment lines met since the last content: their columns and trimmed ends. */
  private cCol = commentCols;
  private cEnd = commentEnds;
  private cFrom = 0;
  private cLen = 0;
  /** Child ids of the collections being read (a stack), and their keys' values. */
  private ids = childIds;
  private idLen = 0;
  private readonly keys: ScalarValue[] = [];
  /** End (trimmed) of what the node just read covers, for its parent's range. */
  private after = 0;
  private rows = 0;
  /**
   * Where the last node read is an empty value with no comment after it: its position, else -1. A
   * document whose text ends that way ends there (the line breaks after it belong to no token).
   */
  private emptyTail = -1;
  private readonly trees = new TreeBuilder();
  constructor(
    view: string,
    source: string,
    private readonly limits: ParseLimits,
    hasSeparators: boolean,
  ) {
    super(view, source, hasSeparators);
  }

  run(): ParseResult {
    const documents: ParsedDocument[] = [];
    const s = this.s;
    this.p = 0;
    for (;;) {
      this.clearComments();
      this.nextLine();
      if (this.kind === EOF) break;
      if (this.kind === DOC_END) bail();
      this.rows = 0;
      this.emptyTail = -1;
      const start = this.lineStart;
      let root: number;
      if (this.kind === DOC_START) {
        let q = this.skipSpaces(this.p + 3);
        const at = q;
        const comment = s.charCodeAt(q) === HASH;
        if (comment) q = this.lineEnd(q);
        if (!this.isEol(q)) bail();
        this.p = this.nextLineStart(q);
        this.clearComments();
        this.nextLine();
        if (this.kind === CONTENT) root = this.blockNode(-1, 0);
        else {
          root = this.scalarRow(null, false, at, at);
          if (!comment && this.cLen === 0) this.emptyTail = at;
        }
      } else {
        root = this.blockNode(-1, 0);
      }
      if (this.kind === CONTENT) bail();
      let end: number;
      if (this.kind === DOC_END) {
        let q = this.skipSpaces(this.p + 3);
        if (s.charCodeAt(q) === HASH) {
          if (q === this.p + 3) bail();
          q = this.lineEnd(q);
        }
        if (!this.isEol(q)) bail();
        end = this.nextLineStart(q);
        this.p = end;
      } else if (this.emptyTail >= 0) end = this.emptyTail;
      else end = this.kind === DOC_START ? this.lineStart : this.n;
      // Without aliases a tree's expanded size is its row count (keys included).
      if (this.rows > this.limits.maxExpandedNodes) bail();
      const node = this.trees.nodeOf(root);
      documents.push({ root: node, start, end, contentStart: node.start });
    }
    this.trees.finish();
    return { documents, problems: [] };
  }

  private clearComments(): void {
    this.cFrom = 0;
    this.cLen = 0;
  }

  private pushComment(col: number, end: number): void {
    if (this.cLen === this.cCol.length) {
      const cols = new Int32Array(this.cLen * 2);
      cols.set(this.cCol);
      this.cCol = cols;
      const ends = new Int32Array(this.cLen * 2);
      ends.set(this.cEnd);
      this.cEnd = ends;
      commentCols = cols;
      commentEnds = ends;
    }
    this.cCol[this.cLen] = col;
    this.cEnd[this.cLen++] = end;
  }

  /**
   * From a line start, passes blank and comment lines (recording the comments) up to the next line
   * with content, a document marker or the end of the text.
   */
  private nextLine(): void {
    const s = this.s;
    const n = this.n;
    let q = this.p;
    for (;;) {
      const ls = q;
      let c = s.charCodeAt(q);
      while (c === SP) c = s.charCodeAt(++q);
      if (q >= n) {
        this.lineStart = ls;
        this.p = n;
        this.col = 0;
        this.kind = EOF;
        return;
      }
      if (c === TAB) bail();
      if (c === LF || c === CR) {
        q = this.nextLineStart(q);
        continue;
      }
      if (c === HASH) {
        const e = this.commentEnd(q);
        this.pushComment(q - ls, e);
        q = this.nextLineStart(this.lineEnd(e));
        continue;
      }
      this.lineStart = ls;
      this.p = q;
      this.col = q - ls;
      this.kind = CONTENT;
      if (q === ls && (c === DASH || c === 46) && this.isMarker(q))
        this.kind = c === DASH ? DOC_START : DOC_END;
      else if (q === ls && c === 37) bail(); // `%`: a directive
      return;
    }
  }

  /**
   * After a token at `q`: spaces, a comment, the line break. Returns the comment's trimmed end or
   * -1, and moves to the next line's start.
   */
  private trailing(q: number): number {
    const s = this.s;
    q = this.skipSpaces(q);
    let comment = -1;
    if (s.charCodeAt(q) === HASH) {
      // A comment must be separated from what precedes it.
      if (s.charCodeAt(q - 1) !== SP) bail();
      comment = this.commentEnd(q);
      q = this.lineEnd(comment);
    }
    if (!this.isEol(q)) bail();
    this.p = this.nextLineStart(q);
    return comment;
  }

  /**
   * After a flow scalar or flow collection in a collection at column `indent`: its line's comment and
   * the comment lines indented past `indent` right after it are part of it (the Parser appends them
   * to the token's end).
   */
  private afterFlowToken(tokenEnd: number, indent: number): void {
    const comment = this.trailing(tokenEnd);
    let after = comment >= 0 ? comment : tokenEnd;
    this.clearComments();
    this.nextLine();
    while (this.cFrom < this.cLen && this.cCol[this.cFrom]! > indent) after = this.cEnd[this.cFrom++]!;
    this.after = after;
  }

  /**
   * A collection at column `indent` ends, its last value covering up to `lastAfter`: whether the
   * comment lines since then stay with it (see the top of the file).
   */
  private collectionAfter(indent: number, lastAfter: number): number {
    if (indent === 0 || this.cFrom === this.cLen) return lastAfter;
    for (let i = this.cFrom; i < this.cLen; i++) {
      if (this.cCol[i]! >= indent) {
        const e = this.cEnd[this.cLen - 1]!;
        this.clearComments();
        return e;
      }
    }
    return lastAfter;
  }

  /** An empty value: it covers every comment since its indicator (or just the indicator). */
  private emptyAfter(indicatorEnd: number, sameLineComment: number, at: number): number {
    if (this.cLen > this.cFrom) {
      const e = this.cEnd[this.cLen - 1]!;
      this.clearComments();
      return e;
    }
    if (sameLineComment >= 0) return sameLineComment;
    this.emptyTail = at;
    return indicatorEnd;
  }

  // ---- rows ---------------------------------------------------------------------------------

  private scalarRow(value: ScalarValue, quoted: boolean, start: number, end: number): number {
    this.rows++;
    this.emptyTail = -1;
    return this.trees.scalarRow(value, quoted, start, end);
  }

  /** A map key, as the first two ints of its entry (nodes.ts's writeKey), counted as a row is. */
  private pushKey(value: ScalarValue, quoted: boolean, start: number, end: number): void {
    this.rows++;
    this.emptyTail = -1;
    this.pushId(0);
    this.pushId(0);
    this.trees.writeKey(this.ids, this.idLen - 2, value, quoted, start, end);
  }

  private pushId(id: number): void {
    if (this.idLen === this.ids.length) {
      const grown = new Int32Array(this.idLen * 2);
      grown.set(this.ids);
      this.ids = grown;
      childIds = grown;
    }
    this.ids[this.idLen++] = id;
  }

  // ---- block structure ----------------------------------------------------------------------

  /** A node starting at the current content line, inside a collection at column `parent`. */
  private blockNode(parent: number, depth: number): number {
    if (depth > this.limits.maxDepth - 2) bail();
    const s = this.s;
    const q = this.p;
    const c = s.charCodeAt(q);
    if (c === DASH && this.isBlank(q + 1)) return this.blockSeq(this.col, depth);
    if (this.isKey(q)) return this.blockMap(this.col, depth);
    // A document that is a scalar or a flow collection: the composer ends such documents its own
    // way (comments after them are not theirs); left to it.
    if (parent < 0) bail();
    return this.inlineValue(q, parent, depth);
  }

  /** Whether an implicit key (a one-line plain or quoted scalar and `: `) starts at `q`. */
  private isKey(q: number): boolean {
    const s = this.s;
    const c = s.charCodeAt(q);
    let e: number;
    if (c === DQUOTE || c === SQUOTE) {
      e = this.quotedOnOneLine(q);
      if (e < 0) return false;
      e = this.skipSpaces(e);
      return s.charCodeAt(e) === COLON && this.isBlank(e + 1);
    }
    if (!this.plainStart(q, false)) return false;
    this.plainLine(q, false);
    return this.stop === STOP_COLON;
  }

  private blockMap(indent: number, depth: number): number {
    if (depth > this.limits.maxDepth - 2) bail();
    const s = this.s;
    const start = this.p;
    const mark = this.idLen;
    const keyMark = this.keys.length;
    let keySet: Set<ScalarValue> | null = null;
    let pairs = 0;
    let lastAfter = start;
    this.rows++;
    for (;;) {
      this.clearComments();
      // The key.
      const ks = this.p;
      const c = s.charCodeAt(ks);
      let key: ScalarValue;
      let quoted: boolean;
      let ke: number;
      if (c === DQUOTE || c === SQUOTE) {
        key = this.quoted(ks, false);
        ke = this.tokEnd;
        quoted = true;
      } else {
        if (!this.plainStart(ks, false)) bail();
        ke = this.plainLine(ks, false);
        if (this.stop !== STOP_COLON) bail();
        key = this.goValue(this.plain(ks, ke, true), ks, ke, 'plain');
        quoted = false;
      }
      const colon = this.skipSpaces(ke);
      if (s.charCodeAt(colon) !== COLON || !this.isBlank(colon + 1)) bail();
      // The composer rejects implicit keys longer than 1024 characters.
      if (ks < colon - 1024) bail();
      // Duplicate keys: the other paths report them.
      keySet = this.addKey(keyMark, key, keySet);
      this.pushKey(key, quoted, ks, ke);
      // The value.
      const vs = this.skipSpaces(colon + 1);
      const vc = s.charCodeAt(vs);
      let value: number;
      if (this.isEol(vs) || vc === HASH) {
        const comment = this.trailing(vs);
        this.nextLine();
        if (this.kind === CONTENT && (this.col > indent || (this.col === indent && this.atSeqItem()))) {
          value = this.col > indent ? this.blockNode(indent, depth + 1) : this.blockSeq(indent, depth + 1);
        } else {
          value = this.scalarRow(null, false, vs, vs);
          this.after = this.emptyAfter(colon + 1, comment, vs);
        }
      } else {
        if (vc === DASH && this.isBlank(vs + 1)) bail();
        value = this.inlineValue(vs, indent, depth + 1);
      }
      this.pushId(value);
      pairs++;
      lastAfter = this.after;
      if (this.kind === CONTENT && this.col === indent && !this.atSeqItem()) continue;
      if (this.kind === CONTENT && this.col >= indent) bail();
      break;
    }
    const id = this.trees.mapRow(this.ids, mark, pairs, start, lastAfter);
    this.idLen = mark;
    this.keys.length = keyMark;
    this.after = this.collectionAfter(indent, lastAfter);
    return id;
  }

  /**
   * Adds a key of the map whose keys start at `keyMark`, stepping aside on a duplicate (the other
   * paths report it, with the composer's equality); past a few keys a set keeps this linear.
   */
  private addKey(keyMark: number, key: ScalarValue, set: Set<ScalarValue> | null): Set<ScalarValue> | null {
    const keys = this.keys;
    if (set) {
      if (set.has(key)) bail();
      set.add(key);
    } else {
      for (let i = keyMark; i < keys.length; i++) {
        const k = keys[i];
        if (k === key || (Number.isNaN(k) && Number.isNaN(key))) bail();
      }
    }
    keys.push(key);
    return set ?? (keys.length - keyMark >= 16 ? new Set(keys.slice(keyMark)) : null);
  }

  private atSeqItem(): boolean {
    return this.s.charCodeAt(this.p) === DASH && this.isBlank(this.p + 1);
  }

  private blockSeq(indent: number, depth: number): number {
    if (depth > this.limits.maxDepth - 2) bail();
    const s = this.s;
    const start = this.p;
    const mark = this.idLen;
    let count = 0;
    let lastAfter = start;
    this.rows++;
    for (;;) {
      this.clearComments();
      const dash = this.p;
      const vs = this.skipSpaces(dash + 1);
      const vc = s.charCodeAt(vs);
      let value: number;
      if (this.isEol(vs) || vc === HASH) {
        const comment = this.trailing(vs);
        this.nextLine();
        if (this.kind === CONTENT && this.col > indent) value = this.blockNode(indent, depth + 1);
        else {
          value = this.scalarRow(null, false, vs, vs);
          this.after = this.emptyAfter(dash + 1, comment, vs);
        }
      } else {
        const col = vs - this.lineStart;
        this.p = vs;
        this.col = col;
        if (vc === DASH && this.isBlank(vs + 1)) value = this.blockSeq(col, depth + 1);
        else if (this.isKey(vs)) value = this.blockMap(col, depth + 1);
        else value = this.inlineValue(vs, indent, depth + 1);
      }
      this.pushId(value);
      count++;
      lastAfter = this.after;
      if (this.kind === CONTENT && this.col === indent && this.atSeqItem()) continue;
      if (this.kind === CONTENT && this.col > indent) bail();
      break;
    }
    const id = this.trees.seqRow(this.ids, mark, count, start, lastAfter);
    this.idLen = mark;
    this.after = this.collectionAfter(indent, lastAfter);
    return id;
  }

  /**
   * A scalar or flow collection at `q` (after `key: `, `- `, or alone on its line) inside a
   * collection at column `indent`.
   */
  private inlineValue(q: number, indent: number, depth: number): number {
    if (depth > this.limits.maxDepth - 2) bail();
    const s = this.s;
    const c = s.charCodeAt(q);
    if (c === 124 || c === 62) return this.blockScalar(q, indent);
    if (c === 91 || c === 123) {
      const id = this.flowCollection(q, indent, depth);
      const e = this.tokEnd;
      if (s.charCodeAt(this.skipSpaces(e)) === COLON) bail();
      this.afterFlowToken(e, indent);
      return id;
    }
    let value: ScalarValue;
    let quoted: boolean;
    let e: number;
    if (c === DQUOTE || c === SQUOTE) {
      value = this.quoted(q, true);
      e = this.tokEnd;
      if (s.charCodeAt(this.skipSpaces(e)) === COLON) bail();
      quoted = true;
    } else {
      if (!this.plainStart(q, false)) bail();
      value = this.plainMultiline(q, indent);
      e = this.tokEnd;
      quoted = false;
    }
    const id = this.scalarRow(value, quoted, q, e);
    this.afterFlowToken(e, indent);
    return id;
  }

  /**
   * A plain scalar value in block context from `q`, with its continuation lines (indented past
   * `indent`), folded as YAML folds them. Sets `tokEnd` to its end.
   */
  private plainMultiline(q: number, indent: number): ScalarValue {
    const s = this.s;
    let end = this.plainLine(q, false);
    if (this.stop === STOP_COLON) bail();
    let text: string | null = null;
    while (this.stop === STOP_EOL && this.tokEnd < this.n) {
      // Look past blank lines for a continuation line.
      let j = this.nextLineStart(this.tokEnd);
      let breaks = 0;
      let cs = -1;
      for (;;) {
        const ls = j;
        let c = s.charCodeAt(j);
        while (c === SP) c = s.charCodeAt(++j);
        if (j >= this.n) break;
        if (c === TAB) bail();
        if (c === LF || c === CR) {
          breaks++;
          j = this.nextLineStart(j);
          continue;
        }
        const col = j - ls;
        if (col <= indent || c === HASH) break;
        if (col === 0 && (c === DASH || c === 46) && this.isMarker(j)) break;
        // Any other line continues the scalar, whatever its first character (`- x`, `"`, `*`...: the
        // Lexer only looks at indentation, comments and document markers here).
        cs = j;
        break;
      }
      if (cs < 0) break;
      const lineEnd = this.plainLine(cs, false);
      if (this.stop === STOP_COLON) bail();
      text = (text ?? s.slice(q, end)) + (breaks === 0 ? ' ' : '\n'.repeat(breaks)) + s.slice(cs, lineEnd);
      end = lineEnd;
    }
    // Back to the end of the scalar's last line: the caller reads its comment and the lines after.
    this.tokEnd = end;
    let value: ScalarValue;
    if (text === null) value = this.plain(q, end, false);
    else {
      const v = plainValue(text, false);
      if (v === MERGE) bail();
      value = v;
    }
    return this.goValue(value, q, end, 'plain');
  }

  /**
   * A block scalar (`|` or `>`) at `q`, the value of a collection at column `indent`. Its range runs
   * from the indicator over the content lines and their breaks (and the trailing blank lines when it
   * keeps them, or when it has no content).
   */
  private blockScalar(q: number, indent: number): number {
    const s = this.s;
    const n = this.n;
    const literal = s.charCodeAt(q) === 124;
    let explicit = 0;
    let chomp = 0; // -1 strip, 0 clip, 1 keep
    let h = q + 1;
    for (let k = 0; k < 2; k++) {
      const c = s.charCodeAt(h);
      if (c >= 49 && c <= 57 && explicit === 0) explicit = c - 48;
      else if ((c === DASH || c === 43) && chomp === 0) chomp = c === DASH ? -1 : 1;
      else break;
      h++;
    }
    const hs = this.skipSpaces(h);
    let he = hs;
    if (s.charCodeAt(hs) === HASH) {
      if (hs === h) bail();
      he = this.lineEnd(hs);
    }
    if (!this.isEol(he)) bail();
    const body = this.nextLineStart(he);
    let j = body;
    // The first non-blank line's indentation (the Lexer's `indent`), and the widest blank line before.
    let first = 0;
    let maxBlank = 0;
    for (let k = j; k < n; ) {
      const ls = k;
      let c = s.charCodeAt(k);
      while (c === SP) c = s.charCodeAt(++k);
      if (c === LF || c === CR) {
        maxBlank = Math.max(maxBlank, k - ls);
        k = this.nextLineStart(k);
        continue;
      }
      // Only spaces up to the end of the text: the Lexer reads that line its own way.
      if (k >= n && k > ls) bail();
      first = k - ls;
      break;
    }
    // Content indentation: given (with the parent's), or that of the first non-blank line.
    let m: number;
    if (explicit > 0 && first > indent) {
      // The content indentation is the parent collection's column plus the indicator (the Lexer's
      // and the composer's reading alike). A first line indented less than that but past the
      // parent is an error: left to the other paths.
      m = indent + explicit;
      if (first < m) bail();
    } else if (explicit > 0) {
      // No content: read as without the indicator (the lines up to the next one are blank).
      m = first;
    } else {
      m = first;
      // More-indented leading blank lines are an error to the composer.
      if (maxBlank > m && m > indent) bail();
    }
    let out = '';
    let content = false;
    let breaks = 0; // blank lines since the last content line (or since the header)
    let contentEnd = -1; // after the last content line's break
    let sep = ''; // folded: what joins the next content line
    let moreIndented = false; // folded: whether the last content line was more indented
    let lastBreakEnd = j; // after the last blank line: the start of the line that ends the scalar
    // Without content, any non-blank line ends the scalar.
    const mm = m > indent ? m : 0x7fffffff;
    while (j < n) {
      const ls = j;
      let c = s.charCodeAt(j);
      while (c === SP && j - ls < mm) c = s.charCodeAt(++j);
      if (c === TAB && j - ls < mm) bail();
      const le = this.lineEnd(j);
      if (j >= n) {
        if (j > ls) bail();
        break;
      }
      if (c === LF || c === CR) {
        breaks++;
        j = this.nextLineStart(le);
        lastBreakEnd = j;
        continue;
      }
      if (j - ls < mm) break; // less indented: the scalar ended
      // A last line of only spaces with no line break: the Lexer reads it its own way.
      if (c === SP && le >= n && this.skipSpaces(j) >= n) bail();
      // A content line (a line of only spaces past the indentation is content too: with an
      // indicator, leading ones keep their spaces past it, as the composer and the spec read them).
      const line = s.slice(j, le);
      if (literal) out += (content ? '\n'.repeat(breaks + 1) : '\n'.repeat(breaks)) + line;
      else {
        // Folding as the package's resolveBlockScalar folds: the blank lines since the last content
        // line first, then this line; breaks next to more-indented lines are kept.
        if (!content) out += '\n'.repeat(breaks);
        else if (breaks > 0) {
          if (sep === '\n') out += '\n'.repeat(breaks);
          else {
            sep = '\n';
            out += '\n'.repeat(breaks - 1);
          }
        }
        if (c === SP || c === TAB) {
          if (sep === ' ') sep = '\n';
          else if (!moreIndented && sep === '\n') sep = '\n\n';
          out += sep + line;
          sep = '\n';
          moreIndented = true;
        } else {
          out += sep + line;
          sep = ' ';
          moreIndented = false;
        }
      }
      content = true;
      breaks = 0;
      j = this.nextLineStart(le);
      contentEnd = j;
      lastBreakEnd = j;
    }
    let value: string;
    if (!content) value = chomp === 1 ? '\n'.repeat(breaks) : '';
    else value = chomp === -1 ? out : chomp === 0 ? `${out}\n` : `${out}\n${'\n'.repeat(breaks)}`;
    // The range runs over the Lexer's token: every line up to the one that ends the scalar, less
    // (unless it keeps them) the trailing blank lines no wider than the first line's indentation.
    let end = lastBreakEnd;
    if (chomp !== 1 && end > body && s.charCodeAt(end - 1) === LF) {
      let nl = end - 1;
      for (;;) {
        let i = nl - 1;
        let c = s.charCodeAt(i);
        if (c === CR) c = s.charCodeAt(--i);
        const lastChar = i;
        while (c === SP) c = s.charCodeAt(--i);
        if (c === LF && i >= body && i + 1 + first > lastChar) nl = i;
        else break;
      }
      end = nl + 1;
    }
    if (content && chomp !== 1 && end < contentEnd) bail();
    if (literal && this.hasSeparators && hasSeparator(this.src, q, end))
      value = goLiteralBlockValue(this.src.slice(q, end), value);
    const id = this.scalarRow(intern(value), true, q, end);
    let after = end;
    while (after > q) {
      const c = s.charCodeAt(after - 1);
      if (c === SP || c === LF || c === CR || c === TAB) after--;
      else break;
    }
    this.after = after;
    this.p = Math.max(lastBreakEnd, end);
    this.clearComments();
    this.nextLine();
    return id;
  }

  // ---- flow collections ---------------------------------------------------------------------

  /** How deep the flow collection being read is nested (1: the outermost). */
  private flowLevel = 0;

  /**
   * `[...]` or `{...}` at `q`, the value of a block collection at column `indent`: scalars (keys on
   * their `:`'s line, values folded over lines) and flow collections (not as keys), over as many
   * lines as it takes. Every line after the first must be indented past `indent` (the
   * Lexer's rule; only the outermost closing bracket may stand at `indent`), comment lines too.
   * Sets `tokEnd` past the closing bracket.
   */
  private flowCollection(q: number, indent: number, depth: number): number {
    if (depth > this.limits.maxDepth - 2) bail();
    const s = this.s;
    const isMap = s.charCodeAt(q) === 123;
    const close = isMap ? 125 : 93;
    const mark = this.idLen;
    const keyMark = this.keys.length;
    let keySet: Set<ScalarValue> | null = null;
    let count = 0;
    this.flowLevel++;
    let i = this.flowGap(q + 1, indent);
    this.rows++;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === close) break;
      if (c === 91 || c === 123) {
        // A collection as a key (of a flow map, or of a pair in a sequence) is left to the others.
        if (isMap) bail();
        this.pushId(this.flowCollection(i, indent, depth + 1));
        i = this.tokEnd;
      } else if (isMap) {
        const key = this.flowScalar(i, true, indent);
        i = this.skipSpaces(this.tokEnd);
        if (s.charCodeAt(i) !== COLON) bail();
        const keyValue = this.lastValue;
        if (keyValue === (MERGE as unknown)) bail();
        keySet = this.addKey(keyMark, keyValue, keySet);
        // The key was written as a row: its entry points at it.
        this.pushId(key);
        this.pushId(KEY_ROW);
        const vs = this.skipSpaces(i + 1);
        const vc = s.charCodeAt(vs);
        if (vc === COMMA || vc === close) {
          this.pushId(this.scalarRow(null, false, vs, vs));
          i = vs;
        } else if (vc === 91 || vc === 123) {
          this.pushId(this.flowCollection(vs, indent, depth + 1));
          i = this.tokEnd;
        } else {
          // A value on a later line than its key (or a comment between them) is left to the others.
          if (this.isEol(vs) || vc === HASH) bail();
          this.pushId(this.flowScalar(vs, false, indent));
          i = this.tokEnd;
        }
      } else {
        this.pushId(this.flowScalar(i, false, indent));
        i = this.tokEnd;
      }
      count++;
      // Only a comma or the closing bracket may follow an entry (a `:` makes a pair of a sequence).
      i = this.flowGap(i, indent);
      const d = s.charCodeAt(i);
      if (d === COMMA) {
        i = this.flowGap(i + 1, indent);
        continue;
      }
      if (d !== close) bail();
      break;
    }
    this.flowLevel--;
    const end = i + 1;
    const id = isMap
      ? this.trees.mapRow(this.ids, mark, count, q, end)
      : this.trees.seqRow(this.ids, mark, count, q, end);
    this.idLen = mark;
    this.keys.length = keyMark;
    this.tokEnd = end;
    return id;
  }

  /**
   * Inside a flow collection of a block collection at column `indent`: passes spaces, comments and
   * line breaks from `q`, and returns where the next token starts.
   */
  private flowGap(q: number, indent: number): number {
    const s = this.s;
    for (;;) {
      q = this.skipSpaces(q);
      const c = s.charCodeAt(q);
      if (c === HASH) {
        // A comment must be separated from what precedes it.
        const b = s.charCodeAt(q - 1);
        if (b !== SP && b !== LF && b !== CR) bail();
        q = this.lineEnd(q);
      }
      if (q >= this.n) bail(); // unterminated
      const e = s.charCodeAt(q);
      if (e !== LF && e !== CR) return q;
      // A new line: blank, or indented past the block collection (the outermost collection's
      // closing bracket may stand at its column).
      q = this.nextLineStart(q);
      const ls = q;
      q = this.skipSpaces(q);
      const f = s.charCodeAt(q);
      if (q >= this.n || f === LF || f === CR) continue;
      const col = q - ls;
      if (col > indent) continue;
      if (col === indent && this.flowLevel === 1 && (f === 93 || f === 125)) continue;
      bail();
    }
  }

  private lastValue: ScalarValue = null;

  /**
   * A plain value inside a flow collection whose first line [q, end) ended at its line break: the
   * lines that continue it (indented past `indent`, not starting with a comment, a flow indicator or
   * `: `), folded as YAML folds them. Sets `tokEnd` to its end.
   */
  private flowPlainLines(q: number, end: number, indent: number): ScalarValue {
    const s = this.s;
    let text: string | null = null;
    while (this.stop === STOP_EOL && this.isEol(this.tokEnd) && this.tokEnd < this.n) {
      let j = this.nextLineStart(this.tokEnd);
      let breaks = 0;
      let cs = -1;
      for (;;) {
        const ls = j;
        j = this.skipSpaces(j);
        if (j >= this.n) break;
        const c = s.charCodeAt(j);
        if (c === LF || c === CR) {
          breaks++;
          j = this.nextLineStart(j);
          continue;
        }
        if (j - ls <= indent || c === HASH || c === COMMA || c === 91 || c === 93 || c === 123 || c === 125)
          break;
        if (c === COLON && !this.plainStart(j, true)) break;
        cs = j;
        break;
      }
      if (cs < 0) break;
      const lineEnd = this.plainLine(cs, true);
      if (this.stop === STOP_COLON) bail();
      text = (text ?? s.slice(q, end)) + (breaks === 0 ? ' ' : '\n'.repeat(breaks)) + s.slice(cs, lineEnd);
      end = lineEnd;
    }
    this.tokEnd = end;
    if (text === null) return this.goValue(this.plain(q, end, false), q, end, 'plain');
    const v = plainValue(text, false);
    if (v === MERGE) bail();
    return this.goValue(v, q, end, 'plain');
  }

  /**
   * A scalar inside a flow collection of a block collection at column `indent`: keys on one line,
   * plain values folded over the lines that continue them, quoted values over lines. Sets `tokEnd`
   * and `lastValue`.
   */
  private flowScalar(q: number, atKey: boolean, indent: number): number {
    const s = this.s;
    const c = s.charCodeAt(q);
    let value: ScalarValue;
    let quoted: boolean;
    let e: number;
    if (c === DQUOTE || c === SQUOTE) {
      this.minCol = indent + 1;
      value = this.quoted(q, !atKey);
      this.minCol = 0;
      e = this.tokEnd;
      const d = s.charCodeAt(e);
      if (!(d === SP || d === COMMA || d === COLON || d === 93 || d === 125 || d === LF || d === CR)) bail();
      quoted = true;
    } else {
      if (!this.plainStart(q, true)) bail();
      e = this.plainLine(q, true);
      if (atKey && this.stop !== STOP_COLON) bail();
      if (this.stop === STOP_EOL && this.isEol(this.tokEnd)) {
        value = this.flowPlainLines(q, e, indent);
        e = this.tokEnd;
      } else value = this.goValue(this.plain(q, e, atKey), q, e, 'plain');
      quoted = false;
      this.tokEnd = e;
    }
    this.lastValue = value;
    return this.scalarRow(value, quoted, q, e);
  }
}
