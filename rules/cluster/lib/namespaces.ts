// Per-namespace helpers for cross-resource rules: which namespaces run workloads, and where a
// finding about a namespace points (its Namespace object when the tree has one, else its first
// workload). Computed once per model.
import type { RuleContext } from '../../../src/engine/rule.js';
import { getPair, pairSpan, type Span } from '../../../src/load/index.js';
import {
  type K8sObject,
  labelKey,
  type Model,
  namespaceText,
  neighbourGroups,
  type PodSpecView,
  UNSET_NAMESPACE,
} from '../../../src/model/index.js';

export interface NamespaceWorkloads {
  readonly namespace: string;
  /**
   * For objects without a namespace: the neighbour group (folder or kustomization) they are applied
   * with. Each group is reported on its own: unrelated folders are not one namespace.
   */
  readonly group?: string;
  /** Pod specs landing in the namespace, in scan order. */
  readonly pods: readonly PodSpecView[];
  /** The Namespace object in the tree, if any. */
  readonly namespaceObject?: K8sObject;
}

const cache = new WeakMap<Model, readonly NamespaceWorkloads[]>();

/**
 * Namespaces that run workloads in the scanned tree, sorted by name; workloads without a namespace
 * come once per neighbour group (see `NamespaceWorkloads.group`).
 */
export function namespacesWithWorkloads(model: Model): readonly NamespaceWorkloads[] {
  const cached = cache.get(model);
  if (cached) return cached;
  const out = mergedNamespaces(model).flatMap((n) => {
    if (n.namespace !== UNSET_NAMESPACE) return [n];
    const groups = neighbourGroups(model);
    const byGroup = new Map<string, PodSpecView[]>();
    for (const pod of n.pods) {
      const g = groups.groupOf(pod.object);
      const list = byGroup.get(g);
      if (list) list.push(pod);
      else byGroup.set(g, [pod]);
    }
    return [...byGroup].map(([group, pods]) => ({ namespace: n.namespace, group, pods }));
  });
  cache.set(model, out);
  return out;
}

/** Whether an object belongs to a namespace entry (for unset ones, to its neighbour group). */
export function inEntry(model: Model, ns: NamespaceWorkloads, o: K8sObject): boolean {
  if (o.namespace !== ns.namespace) return false;
  return ns.group === undefined || neighbourGroups(model).groupOf(o) === ns.group;
}

const mergedCache = new WeakMap<Model, readonly NamespaceWorkloads[]>();

/** Namespaces that run workloads, the unset namespace as one entry. */
function mergedNamespaces(model: Model): readonly NamespaceWorkloads[] {
  const cached = mergedCache.get(model);
  if (cached) return cached;
  const byNs = new Map<string, PodSpecView[]>();
  for (const pod of model.podSpecs()) {
    const ns = pod.object.namespace;
    if (ns === undefined) continue;
    const list = byNs.get(ns);
    if (list) list.push(pod);
    else byNs.set(ns, [pod]);
  }
  const nsObjects = new Map<string, K8sObject>();
  for (const o of model.ofKind('Namespace'))
    if (o.apiVersion === 'v1' && !nsObjects.has(o.name)) nsObjects.set(o.name, o);
  const out = [...byNs.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([namespace, pods]) => {
      const namespaceObject = nsObjects.get(namespace);
      return { namespace, pods, ...(namespaceObject ? { namespaceObject } : {}) };
    });
  mergedCache.set(model, out);
  return out;
}

export interface NamespaceAnchor {
  readonly object: K8sObject;
  readonly span: Span;
  readonly path: string;
  /** How the message names the place: `Namespace "x"` or `namespace "x" (no Namespace object in the tree)`. */
  readonly onNamespace: boolean;
}

/** Where a finding about a namespace points. */
export function namespaceAnchor(ns: NamespaceWorkloads): NamespaceAnchor {
  if (ns.namespaceObject) {
    return {
      object: ns.namespaceObject,
      span: ns.namespaceObject.anchor,
      path: ns.namespaceObject.path('metadata', 'name'),
      onNamespace: true,
    };
  }
  const first = ns.pods[0]!.object;
  return { object: first, span: first.anchor, path: first.path('metadata', 'name'), onNamespace: false };
}

