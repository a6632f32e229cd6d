// Model stage: a typed, read-only view over every object found, with indexes for cross-resource rules.
// The model knows nothing of rules or reports.
import { get, items, type SourceFile, str, type YMap } from '../load/index.js';
import { K8sObject, UNSET_NAMESPACE } from './object.js';
import { type ContainerView, type PodSpecView, podSpecsOf } from './pod.js';

export * from './object.js';
export * from './pod.js';
export * from './selector.js';

export class Model {
  readonly objects: readonly K8sObject[];
  private readonly kindIndex = new Map<string, K8sObject[]>();
  private readonly namespaceIndex = new Map<string, K8sObject[]>();
  // Nested by kind, namespace key ('' for cluster-scoped) and name rather than keyed by one joined
  // string: the parts are strings the objects already hold, so nothing is built per object.
  private readonly nameIndex = new Map<string, Map<string, Map<string, K8sObject>>>();
  /** Namespaced objects by kind and name, whatever their namespace. */
  private readonly kindNameIndex = new Map<string, Map<string, K8sObject[]>>();
  private podCache: PodSpecView[] | undefined;
  private podsByObject: Map<K8sObject, readonly PodSpecView[]> | undefined;

  constructor(readonly files: readonly SourceFile[]) {
    const objects: K8sObject[] = [];
    for (const file of files) {
      for (const doc of file.documents) {
        const root = doc.root;
        if (root?.type !== 'map') continue;
        collectObjects(file, doc, root, '', objects);
      }
    }
    this.objects = objects;
    for (const o of objects) {
      push(this.kindIndex, o.kind, o);
      const ns = o.namespace;
      if (ns !== undefined) push(this.namespaceIndex, ns, o);
      inner(inner(this.nameIndex, o.kind), ns ?? '').set(o.name, o);
      if (ns !== undefined) push(inner(this.kindNameIndex, o.kind), o.name, o);
    }
  }

  /** Objects of one kind (any apiVersion), in scan order. */
  ofKind(...kinds: string[]): readonly K8sObject[] {
    if (kinds.length === 1) return this.kindIndex.get(kinds[0]!) ?? [];
    const out: K8sObject[] = [];
    for (const k of kinds) out.push(...(this.kindIndex.get(k) ?? []));
    return out.sort((a, b) => a.ordinal - b.ordinal);
  }

  /** Namespaced objects landing in a namespace. */
  inNamespace(namespace: string): readonly K8sObject[] {
    return this.namespaceIndex.get(namespace) ?? [];
  }

  /** Every namespace something in the tree lands in or declares, sorted. */
  namespaces(): string[] {
    const set = new Set(this.namespaceIndex.keys());
    for (const ns of this.ofKind('Namespace')) if (ns.name) set.add(ns.name);
    return [...set].sort();
  }

  /** The object of that kind, namespace key and name, exactly. */
  find(kind: string, namespace: string | undefined, name: string): K8sObject | undefined {
    return this.nameIndex
      .get(kind)
      ?.get(namespace ?? '')
      ?.get(name);
  }

  /**
   * The object a reference from `namespace` most likely means, treating an unset namespace as
   * unknown: the exact match, else (from an explicit namespace) the same name without a namespace,
   * else (from an unset namespace) the only object of that name in any namespace.
   */
  resolve(kind: string, namespace: string | undefined, name: string): K8sObject | undefined {
    const exact = this.find(kind, namespace, name);
    if (exact || namespace === undefined) return exact;
    if (namespace !== UNSET_NAMESPACE) return this.find(kind, UNSET_NAMESPACE, name);
    const same = this.kindNameIndex.get(kind)?.get(name) ?? [];
    return same.length === 1 ? same[0] : undefined;
  }

  /** Every pod spec in the tree, with its object, in scan order. */
  podSpecs(): readonly PodSpecView[] {
    if (!this.podCache) {
      this.podCache = [];
      this.podsByObject = new Map();
      for (const o of this.objects) {
        const specs = podSpecsOf(o);
        if (specs.length) {
          this.podCache.push(...specs);
          this.podsByObject.set(o, specs);
        }
      }
    }
    return this.podCache;
  }

  podSpecsOf(obj: K8sObject): readonly PodSpecView[] {
    this.podSpecs();
    return this.podsByObject!.get(obj) ?? [];
  }

  /** Every container (init, regular, ephemeral) of every pod spec. */
  containers(): ContainerView[] {
    return this.podSpecs().flatMap((p) => p.containers);
  }

  /** Objects that run pods (workloads), in scan order. */
  workloads(): K8sObject[] {
    return this.podSpecs().map((p) => p.object);
  }
}

/** The map under `k`, made when missing. */
function inner<K, K2, V>(m: Map<K, Map<K2, V>>, k: K): Map<K2, V> {
  let found = m.get(k);
  if (!found) {
    found = new Map();
    m.set(k, found);
  }
  return found;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function collectObjects(
  file: SourceFile,
  doc: SourceFile['documents'][number],
  root: YMap,
  basePath: string,
  out: K8sObject[],
): void {
  const kind = str(get(root, 'kind'));
  const apiVersion = str(get(root, 'apiVersion'));
  // Documents without apiVersion and kind are not Kubernetes (values files, workflows): skipped.
  if (!kind || !apiVersion) return;
  if (kind.endsWith('List') && get(root, 'items')?.type === 'seq') {
    items(get(root, 'items')).forEach((item, i) => {
      if (item.type === 'map') collectObjects(file, doc, item, `${basePath}items[${i}]`, out);
    });
    return;
  }
  out.push(new K8sObject(file, doc, root, basePath, out.length));
}

export * from './control-plane.js';
export * from './neighbours.js';
export * from './network.js';
export * from './operators.js';
export * from './rbac.js';
export * from './schema.js';
