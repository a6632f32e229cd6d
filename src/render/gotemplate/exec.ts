// The executor and the template set, after Go's text/template exec.go and template.go: walks parsed
// trees over Go values, writes sourced output, and reports errors with Go's texts
// (`template: main:1:3: executing "main" at <eq .n "3">: error calling eq: …`).
import type {
  CallContext,
  ExecContext,
  ExecOptions,
  FuncDef,
  FuncMap,
  Limits,
  NodeSite,
  ParamType,
} from './api.js';
import { removeAll, type SegmentOrigin, SourcedBuffer } from './buffer.js';
import { formatValue } from './fmt.js';
import { goQuote } from './lex.js';
import {
  type ArgNode,
  type BranchNode,
  type CommandNode,
  type FieldNode,
  isEmptyTree,
  type ListNode,
  type Node,
  type NumberNode,
  nodeString,
  ParseError,
  type PipeNode,
  parse,
  type TemplateNode,
  type Tree,
} from './parse.js';
import {
  type CallSite,
  GoFunction,
  type GoMap,
  GoStruct,
  type GoValue,
  getEntryProvenance,
  goString,
  goTypeName,
  isTrue,
  type Provenance,
  SourcedString,
  sortedKeys,
  TypedInt,
} from './values.js';

/** An error of parsing or executing, with Go's message and where it happened. */
export class TemplateError extends Error {
  /** Partial output written before the error (top-level executions only), as Go leaves it. */
  output?: SourcedString;
  constructor(
    message: string,
    readonly kind: 'parse' | 'exec' | 'limit',
    /** Name of the file-level template (Go's ParseName) the position is in, when known. */
    readonly parseName?: string,
    /** 1-based line, when known. */
    readonly line?: number,
    /** Go's column: 0-based byte offset in the line (exec errors only). */
    readonly col?: number,
    /** UTF-16 offset of the node in the parsed text (exec errors only). */
    readonly offset?: number,
    /** A nested execution's error this one wraps (an include that failed). */
    override readonly cause?: TemplateError,
  ) {
    super(message);
    this.name = 'TemplateError';
  }
  /** The innermost error: where the problem really is. */
  get innermost(): TemplateError {
    let e: TemplateError = this;
    while (e.cause) e = e.cause;
    return e;
  }
}

// An evaluated value: the Go value, its values-file origin, and whether its static Go type is
// interface{} (a map or slice element), which changes nil handling and error texts as in Go.
interface Val {
  readonly v: GoValue;
  readonly p?: Provenance;
  readonly iface?: boolean;
}

const NIL: Val = { v: null };
const MISSING: Val = { v: null };

class BreakSignal {}
class ContinueSignal {}
const BREAK = new BreakSignal();
const CONTINUE = new ContinueSignal();

const defaultLimits: Required<Omit<Limits, 'timeoutMs'>> = {
  maxDepth: 100,
  maxOutput: 64 * 1024 * 1024,
  maxSteps: 50_000_000,
};

interface Shared {
  steps: number;
  output: number;
  readonly deadline: number;
  readonly limits: Required<Omit<Limits, 'timeoutMs'>>;
  readonly opts: ExecOptions;
}

/** Go type name of a parameter type, for messages. */
function paramTypeName(t: ParamType): string {
  switch (t) {
    case 'any':
      return 'interface {}';
    case 'sstring':
      return 'string';
    case 'map':
      return 'map[string]interface {}';
    case 'list':
      return '[]interface {}';
    case 'bytes':
      return '[]uint8';
    case 'strings':
      return '[]string';
    default:
      return t;
  }
}

function canBeNil(t: ParamType): boolean {
  return t === 'any' || t === 'map' || t === 'list' || t === 'bytes' || t === 'strings';
}

