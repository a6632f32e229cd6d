// Field schemas: which fields each kind defines and what type each holds, for built-in kinds (from
// data/k8s-schema.json, generated from an OpenAPI-derived package and shipped inside kubeharden) and for
// custom resources whose CustomResourceDefinition, with an openAPIV3Schema, is in the scanned tree.
// The check walks an object's tree once and returns every field the schema does not define and every
// value of the wrong type; rules decide what to report.
import builtin from '../../data/k8s-schema.json' with { type: 'json' };
import { get, getIn, items, pairs, str, type YNode, type YPair } from '../load/index.js';
import type { Model } from './index.js';
import { joinPath, type K8sObject } from './object.js';

/**
 * A field's type, as encoded in data/k8s-schema.json: `b` boolean, `i` number, `s` string, `q`
 * int-or-string or quantity, `*` anything, `[T` array of T, `{T` map of string to T, else a type id.
 */
export type TypeCode = string;

export interface UnknownField {
  readonly problem: 'unknown-field';
  readonly object: K8sObject;
  readonly pair: YPair;
  readonly name: string;
  readonly path: string;
  /** The type the field was written in (`CoreV1SecurityContext`). */
  readonly typeName: string;
  /** The fields that type does define (for "did you mean"). */
  readonly known: readonly string[];
  /** True when judged by the built-in table (a version of its own), false for a CRD in the tree. */
  readonly builtin: boolean;
}

export interface WrongType {
  readonly problem: 'invalid-field-type';
  readonly object: K8sObject;
  readonly node: YNode;
  readonly path: string;
  readonly expected: string;
  readonly found: string;
  /** The field's name (the last key on the path). */
  readonly field: string;
}

export type SchemaProblem = UnknownField | WrongType;

interface TypeTable {
  readonly types: Record<string, Record<string, TypeCode>>;
  /** Object types that keep unknown fields (`x-kubernetes-preserve-unknown-fields` beside properties). */
  readonly open: Set<string>;
  readonly kinds: Record<string, string>;
}

// A type with no declared fields is opaque in the API (FieldsV1 of managedFields, RawExtension): any
// key is allowed, so it is open, never a source of unknown-field findings.
const BUILTIN: TypeTable = {
  types: builtin.types,
  open: new Set(
    Object.entries(builtin.types as Record<string, Record<string, unknown>>)
      .filter(([, fields]) => Object.keys(fields).length === 0)
      .map(([name]) => name),
  ),
  kinds: builtin.kinds,
};

/** The generator of the built-in table (package and version), for messages and docs. */
export const SCHEMA_SOURCE: string = builtin.source;
/** The Kubernetes minor release the built-in table describes (kubernetes-models 5.1 follows 1.34). */
export const SCHEMA_KUBERNETES_VERSION = '1.34';

const DESCRIBE: Record<string, string> = {
  b: 'a boolean',
  i: 'a number',
  s: 'a string',
  q: 'a number or a string',
};

function describeCode(code: TypeCode): string {
  if (code.startsWith('[')) return 'a list';
  if (code.startsWith('{')) return 'a map';
  return DESCRIBE[code] ?? 'an object';
}

function describeNode(object: K8sObject, node: YNode): string {
  if (node.type === 'seq') return 'a list';
  if (node.type === 'map') return 'a map';
  // As written: YAML reads `1.0` as the number 1.
  const written = object.file.text.slice(node.start, node.end);
  if (typeof node.value === 'boolean') return `the boolean ${written}`;
  if (typeof node.value === 'number') return `the number ${written}`;
  return `the string ${JSON.stringify(node.value)}`;
}

/** Checks objects against built-in schemas and the CRDs found in one model. */
export class SchemaService {
  private readonly crdTable: TypeTable;
  /**
   * CRD versions not compiled yet, by `group/version/kind`, in scan order. A tree with CRD bundles
   * holds far more CRDs than custom resources, so each is compiled when an object of its kind is
   * first checked. All versions of one key are compiled together and in scan order, as an eager
   * compile would: their type ids share a prefix, so the later ones overwrite the earlier ones.
   */
  private readonly pending = new Map<string, PendingVersion[]>();
  private readonly cache = new WeakMap<K8sObject, readonly SchemaProblem[]>();

  constructor(model: Model) {
    this.crdTable = { types: {}, open: new Set(), kinds: {} };
    for (const crd of model.ofKind('CustomResourceDefinition'))
      if (crd.apiVersion === 'apiextensions.k8s.io/v1') collectCrd(this.pending, crd);
  }

