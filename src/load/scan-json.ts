// The scanner's path for JSON: a document that is one JSON object (CRD bundles and API test data are
// often written so). scan.ts leaves flow collections that nest or span lines to the CST path, which
// reads them at a few MB/s; JSON's grammar is small enough to read here, straight into tree rows, with
// the same trees, values and offsets as the other paths give (test/load/scan-json.test.ts compares
// them). It answers only for strict JSON without tabs, CRs or the characters scan.ts refuses; a
// duplicate key, a nesting past the limit or anything else steps aside for the whole text, so the
// other paths decide and report as before.
import type { ParsedDocument, ParseLimits, ParseResult } from './compose.js';
import { MERGE, plainValue } from './cst.js';
import { TreeBuilder } from './nodes.js';
import { bail, COLON, COMMA, DQUOTE, LF, ScanText, SP } from './scan-text.js';
import type { ScalarValue } from './tree.js';

/** Controls, CR, NEL, LINE/PARAGRAPH SEPARATOR, byte-order marks and non-characters: left to the other paths. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const REFUSED = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;
/** JSON's number grammar (RFC 8259). */
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;

/** The trees of `text` when it is one JSON object, else null (the other paths decide). */
export function scanJsonText(text: string, limits: ParseLimits): ParseResult | null {
  if (REFUSED.test(text)) return null;
  try {
    return new JsonScanner(text, limits).run();
  } catch {
    return null;
  }
}

class JsonScanner extends ScanText {
  private p = 0;
  private depth = 0;
  private ids = new Int32Array(1024);
  private idLen = 0;
  private readonly trees = new TreeBuilder();

  constructor(
    text: string,
    private readonly limits: ParseLimits,
  ) {
    super(text, text, false);
  }

  run(): ParseResult {
    this.white();
    if (this.s.charCodeAt(this.p) !== LBRACE) bail();
    const contentStart = this.p;
    const root = this.value();
    this.white();
    if (this.p !== this.n) bail();
    this.trees.finish();
    const document: ParsedDocument = {
      root: this.trees.nodeOf(root),
      // The document starts on the line of its content (blank lines before it belong to none).
      start: this.s.lastIndexOf('\n', contentStart) + 1,
      end: this.n,
      contentStart,
    };
    return { documents: [document], problems: [] };
  }

  /** Skips JSON white space (tabs and CRs never reach here). */
  private white(): void {
    const s = this.s;
    let c = s.charCodeAt(this.p);
    while (c === SP || c === LF) c = s.charCodeAt(++this.p);
  }

  private push(id: number): void {
    if (this.idLen === this.ids.length) {
      const grown = new Int32Array(this.ids.length * 2);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[this.idLen++] = id;
  }

  private value(): number {
    const c = this.s.charCodeAt(this.p);
    if (c === LBRACE) return this.object();
    if (c === LBRACKET) return this.array();
    if (c === DQUOTE) return this.string();
    return this.literal();
  }

  private enter(): void {
    if (++this.depth > this.limits.maxDepth) bail();
  }

  private object(): number {
    this.enter();
    const s = this.s;
    const start = this.p++;
    const from = this.idLen;
    // Keys so far, for duplicates: a list while short, a set once long.
    const names: ScalarValue[] = [];
    let nameSet: Set<ScalarValue> | undefined;
    this.white();
    if (s.charCodeAt(this.p) !== RBRACE) {
      for (;;) {
        if (s.charCodeAt(this.p) !== DQUOTE) bail();
        const keyStart = this.p;
        const key = this.quoted(keyStart, false);
        this.p = this.tokEnd;
        // A duplicate key is a problem the other paths report.
        if (names.length >= 8) {
          nameSet ??= new Set(names);
          if (nameSet.has(key)) bail();
          nameSet.add(key);
        } else if (names.includes(key)) bail();
        names.push(key);
        this.push(0);
        this.push(0);
        this.trees.writeKey(this.ids, this.idLen - 2, key, true, keyStart, this.tokEnd);
        this.white();
        if (s.charCodeAt(this.p) !== COLON) bail();
        this.p++;
        this.white();
        this.push(this.value());
        this.white();
        const d = s.charCodeAt(this.p);
        if (d === COMMA) {
          this.p++;
          this.white();
          continue;
        }
        if (d === RBRACE) break;
        bail();
      }
    }
    this.p++;
    // Three ints an entry: the key's two (writeKey), the value's id.
    const id = this.trees.mapRow(this.ids, from, (this.idLen - from) / 3, start, this.p);
    this.idLen = from;
    this.depth--;
    return id;
  }

  private array(): number {
    this.enter();
    const s = this.s;
    const start = this.p++;
    const from = this.idLen;
    this.white();
    if (s.charCodeAt(this.p) !== RBRACKET) {
      for (;;) {
        this.push(this.value());
        this.white();
        const d = s.charCodeAt(this.p);
        if (d === COMMA) {
          this.p++;
          this.white();
          continue;
        }
        if (d === RBRACKET) break;
        bail();
      }
    }
    this.p++;
    const id = this.trees.seqRow(this.ids, from, this.idLen - from, start, this.p);
    this.idLen = from;
    this.depth--;
    return id;
  }

  private string(): number {
    const start = this.p;
    const value = this.quoted(start, false);
    this.p = this.tokEnd;
    return this.trees.scalarRow(value, true, start, this.p);
  }

  /** A number, `true`, `false` or `null`, resolved as the other paths resolve plain scalars. */
  private literal(): number {
    const s = this.s;
    const start = this.p;
    let q = start;
    for (;;) {
      const c = s.charCodeAt(q);
      if ((c >= 48 && c <= 57) || (c >= 97 && c <= 122) || c === 45 || c === 43 || c === 46 || c === 69) q++;
      else break;
    }
    const token = s.slice(start, q);
    if (token !== 'true' && token !== 'false' && token !== 'null' && !JSON_NUMBER.test(token)) bail();
    const value = plainValue(token, false);
    if (value === MERGE) bail();
    this.p = q;
    return this.trees.scalarRow(value, false, start, q);
  }
}
