// A resource in the build: its object plus the bookkeeping kustomize keeps in build annotations
// (previous ids for name references, the prefixes and suffixes applied, the generator's wishes).
import { CLUSTER_SCOPED_KINDS, type FieldSpec } from './fieldspecs.js';
import { getMap, getStr, type KMap, type KNode, type Origin } from './knode.js';

export interface Gvk {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}
export interface ResId extends Gvk {
  readonly name: string;
  readonly namespace: string;
}

export interface Res {
  node: KMap;
  /** Earlier ids, oldest first (never the current one). */
  prev: ResId[];
  prefixes: string[];
  suffixes: string[];
  needsHash: boolean;
  behavior: 'create' | 'merge' | 'replace';
  /** The document or generator entry the resource came from. */
  readonly origin: Origin;
  /** For `buildMetadata: [originAnnotations]`: the file read, or the generator that made it. */
  source?: { readonly file: string } | { readonly kustomization: string; readonly generator: string };
}

export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i >= 0
    ? { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) }
    : { group: '', version: apiVersion };
}

export function gvkOf(node: KNode): Gvk {
  const { group, version } = parseApiVersion(getStr(node, 'apiVersion') ?? '');
  return { group, version, kind: getStr(node, 'kind') ?? '' };
}

const scalarText = (n: KNode | undefined): string => (n && n.k === 'scalar' && n.tag !== 'null' ? n.v : '');

/** The resource's current id (called often: reads the few fields directly). */
export function curId(r: Res): ResId {
  const m = r.node.m;
  const apiVersion = scalarText(m.get('apiVersion'));
  const slash = apiVersion.indexOf('/');
  const meta = m.get('metadata');
  const metaMap = meta && meta.k === 'map' ? meta.m : undefined;
  return {
    group: slash >= 0 ? apiVersion.slice(0, slash) : '',
    version: slash >= 0 ? apiVersion.slice(slash + 1) : apiVersion,
    kind: scalarText(m.get('kind')),
    name: scalarText(metaMap?.get('name')),
    namespace: scalarText(metaMap?.get('namespace')),
  };
}

export function orgId(r: Res): ResId {
  return r.prev[0] ?? curId(r);
}

// Custom kinds an `openapi` document's paths declare cluster-scoped (kyaml's namespaceability, which
// it consults after its builtin table); set per build with the schema (schemas.ts).
let customClusterScoped: ReadonlySet<string> | undefined;

export function useClusterScopedKinds(kinds: ReadonlySet<string> | undefined): void {
  customClusterScoped = kinds;
}

export const isClusterScoped = (kind: string): boolean =>
  CLUSTER_SCOPED_KINDS.has(kind) || (customClusterScoped?.has(kind) ?? false);

export function effectiveNamespace(id: ResId): string {
  if (isClusterScoped(id.kind)) return '_non_namespaceable_';
  return id.namespace === '' || id.namespace === 'default' ? 'default' : id.namespace;
}

export const gvkEquals = (a: Gvk, b: Gvk): boolean =>
  a.group === b.group && a.version === b.version && a.kind === b.kind;

export const idEquals = (a: ResId, b: ResId): boolean =>
  gvkEquals(a, b) && a.name === b.name && effectiveNamespace(a) === effectiveNamespace(b);

/** A field spec's or selector's group/version/kind, where empty parts match anything. */
export function gvkSelected(x: Gvk, sel: Partial<Gvk> | FieldSpec): boolean {
  if (sel.group && x.group !== sel.group) return false;
  if (sel.version && x.version !== sel.version) return false;
  if (sel.kind && x.kind !== sel.kind) return false;
  return true;
}

export function storePreviousId(r: Res): void {
  const id = curId(r);
  // kustomize stores the effective namespace (`default` for an unset one).
  r.prev.push({ ...id, namespace: effectiveNamespace(id) });
}

export function idString(id: ResId): string {
  const g = id.group || '[noGrp]';
  const v = id.version || '[noVer]';
  const k = id.kind || '[noKind]';
  const ns = id.namespace || '[noNs]';
  return `${k}.${v}.${g}/${id.name}.${ns}`;
}

export function labelsOf(r: Res): Map<string, string> {
  const out = new Map<string, string>();
  const l = getMap(r.node, 'metadata', 'labels');
  if (l) for (const [k, v] of l.m) if (v.k === 'scalar') out.set(k, v.v);
  return out;
}

export function annotationsOf(r: Res): Map<string, string> {
  const out = new Map<string, string>();
  const l = getMap(r.node, 'metadata', 'annotations');
  if (l) for (const [k, v] of l.m) if (v.k === 'scalar') out.set(k, v.v);
  return out;
}
