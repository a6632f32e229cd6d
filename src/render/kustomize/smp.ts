// Strategic merge as kustomize applies it (kyaml merge2, new list elements first): a list merges
// element by element only where the Kubernetes API declares a merge strategy for it
// (x-kubernetes-patch-strategy: merge, with its x-kubernetes-patch-merge-key or list-map-keys, as in
// the OpenAPI of Kubernetes 1.21 that kyaml embeds); every other list is replaced by the patch's.
// `$patch: delete | replace | merge` is honoured on maps and lists; a null value deletes a field.
import { clone, type KMap, type KNode, type KSeq } from './knode.js';

/** A list with a merge strategy: its merge keys (none: a list of scalars merged as a set). */
export interface ListRule {
  readonly keys: readonly string[];
  readonly items?: SchemaType;
}
export type SchemaType = { readonly [field: string]: SchemaType | ListRule };

/** Schemas by resource type: the builtin ones, or a kustomization's `openapi` document (schemas.ts). */
export type SchemaLookup = (
  apiVersion: string | undefined,
  kind: string | undefined,
) => SchemaType | undefined;

// Like kyaml's global schema: set once per build, by the first kustomization with `openapi` (the
// top one first); it replaces the builtin schema for every kind. Builds are synchronous.
let customSchema: SchemaLookup | undefined;

/** Sets (or with undefined, clears) the schema strategic merge uses instead of the builtin one. */
export function useSchema(lookup: SchemaLookup | undefined): void {
  customSchema = lookup;
}

export function hasCustomSchema(): boolean {
  return customSchema !== undefined;
}

const isList = (x: SchemaType | ListRule | undefined): x is ListRule =>
  !!x && Array.isArray((x as ListRule).keys);

const CONTAINER: SchemaType = {
  env: { keys: ['name'] },
  ports: { keys: ['containerPort', 'protocol'] },
  volumeDevices: { keys: ['devicePath'] },
  volumeMounts: { keys: ['mountPath'] },
};
const POD_SPEC: SchemaType = {
  containers: { keys: ['name'], items: CONTAINER },
  initContainers: { keys: ['name'], items: CONTAINER },
  ephemeralContainers: { keys: ['name'], items: CONTAINER },
  imagePullSecrets: { keys: ['name'] },
  hostAliases: { keys: ['ip'] },
  topologySpreadConstraints: { keys: ['topologyKey', 'whenUnsatisfiable'] },
  volumes: { keys: ['name'] },
};
const OBJECT_META: SchemaType = { finalizers: { keys: [] }, ownerReferences: { keys: ['uid'] } };
const POD_TEMPLATE: SchemaType = { metadata: OBJECT_META, spec: POD_SPEC };
const WORKLOAD: SchemaType = { metadata: OBJECT_META, spec: { template: POD_TEMPLATE } };

/** Built-in kinds (by kind and API group) that kyaml knows a schema for. */
const KIND_SCHEMAS: Record<string, SchemaType> = {
  '/Pod': { metadata: OBJECT_META, spec: POD_SPEC },
  '/PodTemplate': { metadata: OBJECT_META, template: POD_TEMPLATE },
  '/ReplicationController': WORKLOAD,
  'apps/Deployment': WORKLOAD,
  'apps/ReplicaSet': WORKLOAD,
  'apps/DaemonSet': WORKLOAD,
  'apps/StatefulSet': WORKLOAD,
  'batch/Job': WORKLOAD,
  'batch/CronJob': {
    metadata: OBJECT_META,
    spec: { jobTemplate: { metadata: OBJECT_META, spec: { template: POD_TEMPLATE } } },
  },
  '/Service': { metadata: OBJECT_META, spec: { ports: { keys: ['port', 'protocol'] } } },
  '/ServiceAccount': { metadata: OBJECT_META, secrets: { keys: ['name'] } },
  '/Node': { metadata: OBJECT_META, spec: { podCIDRs: { keys: [] } } },
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': {
    metadata: OBJECT_META,
    webhooks: { keys: ['name'] },
  },
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': {
    metadata: OBJECT_META,
    webhooks: { keys: ['name'] },
  },
  'storage.k8s.io/CSINode': { metadata: OBJECT_META, spec: { drivers: { keys: ['name'] } } },
};

