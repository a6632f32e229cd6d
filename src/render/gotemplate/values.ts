// The Go value model the template engine computes with. Go's text/template behaves by Go type (int vs
// float64, byte-length strings, nil, sorted map iteration, structs whose missing fields are errors), so
// values are JavaScript values chosen to keep those types apart:
//
//   Go                         JavaScript
//   nil (any nil interface)    null   (undefined is accepted on input and treated as nil)
//   bool                       boolean
//   string                     string, or SourcedString (a string that remembers which template/values
//                                       lines wrote each part; every function that takes a string accepts it)
//   int (literals, len, …)     bigint
//   int64, int32, uint64 …     TypedInt  (Helm's `--set n=3` gives int64; Sprig's `add` returns int64)
//   float64 (values files)     number    (so 1000000 from values.yaml prints 1e+06, as in Helm)
//   []interface{}              GoValue[] (element type for typeOf can be tagged with setGoTypeName)
//   map[string]interface{}     GoMap = Map<string, GoValue> (iterated in sorted key order by range/print)
//   []byte                     Uint8Array
//   struct / *struct           GoStruct  (fields + methods; a missing field is an error, unlike a map)
//   func                       GoFunction (for `call`)
//
// Provenance (where a value came from in a values file) rides beside values, never inside them:
// containers (maps, lists) have their own provenance and one per entry in WeakMaps, so a scalar read
// as `.Values.a.b` gets the provenance of entry `b` of map `a`. The executor carries it with each
// intermediate result and functions declare how it flows (see FuncDef.flow in funcs.ts).

/** A place in a values file (or another origin) that a value came from. */
export interface Provenance {
  /** Path of the file the value was read from (as the render stage names files). */
  readonly file: string;
  /** Key path inside that file, e.g. ['securityContext', 'privileged'] or ['ports', 0]. */
  readonly path: readonly (string | number)[];
  /** UTF-16 offsets of the value node in the file's text. */
  readonly start: number;
  readonly end: number;
  /** 1-based line of `start`, when the producer knows it (saves a recount). */
  readonly line?: number;
  /** What set it, when not a plain values file: `--set`, `global`, `import-values`, … */
  readonly origin?: string;
}

/** Go integer types other than `int` (which is a plain bigint). */
export type IntKind =
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64';

/** An integer of a Go integer type other than `int`. The value is kept wrapped to the type's width. */
export class TypedInt {
  readonly value: bigint;
  constructor(
    readonly kind: IntKind,
    value: bigint,
  ) {
    this.value = wrapInt(kind, value);
  }
}

/** Wraps v to the width of a Go integer type (Go integer arithmetic overflows silently). */
export function wrapInt(kind: IntKind | 'int', v: bigint): bigint {
  switch (kind) {
    case 'int':
    case 'int64':
      return BigInt.asIntN(64, v);
    case 'int8':
      return BigInt.asIntN(8, v);
    case 'int16':
      return BigInt.asIntN(16, v);
    case 'int32':
      return BigInt.asIntN(32, v);
    case 'uint':
    case 'uint64':
      return BigInt.asUintN(64, v);
    case 'uint8':
      return BigInt.asUintN(8, v);
    case 'uint16':
      return BigInt.asUintN(16, v);
    case 'uint32':
      return BigInt.asUintN(32, v);
  }
}

/** A Go method: parameters as the executor checks them, and the JavaScript body. */
export interface GoMethod {
  /** Go parameter types (see ParamType in funcs.ts); default: none. */
  readonly params?: readonly string[];
  /** Type of a final variadic parameter, if any. */
  readonly variadic?: string;
  /** Throwing an Error gives Go's `error calling Name: message`. */
  readonly fn: (...args: GoValue[]) => GoValue;
}

/**
 * A Go struct value (or pointer to one) with exported fields and methods, such as Helm's `.Chart`
 * (`*chart.Metadata`), `.Capabilities` or `.Files`. Field lookup of a name that is neither a field nor a
 * method is an error (`can't evaluate field X in type T`), unlike a map, where a missing key is nil.
 */
export class GoStruct {
  constructor(
    /** Go type name as `%T` and Sprig's typeOf print it, e.g. `*chart.Metadata`. */
    readonly typeName: string,
    /** Exported fields in declaration order (the order `%v` prints them). */
    readonly fields: ReadonlyMap<string, GoValue>,
    readonly methods: Readonly<Record<string, GoMethod>> = {},
    /** True for a pointer to a struct: `%v` prints `&{…}` and Sprig's kindOf says `ptr`. */
    readonly pointer = false,
  ) {}
}

