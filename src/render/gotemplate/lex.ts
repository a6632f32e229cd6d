// Lexer for Go text/template, after Go's text/template/parse/lex.go: a state machine over the input
// emitting items with their position (UTF-16 offset here; Go uses bytes) and line. Trim markers
// (`{{- ` and ` -}}`) are applied here, as in Go, by moving text boundaries.

export enum T {
  Error,
  Bool,
  Char,
  CharConstant,
  Comment,
  Assign,
  Declare,
  EOF,
  Field,
  Identifier,
  LeftDelim,
  LeftParen,
  Number,
  Pipe,
  RawString,
  RightDelim,
  RightParen,
  Space,
  String,
  Text,
  Variable,
  // keywords
  Block,
  Break,
  Continue,
  Dot,
  Define,
  Else,
  End,
  If,
  Nil,
  Range,
  Template,
  With,
}

export interface Item {
  readonly typ: T;
  readonly pos: number;
  readonly val: string;
  readonly line: number;
}

const keywords = new Map<string, T>(
  Object.entries({
    '.': T.Dot,
    block: T.Block,
    break: T.Break,
    continue: T.Continue,
    define: T.Define,
    else: T.Else,
    end: T.End,
    if: T.If,
    range: T.Range,
    nil: T.Nil,
    template: T.Template,
    with: T.With,
  }),
);

const LEFT = '{{';
const RIGHT = '}}';
const LEFT_COMMENT = '/*';
const RIGHT_COMMENT = '*/';
const TRIM_LEN = 2;

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

const alnum = /^[\p{L}\p{Nd}_]$/u;
function isAlphaNumeric(c: string | undefined): boolean {
  if (c === undefined) return false;
  const x = c.charCodeAt(0);
  if (x < 0x80) return (x >= 48 && x <= 57) || (x >= 65 && x <= 90) || (x >= 97 && x <= 122) || x === 95;
  return alnum.test(c);
}

function hasLeftTrimMarker(s: string, at: number): boolean {
  return s[at] === '-' && isSpace(s[at + 1]);
}

function hasRightTrimMarker(s: string, at: number): boolean {
  return isSpace(s[at]) && s[at + 1] === '-';
}

function leftTrimLength(s: string, at: number): number {
  let i = at;
  while (i < s.length && isSpace(s[i])) i++;
  return i - at;
}

/** Describes a character as Go's %#U does, for error messages. */
export function describeRune(c: string): string {
  const cp = c.codePointAt(0) ?? 0;
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  return /\p{L}|\p{N}|\p{P}|\p{S}/u.test(c) || c === ' ' ? `U+${hex} '${c}'` : `U+${hex}`;
}

