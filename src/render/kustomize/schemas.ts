// Schemas a kustomization brings for its custom kinds, read as kustomize reads them:
// - `openapi: {path: schema.json}` (kyaml openapi.SetSchema): an OpenAPI v2 document whose definitions
//   carry `x-kubernetes-group-version-kind`; strategic merge then takes list merge keys and patch
//   strategies from it. kyaml uses it instead of its builtin Kubernetes schema, for every kind.
// - `crds: [defs.json]` (accumulator.LoadConfigFromCRDs): Go OpenAPI definitions (type name →
//   {Schema, Dependencies}) whose properties' `x-kubernetes-*` extensions add transformer field specs:
//   annotations, label selectors, name prefixes and name references. Nothing else.
import { parse } from 'yaml';
import type { FieldSpec, NameBackRef, TransformerConfig } from './fieldspecs.js';
import type { ListRule, SchemaType } from './smp.js';

export class SchemaFileError extends Error {}

type Json = { readonly [key: string]: unknown };

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON when it starts with `{` (as kustomize decides), else YAML; an object or an error. */
function parseDocument(text: string): Json {
  let v: unknown;
  try {
    v = text.startsWith('{') ? JSON.parse(text) : parse(text, { schema: 'core', uniqueKeys: false });
  } catch (e) {
    throw new SchemaFileError((e as Error).message.split('\n')[0] ?? 'cannot parse');
  }
  if (!isObject(v)) throw new SchemaFileError('not a map');
  return v;
}

/** A property's extension, matched as go-openapi does (extension keys are lower-cased). */
function ext(schema: Json, key: string): unknown {
  for (const [k, v] of Object.entries(schema)) if (k.toLowerCase() === key) return v;
  return undefined;
}

const MAX_REF_DEPTH = 64;

/** Strategic-merge schemas from an OpenAPI document, by resource type. */
export class OpenApiSchema {
  private readonly definitions: Json;
  private readonly byType = new Map<string, string>();
  private readonly converted = new Map<string, SchemaType>();

  /** Kinds whose API paths have no namespace segment (kyaml's findNamespaceability). */
  readonly clusterScopedKinds = new Set<string>();

  constructor(text: string) {
    const doc = parseDocument(text);
    this.definitions = isObject(doc.definitions) ? doc.definitions : {};
    const namespaced = new Map<string, boolean>();
    for (const [path, info] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
      const gvk =
        isObject(info) && isObject(info.get) ? ext(info.get, 'x-kubernetes-group-version-kind') : undefined;
      if (!isObject(gvk) || typeof gvk.kind !== 'string') continue;
      if (path.includes('namespaces/{namespace}')) namespaced.set(gvk.kind, true);
      else if (!namespaced.has(gvk.kind)) namespaced.set(gvk.kind, false);
    }
    // Builtin kinds keep their scope (kyaml's precomputed table comes first).
    for (const [kind, ns] of namespaced) if (!ns) this.clusterScopedKinds.add(kind);
    for (const [name, def] of Object.entries(this.definitions)) {
      if (!isObject(def)) continue;
      const gvks = ext(def, 'x-kubernetes-group-version-kind');
      if (!Array.isArray(gvks)) continue;
      for (const g of gvks) {
        if (!isObject(g) || typeof g.kind !== 'string' || typeof g.version !== 'string') continue;
        const apiVersion = typeof g.group === 'string' && g.group ? `${g.group}/${g.version}` : g.version;
        this.byType.set(`${apiVersion}\0${g.kind}`, name);
      }
    }
  }

  /** The schema of a resource type (exact apiVersion and kind), undefined when the document has none. */
  schemaFor(apiVersion: string | undefined, kind: string | undefined): SchemaType | undefined {
    const name = this.byType.get(`${apiVersion ?? ''}\0${kind ?? ''}`);
    return name === undefined ? undefined : this.definition(name);
  }

  /** `#/definitions/X` → X's schema (converted once; a cycle of references meets the same object). */
  private definition(name: string): SchemaType | undefined {
    const had = this.converted.get(name);
    if (had) return had;
    const def = this.definitions[name];
    if (!isObject(def)) return undefined;
    const out: Record<string, SchemaType | ListRule> = {};
    this.converted.set(name, out);
    this.fill(out, def, 0);
    return out;
  }

  /** Follows `$ref` chains to the schema they name. */
  private resolve(s: Json, depth: number): { schema: Json; name?: string } | undefined {
    let cur = s;
    let name: string | undefined;
    for (let i = 0; typeof cur.$ref === 'string'; i++) {
      if (i > depth + MAX_REF_DEPTH) return undefined;
      const ref = cur.$ref;
      if (!ref.startsWith('#/definitions/')) return undefined;
      name = ref.slice('#/definitions/'.length);
      const next = this.definitions[name];
      if (!isObject(next)) return undefined;
      cur = next;
    }
    return { schema: cur, ...(name ? { name } : {}) };
  }