/** A Go func value (what `call` calls). */
export class GoFunction {
  constructor(
    readonly typeName: string,
    readonly method: GoMethod,
  ) {}
}

/** A span of output and where it came from. Offsets are UTF-16 units of the output text. */
export interface Segment {
  outStart: number;
  outEnd: number;
  /** Name of the template whose node wrote this (Helm: `chart/templates/x.yaml`). */
  readonly template: string;
  /** UTF-16 offsets of the writing node in that template's source text: a text run, or `{{ … }}`. */
  readonly start: number;
  readonly end: number;
  /** 1-based line and 1-based column (UTF-16 units) of `start`. */
  readonly line: number;
  readonly col: number;
  readonly kind: 'text' | 'action';
  /** `template`/`include`/`tpl` call sites that led here, outermost first. */
  readonly stack: readonly CallSite[];
  /** Set when the written value came from a values file. */
  readonly value?: Provenance;
}

/** Where a named template was called from. */
export interface CallSite {
  readonly kind: 'template' | 'include' | 'tpl' | 'block';
  /** The template called (or, for tpl, the name the string was parsed as). */
  readonly callee: string;
  /** The calling template and the calling action's span and position. */
  readonly template: string;
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly col: number;
}

/**
 * A Go string that remembers its origins: what `include` and `tpl` return, and what Helm's
 * `indent`/`nindent`/`toYaml` build. It is a Go `string` to every function (see goString); the
 * executor copies its segments when it is written to output.
 */
export class SourcedString {
  constructor(
    readonly text: string,
    /** Sorted, non-overlapping; may leave gaps (text no node wrote, such as added indentation). */
    readonly segments: readonly Segment[],
  ) {}
  toString(): string {
    return this.text;
  }
}

export type GoMap = Map<string, GoValue>;

export type GoValue =
  | null
  | boolean
  | string
  | SourcedString
  | bigint
  | TypedInt
  | number
  | GoValue[]
  | GoMap
  | Uint8Array
  | GoStruct
  | GoFunction;

// ---------------------------------------------------------------------------------------------------
// Provenance attachment

const ownProvenance = new WeakMap<object, Provenance>();
const entryProvenance = new WeakMap<object, Map<string | number, Provenance>>();

/** Records where a container (map or list) came from. */
export function setProvenance(container: object, p: Provenance): void {
  ownProvenance.set(container, p);
}

/** Where a container came from, if known. */
export function getProvenance(container: object): Provenance | undefined {
  return ownProvenance.get(container);
}

/** Records where the value under `key` of a map (string key) or list (index) came from. */
export function setEntryProvenance(container: object, key: string | number, p: Provenance): void {
  let m = entryProvenance.get(container);
  if (!m) {
    m = new Map();
    entryProvenance.set(container, m);
  }
  m.set(key, p);
}

/** Where the value under `key` of a map or list came from (entry record, else the value's own). */
export function getEntryProvenance(container: object, key: string | number): Provenance | undefined {
  const p = entryProvenance.get(container)?.get(key);
  if (p) return p;
  let child: GoValue | undefined;
  if (container instanceof Map) child = (container as GoMap).get(key as string);
  else if (Array.isArray(container) && typeof key === 'number') child = container[key];
  return child !== null && typeof child === 'object' ? ownProvenance.get(child) : undefined;
}

/** Drops the entry record for `key` (after `unset`, or when a key is overwritten without one). */
export function clearEntryProvenance(container: object, key: string | number): void {
  entryProvenance.get(container)?.delete(key);
}

/** Provenance of a value that is itself a container. */
export function provenanceOf(v: GoValue): Provenance | undefined {
  return v !== null && typeof v === 'object' ? ownProvenance.get(v) : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Type names and tags

const typeNames = new WeakMap<object, string>();

/** Tags a list or map with its Go type for typeOf/%T, e.g. `[]string` or `map[string]string`. */
export function setGoTypeName<T extends object>(v: T, name: string): T {
  typeNames.set(v, name);
  return v;
}

/** A list tagged as `[]string` (what splitList, keys, sortAlpha return). */
export function stringList(items: string[]): GoValue[] {
  return setGoTypeName(items, '[]string');
}

/** For scalars, Go's type and kind name are the same word: `bool`, `string`, `int`, `float64`, `int64`…. */
function scalarTypeName(v: GoValue): string | undefined {
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float64';
  }
  if (v instanceof SourcedString) return 'string';
  if (v instanceof TypedInt) return v.kind;
  return undefined;
}

