// Types shared by the executor, the builtin and Sprig functions, and functions added by callers
// (Helm's include, tpl, toYaml …).
import type { CallSite, GoValue, Provenance, SourcedString } from './values.js';

/**
 * Go parameter types a function declares, checked and converted by the executor as Go's reflect-based
 * call does (`wrong type for value; expected int; got float64`):
 * - `any`: interface{} (nil allowed; a missing value arrives as null)
 * - `string`: a Go string, delivered as a plain JS string
 * - `sstring`: a Go string, delivered as it is (a SourcedString keeps its segments)
 * - `int` / `int64`: delivered as bigint; only that Go integer type is accepted (Go has no implicit
 *   conversion), integer constants convert
 * - `float64`: delivered as number; float constants convert
 * - `bool`
 * - `map`: map[string]interface{} (a GoMap); `list`: []interface{} (an array); `bytes`: []byte
 * - `strings`: []string
 */
export type ParamType =
  | 'any'
  | 'string'
  | 'sstring'
  | 'int'
  | 'int64'
  | 'float64'
  | 'bool'
  | 'map'
  | 'list'
  | 'bytes'
  | 'strings';

/** How the provenance of a function's result follows from its arguments (rendering.md A4). */
export type ProvenanceFlow =
  /** The result carries no values-file origin (hashes, arithmetic, …). Default. */
  | 'none'
  /** The result is a transformation of the last argument that has provenance (quote, upper, trim …). */
  | 'pass'
  /** The result is one of the arguments (default, coalesce, ternary, first …): take that one's. */
  | 'select';

/** A function callable from templates. */
export interface FuncDef {
  readonly params: readonly ParamType[];
  /** Type of a trailing `...` parameter. */
  readonly variadic?: ParamType;
  /**
   * The body. Throw an Error to fail the call: the executor reports Go's
   * `error calling NAME: <message>` at the calling node. Throw a TemplateError (from a nested
   * execution) and it is wrapped the same way, keeping the inner position in `cause`.
   */
  readonly fn: (args: GoValue[], ctx: CallContext) => GoValue;
  readonly flow?: ProvenanceFlow;
}

export type FuncMap = Readonly<Record<string, FuncDef>>;

/** What a function sees of the call and of the running execution. */
export interface CallContext {
  /** The name the function was called by. */
  readonly name: string;
  /** Provenance of each argument (after conversion), in order; undefined where unknown. */
  readonly argProvenance: readonly (Provenance | undefined)[];
  /**
   * For each argument, whether it is a nil interface{} (a field that holds nil or, under
   * missingkey=zero, is missing) rather than no value at all (a missing value piped in). Go's `len`
   * reports the two differently.
   */
  readonly argNilInterface: readonly boolean[];
  /** Overrides the result's provenance (for index/get/dig-like functions and object builders). */
  setResultProvenance(p: Provenance | undefined): void;
  readonly exec: ExecContext;
}

/** Where the calling action sits. */
export interface NodeSite {
  readonly template: string;
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly col: number;
}

/** The running execution, for functions that need the template set (include, tpl). */
export interface ExecContext {
  /** The template whose node is calling. */
  readonly templateName: string;
  /** The action making the call. */
  readonly site: NodeSite;
  /** `include`/`template`/`tpl` frames so far, outermost first. */
  readonly stack: readonly CallSite[];
  /** Depth of nested template executions (template, include, tpl) so far. */
  readonly depth: number;
  /**
   * Executes the named template with `data` into a new buffer, as Helm's include does, and returns
   * its text with segments (their stacks gain this call site). Errors: Go's
   * `no template "x" associated with template "y"`, limits, and the template's own errors.
   */
  include(name: string, data: GoValue, kind?: CallSite['kind']): SourcedString;
  /**
   * Parses `text` as a new template named `name` in a copy of the running set (so its `define`s
   * stay local, as Helm's tpl does with Clone) and executes it with `data`. When `text` is a
   * SourcedString or `origin` is given, segments of the result whose node is in the new text are
   * attributed to that origin (the values line the string came from).
   */
  tpl(text: string | SourcedString, data: GoValue, name: string, origin?: Provenance): SourcedString;
  /** Whether a template of that name is defined in the running set. */
  hasTemplate(name: string): boolean;
}

/** Resource limits for one execution. Exceeding one is a TemplateError with kind 'limit'. */
export interface Limits {
  /**
   * Nested template/include/tpl executions. Default 100 (Go allows 100000 and Helm 1000 includes of
   * one name; a JavaScript stack holds a few hundred, so deeper is reported as this limit anyway).
   */
  readonly maxDepth?: number;
  /** Characters of output per execution (including nested includes). Default 64 MiB. */
  readonly maxOutput?: number;
  /** Evaluation steps (nodes visited, loop iterations). Default 50 million. */
  readonly maxSteps?: number;
  /** Wall-clock budget in milliseconds, checked every few thousand steps. Default none. */
  readonly timeoutMs?: number;
}

export interface ExecOptions {
  /**
   * What a missing map key gives: `default`/`zero` → nil, printed `<no value>` (Go; Helm uses zero);
   * `error` → `map has no entry for key "x"` (Helm's --strict lint).
   */
  readonly missingKey?: 'default' | 'zero' | 'error';
  /**
   * Remove every `<no value>` from the final output, as Helm does after rendering (segments are
   * adjusted). Default false (Go's behaviour).
   */
  readonly stripNoValue?: boolean;
  readonly limits?: Limits;
}
