// Parser for Go text/template, after Go's text/template/parse/parse.go and node.go. Every node keeps
// its position (UTF-16 offset into its tree's text) and its tree, so errors can say `name:line:col`
// as Go does and output segments can point at the node that wrote them.
import { goQuote, type Item, lex, lineCounter, T } from './lex.js';

/** One parsed template: a file's top level or a `define`/`block` body. */
export interface Tree {
  /** The template's name (`define "x"` → `x`). */
  readonly name: string;
  /** The name of the text it was parsed from (the file), as Go's ParseName. */
  readonly parseName: string;
  readonly text: string;
  readonly lineAt: (offset: number) => number;
  root: ListNode;
}

interface Base {
  readonly pos: number;
  readonly tree: Tree;
}

export interface ListNode extends Base {
  readonly type: 'list';
  readonly nodes: Node[];
}
export interface TextNode extends Base {
  readonly type: 'text';
  readonly text: string;
}
export interface ActionNode extends Base {
  readonly type: 'action';
  readonly line: number;
  readonly pipe: PipeNode;
  /** Span of the whole `{{ … }}` in the text. */
  readonly start: number;
  readonly end: number;
}
export interface BranchNode extends Base {
  readonly type: 'if' | 'range' | 'with';
  readonly line: number;
  readonly pipe: PipeNode;
  readonly list: ListNode;
  readonly elseList: ListNode | null;
}
export interface TemplateNode extends Base {
  readonly type: 'template';
  readonly line: number;
  readonly name: string;
  readonly pipe: PipeNode | null;
  readonly start: number;
  readonly end: number;
  /** True when it stems from `block`. */
  readonly block: boolean;
}
export interface BreakNode extends Base {
  readonly type: 'break' | 'continue';
  readonly line: number;
}
interface EndNode extends Base {
  readonly type: 'end';
}
interface ElseNode extends Base {
  readonly type: 'else';
  readonly line: number;
}

export interface PipeNode extends Base {
  readonly type: 'pipe';
  readonly line: number;
  isAssign: boolean;
  readonly decl: VariableNode[];
  readonly cmds: CommandNode[];
}
export interface CommandNode extends Base {
  readonly type: 'command';
  readonly args: ArgNode[];
}
export interface FieldNode extends Base {
  readonly type: 'field';
  readonly ident: string[];
}
export interface VariableNode extends Base {
  readonly type: 'variable';
  readonly ident: string[];
}
export interface ChainNode extends Base {
  readonly type: 'chain';
  readonly node: ArgNode;
  readonly field: string[];
}
export interface IdentifierNode extends Base {
  readonly type: 'identifier';
  readonly ident: string;
}
export interface DotNode extends Base {
  readonly type: 'dot';
}
export interface NilNode extends Base {
  readonly type: 'nil';
}
export interface BoolNode extends Base {
  readonly type: 'bool';
  readonly value: boolean;
}
export interface StringNode extends Base {
  readonly type: 'string';
  readonly quoted: string;
  readonly text: string;
}
export interface NumberNode extends Base {
  readonly type: 'number';
  readonly text: string;
  readonly isInt: boolean;
  readonly isUint: boolean;
  readonly isFloat: boolean;
  readonly int: bigint;
  readonly float: number;
}

export type ArgNode =
  | FieldNode
  | VariableNode
  | ChainNode
  | IdentifierNode
  | DotNode
  | NilNode
  | BoolNode
  | StringNode
  | NumberNode
  | PipeNode;

export type Node = ListNode | TextNode | ActionNode | BranchNode | TemplateNode | BreakNode;
type AnyNode = Node | EndNode | ElseNode | ArgNode | CommandNode;

/** A parse error; the message is Go's, e.g. `template: main:1: unexpected EOF`. */
export class ParseError extends Error {
  constructor(
    message: string,
    readonly parseName: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'ParseError';
  }
}

// ---------------------------------------------------------------------------------------------------
// Node printing (Go's Node.String), used in error contexts `at <…>`.