/** Go's `%T` of a value (Sprig's typeOf). */
export function goTypeName(v: GoValue | undefined): string {
  if (v === null || v === undefined) return '<nil>';
  const scalar = scalarTypeName(v);
  if (scalar !== undefined || typeof v !== 'object') return scalar ?? typeof v;
  if (v instanceof GoStruct) return v.typeName;
  if (v instanceof GoFunction) return v.typeName;
  if (v instanceof Uint8Array) return '[]uint8';
  return typeNames.get(v) ?? (Array.isArray(v) ? '[]interface {}' : 'map[string]interface {}');
}

/** Go's reflect Kind name of a value (Sprig's kindOf); nil is `invalid`. */
export function goKind(v: GoValue | undefined): string {
  if (v === null || v === undefined) return 'invalid';
  const scalar = scalarTypeName(v);
  if (scalar !== undefined || typeof v !== 'object') return scalar ?? typeof v;
  if (v instanceof GoStruct) return v.pointer ? 'ptr' : 'struct';
  if (v instanceof GoFunction) return 'func';
  if (v instanceof Uint8Array || Array.isArray(v)) return 'slice';
  return 'map';
}

// ---------------------------------------------------------------------------------------------------
// Predicates and conversions

export function isMap(v: GoValue | undefined): v is GoMap {
  return v instanceof Map;
}

export function isList(v: GoValue | undefined): v is GoValue[] {
  return Array.isArray(v);
}

/** True for Go strings, plain or sourced. */
export function isString(v: GoValue | undefined): v is string | SourcedString {
  return typeof v === 'string' || v instanceof SourcedString;
}

/** True for any Go integer (int or a TypedInt). */
export function isInteger(v: GoValue | undefined): v is bigint | TypedInt {
  return typeof v === 'bigint' || v instanceof TypedInt;
}

/** The text of a Go string value (plain or sourced). Call only on strings. */
export function goString(v: string | SourcedString): string {
  return typeof v === 'string' ? v : v.text;
}

/** The integer value of a Go integer. */
export function intValue(v: bigint | TypedInt): bigint {
  return typeof v === 'bigint' ? v : v.value;
}

/** A Go int64 (what Sprig's arithmetic returns). */
export function int64(v: bigint): TypedInt {
  return new TypedInt('int64', v);
}

/** Length of a Go string in bytes (UTF-8), as `len` counts it. */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Go truthiness (text/template IsTrue): false, 0, nil, and empty strings/lists/maps are false. */
export function isTrue(v: GoValue | undefined): boolean {
  if (v === null || v === undefined) return false;
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'string':
      return v.length > 0;
    case 'bigint':
      return v !== 0n;
    case 'number':
      return v !== 0;
  }
  if (v instanceof SourcedString) return v.text.length > 0;
  if (v instanceof TypedInt) return v.value !== 0n;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Uint8Array) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  return true; // structs and funcs are always true
}

/** Map keys in Go's iteration order for range and printing: sorted by byte order. */
export function sortedKeys(m: GoMap): string[] {
  return [...m.keys()].sort(compareGoStrings);
}

/** Compares strings by UTF-8 byte order, as Go does (differs from UTF-16 order above U+FFFF). */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  // Code point order equals UTF-8 byte order; UTF-16 unit order differs only for surrogates.
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/**
 * Converts plain JavaScript data (JSON-like: objects, arrays, numbers, strings) into Go values as Helm
 * would see them after reading a values file: objects → maps, numbers → float64 (unless `intsFor`
 * says otherwise), null/undefined → nil. Go values inside are kept as they are.
 */
export function fromJS(v: unknown): GoValue {
  if (v === null || v === undefined) return null;
  if (
    typeof v === 'string' ||
    typeof v === 'number' ||
    typeof v === 'boolean' ||
    typeof v === 'bigint' ||
    v instanceof SourcedString ||
    v instanceof TypedInt ||
    v instanceof GoStruct ||
    v instanceof GoFunction ||
    v instanceof Uint8Array ||
    v instanceof Map
  ) {
    return v as GoValue;
  }
  if (Array.isArray(v)) return v.map(fromJS);
  if (typeof v === 'object') {
    const m: GoMap = new Map();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) m.set(k, fromJS(x));
    return m;
  }
  throw new TypeError(`cannot convert ${typeof v} to a Go value`);
}

/** A plain-struct helper: `goStruct('chart.Metadata', {Name: 'web'}, {}, true)`. */
export function goStruct(
  typeName: string,
  fields: Record<string, GoValue>,
  methods: Record<string, GoMethod> = {},
  pointer = false,
): GoStruct {
  return new GoStruct(typeName, new Map(Object.entries(fields)), methods, pointer);
}