const BUILTIN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'policy',
  'rbac.authorization.k8s.io',
  'networking.k8s.io',
  'storage.k8s.io',
  'autoscaling',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'certificates.k8s.io',
  'node.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
]);

/** The schema kyaml would use for a resource of this apiVersion and kind (undefined: none). */
export function schemaFor(apiVersion: string | undefined, kind: string | undefined): SchemaType | undefined {
  if (!apiVersion || !kind) return undefined;
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const s = KIND_SCHEMAS[`${group}/${kind}`];
  if (s) return s;
  return BUILTIN_GROUPS.has(group) ? { metadata: OBJECT_META } : undefined;
}

export class PatchError extends Error {}

const DELETE = Symbol('delete');
type Merged = KNode | typeof DELETE;

function directive(n: KMap): string | undefined {
  const d = n.m.get('$patch');
  if (d?.k !== 'scalar') return undefined;
  n.m.delete('$patch');
  n.ko.delete('$patch');
  return d.v;
}

const isNullNode = (n: KNode | undefined): boolean => !!n && n.k === 'scalar' && n.tag === 'null';

/**
 * A null written as nothing (`key:`, `key: !!null`): kyaml's merge walk takes it for a missing field
 * and drops it; a null spelled out (`null`, `~`) it keeps.
 */
const isEmptyNull = (n: KNode): boolean => n.k === 'scalar' && n.tag === 'null' && n.v === '';

/**
 * Merges `patch` into `dest` (both may be absent) under `schema`; returns the merged node, DELETE,
 * or undefined when the field ends up absent. `dest` is updated in place where kyaml does.
 */
function mergeNode(
  dest: KNode | undefined,
  patch: KNode | undefined,
  schema: SchemaType | ListRule | undefined,
): Merged | undefined {
  const destLive = dest && !isNullNode(dest) ? dest : undefined;
  const kindOf = destLive?.k ?? (patch && !isNullNode(patch) ? patch.k : undefined);
  if (patch === undefined) return dest;
  if (kindOf === undefined) {
    // Both null or absent: a null in the patch removes the field.
    return isNullNode(patch) ? undefined : dest;
  }
  if (kindOf === 'scalar') {
    if (isNullNode(patch)) return undefined;
    return patch;
  }
  if (isNullNode(patch)) return undefined;
  if (kindOf === 'map') {
    if (patch.k !== 'map' || (destLive && destLive.k !== 'map')) {
      throw new PatchError('a patch gives a map where the resource has another kind of value');
    }
    return mergeMap(destLive as KMap | undefined, patch, isList(schema) ? schema.items : schema);
  }
  if (patch.k !== 'seq' || (destLive && destLive.k !== 'seq')) {
    throw new PatchError('a patch gives a list where the resource has another kind of value');
  }
  return mergeList(destLive as KSeq | undefined, patch, isList(schema) ? schema : undefined);
}

function mergeMap(dest: KMap | undefined, patch: KMap, schema: SchemaType | undefined): Merged | undefined {
  const d = directive(patch);
  if (d === 'delete') return DELETE;
  let target: KMap;
  if (!dest || d === 'replace') {
    // kyaml takes the patch's map and merges it with itself, which applies nested directives.
    target = patch;
  } else target = dest;
  for (const key of [...target.m.keys()]) {
    // kyaml walks every field of the resource, not only the patched ones: merge-keyed lists it meets
    // lose repeated keys.
    if (target !== patch && !patch.m.has(key)) {
      const value = target.m.get(key)!;
      // kyaml sets every field it walks again; one it read as missing is gone.
      if (isEmptyNull(value)) {
        target.m.delete(key);
        target.ko.delete(key);
        continue;
      }
      const sub = schema && !isList(schema) ? (schema as SchemaType)[key] : undefined;
      normalise(value, sub);
    }
  }
  const keys = [...patch.m.keys()].sort();
  for (const key of keys) {
    const pv = patch.m.get(key);
    const dv = target === patch ? pv : target.m.get(key);
    const sub = schema && !isList(schema) ? (schema as SchemaType)[key] : undefined;
    const merged = target === patch ? selfMerge(pv, sub) : mergeNode(dv, pv, sub);
    if (merged === undefined || merged === DELETE) {
      target.m.delete(key);
      target.ko.delete(key);
    } else {
      target.m.set(key, merged);
      if (target !== patch && merged !== dv) {
        const ko = patch.ko.get(key);
        if (ko) target.ko.set(key, ko);
      }
    }
  }
  return target;
}