export function nodeString(n: AnyNode): string {
  switch (n.type) {
    case 'list':
      return n.nodes.map(nodeString).join('');
    case 'text':
      return goQuote(n.text);
    case 'action':
      return `{{${nodeString(n.pipe)}}}`;
    case 'if':
    case 'range':
    case 'with': {
      let s = `{{${n.type} ${nodeString(n.pipe)}}}${nodeString(n.list)}`;
      if (n.elseList) s += `{{else}}${nodeString(n.elseList)}`;
      return `${s}{{end}}`;
    }
    case 'template':
      return n.pipe
        ? `{{template ${goQuote(n.name)} ${nodeString(n.pipe)}}}`
        : `{{template ${goQuote(n.name)}}}`;
    case 'break':
      return '{{break}}';
    case 'continue':
      return '{{continue}}';
    case 'end':
      return '{{end}}';
    case 'else':
      return '{{else}}';
    case 'pipe': {
      let s = '';
      if (n.decl.length > 0) {
        s = `${n.decl.map(nodeString).join(', ')} ${n.isAssign ? '=' : ':='} `;
      }
      return s + n.cmds.map(nodeString).join(' | ');
    }
    case 'command':
      return n.args.map((a) => (a.type === 'pipe' ? `(${nodeString(a)})` : nodeString(a))).join(' ');
    case 'field':
      return `.${n.ident.join('.')}`;
    case 'variable':
      return n.ident.join('.');
    case 'chain': {
      const inner = n.node.type === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node);
      return `${inner}.${n.field.join('.')}`;
    }
    case 'identifier':
      return n.ident;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return n.value ? 'true' : 'false';
    case 'string':
      return n.quoted;
    case 'number':
      return n.text;
  }
}

/** Go's IsEmptyTree: only white space and comments. */
export function isEmptyTree(n: Node | null): boolean {
  if (n === null) return true;
  switch (n.type) {
    case 'list':
      return n.nodes.every(isEmptyTree);
    case 'text':
      return n.text.trim() === '' && !/[^\t\n\v\f\r \u0085\u00a0]/.test(n.text);
    default:
      return false;
  }
}

function itemString(it: Item): string {
  switch (it.typ) {
    case T.EOF:
      return 'EOF';
    case T.Error:
      return it.val;
    case T.Block:
    case T.Break:
    case T.Continue:
    case T.Define:
    case T.Else:
    case T.End:
    case T.If:
    case T.Nil:
    case T.Range:
    case T.Template:
    case T.With:
      return `<${it.val}>`;
  }
  if ([...it.val].length > 10) return `${goQuote([...it.val].slice(0, 10).join('')).slice(0, -1)}"...`;
  return goQuote(it.val);
}

// ---------------------------------------------------------------------------------------------------
// Unquoting (Go's strconv.Unquote) and numbers

function unquote(quoted: string): string {
  if (quoted.startsWith('`')) {
    if (!quoted.endsWith('`') || quoted.length < 2) throw new Error('invalid syntax');
    return quoted.slice(1, -1).replace(/\r/g, '');
  }
  const q = quoted[0];
  if ((q !== '"' && q !== "'") || quoted.length < 2 || quoted[quoted.length - 1] !== q) {
    throw new Error('invalid syntax');
  }
  const body = quoted.slice(1, -1);
  let out = '';
  const bytes: number[] = [];
  const flushBytes = () => {
    if (bytes.length) {
      out += Buffer.from(bytes).toString('utf8');
      bytes.length = 0;
    }
  };
  for (let i = 0; i < body.length; ) {
    const c = body[i]!;
    if (c === q && q === '"') throw new Error('invalid syntax');
    if (c !== '\\') {
      flushBytes();
      const cp = body.codePointAt(i)!;
      out += String.fromCodePoint(cp);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const e = body[i + 1];
    i += 2;
    const simple: Record<string, string> = {
      a: '\x07',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
      v: '\v',
      '\\': '\\',
      "'": "'",
      '"': '"',
    };
    if (e !== undefined && simple[e] !== undefined) {
      if ((e === "'" && q === '"') || (e === '"' && q === "'")) throw new Error('invalid syntax');
      flushBytes();
      out += simple[e];
      continue;
    }
    const hexLen = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hexLen) {
      const h = body.slice(i, i + hexLen);
      if (!/^[0-9a-fA-F]+$/.test(h) || h.length !== hexLen) throw new Error('invalid syntax');
      i += hexLen;
      const v = Number.parseInt(h, 16);
      if (e === 'x') bytes.push(v);
      else {
        flushBytes();
        if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw new Error('invalid syntax');
        out += String.fromCodePoint(v);
      }
      continue;
    }
    if (e !== undefined && e >= '0' && e <= '7') {
      const o = body.slice(i - 1, i + 2);
      if (!/^[0-7]{3}$/.test(o)) throw new Error('invalid syntax');
      i += 2;
      const v = Number.parseInt(o, 8);
      if (v > 255) throw new Error('invalid syntax');
      bytes.push(v);
      continue;
    }
    throw new Error('invalid syntax');
  }
  flushBytes();
  return out;
}