  /** True when the object's apiVersion and kind have a schema (built-in, or a CRD in the tree). */
  knows(object: K8sObject): boolean {
    return this.tableFor(object) !== undefined;
  }

  problems(object: K8sObject): readonly SchemaProblem[] {
    let found = this.cache.get(object);
    if (!found) {
      found = this.check(object);
      this.cache.set(object, found);
    }
    return found;
  }

  private tableFor(object: K8sObject): TypeTable | undefined {
    const key = `${object.apiVersion}/${object.kind}`;
    if (BUILTIN.kinds[key]) return BUILTIN;
    const waiting = this.pending.get(key);
    if (waiting) {
      this.pending.delete(key);
      for (const v of waiting) compileVersion(this.crdTable, v);
    }
    if (this.crdTable.kinds[key]) return this.crdTable;
    return undefined;
  }

  private check(object: K8sObject): SchemaProblem[] {
    const table = this.tableFor(object);
    if (!table) return [];
    const out: SchemaProblem[] = [];
    const root = table.kinds[`${object.apiVersion}/${object.kind}`]!;
    const top: LazyPath = { parent: undefined, step: undefined, path: object.basePath };
    walk(table, object, object.root, root, top, undefined, '', out);
    return out;
  }
}

const services = new WeakMap<Model, SchemaService>();

/** The schema service of a model (built once per model: CRDs are compiled once). */
export function schemaService(model: Model): SchemaService {
  let s = services.get(model);
  if (!s) {
    s = new SchemaService(model);
    services.set(model, s);
  }
  return s;
}

/**
 * A field path made only when a problem is found: nearly every field checks out, and joining
 * paths for each of them was most of the walk's time. A step is `parent` plus `step`; `path` is
 * set on the root and once made.
 */
interface LazyPath {
  readonly parent: LazyPath | undefined;
  /** A map key, or an index of a sequence item. */
  readonly step: string | number | undefined;
  path: string | undefined;
}

function pathOf(p: LazyPath): string {
  if (p.path === undefined) {
    const base = pathOf(p.parent!);
    const step = p.step!;
    // As joinPath joins them: an index is `[i]`, a key as its syntax needs.
    p.path = typeof step === 'number' ? `${base}[${step}]` : joinPath(base, step);
  }
  return p.path;
}

/** The path of `step` under `parent` (the node itself when `step` is undefined). */
function pathAt(parent: LazyPath, step: string | number | undefined): LazyPath {
  return step === undefined ? parent : { parent, step, path: undefined };
}

/**
 * Checks `node`, found at `step` under `parent` (or at `parent` itself, for the root), against
 * `code`. The path object of a node is made only when the node has children or a problem.
 */
function walk(
  table: TypeTable,
  object: K8sObject,
  node: YNode,
  code: TypeCode,
  parent: LazyPath,
  step: string | number | undefined,
  field: string,
  out: SchemaProblem[],
): void {
  if (code === '*') return;
  // null means "unset" for every field.
  if (node.type === 'scalar' && node.value === null) return;
  const first = code.charCodeAt(0);
  if (first === 91 /* [ */) {
    if (node.type !== 'seq') {
      wrong(object, node, pathOf(pathAt(parent, step)), code, field, out);
      return;
    }
    const inner = code.slice(1);
    const list = node.items;
    if (list.length === 0) return;
    const here = pathAt(parent, step);
    for (let i = 0; i < list.length; i++) walk(table, object, list[i]!, inner, here, i, field, out);
    return;
  }
  if (first === 123 /* { */) {
    if (node.type !== 'map') {
      wrong(object, node, pathOf(pathAt(parent, step)), code, field, out);
      return;
    }
    const inner = code.slice(1);
    const here = pathAt(parent, step);
    for (const p of node.pairs) {
      const name = String(p.key.value);
      walk(table, object, p.value, inner, here, name, name, out);
    }
    return;
  }
  switch (code) {
    case 'b':
      if (node.type !== 'scalar' || typeof node.value !== 'boolean')
        wrong(object, node, pathOf(pathAt(parent, step)), code, field, out);
      return;
    case 'i':
      if (node.type !== 'scalar' || typeof node.value !== 'number')
        wrong(object, node, pathOf(pathAt(parent, step)), code, field, out);
      return;
    case 's':
      if (node.type !== 'scalar' || typeof node.value !== 'string')
        wrong(object, node, pathOf(pathAt(parent, step)), code, field, out);
      return;
    case 'q':
      if (node.type !== 'scalar' || typeof node.value === 'boolean')
        wrong(object, node, pathOf(pathAt(parent, step)), code, field, out);
      return;
  }
  const fields = table.types[code] ?? BUILTIN.types[code];
  if (!fields) return;
  if (node.type !== 'map') {
    wrong(object, node, pathOf(pathAt(parent, step)), code, field, out);
    return;
  }
  const open = table.open.has(code);
  const here = pathAt(parent, step);
  for (const p of node.pairs) {
    const name = p.key.value;
    if (typeof name !== 'string' || name === '<<') continue;
    const fieldCode = fields[name];
    if (fieldCode === undefined) {
      if (!open)
        out.push({
          problem: 'unknown-field',
          object,
          pair: p,
          name,
          path: joinPath(pathOf(here), name),
          typeName: code,
          known: Object.keys(fields),
          builtin: table === BUILTIN,
        });
      continue;
    }
    walk(table, object, p.value, fieldCode, here, name, name, out);
  }
}