/** A resource subtree the patch does not touch, as kyaml's walk leaves it (in place). */
function normalise(n: KNode, schema: SchemaType | ListRule | undefined): void {
  if (n.k === 'map') {
    const sub = isList(schema) ? schema.items : schema;
    for (const [key, v] of [...n.m]) {
      // (An empty null is dropped, as above.)
      if (isEmptyNull(v)) {
        n.m.delete(key);
        n.ko.delete(key);
        continue;
      }
      normalise(v, sub && !isList(sub) ? (sub as SchemaType)[key] : undefined);
    }
    return;
  }
  if (n.k !== 'seq' || !isList(schema)) return;
  const at = new Map<string, number>();
  const items: KNode[] = [];
  for (const it of n.items) {
    const values = schema.keys.length ? keyValues(it, schema.keys) : undefined;
    // One key: its value identifies the element as well as the JSON of the one-value tuple does.
    const id = values
      ? values.length === 1
        ? values[0]!
        : JSON.stringify(values)
      : it.k === 'scalar'
        ? it.v
        : '';
    // kyaml walks the elements of a list merged by key; any other list it keeps as it is.
    if (schema.keys.length) normalise(it, schema);
    const had = at.get(id);
    const keyless = values?.every((v) => v === '') === true;
    // A repeated key keeps the first element's place and the last element's content.
    if (had !== undefined && !keyless) {
      if (schema.keys.length === 1) items[had] = it;
      continue;
    }
    at.set(id, items.length);
    items.push(it);
  }
  n.items = items;
}

/** A patch node taken as it is (no resource side): directives applied, nulls dropped. */
function selfMerge(n: KNode | undefined, schema: SchemaType | ListRule | undefined): Merged | undefined {
  if (!n || isNullNode(n)) return undefined;
  if (n.k === 'map') return mergeMap(undefined, n, isList(schema) ? schema.items : schema);
  if (n.k === 'seq') return isList(schema) ? mergeList(undefined, n, schema) : n;
  return n;
}

function listDirective(patch: KSeq): string | undefined {
  for (let i = 0; i < patch.items.length; i++) {
    const item = patch.items[i]!;
    if (item.k !== 'map') continue;
    const d = item.m.get('$patch');
    if (d && d.k === 'scalar' && item.m.size === 1) {
      if (d.v === 'delete' || d.v === 'replace') {
        patch.items.splice(i, 1);
        return d.v;
      }
    }
  }
  return undefined;
}

function keyValues(item: KNode, keys: readonly string[]): string[] {
  if (item.k !== 'map') return keys.map(() => '');
  return keys.map((k) => {
    const v = item.m.get(k);
    return v && v.k === 'scalar' && v.tag !== 'null' ? v.v : '';
  });
}