/** Converts a non-nil Go value to a parameter type, or returns undefined when Go would refuse. */
function assign(v: GoValue, t: ParamType): GoValue | undefined {
  switch (t) {
    case 'any':
      return v;
    case 'string':
      return typeof v === 'string' ? v : v instanceof SourcedString ? v.text : undefined;
    case 'sstring':
      return typeof v === 'string' || v instanceof SourcedString ? v : undefined;
    case 'int':
      return typeof v === 'bigint' ? v : undefined;
    case 'int64':
      return v instanceof TypedInt && v.kind === 'int64' ? v.value : undefined;
    case 'float64':
      return typeof v === 'number' ? v : undefined;
    case 'bool':
      return typeof v === 'boolean' ? v : undefined;
    case 'map': {
      if (!(v instanceof Map)) return undefined;
      const tn = goTypeName(v);
      return tn.startsWith('map[') && tn !== 'map[string]interface {}' ? undefined : v;
    }
    case 'list':
      return Array.isArray(v) && goTypeName(v) === '[]interface {}' ? v : undefined;
    case 'strings':
      return Array.isArray(v) && goTypeName(v) === '[]string' ? v : undefined;
    case 'bytes':
      return v instanceof Uint8Array ? v : undefined;
  }
}

/** Element type of a container: whether elements are interface{} (untyped containers). */
function elemIsIface(container: GoValue): boolean {
  const tn = goTypeName(container);
  return tn === '[]interface {}' || tn === 'map[string]interface {}' || !tn.includes('[');
}

/** Byte column (0-based) of an offset within its line, as Go's ErrorContext prints it. */
function goColumn(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return Buffer.byteLength(text.slice(lineStart, offset), 'utf8');
}

/** 1-based UTF-16 column. */
function column(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1) + 1;
}

// ---------------------------------------------------------------------------------------------------

export interface TemplateSetOptions {
  /** The set's own name, used in `no template "x" associated with template "NAME"` (Helm: `gotpl`). */
  readonly name?: string;
  /** Functions beyond Go's builtins (Sprig, Helm's). Later maps win. */
  readonly funcs?: FuncMap;
  /**
   * Which Go's text/template to follow. '1.23' (default; the conformance probes were recorded with
   * it) or '1.24' (Helm 4 and Helm ≥ 3.18 are built with Go ≥ 1.24): range over an integer, and
   * comparison errors that name the types (`incompatible types for comparison: float64 and int`).
   */
  readonly goVersion?: '1.23' | '1.24';
  /** Range over an integer (`range 3`); default: true for goVersion 1.24, else false. */
  readonly rangeOverInt?: boolean;
}

/**
 * A set of named templates sharing functions, like Go's *template.Template with its associated
 * templates. Parse files into it (each file's `define`s become templates too), then execute by name.
 */
export class TemplateSet {
  readonly name: string;
  readonly rangeOverInt: boolean;
  readonly goVersion: '1.23' | '1.24';
  private readonly trees: Map<string, Tree>;
  private readonly funcs: Map<string, FuncDef>;
  private readonly builtins: ReadonlyMap<string, FuncDef>;

  constructor(options: TemplateSetOptions = {}, builtins: ReadonlyMap<string, FuncDef> = new Map()) {
    this.name = options.name ?? 'main';
    this.goVersion = options.goVersion ?? '1.23';
    this.rangeOverInt = options.rangeOverInt ?? this.goVersion === '1.24';
    this.trees = new Map();
    this.builtins = builtins;
    this.funcs = new Map(Object.entries(options.funcs ?? {}));
  }

  /** Adds or replaces functions (the extension hook; call before parsing templates that use them). */
  addFuncs(funcs: FuncMap): this {
    for (const [k, f] of Object.entries(funcs)) this.funcs.set(k, f);
    return this;
  }

  /** A function by name, user functions first (as Go's findFunction). */
  findFunction(name: string): { def: FuncDef; builtin: boolean } | undefined {
    const f = this.funcs.get(name);
    if (f) return { def: f, builtin: false };
    const b = this.builtins.get(name);
    return b ? { def: b, builtin: true } : undefined;
  }

  /**
   * Parses `text` as template `name` and adds it and its `define`s to the set. A later definition
   * replaces an earlier one unless it is empty (Go's associate). Throws TemplateError (kind 'parse').
   */
  parse(name: string, text: string): this {
    let trees: Map<string, Tree>;
    try {
      trees = parse(name, text, { hasFunction: (n) => this.findFunction(n) !== undefined });
    } catch (e) {
      if (e instanceof ParseError) throw new TemplateError(e.message, 'parse', e.parseName, e.line);
      if (e instanceof RangeError) {
        throw new TemplateError(`template: ${name}: template nesting too deep`, 'limit', name);
      }
      throw e;
    }
    for (const [n, t] of trees) {
      const old = this.trees.get(n);
      if (old && isEmptyTree(t.root)) continue;
      this.trees.set(n, t);
    }
    return this;
  }