const digitPatterns: Record<number, RegExp> = {
  2: /^[01]+$/,
  8: /^[0-7]+$/,
  10: /^[0-9]+$/,
  16: /^[0-9a-fA-F]+$/,
};

/** Go's strconv.ParseInt(text, 0, 64)-like parse: returns undefined when it is not an integer. */
function parseGoInt(text: string, unsigned: boolean): bigint | undefined {
  // Fast path: plain decimal literals (the common case).
  if (/^(0|[1-9][0-9]{0,14})$/.test(text)) return BigInt(text);
  let s = text;
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    if (unsigned) return undefined;
    neg = s[0] === '-';
    s = s.slice(1);
  }
  let base = 10;
  let digits = s;
  const p = s.slice(0, 2).toLowerCase();
  if (p === '0x') {
    base = 16;
    digits = s.slice(2);
  } else if (p === '0o') {
    base = 8;
    digits = s.slice(2);
  } else if (p === '0b') {
    base = 2;
    digits = s.slice(2);
  } else if (s.length > 1 && s[0] === '0') {
    base = 8;
    digits = s.slice(1);
  }
  // Underscores only between digits (or after a base prefix), as Go's underscoreOK.
  if (digits.includes('_')) {
    const withPrefix = base !== 10 ? `0${digits}` : digits;
    if (/^_|__|_$/.test(withPrefix)) return undefined;
    digits = digits.replace(/_/g, '');
  }
  if (digits === '') return undefined;
  if (!digitPatterns[base]!.test(digits)) return undefined;
  let v = 0n;
  for (const d of digits) v = v * BigInt(base) + BigInt(Number.parseInt(d, 16));
  if (neg) v = -v;
  if (unsigned) return v <= 0xffffffffffffffffn ? v : undefined;
  return v >= -(2n ** 63n) && v < 2n ** 63n ? v : undefined;
}