function mergeList(dest: KSeq | undefined, patch: KSeq, rule: ListRule | undefined): Merged | undefined {
  if (!rule) return patch;
  const d = listDirective(patch);
  if (d === 'delete') return DELETE;
  const base = !dest || d === 'replace' ? undefined : dest;
  if (rule.keys.length === 0) {
    // A set of scalars: the patch's values first, then the resource's others.
    const seen = new Set<string>();
    const items: KNode[] = [];
    for (const src of [patch, base]) {
      for (const it of src?.items ?? []) {
        const key = it.k === 'scalar' ? it.v : JSON.stringify(it.k);
        if (seen.has(key)) continue;
        seen.add(key);
        items.push(it);
      }
    }
    return { k: 'seq', items, o: base?.o ?? patch.o };
  }
  const keys = rule.keys;
  // Key tuples, the patch's first, without repeats.
  let tuples: string[][] = [];
  const seen = new Set<string>();
  for (const src of [patch, base]) {
    for (const it of src?.items ?? []) {
      const t = keyValues(it, keys);
      const id = JSON.stringify(t);
      if (t.every((v) => v === '') || seen.has(id)) continue;
      seen.add(id);
      tuples.push(t);
    }
  }
  if (keys.length > 1) tuples = mergeTuples(tuples);
  const validKeySet = new Set<number>();
  for (const t of tuples) {
    for (let i = 0; i < t.length; i++) if (t[i] !== '') validKeySet.add(i);
  }
  const out: KNode[] = [];
  const outKeys: string[] = [];
  const removed = new Set<string>();
  for (const t of tuples) {
    const idx = keys.map((_, i) => i).filter((i) => validKeySet.has(i) && t[i] !== '');
    const match = (it: KNode): boolean => {
      const v = keyValues(it, keys);
      return idx.every((i) => v[i] === t[i]);
    };
    const destEl = base?.items.find(match);
    const patchEl = patch.items.find(match);
    if (destEl && !patchEl) normalise(destEl, rule);
    const merged = patchEl ? (destEl ? mergeNode(destEl, patchEl, rule) : selfMerge(patchEl, rule)) : destEl;
    const id = JSON.stringify(idx.map((i) => t[i]));
    if (merged === undefined || merged === DELETE || (merged.k === 'map' && merged.m.size === 0)) {
      removed.add(id);
      continue;
    }
    const at = outKeys.indexOf(id);
    if (at >= 0) out[at] = merged;
    else {
      out.push(merged);
      outKeys.push(id);
    }
  }
  // kyaml matches elements by the keys that some element has a value for (validateKeys).
  const valid = keys.map((_, i) => i).filter((i) => validKeySet.has(i));
  const tupleOf = (it: KNode): string[] => {
    const v = keyValues(it, keys);
    return valid.map((i) => v[i]!);
  };
  if (valid.length === 1) {
    // kyaml then sets each of the resource's elements back by key, in order: where the resource
    // repeats a key, its last element wins, unmerged.
    for (const it of base?.items ?? []) {
      const id = JSON.stringify(tupleOf(it));
      const at = outKeys.indexOf(id);
      if (at >= 0 && !removed.has(id)) out[at] = it;
    }
  }
  let items = out;
  if (valid.length > 1 && base) {
    // kyaml (appendListNode) takes each of the resource's elements (merged in place) out and appends
    // it again, in the resource's order: elements only the patch has come first, and where the
    // resource repeats a key tuple its last element wins. (Elements missing one of the keys meet
    // kyaml quirks not followed here; they keep their merged place.)
    const complete = (it: KNode): boolean => tupleOf(it).every((v) => v !== '');
    const fromBase = new Set<KNode>(base.items.filter(complete));
    items = out.filter((it) => !fromBase.has(it));
    for (const it of base.items) {
      if (!fromBase.has(it)) continue;
      const id = JSON.stringify(tupleOf(it));
      if (removed.has(id)) continue;
      items = items.filter((x) => !complete(x) || JSON.stringify(tupleOf(x)) !== id);
      items.push(it);
    }
  }
  // Elements without any key value keep their place at the end.
  for (const it of base?.items ?? []) if (keyValues(it, keys).every((v) => v === '')) items.push(it);
  return { k: 'seq', items, o: base?.o ?? patch.o };
}

/** kyaml's mergeValues: tuples that agree wherever both are set, and share a value, become one. */
function mergeTuples(list: string[][]): string[][] {
  const out = list.map((t) => [...t]);
  for (let i = 0; i < out.length; i++) {
    for (let j = 0; j < out.length; j++) {
      const a = out[i]!;
      const b = out[j]!;
      let common = false;
      const res: string[] = [];
      let ok = true;
      for (let k = 0; k < a.length; k++) {
        if (a[k] === b[k]) {
          common = true;
          res.push(a[k]!);
        } else if (a[k] !== '' && b[k] !== '') {
          ok = false;
          break;
        } else res.push(a[k] !== '' ? a[k]! : b[k]!);
      }
      if (ok && common) {
        out[i] = res;
        out[j] = [...res];
      }
    }
  }
  return out;
}

/**
 * Applies a strategic-merge patch to a resource. Returns the new resource, or undefined when the
 * patch deletes it (`$patch: delete` at the top).
 */
export function strategicMerge(
  resource: KMap,
  patch: KMap,
  apiVersion: string | undefined,
  kind: string | undefined,
): KMap | undefined {
  const schema = (customSchema ?? schemaFor)(apiVersion, kind);
  const r = mergeMap(resource, clone(patch) as KMap, schema);
  if (r === DELETE || r === undefined) return undefined;
  return r as KMap;
}