/** Names the workload a namespace finding falls back to, for messages. */
export function anchorNote(a: NamespaceAnchor): string {
  if (a.onNamespace) return '';
  return a.object.namespace === UNSET_NAMESPACE
    ? ` (reported on ${a.object.displayName}, the first of them)`
    : ` (reported on ${a.object.displayName}, the first workload there; the Namespace object is not in the tree)`;
}

/** `namespace x`, or `the namespace these objects are applied to` for objects without one. */
export function namespaceName(ns: NamespaceWorkloads): string {
  return namespaceText(ns.namespace);
}

const byName = new WeakMap<Model, ReadonlyMap<string, NamespaceWorkloads>>();

/** The workloads of one namespace (undefined when the tree runs nothing there). */
export function workloadsIn(model: Model, namespace: string): NamespaceWorkloads | undefined {
  let m = byName.get(model);
  if (!m) {
    m = new Map(mergedNamespaces(model).map((n) => [n.namespace, n]));
    byName.set(model, m);
  }
  return m.get(namespace);
}

/** Where a finding about a pod's labels points: the template's `labels` pair, else the pod spec. */
export function podLabelsSpan(pod: PodSpecView): { span: Span; path: string } {
  const p = getPair(pod.templateMetadata, 'labels');
  if (p) {
    const path =
      pod.object.kind === 'Pod'
        ? pod.object.path('metadata', 'labels')
        : `${pod.path.replace(/\.spec$/, '')}.metadata.labels`;
    return { span: pairSpan(p), path };
  }
  return { span: pod.anchor, path: pod.path };
}

const labelIndexes = new WeakMap<Model, Map<string, Map<string, PodSpecView[]>>>();

/**
 * The pods of a namespace that can match a selector requiring `requiredLabel` (a `labelKey`), or
 * all of them when it requires none. Pods are indexed by label once per namespace, so matching many
 * selectors against many pods stays linear.
 */
export function candidatePods(
  model: Model,
  namespace: string,
  requiredLabel: string | undefined,
): readonly PodSpecView[] {
  const all = workloadsIn(model, namespace)?.pods ?? [];
  if (requiredLabel === undefined) return all;
  let perNs = labelIndexes.get(model);
  if (!perNs) {
    perNs = new Map();
    labelIndexes.set(model, perNs);
  }
  let index = perNs.get(namespace);
  if (!index) {
    index = new Map();
    for (const pod of all) {
      for (const [k, v] of Object.entries(pod.labels)) {
        const key = labelKey(k, v);
        const list = index.get(key);
        if (list) list.push(pod);
        else index.set(key, [pod]);
      }
    }
    perNs.set(namespace, index);
  }
  return index.get(requiredLabel) ?? [];
}

/**
 * The `done` visitor shared by the per-namespace resource policy rules: every namespace that runs
 * workloads and has no `v1` object of `policyKind` gets one finding.
 */
export function reportNamespacesWithout(
  context: RuleContext<unknown>,
  policyKind: 'LimitRange' | 'ResourceQuota',
  advice: string,
): void {
  const { model } = context;
  const covered = new Set<string>();
  const policies = model.ofKind(policyKind).filter((o) => o.apiVersion === 'v1');
  for (const o of policies) if (o.namespace && o.namespace !== UNSET_NAMESPACE) covered.add(o.namespace);
  for (const ns of namespacesWithWorkloads(model)) {
    if (covered.has(ns.namespace)) continue;
    if (ns.group !== undefined && policies.some((o) => inEntry(model, ns, o))) continue;
    const at = namespaceAnchor(ns);
    context.guard(at.object, () => {
      context.report({
        object: at.object,
        span: at.span,
        path: at.path,
        message: `${namespaceName(ns)} runs ${ns.pods.length} workload(s) and has no ${policyKind}${anchorNote(at)}; add one ${advice}`,
      });
    });
  }
}