function parseGoFloat(text: string): number | undefined {
  const s = text.replace(/_/g, '');
  if (/^[+-]?0[xX]/.test(s)) {
    const m = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/.exec(s);
    if (!m || (!m[2] && !m[3])) return undefined;
    const mant = Number.parseInt((m[2] || '0') + (m[3] || ''), 16) / 16 ** (m[3]?.length ?? 0);
    const v = mant * 2 ** Number(m[4] ?? 0);
    return m[1] === '-' ? -v : v;
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return undefined;
  return Number(s);
}

function charValue(text: string): number {
  const s = unquote(text);
  const cps = [...s];
  if (cps.length !== 1) throw new Error(`malformed character constant: ${text}`);
  return cps[0]!.codePointAt(0)!;
}

// ---------------------------------------------------------------------------------------------------
// The parser

export interface ParseOptions {
  /** Whether a function of that name exists (Go checks at parse time). */
  readonly hasFunction: (name: string) => boolean;
}

/**
 * Parses `text` as template `name`, returning every tree it defines: the top level under `name`
 * and each `define`/`block` under its own name. Throws ParseError with Go's message.
 */
export function parse(name: string, text: string, options: ParseOptions): Map<string, Tree> {
  const items = lex(text);
  const lineAt = lineCounter(text);
  const treeSet = new Map<string, Tree>();
  let li = 0;
  const lexNext = (): Item => {
    const it = items[li] ?? items[items.length - 1]!;
    if (li < items.length - 1) li++;
    else li = items.length;
    return it;
  };

  // Go's three-item lookahead buffer.
  const token: Item[] = [];
  let peekCount = 0;

  let tree: Tree;
  let vars: string[] = ['$'];
  let rangeDepth = 0;
  let actionLine = 0;

  const errorf = (msg: string): never => {
    throw new ParseError(`template: ${name}:${token[0]?.line ?? 1}: ${msg}`, name, token[0]?.line ?? 1);
  };
  const next = (): Item => {
    if (peekCount > 0) peekCount--;
    else token[0] = lexNext();
    return token[peekCount]!;
  };
  const backup = () => {
    peekCount++;
  };
  const backup2 = (t1: Item) => {
    token[1] = t1;
    peekCount = 2;
  };
  const backup3 = (t2: Item, t1: Item) => {
    token[1] = t1;
    token[2] = t2;
    peekCount = 3;
  };
  const peek = (): Item => {
    if (peekCount > 0) return token[peekCount - 1]!;
    peekCount = 1;
    token[0] = lexNext();
    return token[0];
  };
  const nextNonSpace = (): Item => {
    let t: Item;
    do t = next();
    while (t.typ === T.Space);
    return t;
  };
  const peekNonSpace = (): Item => {
    const t = nextNonSpace();
    backup();
    return t;
  };
  const unexpected = (it: Item, context: string): never => {
    if (it.typ === T.Error) {
      let extra = '';
      if (actionLine !== 0 && actionLine !== it.line) {
        extra = ` in action started at ${name}:${actionLine}`;
        if (it.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      return errorf(`${itemString(it)}${extra}`);
    }
    return errorf(`unexpected ${itemString(it)} in ${context}`);
  };
  const expect = (typ: T, context: string): Item => {
    const t = nextNonSpace();
    if (t.typ !== typ) unexpected(t, context);
    return t;
  };
  const expectOneOf = (a: T, b: T, context: string): Item => {
    const t = nextNonSpace();
    if (t.typ !== a && t.typ !== b) unexpected(t, context);
    return t;
  };

  const newList = (pos: number): ListNode => ({ type: 'list', pos, tree, nodes: [] });

  const add = (t: Tree) => {
    const existing = treeSet.get(t.name);
    if (!existing || isEmptyTree(existing.root)) {
      treeSet.set(t.name, t);
      return;
    }
    if (!isEmptyTree(t.root)) errorf(`template: multiple definition of template ${goQuote(t.name)}`);
  };

  const withTree = <R>(t: Tree, f: () => R): R => {
    const saved = { tree, vars, rangeDepth };
    tree = t;
    vars = ['$'];
    rangeDepth = 0;
    try {
      return f();
    } finally {
      ({ tree, vars, rangeDepth } = saved);
    }
  };

  const newTree = (treeName: string): Tree => ({
    name: treeName,
    parseName: name,
    text,
    lineAt,
    root: { type: 'list', pos: 0, tree: undefined as unknown as Tree, nodes: [] },
  });

  // parse
  tree = newTree(name);
  tree.root = newList(peek().pos);
  const parseTop = () => {
    while (peek().typ !== T.EOF) {
      if (peek().typ === T.LeftDelim) {
        const delim = next();
        if (nextNonSpace().typ === T.Define) {
          parseDefinition();
          continue;
        }
        backup2(delim);
      }
      const n = textOrAction();
      if (n.type === 'end' || n.type === 'else') errorf(`unexpected ${nodeString(n)}`);
      tree.root.nodes.push(n as Node);
    }
  };

  const parseDefinition = () => {
    const context = 'define clause';
    const nameTok = expectOneOf(T.String, T.RawString, context);
    let defName: string;
    try {
      defName = unquote(nameTok.val);
    } catch (e) {
      return errorf((e as Error).message);
    }
    const t = newTree(defName);
    withTree(t, () => {
      expect(T.RightDelim, context);
      const [list, end] = itemList();
      t.root = list;
      if (end.type !== 'end') errorf(`unexpected ${nodeString(end)} in ${context}`);
    });
    add(t);
  };

  const itemList = (): [ListNode, AnyNode] => {
    const list = newList(peekNonSpace().pos);
    while (peekNonSpace().typ !== T.EOF) {
      const n = textOrAction();
      if (n.type === 'end' || n.type === 'else') return [list, n];
      list.nodes.push(n as Node);
    }
    return errorf('unexpected EOF');
  };

  const textOrAction = (): AnyNode => {
    const t = nextNonSpace();
    switch (t.typ) {
      case T.Text:
        return { type: 'text', pos: t.pos, tree, text: t.val };
      case T.LeftDelim: {
        actionLine = t.line;
        try {
          return action(t);
        } finally {
          actionLine = 0;
        }
      }
    }
    return unexpected(t, 'input');
  };

  const action = (delim: Item): AnyNode => {
    const t = nextNonSpace();
    switch (t.typ) {
      case T.Block:
        return blockControl(delim);
      case T.Break:
      case T.Continue:
        return breakControl(t);
      case T.Else:
        return elseControl();
      case T.End:
        return { type: 'end', pos: expect(T.RightDelim, 'end').pos, tree };
      case T.If:
        return branch('if');
      case T.Range:
        return branch('range');
      case T.Template:
        return templateControl(delim);
      case T.With:
        return branch('with');
    }
    backup();
    const tok = peek();
    const pipe = pipeline('command', T.RightDelim);
    return { type: 'action', pos: tok.pos, tree, line: tok.line, pipe, start: delim.pos, end: lastEnd };
  };

  // End offset of the last right delimiter consumed (for action spans).
  let lastEnd = 0;

  const breakControl = (t: Item): BreakNode => {
    const kind = t.typ === T.Break ? 'break' : 'continue';
    const tok = nextNonSpace();
    if (tok.typ !== T.RightDelim) unexpected(tok, `{{${kind}}}`);
    if (rangeDepth === 0) errorf(`{{${kind}}} outside {{range}}`);
    return { type: kind, pos: t.pos, tree, line: t.line };
  };

  const elseControl = (): ElseNode => {
    const p = peekNonSpace();
    if (p.typ === T.If || p.typ === T.With) return { type: 'else', pos: p.pos, tree, line: p.line };
    const t = expect(T.RightDelim, 'else');
    return { type: 'else', pos: t.pos, tree, line: t.line };
  };

  const branch = (context: 'if' | 'range' | 'with'): BranchNode => {
    const mark = vars.length;
    try {
      const pipe = pipeline(context, T.RightDelim);
      if (context === 'range') rangeDepth++;
      let [list, nextNode] = itemList();
      if (context === 'range') rangeDepth--;
      let elseList: ListNode | null = null;
      if (nextNode.type === 'else') {
        if (context === 'if' && peek().typ === T.If) {
          next();
          elseList = newList(nextNode.pos);
          elseList.nodes.push(branch('if'));
        } else if (context === 'with' && peek().typ === T.With) {
          next();
          elseList = newList(nextNode.pos);
          elseList.nodes.push(branch('with'));
        } else {
          [elseList, nextNode] = itemList();
          if (nextNode.type !== 'end') errorf(`expected end; found ${nodeString(nextNode)}`);
        }
      }
      void list;
      return { type: context, pos: pipe.pos, tree, line: pipe.line, pipe, list, elseList };
    } finally {
      vars.length = mark;
    }
  };

  const parseTemplateName = (t: Item, context: string): string => {
    if (t.typ === T.String || t.typ === T.RawString) {
      try {
        return unquote(t.val);
      } catch (e) {
        return errorf((e as Error).message);
      }
    }
    return unexpected(t, context);
  };

  const templateControl = (delim: Item): TemplateNode => {
    const context = 'template clause';
    const t = nextNonSpace();
    const tname = parseTemplateName(t, context);
    let pipe: PipeNode | null = null;
    if (nextNonSpace().typ !== T.RightDelim) {
      backup();
      pipe = pipeline(context, T.RightDelim);
    } else {
      lastEnd = token[0]!.pos + 2;
    }
    return {
      type: 'template',
      pos: t.pos,
      tree,
      line: t.line,
      name: tname,
      pipe,
      start: delim.pos,
      end: lastEnd,
      block: false,
    };
  };

  const blockControl = (delim: Item): TemplateNode => {
    const context = 'block clause';
    const t = nextNonSpace();
    const bname = parseTemplateName(t, context);
    const pipe = pipeline(context, T.RightDelim);
    const end = lastEnd;
    const b = newTree(bname);
    withTree(b, () => {
      const [list, endNode] = itemList();
      b.root = list;
      if (endNode.type !== 'end') errorf(`unexpected ${nodeString(endNode)} in ${context}`);
    });
    add(b);
    return {
      type: 'template',
      pos: t.pos,
      tree,
      line: t.line,
      name: bname,
      pipe,
      start: delim.pos,
      end,
      block: true,
    };
  };

  const pipeline = (context: string, end: T): PipeNode => {
    const tok = peekNonSpace();
    const pipe: PipeNode = {
      type: 'pipe',
      pos: tok.pos,
      tree,
      line: tok.line,
      isAssign: false,
      decl: [],
      cmds: [],
    };
    for (;;) {
      const v = peekNonSpace();
      if (v.typ !== T.Variable) break;
      next();
      const tokenAfterVariable = peek();
      const nx = peekNonSpace();
      if (nx.typ === T.Assign || nx.typ === T.Declare) {
        pipe.isAssign = nx.typ === T.Assign;
        nextNonSpace();
        pipe.decl.push({ type: 'variable', pos: v.pos, tree, ident: [v.val] });
        vars.push(v.val);
      } else if (nx.typ === T.Char && nx.val === ',') {
        nextNonSpace();
        pipe.decl.push({ type: 'variable', pos: v.pos, tree, ident: [v.val] });
        vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const p = peekNonSpace().typ;
          if (p === T.Variable || p === T.RightDelim || p === T.RightParen) continue;
          errorf('range can only initialize variables');
        }
        errorf(`too many declarations in ${context}`);
      } else if (tokenAfterVariable.typ === T.Space) {
        backup3(v, tokenAfterVariable);
      } else {
        backup2(v);
      }
      break;
    }
    for (;;) {
      const t = nextNonSpace();
      if (t.typ === end) {
        if (end === T.RightDelim) lastEnd = t.pos + t.val.length;
        checkPipeline(pipe, context);
        return pipe;
      }
      switch (t.typ) {
        case T.Bool:
        case T.CharConstant:
        case T.Dot:
        case T.Field:
        case T.Identifier:
        case T.Number:
        case T.Nil:
        case T.RawString:
        case T.String:
        case T.Variable:
        case T.LeftParen:
          backup();
          pipe.cmds.push(command());
          break;
        default:
          unexpected(t, context);
      }
    }
  };

  const checkPipeline = (pipe: PipeNode, context: string) => {
    if (pipe.cmds.length === 0) errorf(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      const t = c.args[0]!.type;
      if (t === 'bool' || t === 'dot' || t === 'nil' || t === 'number' || t === 'string') {
        errorf(`non executable command in pipeline stage ${i + 2}`);
      }
    });
  };

  const command = (): CommandNode => {
    const cmd: CommandNode = { type: 'command', pos: peekNonSpace().pos, tree, args: [] };
    for (;;) {
      peekNonSpace();
      const op = operand();
      if (op) cmd.args.push(op);
      const t = next();
      if (t.typ === T.Space) continue;
      if (t.typ === T.RightDelim || t.typ === T.RightParen) backup();
      else if (t.typ !== T.Pipe) unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) errorf('empty command');
    return cmd;
  };

  const operand = (): ArgNode | null => {
    const node = term();
    if (!node) return null;
    if (peek().typ === T.Field) {
      const chainPos = peek().pos;
      const fields: string[] = [];
      while (peek().typ === T.Field) fields.push(next().val.slice(1));
      switch (node.type) {
        case 'field':
          return { type: 'field', pos: chainPos, tree, ident: [...node.ident, ...fields] };
        case 'variable':
          return { type: 'variable', pos: chainPos, tree, ident: [...node.ident, ...fields] };
        case 'bool':
        case 'string':
        case 'number':
        case 'nil':
        case 'dot':
          return errorf(`unexpected . after term ${goQuote(nodeString(node))}`);
        default:
          return { type: 'chain', pos: chainPos, tree, node, field: fields };
      }
    }
    return node;
  };

  const term = (): ArgNode | null => {
    const t = nextNonSpace();
    switch (t.typ) {
      case T.Identifier:
        if (!options.hasFunction(t.val)) errorf(`function ${goQuote(t.val)} not defined`);
        return { type: 'identifier', pos: t.pos, tree, ident: t.val };
      case T.Dot:
        return { type: 'dot', pos: t.pos, tree };
      case T.Nil:
        return { type: 'nil', pos: t.pos, tree };
      case T.Variable: {
        const ident = t.val.split('.');
        if (!vars.includes(ident[0]!)) errorf(`undefined variable ${goQuote(ident[0]!)}`);
        return { type: 'variable', pos: t.pos, tree, ident };
      }
      case T.Field:
        return { type: 'field', pos: t.pos, tree, ident: t.val.slice(1).split('.') };
      case T.Bool:
        return { type: 'bool', pos: t.pos, tree, value: t.val === 'true' };
      case T.CharConstant:
      case T.Number:
        return newNumber(t);
      case T.LeftParen:
        return pipeline('parenthesized pipeline', T.RightParen);
      case T.String:
      case T.RawString:
        try {
          return { type: 'string', pos: t.pos, tree, quoted: t.val, text: unquote(t.val) };
        } catch (e) {
          return errorf((e as Error).message);
        }
    }
    backup();
    return null;
  };

  const newNumber = (t: Item): NumberNode => {
    const base = { type: 'number' as const, pos: t.pos, tree, text: t.val };
    if (t.typ === T.CharConstant) {
      let v: number;
      try {
        v = charValue(t.val);
      } catch (e) {
        return errorf((e as Error).message);
      }
      return { ...base, isInt: true, isUint: true, isFloat: true, int: BigInt(v), float: v };
    }
    if (t.val.endsWith('i')) return errorf(`complex constants are not supported: ${t.val}`);
    const u = parseGoInt(t.val, true);
    const i = parseGoInt(t.val, false);
    let isInt = i !== undefined;
    let isUint = u !== undefined;
    let isFloat = false;
    let int = i ?? 0n;
    let float = 0;
    if (isInt) {
      isFloat = true;
      float = Number(int);
      if (int === 0n) isUint = true;
    } else if (isUint) {
      isFloat = true;
      float = Number(u);
    } else {
      const f = parseGoFloat(t.val);
      if (f !== undefined) {
        if (!/[.eEpP]/.test(t.val) || (/^[+-]?0[xX]/.test(t.val) && !/[pP.]/.test(t.val))) {
          // Go reports these number errors as the bare quoted text.
          return errorf(goQuote(t.val));
        }
        isFloat = true;
        float = f;
        if (Number.isInteger(f) && Math.abs(f) < 2 ** 63) {
          isInt = true;
          int = BigInt(f);
        }
        if (Number.isInteger(f) && f >= 0 && f < 2 ** 64) isUint = true;
      }
    }
    if (!isInt && !isUint && !isFloat) return errorf(goQuote(t.val));
    return { ...base, isInt, isUint, isFloat, int, float };
  };

  parseTop();
  add(tree);
  return treeSet;
}
