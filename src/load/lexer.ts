// The `yaml` package's Lexer, made as lenient as go-yaml (kubectl, helm) about indentation where
// go-yaml ignores it: inside flow collections and inside quoted scalars. YAML 1.2 wants their
// continuation lines indented past the parent block's column; libyaml's scanner only unrolls block
// indentation outside flow context and never checks it inside a quoted scalar, so `k: 'a\n  b'` under
// `data:` at the key's own column, or `command: [a,\nb]`, load there (checked against kubectl 1.35).
// Document markers (`---`, `...` at column 0) still end such content, as in go-yaml. Plain scalars in
// block context keep the indentation rule: go-yaml has it too.
import { Composer, type CST, type Document, Lexer, type LineCounter, Parser, YAMLParseError } from 'yaml';

/** The Lexer's internals this module relies on (private in its typings). */
interface LexerInternals {
  flowLevel: number;
  indentNext: number;
  parseQuotedScalar(this: LexerInternals): Generator<string, string>;
}

const STORED_INDENT = Symbol('indentNext');
const IN_QUOTES = Symbol('inQuotes');
type Lenient = LexerInternals & { [STORED_INDENT]: number; [IN_QUOTES]: boolean };

class GoIndentLexer extends Lexer {}

const proto = GoIndentLexer.prototype as unknown as Lenient;
// Every indentation check the Lexer makes reads `indentNext`; inside flow content or quotes it reads
// 0, which leaves only the document-marker checks. Writes are kept for the block context around.
Object.defineProperty(proto, 'indentNext', {
  get(this: Lenient): number {
    return this.flowLevel > 0 || this[IN_QUOTES] ? 0 : this[STORED_INDENT];
  },
  set(this: Lenient, value: number) {
    this[STORED_INDENT] = value;
  },
});
const parseQuotedScalar = (Lexer.prototype as unknown as LexerInternals).parseQuotedScalar;
proto.parseQuotedScalar = function* (this: Lenient) {
  this[IN_QUOTES] = true;
  try {
    return yield* parseQuotedScalar.call(this);
  } finally {
    this[IN_QUOTES] = false;
  }
};

/** The CST of `text`, lexed with go-yaml's indentation leniency. */
export function* parseCst(text: string, lineCounter?: LineCounter): Generator<CST.Token> {
  const parser = new Parser(lineCounter?.addNewLine);
  for (const lexeme of new GoIndentLexer().lex(text)) yield* parser.next(lexeme);
  yield* parser.end();
}

type ComposeOptions = ConstructorParameters<typeof Composer>[0];

/** `parseAllDocuments` of the `yaml` package over that CST (errors stay on each Document). */
export function parseAllDocumentsGo(
  text: string,
  options: ComposeOptions,
  lineCounter?: LineCounter,
): Document.Parsed[] {
  const composer = new Composer(options);
  return Array.from(composer.compose(parseCst(text, lineCounter))) as Document.Parsed[];
}

/** `parseDocument` of the `yaml` package over that CST: the first document; a second is an error. */
export function parseDocumentGo(
  text: string,
  options: ComposeOptions,
  lineCounter?: LineCounter,
): Document.Parsed {
  const composer = new Composer(options);
  let doc: Document.Parsed | null = null;
  for (const next of composer.compose(parseCst(text, lineCounter), true, text.length)) {
    if (!doc) doc = next as Document.Parsed;
    else {
      const [start, end] = next.range;
      doc.errors.push(
        new YAMLParseError(
          [start, end],
          'MULTIPLE_DOCS',
          'Source contains multiple documents; please use YAML.parseAllDocuments()',
        ),
      );
      break;
    }
  }
  // compose(…, forceDoc) always yields a document.
  return doc!;
}
