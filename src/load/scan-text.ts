// The scanner's reading of text (scan.ts has the structure): lines, indentation, comments and
// scalars in every style, with values as the `yaml` package reads them from the parse view
// (breaks.ts), and go-yaml's where a LINE or PARAGRAPH SEPARATOR is involved.
import { ESCAPES, goFlowScalarValue, HEX_LENGTH, hasSeparator } from './breaks.js';
import { intern, MAY_BE_TYPED, MERGE, plainValue } from './cst.js';
import type { ScalarValue } from './tree.js';

class Unsupported extends Error {}
const UNSUPPORTED = new Unsupported('not handled by the scanner');
export function bail(): never {
  throw UNSUPPORTED;
}

export const SP = 32;
export const TAB = 9;
export const LF = 10;
export const CR = 13;
export const HASH = 35;
export const COLON = 58;
export const DASH = 45;
export const COMMA = 44;
export const DQUOTE = 34;
export const SQUOTE = 39;
export const BACKSLASH = 92;

/** How a plain scalar's line stopped. */
export const STOP_EOL: number = 0;
export const STOP_COLON: number = 1;
export const STOP_COMMENT: number = 2;

/** The plain scalars starting with a letter that the YAML 1.1 schema types (bool.js, null.js). */
const TYPED_WORDS = new Set(
  'y Y yes Yes YES true True TRUE on On ON n N no No NO false False FALSE off Off OFF null Null NULL'.split(
    ' ',
  ),
);

/**
 * Recent short strings by a hash of their text, so a value seen before (`name`, `image`, `TCP`) is
 * found without cutting it from the text again; misses go to the shared intern table (cst.ts).
 */
const RECENT: (string | undefined)[] = new Array(8192);

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** A text being scanned; `tokEnd` and `stop` report on the last token read. */
export abstract class ScanText {
  protected readonly n: number;
  /** Set by the scalar readers: where the token ended. */
  protected tokEnd = 0;
  /** How the last plain scalar line stopped. */
  protected stop: number = STOP_EOL;
  /**
   * Inside a flow collection: the least column a quoted scalar's continuation lines may start at
   * (the Lexer ends the scalar, in error, at a line left of it); 0 elsewhere.
   */
  protected minCol = 0;

  constructor(
    /** The parse view (breaks.ts). */
    protected readonly s: string,
    /** The file text, for go-yaml's reading of separators. */
    protected readonly src: string,
    /** Whether the text has a LINE or PARAGRAPH SEPARATOR. */
    protected readonly hasSeparators: boolean,
  ) {
    this.n = s.length;
  }

  // ---- lines and trivia -------------------------------------------------------------------

  protected isEol(q: number): boolean {
    return q >= this.n || this.s.charCodeAt(q) === LF || this.s.charCodeAt(q) === CR;
  }

  /** Start of the line after the break at `q` (or the end of the text). */
  protected nextLineStart(q: number): number {
    if (q >= this.n) return this.n;
    return this.s.charCodeAt(q) === CR ? q + 2 : q + 1;
  }

  /** Offset of the line break (or end of text) at or after `q`. */
  protected lineEnd(q: number): number {
    const nl = this.s.indexOf('\n', q);
    if (nl < 0) return this.n;
    return this.s.charCodeAt(nl - 1) === CR && nl - 1 >= q ? nl - 1 : nl;
  }

  /** Skips spaces; a tab among them is left to the other paths. */
  protected skipSpaces(q: number): number {
    const s = this.s;
    let c = s.charCodeAt(q);
    while (c === SP) c = s.charCodeAt(++q);
    if (c === TAB) bail();
    return q;
  }

  /** End of the comment starting at `q`, trailing white space trimmed. */
  protected commentEnd(q: number): number {
    let e = this.lineEnd(q);
    const s = this.s;
    while (e > q) {
      const c = s.charCodeAt(e - 1);
      if (c === SP || c === TAB) e--;
      else break;
    }
    return e;
  }

  /** `---` or `...` at `q` (a line start) followed by white space or the end. */
  protected isMarker(q: number): boolean {
    const s = this.s;
    const c = s.charCodeAt(q);
    if (s.charCodeAt(q + 1) !== c || s.charCodeAt(q + 2) !== c) return false;
    const d = s.charCodeAt(q + 3);
    return q + 3 >= this.n || d === SP || d === LF || d === CR || d === TAB;
  }