  has(name: string): boolean {
    return this.trees.has(name);
  }

  /** Names of all templates, sorted. */
  names(): string[] {
    return [...this.trees.keys()].sort();
  }

  /** @internal */
  lookup(name: string): Tree | undefined {
    return this.trees.get(name);
  }

  /** A copy sharing nothing mutable: new templates parsed into it stay there (what Helm's tpl does). */
  clone(): TemplateSet {
    const c = new TemplateSet(
      { name: this.name, rangeOverInt: this.rangeOverInt, goVersion: this.goVersion },
      this.builtins,
    );
    for (const [k, v] of this.funcs) c.funcs.set(k, v);
    for (const [k, v] of this.trees) c.trees.set(k, v);
    return c;
  }

  /**
   * Executes template `name` with `data` as dot. Returns the output with segments. Throws
   * TemplateError with Go's message; `error.output` then holds what was written before the error.
   */
  execute(name: string, data: GoValue, options: ExecOptions = {}): SourcedString {
    const shared: Shared = {
      steps: 0,
      output: 0,
      deadline: options.limits?.timeoutMs ? Date.now() + options.limits.timeoutMs : 0,
      limits: { ...defaultLimits, ...stripUndefined(options.limits ?? {}) },
      opts: options,
    };
    const buf = new SourcedBuffer();
    try {
      runTemplate(this, name, { v: data }, buf, shared, [], 0);
    } catch (e) {
      const err = toTemplateError(e, name);
      err.output = finish(buf.toSourced(), options);
      throw err;
    }
    return finish(buf.toSourced(), options);
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function finish(s: SourcedString, options: ExecOptions): SourcedString {
  return options.stripNoValue ? removeAll(s, '<no value>') : s;
}

function toTemplateError(e: unknown, name: string): TemplateError {
  if (e instanceof TemplateError) return e;
  if (e instanceof RangeError) {
    return new TemplateError(
      `template: ${name}: exceeded maximum template depth (the JavaScript stack is exhausted)`,
      'limit',
      name,
    );
  }
  if (e instanceof BreakSignal || e instanceof ContinueSignal) {
    return new TemplateError(`template: ${name}: break or continue outside range`, 'exec', name);
  }
  throw e;
}

function runTemplate(
  set: TemplateSet,
  name: string,
  dot: Val,
  buf: SourcedBuffer,
  shared: Shared,
  stack: readonly CallSite[],
  depth: number,
): void {
  const tree = set.lookup(name);
  if (!tree) {
    throw new TemplateError(
      `template: no template ${goQuote(name)} associated with template ${goQuote(set.name)}`,
      'exec',
      name,
    );
  }
  const st = new State(set, tree, name, buf, shared, stack, depth, [{ name: '$', val: dot }]);
  st.walk(dot, tree.root);
}

interface Variable {
  readonly name: string;
  val: Val;
}

class State {
  node: ArgNode | Node | CommandNode | null = null;
  /** The action being executed (for segments and function call sites). */
  private action: { start: number; end: number } = { start: 0, end: 0 };

  constructor(
    readonly set: TemplateSet,
    /** The tree of the template being executed. */
    readonly tree: Tree,
    /** The name of the template being executed. */
    readonly name: string,
    readonly buf: SourcedBuffer,
    readonly shared: Shared,
    readonly stack: readonly CallSite[],
    readonly depth: number,
    readonly vars: Variable[],
  ) {}

  // --- errors and budget

  at(n: ArgNode | Node | CommandNode): void {
    this.node = n;
  }

  errorf(msg: string, kind: 'exec' | 'limit' = 'exec', cause?: TemplateError): never {
    const n = this.node;
    if (!n)
      throw new TemplateError(
        `template: ${this.name}: ${msg}`,
        kind,
        this.tree.parseName,
        undefined,
        undefined,
        undefined,
        cause,
      );
    const t = n.tree;
    const line = t.lineAt(n.pos);
    const col = goColumn(t.text, n.pos);
    throw new TemplateError(
      `template: ${t.parseName}:${line}:${col}: executing ${goQuote(this.name)} at <${nodeString(n)}>: ${msg}`,
      kind,
      t.parseName,
      line,
      col,
      n.pos,
      cause,
    );
  }

  step(): void {
    const sh = this.shared;
    sh.steps++;
    if (sh.steps > sh.limits.maxSteps)
      this.errorf(`exceeded the evaluation step budget (${sh.limits.maxSteps})`, 'limit');
    if (sh.deadline && (sh.steps & 4095) === 0 && Date.now() > sh.deadline) {
      this.errorf(`exceeded the time budget (${sh.opts.limits?.timeoutMs} ms)`, 'limit');
    }
  }

  // --- output

  private origin(kind: 'text' | 'action', start: number, end: number, value?: Provenance): SegmentOrigin {
    const t = this.tree;
    const o: SegmentOrigin = {
      template: t.parseName,
      start,
      end,
      line: t.lineAt(start),
      col: column(t.text, start),
      kind,
      stack: this.stack,
    };
    return value ? { ...o, value } : o;
  }

  private countOutput(n: number): void {
    const sh = this.shared;
    sh.output += n;
    if (sh.output > sh.limits.maxOutput)
      this.errorf(`output exceeds the limit of ${sh.limits.maxOutput} characters`, 'limit');
  }

  private writeText(node: { pos: number; text: string }): void {
    this.countOutput(node.text.length);
    // One segment per line, so each output line maps to its own template line.
    let from = 0;
    const s = node.text;
    while (from < s.length) {
      const nl = s.indexOf('\n', from);
      const to = nl < 0 ? s.length : nl + 1;
      this.buf.write(s.slice(from, to), this.origin('text', node.pos + from, node.pos + to));
      from = to;
    }
  }

  private writeValue(val: Val): void {
    const v = val.v;
    const origin = this.origin('action', this.action.start, this.action.end, val.p);
    if (v instanceof SourcedString) {
      this.countOutput(v.text.length);
      this.buf.writeSourced(v, origin);
      return;
    }
    let text: string;
    if (v === null) text = '<no value>';
    else if (typeof v === 'string') text = v;
    else if (v instanceof GoStruct && v.pointer) {
      // printValue indirects a pointer before printing.
      text = formatValue(new GoStruct(v.typeName, v.fields, v.methods, false));
    } else if (v instanceof GoFunction) {
      this.errorf(`can't print ${nodeString(this.node!)} of type ${v.typeName}`);
    } else text = formatValue(v);
    this.countOutput(text.length);
    this.buf.write(text, origin);
  }

  // --- variables

  mark(): number {
    return this.vars.length;
  }

  pop(mark: number): void {
    this.vars.length = mark;
  }

  push(name: string, val: Val): void {
    this.vars.push({ name, val });
  }

  setVar(name: string, val: Val): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) {
        this.vars[i]!.val = val;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  setTopVar(n: number, val: Val): void {
    this.vars[this.vars.length - n]!.val = val;
  }

  varValue(name: string): Val {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) return this.vars[i]!.val;
    }
    return this.errorf(`undefined variable: ${name}`);
  }