/** Tokenises one template text. Items are produced eagerly (templates are small). */
export function lex(input: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  let start = 0;
  let parenDepth = 0;
  const lineAt = lineCounter(input);

  const emit = (typ: T) => {
    items.push({ typ, pos: start, val: input.slice(start, pos), line: lineAt(start) });
    start = pos;
  };
  const ignore = () => {
    start = pos;
  };
  const advanceTo = (p: number) => {
    pos = p;
  };
  const errorf = (msg: string): null => {
    items.push({ typ: T.Error, pos: start, val: msg, line: lineAt(start) });
    return null;
  };
  const next = (): string | undefined => {
    if (pos >= input.length) {
      pos = input.length + 1; // so backup() restores
      return undefined;
    }
    const x = input.charCodeAt(pos);
    if (x < 0xd800 || x > 0xdfff) {
      pos++;
      return input[pos - 1];
    }
    const c = String.fromCodePoint(input.codePointAt(pos)!);
    pos += c.length;
    return c;
  };
  let lastWidth = 0;
  const nextW = (): string | undefined => {
    const before = pos;
    const c = next();
    lastWidth = c === undefined ? 1 : pos - before;
    return c;
  };
  const backup = () => {
    pos -= lastWidth;
  };
  const peek = (): string | undefined => {
    if (pos >= input.length) return undefined;
    const x = input.charCodeAt(pos);
    if (x < 0xd800 || x > 0xdfff) return input[pos];
    return String.fromCodePoint(input.codePointAt(pos)!);
  };
  const atRightDelim = (): { delim: boolean; trim: boolean } => {
    if (hasRightTrimMarker(input, pos) && input.startsWith(RIGHT, pos + TRIM_LEN))
      return { delim: true, trim: true };
    if (input.startsWith(RIGHT, pos)) return { delim: true, trim: false };
    return { delim: false, trim: false };
  };
  const atTerminator = (): boolean => {
    const r = peek();
    if (isSpace(r)) return true;
    switch (r) {
      case undefined:
      case '.':
      case ',':
      case '|':
      case ':':
      case ')':
      case '(':
        return true;
    }
    return input.startsWith(RIGHT, pos);
  };
  const accept = (valid: string): boolean => {
    const c = nextW();
    if (c !== undefined && valid.includes(c)) return true;
    backup();
    return false;
  };
  const acceptRun = (valid: string) => {
    for (;;) {
      const c = nextW();
      if (c === undefined || !valid.includes(c)) break;
    }
    backup();
  };

  type State = (() => State) | null;

  const lexText = (): State => {
    const x = input.indexOf(LEFT, pos);
    if (x >= 0) {
      if (x > pos) {
        advanceTo(x);
        let trimLength = 0;
        const delimEnd = pos + LEFT.length;
        if (hasLeftTrimMarker(input, delimEnd)) {
          // trailing white space of the text before the action
          let j = pos;
          while (j > start && isSpace(input[j - 1])) j--;
          trimLength = pos - j;
        }
        pos -= trimLength;
        if (pos > start) emit(T.Text);
        advanceTo(pos + trimLength);
        ignore();
      }
      return lexLeftDelim;
    }
    advanceTo(input.length);
    if (pos > start) emit(T.Text);
    items.push({ typ: T.EOF, pos, val: '', line: lineAt(pos) });
    return null;
  };

  const lexLeftDelim = (): State => {
    pos += LEFT.length;
    const trim = hasLeftTrimMarker(input, pos);
    const afterMarker = trim ? TRIM_LEN : 0;
    if (input.startsWith(LEFT_COMMENT, pos + afterMarker)) {
      pos += afterMarker;
      ignore();
      return lexComment;
    }
    emit(T.LeftDelim);
    pos += afterMarker;
    ignore();
    parenDepth = 0;
    return lexInsideAction;
  };

  const lexComment = (): State => {
    pos += LEFT_COMMENT.length;
    const x = input.indexOf(RIGHT_COMMENT, pos);
    if (x < 0) return errorf('unclosed comment');
    advanceTo(x + RIGHT_COMMENT.length);
    const { delim, trim } = atRightDelim();
    if (!delim) return errorf('comment ends before closing delimiter');
    // Go drops comments unless asked to keep them (parse.ParseComments); so do we.
    if (trim) pos += TRIM_LEN;
    pos += RIGHT.length;
    if (trim) advanceTo(pos + leftTrimLength(input, pos));
    ignore();
    return lexText;
  };

  const lexRightDelim = (): State => {
    const { trim } = atRightDelim();
    if (trim) {
      pos += TRIM_LEN;
      ignore();
    }
    pos += RIGHT.length;
    emit(T.RightDelim);
    if (trim) {
      advanceTo(pos + leftTrimLength(input, pos));
      ignore();
    }
    return lexText;
  };

  const lexInsideAction = (): State => {
    const { delim } = atRightDelim();
    if (delim) {
      if (parenDepth === 0) return lexRightDelim;
      return errorf('unclosed left paren');
    }
    const r = nextW();
    if (r === undefined) return errorf('unclosed action');
    if (isSpace(r)) {
      backup();
      return lexSpace;
    }
    switch (r) {
      case '=':
        emit(T.Assign);
        return lexInsideAction;
      case ':':
        if (nextW() !== '=') return errorf('expected :=');
        emit(T.Declare);
        return lexInsideAction;
      case '|':
        emit(T.Pipe);
        return lexInsideAction;
      case '"':
        return lexQuote;
      case '`':
        return lexRawQuote;
      case '$':
        return lexVariable;
      case "'":
        return lexChar;
      case '(':
        emit(T.LeftParen);
        parenDepth++;
        return lexInsideAction;
      case ')':
        emit(T.RightParen);
        parenDepth--;
        if (parenDepth < 0) return errorf('unexpected right paren');
        return lexInsideAction;
    }
    if (r === '.') {
      const c = input[pos];
      if (pos < input.length && (c! < '0' || c! > '9')) return lexField;
      backup();
      return lexNumber;
    }
    if (r === '+' || r === '-' || (r >= '0' && r <= '9')) {
      backup();
      return lexNumber;
    }
    if (isAlphaNumeric(r)) {
      backup();
      return lexIdentifier;
    }
    const cp = r.codePointAt(0)!;
    if (cp <= 0x7f && cp >= 0x20 && cp !== 0x7f) {
      emit(T.Char);
      return lexInsideAction;
    }
    return errorf(`unrecognized character in action: ${describeRune(r)}`);
  };

  const lexSpace = (): State => {
    let numSpaces = 0;
    while (isSpace(peek())) {
      next();
      numSpaces++;
    }
    // A space may be the start of " -}}".
    if (hasRightTrimMarker(input, pos - 1) && input.startsWith(RIGHT, pos - 1 + TRIM_LEN)) {
      lastWidth = 1;
      backup();
      if (numSpaces === 1) return lexInsideAction;
    }
    emit(T.Space);
    return lexInsideAction;
  };

  const lexIdentifier = (): State => {
    for (;;) {
      const r = nextW();
      if (isAlphaNumeric(r)) continue;
      backup();
      const word = input.slice(start, pos);
      if (!atTerminator()) return errorf(`bad character ${describeRune(r ?? '')}`);
      const kw = keywords.get(word);
      if (kw !== undefined && kw !== T.Dot) emit(kw);
      else if (word[0] === '.') emit(T.Field);
      else if (word === 'true' || word === 'false') emit(T.Bool);
      else emit(T.Identifier);
      return lexInsideAction;
    }
  };

  const lexFieldOrVariable = (typ: T): State => {
    if (atTerminator()) {
      emit(typ === T.Variable ? T.Variable : T.Dot);
      return lexInsideAction;
    }
    let r: string | undefined;
    for (;;) {
      r = nextW();
      if (!isAlphaNumeric(r)) {
        backup();
        break;
      }
    }
    if (!atTerminator()) return errorf(`bad character ${describeRune(r ?? '')}`);
    emit(typ);
    return lexInsideAction;
  };
  const lexField = (): State => lexFieldOrVariable(T.Field);
  const lexVariable = (): State => lexFieldOrVariable(T.Variable);

  const lexChar = (): State => {
    for (;;) {
      const c = nextW();
      if (c === '\\') {
        const r = nextW();
        if (r !== undefined && r !== '\n') continue;
        return errorf('unterminated character constant');
      }
      if (c === undefined || c === '\n') return errorf('unterminated character constant');
      if (c === "'") break;
    }
    emit(T.CharConstant);
    return lexInsideAction;
  };

  const scanNumber = (): boolean => {
    accept('+-');
    let digits = '0123456789_';
    if (accept('0')) {
      if (accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (accept('oO')) digits = '01234567_';
      else if (accept('bB')) digits = '01_';
    }
    acceptRun(digits);
    if (accept('.')) acceptRun(digits);
    if (digits.length === 11 && accept('eE')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    if (digits.length === 23 && accept('pP')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    accept('i');
    if (isAlphaNumeric(peek())) {
      nextW();
      return false;
    }
    return true;
  };

  const lexNumber = (): State => {
    if (!scanNumber()) return errorf(`bad number syntax: ${goQuote(input.slice(start, pos))}`);
    emit(T.Number);
    return lexInsideAction;
  };

  const lexQuote = (): State => {
    for (;;) {
      const c = nextW();
      if (c === '\\') {
        const r = nextW();
        if (r !== undefined && r !== '\n') continue;
        return errorf('unterminated quoted string');
      }
      if (c === undefined || c === '\n') return errorf('unterminated quoted string');
      if (c === '"') break;
    }
    emit(T.String);
    return lexInsideAction;
  };

  const lexRawQuote = (): State => {
    for (;;) {
      const c = nextW();
      if (c === undefined) return errorf('unterminated raw quoted string');
      if (c === '`') break;
    }
    emit(T.RawString);
    return lexInsideAction;
  };

  let state: State = lexText;
  let guard = 0;
  while (state) {
    state = state();
    if (items.length > 0 && items[items.length - 1]!.typ === T.Error) break;
    if (++guard > 10 * (input.length + 10)) throw new Error('internal error: lexer made no progress');
  }
  return items;
}

/** Returns a function giving the 1-based line of an offset. */
export function lineCounter(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** Go's strconv.Quote for error messages (printable runes kept, others escaped). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (cp === 0xfffd && ch !== '\ufffd') {
      out += '\\ufffd';
    } else if (isGoPrintable(cp)) {
      out += ch;
    } else if (cp < 0x80) {
      out += `\\x${cp.toString(16).padStart(2, '0')}`;
    } else if (cp < 0x10000) {
      out += `\\u${cp.toString(16).padStart(4, '0')}`;
    } else {
      out += `\\U${cp.toString(16).padStart(8, '0')}`;
    }
  }
  return `${out}"`;
}

const printableRe = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
/** Go's unicode.IsPrint (letters, marks, numbers, punctuation, symbols and ASCII space). */
export function isGoPrintable(cp: number): boolean {
  if (cp >= 0x20 && cp < 0x7f) return true;
  if (cp < 0xa0) return false;
  if (cp >= 0xd800 && cp <= 0xdfff) return false;
  return printableRe.test(String.fromCodePoint(cp));
}