  /** White space or the end of the line at `q`. */
  protected isBlank(q: number): boolean {
    const c = this.s.charCodeAt(q);
    if (c === TAB) bail();
    return c === SP || c === LF || c === CR || q >= this.n;
  }

  // ---- scalars ------------------------------------------------------------------------------

  /** Whether a plain scalar may start at `q` (and is one the scanner reads). */
  protected plainStart(q: number, flow: boolean): boolean {
    const s = this.s;
    const c = s.charCodeAt(q);
    switch (c) {
      case DASH:
      case 63: // ?
      case COLON: {
        const d = s.charCodeAt(q + 1);
        if (d === SP || d === TAB || d === LF || d === CR || q + 1 >= this.n) return false;
        if (flow && (d === COMMA || d === 91 || d === 93 || d === 123 || d === 125)) return false;
        return true;
      }
      case COMMA:
      case 91:
      case 93:
      case 123:
      case 125:
      case HASH:
      case 38: // &
      case 42: // *
      case 33: // !
      case 124: // |
      case 62: // >
      case SQUOTE:
      case DQUOTE:
      case 37: // %
      case 64: // @
      case 96: // `
      case SP:
      case TAB:
      case LF:
      case CR:
        return false;
      default:
        return q < this.n;
    }
  }

  /**
   * One line of a plain scalar from `q`: returns the end of its text (trailing spaces trimmed) and
   * sets `stop` to what ended it; `tokEnd` is where scanning stopped.
   */
  protected plainLine(q: number, flow: boolean): number {
    const s = this.s;
    const n = this.n;
    let last = q;
    let i = q;
    for (;;) {
      if (i >= n) {
        this.stop = STOP_EOL;
        break;
      }
      const c = s.charCodeAt(i);
      if (c === SP) {
        i++;
        continue;
      }
      if (c === LF || c === CR) {
        this.stop = STOP_EOL;
        break;
      }
      if (c === TAB) bail();
      if (c === COLON) {
        const d = s.charCodeAt(i + 1);
        if (d === SP || d === LF || d === CR || i + 1 >= n || d === TAB) {
          this.stop = STOP_COLON;
          break;
        }
        if (flow && (d === COMMA || d === 91 || d === 93 || d === 123 || d === 125)) {
          this.stop = STOP_COLON;
          break;
        }
      } else if (c === HASH && s.charCodeAt(i - 1) === SP) {
        this.stop = STOP_COMMENT;
        break;
      } else if (flow && (c === COMMA || c === 91 || c === 93 || c === 123 || c === 125)) {
        this.stop = STOP_EOL;
        break;
      }
      i++;
      last = i;
    }
    this.tokEnd = i;
    return last;
  }