  // --- walking

  walk(dot: Val, node: Node): void {
    this.at(node);
    this.step();
    switch (node.type) {
      case 'action': {
        const saved = this.action;
        this.action = { start: node.start, end: node.end };
        try {
          const val = this.evalPipeline(dot, node.pipe);
          if (node.pipe.decl.length === 0) {
            this.at(node);
            this.writeValue(val);
          }
        } finally {
          this.action = saved;
        }
        return;
      }
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
      case 'if':
      case 'with':
        this.walkIfOrWith(dot, node);
        return;
      case 'list':
        for (const n of node.nodes) this.walk(dot, n);
        return;
      case 'range':
        this.walkRange(dot, node);
        return;
      case 'template':
        this.walkTemplate(dot, node);
        return;
      case 'text':
        this.writeText(node);
        return;
    }
  }

  private walkIfOrWith(dot: Val, node: BranchNode): void {
    const mark = this.mark();
    try {
      const val = this.evalPipeline(dot, node.pipe);
      if (isTrue(val.v)) {
        this.walk(node.type === 'with' ? val : dot, node.list);
      } else if (node.elseList) {
        this.walk(dot, node.elseList);
      }
    } finally {
      this.pop(mark);
    }
  }

  private walkRange(dot: Val, r: BranchNode): void {
    this.at(r);
    const outer = this.mark();
    try {
      const val = this.evalPipeline(dot, r.pipe);
      const mark = this.mark();
      const decl = r.pipe.decl;
      const one = (index: Val, elem: Val): boolean => {
        this.step();
        if (decl.length > 0) {
          if (r.pipe.isAssign) {
            this.setVar(decl[0]!.ident[0]!, decl.length > 1 ? index : elem);
          } else this.setTopVar(1, elem);
        }
        if (decl.length > 1) {
          if (r.pipe.isAssign) this.setVar(decl[1]!.ident[0]!, elem);
          else this.setTopVar(2, index);
        }
        try {
          this.walk(elem, r.list);
        } catch (e) {
          if (e === CONTINUE) return true;
          if (e === BREAK) return false;
          throw e;
        } finally {
          this.pop(mark);
        }
        return true;
      };
      const v = val.v;
      if (Array.isArray(v) || v instanceof Uint8Array) {
        if (v.length > 0) {
          const iface = !(v instanceof Uint8Array) && elemIsIface(v);
          for (let i = 0; i < v.length; i++) {
            const e: GoValue =
              v instanceof Uint8Array ? new TypedInt('uint8', BigInt(v[i]!)) : (v[i] ?? null);
            const p = Array.isArray(v) ? getEntryProvenance(v, i) : undefined;
            if (!one({ v: BigInt(i) }, p ? { v: e, p, iface } : { v: e, iface })) break;
          }
          return;
        }
      } else if (v instanceof Map) {
        if (v.size > 0) {
          const iface = elemIsIface(v);
          for (const k of sortedKeys(v)) {
            const p = getEntryProvenance(v, k);
            const e = v.get(k) ?? null;
            if (!one({ v: k }, p ? { v: e, p, iface } : { v: e, iface })) break;
          }
          return;
        }
      } else if (v === null) {
        // nil: nothing to iterate, not an error
      } else if (this.set.rangeOverInt && (typeof v === 'bigint' || v instanceof TypedInt)) {
        const n = typeof v === 'bigint' ? v : v.value;
        if (decl.length > 1)
          this.errorf(`can't use ${formatValue(v)} to iterate over more than one variable`);
        if (n > 0n) {
          for (let i = 0n; i < n; i++) if (!one({ v: i }, { v: i })) break;
          return;
        }
      } else {
        this.errorf(`range can't iterate over ${formatValue(v)}`);
      }
      if (r.elseList) this.walk(dot, r.elseList);
    } finally {
      this.pop(outer);
    }
  }