  /** The nested schema of a field: an object's properties, a merge list's rule. */
  private field(s: Json, depth: number): SchemaType | ListRule | undefined {
    if (depth > MAX_REF_DEPTH) return undefined;
    const r = this.resolve(s, depth);
    if (!r) return undefined;
    const schema = r.schema;
    const type = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (type.length === 1 && type[0] === 'array') {
      const strategy = String(ext(schema, 'x-kubernetes-patch-strategy') ?? '');
      // kyaml merges a list by key only when its strategy includes `merge`; else it is replaced.
      if (!strategy.split(',').includes('merge')) return undefined;
      const mapKeys = ext(schema, 'x-kubernetes-list-map-keys');
      const key = ext(schema, 'x-kubernetes-patch-merge-key');
      const keys = Array.isArray(mapKeys) ? mapKeys.map(String) : typeof key === 'string' && key ? [key] : [];
      const items = isObject(schema.items) ? this.field(schema.items, depth + 1) : undefined;
      const itemSchema =
        items && !Array.isArray((items as ListRule).keys) ? (items as SchemaType) : undefined;
      return { keys, ...(itemSchema ? { items: itemSchema } : {}) };
    }
    if (r.name !== undefined) return this.definition(r.name);
    const out: Record<string, SchemaType | ListRule> = {};
    this.fill(out, schema, depth + 1);
    return out;
  }

  private fill(out: Record<string, SchemaType | ListRule>, schema: Json, depth: number): void {
    const props = isObject(schema.properties) ? schema.properties : {};
    for (const [key, p] of Object.entries(props)) {
      if (!isObject(p)) continue;
      const f = this.field(p, depth);
      if (f) out[key] = f;
    }
  }
}

/** Transformer field specs from Go OpenAPI definitions (a `crds` entry), as LoadConfigFromCRDs makes them. */
export function configFromCrds(text: string): Partial<TransformerConfig> {
  const defs = parseDocument(text);
  const out = {
    commonAnnotations: [] as FieldSpec[],
    commonLabels: [] as FieldSpec[],
    namePrefix: [] as FieldSpec[],
    nameReference: [] as NameBackRef[],
  };
  const schemaOf = (def: unknown): Json | undefined => {
    if (!isObject(def)) return undefined;
    for (const [k, v] of Object.entries(def)) if (k.toLowerCase() === 'schema' && isObject(v)) return v;
    return undefined;
  };
  const propsOf = (s: Json | undefined): Json => (s && isObject(s.properties) ? s.properties : {});
  const load = (kind: string, typeName: string, path: readonly string[]): void => {
    if (path.length > MAX_REF_DEPTH) return;
    const schema = schemaOf(defs[typeName]);
    if (!schema) return;
    for (const [prop, p] of Object.entries(propsOf(schema))) {
      if (!isObject(p)) continue;
      const at = [...path, prop];
      const spec = (segments: readonly string[]): FieldSpec => ({ kind, path: segments.join('/') });
      if (typeof ext(p, 'x-kubernetes-annotation') === 'string') out.commonAnnotations.push(spec(at));
      if (typeof ext(p, 'x-kubernetes-label-selector') === 'string') out.commonLabels.push(spec(at));
      if (typeof ext(p, 'x-kubernetes-identity') === 'string') out.namePrefix.push(spec(at));
      const version = ext(p, 'x-kubernetes-object-ref-api-version');
      const refKind = ext(p, 'x-kubernetes-object-ref-kind');
      if (typeof version === 'string' && typeof refKind === 'string') {
        const nameKey = ext(p, 'x-kubernetes-object-ref-name-key');
        out.nameReference.push({
          kind: refKind,
          version,
          fieldSpecs: [spec([...at, typeof nameKey === 'string' ? nameKey : 'name'])],
        });
      }
      if (typeof p.$ref === 'string' && p.$ref) load(kind, p.$ref, at);
    }
  };
  for (const [name, def] of Object.entries(defs)) {
    // kustomize decodes each entry into an OpenAPIDefinition: a CRD manifest here is an error.
    if (def !== null && !isObject(def)) {
      throw new SchemaFileError(
        `json: cannot unmarshal ${Array.isArray(def) ? 'array' : typeof def} into Go value of type accumulator.OpenAPIDefinition`,
      );
    }
    const props = propsOf(schemaOf(def));
    // Only definitions that look like Kubernetes types (kind, apiVersion, metadata).
    if (!('kind' in props && 'apiVersion' in props && 'metadata' in props)) continue;
    load(name.split('.').pop() ?? name, name, []);
  }
  return out;
}