  /** The value of the one-line plain scalar at [a, b), by the YAML 1.1 schema as cst.ts resolves it. */
  protected plain(a: number, b: number, atKey: boolean): ScalarValue {
    const s = this.s;
    const c = s.charCodeAt(a);
    // The schema's typed scalars that start with a letter are the nulls and booleans of
    // TYPED_WORDS; others start with a character of MAY_BE_TYPED. The rest are strings.
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
      const word = this.text(a, b);
      if (!TYPED_WORDS.has(word)) return word;
    } else if (!MAY_BE_TYPED.has(s[a]!)) return this.text(a, b);
    const v = plainValue(s.slice(a, b), atKey);
    if (v === MERGE) bail();
    return v;
  }

  /** The text at [a, b) as a string, shared with earlier occurrences when short (cst.ts's intern). */
  protected text(a: number, b: number): string {
    const s = this.s;
    const len = b - a;
    if (len > 40) return s.slice(a, b);
    const h =
      (Math.imul(len, 0x9e3779b1) ^
        Math.imul(s.charCodeAt(a), 0x85ebca6b) ^
        Math.imul(s.charCodeAt(b - 1), 0xc2b2ae35) ^
        Math.imul(s.charCodeAt(a + (len >> 1)), 0x27d4eb2f)) >>>
      19;
    const known = RECENT[h];
    if (known !== undefined && known.length === len && s.startsWith(known, a)) return known;
    const cut = s.slice(a, b);
    const v = intern(cut);
    // A string cut from the text may be a view of it: only copies are kept here.
    if (len < 13 || v !== cut) RECENT[h] = v;
    return v;
  }

  /** go-yaml's reading of a scalar whose source holds a LINE or PARAGRAPH SEPARATOR. */
  protected goValue(
    value: ScalarValue,
    start: number,
    end: number,
    style: 'plain' | 'single' | 'double',
  ): ScalarValue {
    if (this.hasSeparators && typeof value === 'string' && hasSeparator(this.src, start, end))
      return goFlowScalarValue(this.src.slice(start, end), style) ?? value;
    return value;
  }

  /** End of a quoted scalar at `q` that closes on its line, or -1. No value is made. */
  protected quotedOnOneLine(q: number): number {
    const s = this.s;
    const quote = s.charCodeAt(q);
    for (let i = q + 1; i < this.n; i++) {
      const c = s.charCodeAt(i);
      if (c === LF || c === CR) return -1;
      if (quote === DQUOTE && c === BACKSLASH) {
        const d = s.charCodeAt(i + 1);
        if (d === LF || d === CR) return -1;
        i++;
      } else if (c === quote) {
        if (quote === SQUOTE && s.charCodeAt(i + 1) === SQUOTE) i++;
        else return i + 1;
      }
    }
    return -1;
  }

  /**
   * A quoted scalar at `q`: its value, with escapes and line folding; sets `tokEnd` past the closing
   * quote. Over several lines only where `multiline` (values, not keys).
   */
  protected quoted(q: number, multiline: boolean): ScalarValue {
    const s = this.s;
    const n = this.n;
    const quote = s.charCodeAt(q);
    let out = '';
    let seg = q + 1;
    let i = seg;
    for (;;) {
      if (i >= n) bail();
      const c = s.charCodeAt(i);
      if (c === quote) {
        if (quote === SQUOTE && s.charCodeAt(i + 1) === SQUOTE) {
          out += s.slice(seg, i + 1);
          i += 2;
          seg = i;
          continue;
        }
        break;
      }
      if (c === TAB) bail();
      if (c === BACKSLASH && quote === DQUOTE) {
        out += s.slice(seg, i);
        const e = s[i + 1];
        if (e === undefined) bail();
        if (e === '\n' || e === '\r') {
          if (!multiline) bail();
          // An escaped line break: the lines join with nothing between them. Only the next line's
          // indentation goes; a blank line after it is an ordinary line break (the package's
          // reading, which folds it to a space).
          let j = this.nextLineStart(i + 1);
          const d = s.charCodeAt(j);
          if ((d === DASH || d === 46) && this.isMarker(j)) bail();
          const ls = j;
          j = this.skipSpaces(j);
          if (j >= n) bail();
          if (j - ls < this.minCol && s.charCodeAt(j) !== LF && s.charCodeAt(j) !== CR) bail();
          i = j;
          seg = i;
          continue;
        }
        const len = HEX_LENGTH[e];
        if (len) {
          for (let k = 0; k < len; k++) if (!isHex(s.charCodeAt(i + 2 + k))) bail();
          const cp = Number.parseInt(s.slice(i + 2, i + 2 + len), 16);
          if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) bail();
          out += String.fromCodePoint(cp);
          i += 2 + len;
        } else {
          const r = ESCAPES[e];
          if (r === undefined) bail();
          out += r;
          i += 2;
        }
        seg = i;
        continue;
      }
      if (c === LF || c === CR) {
        if (!multiline) bail();
        // Trailing spaces of the line go (escaped ones were already written).
        let t = i;
        while (t > seg && s.charCodeAt(t - 1) === SP) t--;
        out += s.slice(seg, t);
        i = this.foldQuoted(this.nextLineStart(i));
        out += this.folded === 0 ? ' ' : '\n'.repeat(this.folded);
        seg = i;
        continue;
      }
      i++;
    }
    out += s.slice(seg, i);
    this.tokEnd = i + 1;
    const style = quote === SQUOTE ? 'single' : 'double';
    return intern(this.goValue(out, q, i + 1, style) as string);
  }

  protected folded = 0;

  /**
   * Inside a quoted scalar, from the start of the line after a break: passes blank lines (counted
   * in `folded`) and the next line's indentation; returns where its text starts.
   */
  protected foldQuoted(j: number): number {
    const s = this.s;
    let blank = 0;
    for (;;) {
      const ls = j;
      let c = s.charCodeAt(j);
      if ((c === DASH || c === 46) && this.isMarker(j)) bail();
      while (c === SP) c = s.charCodeAt(++j);
      if (j >= this.n || c === TAB) bail();
      if (c === LF || c === CR) {
        blank++;
        j = this.nextLineStart(j);
        continue;
      }
      if (j - ls < this.minCol) bail();
      this.folded = blank;
      return j;
    }
  }
}