  private walkTemplate(dot: Val, t: TemplateNode): void {
    this.at(t);
    const tree = this.set.lookup(t.name);
    if (!tree) this.errorf(`template ${goQuote(t.name)} not defined`);
    if (this.depth >= this.shared.limits.maxDepth) {
      this.errorf(`exceeded maximum template depth (${this.shared.limits.maxDepth})`, 'limit');
    }
    const newDot = t.pipe ? this.evalPipeline(dot, t.pipe) : NIL;
    const site: CallSite = {
      kind: t.block ? 'block' : 'template',
      callee: t.name,
      template: this.tree.parseName,
      start: t.start,
      end: t.end,
      line: this.tree.lineAt(t.start),
      col: column(this.tree.text, t.start),
    };
    const st = new State(
      this.set,
      tree!,
      t.name,
      this.buf,
      this.shared,
      [...this.stack, site],
      this.depth + 1,
      [{ name: '$', val: newDot }],
    );
    st.walk(newDot, tree!.root);
  }

  // --- evaluation

  evalPipeline(dot: Val, pipe: PipeNode): Val {
    this.at(pipe);
    let value: Val = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      if (value.iface) value = value.p ? { v: value.v, p: value.p } : { v: value.v };
    }
    for (const variable of pipe.decl) {
      if (pipe.isAssign) this.setVar(variable.ident[0]!, value);
      else this.push(variable.ident[0]!, value);
    }
    return value;
  }

  private notAFunction(args: readonly ArgNode[], final: Val): void {
    if (args.length > 1 || final !== MISSING) {
      this.errorf(`can't give argument to non-function ${nodeString(args[0]!)}`);
    }
  }

  private evalCommand(dot: Val, cmd: CommandNode, final: Val): Val {
    const first = cmd.args[0]!;
    switch (first.type) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain':
        return this.evalChain(dot, first, cmd.args, final);
      case 'identifier':
        this.at(first);
        return this.evalFunction(dot, first.ident, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariable(dot, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return { v: first.value };
      case 'dot':
        return dot;
      case 'nil':
        return this.errorf('nil is not a command');
      case 'number':
        return { v: this.idealConstant(first) };
      case 'string':
        return { v: first.text };
    }
  }

  private idealConstant(c: NumberNode): GoValue {
    this.at(c);
    const t = c.text;
    const hexInt = /^[+-]?0[xX]/.test(t) && !/[pP]/.test(t);
    const rune = t.startsWith("'");
    if (c.isFloat && !hexInt && !rune && /[.eEpP]/.test(t)) return c.float;
    if (c.isInt) return c.int;
    if (c.isUint) this.errorf(`${t} overflows int`);
    return null;
  }

  private evalFunction(
    dot: Val,
    name: string,
    cmd: CommandNode | ArgNode,
    args: readonly ArgNode[],
    final: Val,
  ): Val {
    const f = this.set.findFunction(name);
    if (!f) return this.errorf(`${goQuote(name)} is not a defined function`);
    return this.evalCall(dot, f.def, f.builtin, cmd, name, args, final);
  }

  private evalFieldNode(dot: Val, field: FieldNode, args: readonly ArgNode[], final: Val): Val {
    this.at(field);
    return this.evalFieldChain(dot, dot, field, field.ident, args, final);
  }

  private evalChain(dot: Val, chain: ArgNode & { type: 'chain' }, args: readonly ArgNode[], final: Val): Val {
    this.at(chain);
    if (chain.node.type === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const pipe = this.evalArg(dot, 'any', chain.node);
    return this.evalFieldChain(dot, pipe, chain, chain.field, args, final);
  }

  private evalVariable(
    dot: Val,
    v: ArgNode & { type: 'variable' },
    args: readonly ArgNode[],
    final: Val,
  ): Val {
    this.at(v);
    const value = this.varValue(v.ident[0]!);
    if (v.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, v, v.ident.slice(1), args, final);
  }

  private evalFieldChain(
    dot: Val,
    receiver: Val,
    node: ArgNode,
    ident: readonly string[],
    args: readonly ArgNode[],
    final: Val,
  ): Val {
    const n = ident.length;
    for (let i = 0; i < n - 1; i++) receiver = this.evalField(dot, ident[i]!, node, [], MISSING, receiver);
    return this.evalField(dot, ident[n - 1]!, node, args, final, receiver);
  }

  private evalField(
    dot: Val,
    fieldName: string,
    node: ArgNode,
    args: readonly ArgNode[],
    final: Val,
    receiver: Val,
  ): Val {
    const v = receiver.v;
    const missingKey = this.shared.opts.missingKey ?? 'default';
    if (v === null) {
      if (!receiver.iface) {
        // An invalid value (no value): Go returns the zero Value.
        if (missingKey === 'error') this.errorf(`nil data; no entry for key ${goQuote(fieldName)}`);
        return NIL;
      }
      return this.errorf(`nil pointer evaluating interface {}.${fieldName}`);
    }
    const typ = receiver.iface ? 'interface {}' : goTypeName(v);
    if (v instanceof GoStruct) {
      const m = v.methods[fieldName];
      if (m) {
        const def: FuncDef = {
          params: (m.params ?? []) as ParamType[],
          ...(m.variadic ? { variadic: m.variadic as ParamType } : {}),
          fn: (a) => m.fn(...a),
        };
        return this.evalCall(dot, def, false, node, fieldName, args, final);
      }
      const hasArgs = args.length > 1 || final !== MISSING;
      if (v.fields.has(fieldName)) {
        if (hasArgs) this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
        return { v: v.fields.get(fieldName) ?? null };
      }
      return this.errorf(`can't evaluate field ${fieldName} in type ${typ}`);
    }
    if (v instanceof Map) {
      const hasArgs = args.length > 1 || final !== MISSING;
      if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
      const m = v as GoMap;
      const iface = elemIsIface(m);
      if (m.has(fieldName)) {
        const p = getEntryProvenance(m, fieldName);
        const e = m.get(fieldName) ?? null;
        return p ? { v: e, p, iface } : { v: e, iface };
      }
      switch (missingKey) {
        case 'error':
          return this.errorf(`map has no entry for key ${goQuote(fieldName)}`);
        case 'zero':
          // The zero value of the element type: nil interface{} (or "" for map[string]string).
          return iface ? { v: null, iface: true } : { v: goTypeName(m) === 'map[string]string' ? '' : null };
        default:
          return NIL;
      }
    }
    return this.errorf(`can't evaluate field ${fieldName} in type ${typ}`);
  }

  // --- calls

  private evalCall(
    dot: Val,
    fn: FuncDef,
    isBuiltin: boolean,
    node: CommandNode | ArgNode,
    name: string,
    allArgs: readonly ArgNode[],
    final: Val,
  ): Val {
    this.step();
    const args = allArgs.slice(1);
    const numIn = args.length + (final !== MISSING ? 1 : 0);
    const params = fn.params;
    let numFixed = args.length;
    if (fn.variadic) {
      numFixed = params.length;
      if (numIn < numFixed) {
        this.errorf(`wrong number of args for ${name}: want at least ${params.length} got ${args.length}`);
      }
    } else if (numIn !== params.length) {
      this.errorf(`wrong number of args for ${name}: want ${params.length} got ${numIn}`);
    }

    if (isBuiltin && (name === 'and' || name === 'or')) {
      let v: Val = NIL;
      for (const a of args) {
        v = this.evalArg(dot, 'any', a);
        if (isTrue(v.v) === (name === 'or')) return v;
      }
      if (final !== MISSING) v = this.validateType(final, 'any');
      return v;
    }

    const argv: Val[] = [];
    let i = 0;
    for (; i < numFixed && i < args.length; i++) argv.push(this.evalArg(dot, params[i]!, args[i]!));
    if (fn.variadic) for (; i < args.length; i++) argv.push(this.evalArg(dot, fn.variadic, args[i]!));
    if (final !== MISSING) {
      let t: ParamType;
      if (fn.variadic) t = numIn - 1 < numFixed ? params[numIn - 1]! : fn.variadic;
      else t = params[params.length - 1]!;
      argv.push(this.validateType(final, t));
    }

    let resultP: Provenance | undefined;
    let pSet = false;
    const argProvenance = argv.map((a) => a.p);
    const argNilInterface = argv.map((a) => a.v === null && a.iface === true);
    const state = this;
    let exec: ExecContext | undefined;
    const ctx: CallContext = {
      name,
      argProvenance,
      argNilInterface,
      setResultProvenance(p) {
        resultP = p;
        pSet = true;
      },
      // Built on first use: most functions never need the running execution.
      get exec(): ExecContext {
        if (!exec) {
          const site: NodeSite = {
            template: state.tree.parseName,
            start: state.action.start,
            end: state.action.end,
            line: state.tree.lineAt(state.action.start),
            col: column(state.tree.text, state.action.start),
          };
          exec = {
            templateName: state.name,
            site,
            stack: state.stack,
            depth: state.depth,
            include: (tname, data, kind = 'include') => state.include(tname, data, kind, site),
            tpl: (text, data, tname, origin) => state.tpl(text, data, tname, site, origin),
            hasTemplate: (tname) => state.set.has(tname),
          };
        }
        return exec;
      },
    };
    let result: GoValue;
    try {
      result = fn.fn(
        argv.map((a) => a.v),
        ctx,
      );
    } catch (e) {
      if (e instanceof RangeError || e === BREAK || e === CONTINUE) throw e;
      this.at(node);
      if (e instanceof TemplateError) {
        if (e.kind === 'limit') throw e;
        this.errorf(`error calling ${name}: ${e.message}`, 'exec', e);
      }
      this.errorf(`error calling ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (result === undefined) result = null;
    if (!pSet) {
      switch (fn.flow) {
        case 'pass':
          for (let k = argv.length - 1; k >= 0; k--) {
            if (argv[k]!.p) {
              resultP = argv[k]!.p;
              break;
            }
          }
          break;
        case 'select':
          for (let k = argv.length - 1; k >= 0; k--) {
            if (Object.is(argv[k]!.v, result) && argv[k]!.p) {
              resultP = argv[k]!.p;
              break;
            }
          }
          break;
      }
    }
    return resultP ? { v: result, p: resultP } : { v: result };
  }

  private include(name: string, data: GoValue, kind: CallSite['kind'], site: NodeSite): SourcedString {
    if (this.depth + 1 >= this.shared.limits.maxDepth) {
      this.errorf(`exceeded maximum template depth (${this.shared.limits.maxDepth})`, 'limit');
    }
    const call: CallSite = { kind, callee: name, ...site };
    const buf = new SourcedBuffer();
    runTemplate(this.set, name, { v: data }, buf, this.shared, [...this.stack, call], this.depth + 1);
    return buf.toSourced();
  }

  private tpl(
    text: string | SourcedString,
    data: GoValue,
    name: string,
    site: NodeSite,
    origin: Provenance | undefined,
  ): SourcedString {
    if (this.depth + 1 >= this.shared.limits.maxDepth) {
      this.errorf(`exceeded maximum template depth (${this.shared.limits.maxDepth})`, 'limit');
    }
    const set = this.set.clone();
    set.parse(name, goString(text));
    const call: CallSite = { kind: 'tpl', callee: name, ...site };
    const buf = new SourcedBuffer();
    runTemplate(set, name, { v: data }, buf, this.shared, [...this.stack, call], this.depth + 1);
    const out = buf.toSourced();
    if (!origin) return out;
    // Output written by nodes of the tpl text itself comes from the values string.
    const depth = this.stack.length + 1;
    return new SourcedString(
      out.text,
      out.segments.map((s) =>
        s.stack.length === depth && s.template === name && !s.value ? { ...s, value: origin } : s,
      ),
    );
  }

  private evalArg(dot: Val, typ: ParamType, n: ArgNode): Val {
    this.at(n);
    switch (n.type) {
      case 'dot':
        return this.validateType(dot, typ);
      case 'nil':
        if (canBeNil(typ)) return NIL;
        return this.errorf(`cannot assign nil to ${paramTypeName(typ)}`);
      case 'field':
        return this.validateType(this.evalFieldNode(dot, n, [n], MISSING), typ);
      case 'variable':
        return this.validateType(this.evalVariable(dot, n, [], MISSING), typ);
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, n), typ);
      case 'identifier':
        return this.validateType(this.evalFunction(dot, n.ident, n, [n], MISSING), typ);
      case 'chain':
        return this.validateType(this.evalChain(dot, n, [], MISSING), typ);
    }
    switch (typ) {
      case 'bool':
        if (n.type === 'bool') return { v: n.value };
        return this.errorf(`expected bool; found ${nodeString(n)}`);
      case 'float64':
        if (n.type === 'number' && n.isFloat) return { v: n.float };
        return this.errorf(`expected float; found ${nodeString(n)}`);
      case 'int':
      case 'int64':
        if (n.type === 'number' && n.isInt) return { v: n.int };
        return this.errorf(`expected integer; found ${nodeString(n)}`);
      case 'string':
      case 'sstring':
        if (n.type === 'string') return { v: n.text };
        return this.errorf(`expected string; found ${nodeString(n)}`);
      case 'any':
        switch (n.type) {
          case 'bool':
            return { v: n.value };
          case 'number':
            return { v: this.idealConstant(n) };
          case 'string':
            return { v: n.text };
        }
    }
    return this.errorf(`can't handle ${nodeString(n)} for arg of type ${paramTypeName(typ)}`);
  }

  private validateType(val: Val, typ: ParamType): Val {
    if (val.v === null) {
      // Keep `iface` on a nil: builtins tell a nil interface{} from a missing value (see len).
      if (canBeNil(typ)) return val;
      if (val.iface)
        return this.errorf(`wrong type for value; expected ${paramTypeName(typ)}; got interface {}`);
      return this.errorf(`invalid value; expected ${paramTypeName(typ)}`);
    }
    const c = assign(val.v, typ);
    if (c === undefined) {
      return this.errorf(`wrong type for value; expected ${paramTypeName(typ)}; got ${goTypeName(val.v)}`);
    }
    if (c === val.v && !val.iface) return val;
    return val.p ? { v: c, p: val.p } : { v: c };
  }
}

export type { ListNode };
