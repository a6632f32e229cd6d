// Go text/template with Sprig, as Helm uses it, over a Go value model, writing sourced output.
//
// API (stable; the Helm renderer codes against it):
//
//   // Helm 4 is built with Go ≥ 1.24: goVersion '1.24' gives range over int and Go 1.24's error texts.
//   const set = createTemplateSet({ name: 'gotpl', goVersion: '1.24', funcs: { include, tpl, toYaml, … } });
//   set.parse('chart/templates/_helpers.tpl', text);   // defines become templates of the set
//   set.parse('chart/templates/deploy.yaml', text);
//   const out = set.execute('chart/templates/deploy.yaml', data, { missingKey: 'zero', stripNoValue: true });
//   out.text        // the rendered text
//   out.segments    // [{outStart, outEnd, template, start, end, line, col, kind, stack, value?}]
//
// - Values: see values.ts (bigint = Go int, TypedInt = int64 …, number = float64, Map = map,
//   GoStruct = struct with methods, SourcedString = string with segments, null = nil). Attach
//   values-file provenance with setProvenance/setEntryProvenance; it flows to segments' `value`.
// - Functions: FuncDef (api.ts) declares Go parameter types (the executor converts and type-checks as
//   Go does), a body, and how provenance flows. A body gets a CallContext whose `exec` can
//   `include(name, data)` (a SourcedString with the call site on each segment's stack) and
//   `tpl(text, data, name, origin?)` (parse and run in a clone of the set).
// - Errors: TemplateError with Go's message (`template: x:1:3: executing "x" at <…>: …`), kind
//   'parse' | 'exec' | 'limit', position, `cause` for nested include errors, `output` for partial output.
// - Limits (ExecOptions.limits): maxDepth (nested template/include/tpl), maxOutput (characters),
//   maxSteps (evaluation steps), timeoutMs.
// - Sprig: every function of Sprig 3's TxtFuncMap except `env`/`expandenv` (Helm removes them);
//   random and time functions are deterministic stand-ins (see NONDETERMINISTIC_FUNCS and README.md).
// - Sourced strings: indent/nindent/toString keep an include's segments; concatSourced,
//   sliceSourced, indentSourced, withCallSite build new ones (for toYaml and the like).
import type { FuncMap } from './api.js';
import { builtinFuncs, builtinFuncsGo124 } from './builtins.js';
import { TemplateSet, type TemplateSetOptions } from './exec.js';
import { sprigFuncs } from './sprig.js';

export type {
  CallContext,
  ExecContext,
  ExecOptions,
  FuncDef,
  FuncMap,
  Limits,
  NodeSite,
  ParamType,
  ProvenanceFlow,
} from './api.js';
export {
  concatSourced,
  indentSourced,
  removeAll,
  type SegmentOrigin,
  SourcedBuffer,
  sliceSourced,
  withCallSite,
} from './buffer.js';
export { TemplateError, TemplateSet, type TemplateSetOptions } from './exec.js';
export { formatFloat, formatValue, sprint, sprintf, sprintln } from './fmt.js';
export { NONDETERMINISTIC_FUNCS, PLACEHOLDER_CERT_PEM, PLACEHOLDER_KEY_PEM } from './sprig.js';
export * from './values.js';
export { builtinFuncs, builtinFuncsGo124, sprigFuncs };

export interface CreateOptions extends TemplateSetOptions {
  /** Include Sprig (Helm's set: TxtFuncMap minus env/expandenv). Default true. */
  readonly sprig?: boolean;
}

/** A template set with Go's builtins, Sprig (unless `sprig: false`) and then `funcs`. */
export function createTemplateSet(options: CreateOptions = {}): TemplateSet {
  const funcs: FuncMap = { ...(options.sprig === false ? {} : sprigFuncs), ...(options.funcs ?? {}) };
  return new TemplateSet(
    { ...options, funcs },
    options.goVersion === '1.24' ? builtinFuncsGo124 : builtinFuncs,
  );
}