function wrong(
  object: K8sObject,
  node: YNode,
  path: string,
  code: TypeCode,
  field: string,
  out: SchemaProblem[],
): void {
  out.push({
    problem: 'invalid-field-type',
    object,
    node,
    path,
    expected: describeCode(code),
    found: describeNode(object, node),
    field,
  });
}

// ---- CustomResourceDefinitions -------------------------------------------------------------------

/** One version of a CRD, waiting to be compiled into the table. */
interface PendingVersion {
  /** `group/version/kind`: the key of `TypeTable.kinds`. */
  readonly key: string;
  readonly schema: YNode;
}

function collectCrd(pending: Map<string, PendingVersion[]>, crd: K8sObject): void {
  const spec = get(crd.root, 'spec');
  const group = str(get(spec, 'group'));
  const kind = str(getIn(spec, ['names', 'kind']));
  if (!group || !kind) return;
  for (const version of items(get(spec, 'versions'))) {
    const name = str(get(version, 'name'));
    const schema = getIn(version, ['schema', 'openAPIV3Schema']);
    if (!name || schema?.type !== 'map') continue;
    const key = `${group}/${name}/${kind}`;
    const list = pending.get(key);
    if (list) list.push({ key, schema });
    else pending.set(key, [{ key, schema }]);
  }
}

function compileVersion(table: TypeTable, { key, schema }: PendingVersion): void {
  const prefix = `crd:${key}`;
  let counter = 0;
  const compile = (s: YNode | undefined): TypeCode => {
    if (s?.type !== 'map') return '*';
    return boolValue(get(s, 'x-kubernetes-int-or-string')) ? 'q' : compileTyped(s);
  };
  const compileTyped = (s: YNode): TypeCode => {
    const type = str(get(s, 'type'));
    const preserve = boolValue(get(s, 'x-kubernetes-preserve-unknown-fields'));
    switch (type) {
      case 'boolean':
        return 'b';
      case 'integer':
      case 'number':
        return 'i';
      case 'string':
        return 's';
      case 'array':
        return `[${compile(get(s, 'items'))}`;
    }
    const props = get(s, 'properties');
    if (props?.type === 'map') {
      const id = `${prefix}#${counter++}`;
      const fields: Record<string, TypeCode> = {};
      for (const p of pairs(props))
        if (typeof p.key.value === 'string') fields[p.key.value] = compile(p.value);
      table.types[id] = fields;
      if (preserve) table.open.add(id);
      return id;
    }
    const additional = get(s, 'additionalProperties');
    if (additional?.type === 'map') return `{${compile(additional)}`;
    // No properties: an object of anything (or preserve-unknown-fields, or no type at all).
    return '*';
  };
  let rootCode = compile(schema);
  if (!table.types[rootCode]) {
    // A root schema without properties keeps whatever it is given.
    rootCode = `${prefix}#root`;
    table.types[rootCode] = {};
    table.open.add(rootCode);
  }
  // apiVersion, kind and metadata are validated by the API server itself, not by the CRD schema.
  const rootFields = table.types[rootCode] ?? {};
  table.types[rootCode] = {
    ...rootFields,
    apiVersion: 's',
    kind: 's',
    metadata: 'MetaV1ObjectMeta',
  };
  table.kinds[key] = rootCode;
}

function boolValue(node: YNode | undefined): boolean {
  return node?.type === 'scalar' && node.value === true;
}
