// Container resources as admission leaves them: a LimitRange in the pod's namespace (when it is in
// the scanned tree) fills in missing limits and requests, and pod-level resources bound the whole pod.
import { get, getIn, items, pairs, str } from '../../src/load/index.js';
import type { ContainerView, Model } from '../../src/model/index.js';

export type Resource = 'cpu' | 'memory';
export const RESOURCES: readonly Resource[] = ['memory', 'cpu'];

interface NamespaceDefaults {
  readonly limits: ReadonlySet<string>;
  readonly requests: ReadonlySet<string>;
}

const cache = new WeakMap<Model, Map<string, NamespaceDefaults>>();

/** The resources a LimitRange of type Container defaults in a namespace (`default` and `defaultRequest`). */
export function limitRangeDefaults(model: Model, namespace: string | undefined): NamespaceDefaults {
  let byNs = cache.get(model);
  if (!byNs) {
    byNs = new Map();
    for (const lr of model.ofKind('LimitRange')) {
      const ns = lr.namespace ?? 'default';
      const entry = byNs.get(ns) ?? { limits: new Set<string>(), requests: new Set<string>() };
      for (const limit of items(getIn(lr.root, ['spec', 'limits']))) {
        if (str(get(limit, 'type')) !== 'Container') continue;
        for (const p of pairs(get(limit, 'default'))) {
          const r = String(p.key.value);
          (entry.limits as Set<string>).add(r);
          // Admission sets a missing request to the (defaulted) limit.
          (entry.requests as Set<string>).add(r);
        }
        for (const p of pairs(get(limit, 'defaultRequest')))
          (entry.requests as Set<string>).add(String(p.key.value));
      }
      byNs.set(ns, entry);
    }
    cache.set(model, byNs);
  }
  return byNs.get(namespace ?? 'default') ?? { limits: new Set(), requests: new Set() };
}

export function containerLimit(c: ContainerView, r: Resource): boolean {
  return getIn(c.node, ['resources', 'limits', r]) !== undefined;
}

export function containerRequest(c: ContainerView, r: Resource): boolean {
  return getIn(c.node, ['resources', 'requests', r]) !== undefined;
}

/** Pod-level `spec.resources.limits` (Kubernetes 1.34 beta): bounds every container together. */
export function podLimit(c: ContainerView, r: Resource): boolean {
  return getIn(c.pod.node, ['resources', 'limits', r]) !== undefined;
}

export function podRequest(c: ContainerView, r: Resource): boolean {
  return getIn(c.pod.node, ['resources', 'requests', r]) !== undefined;
}
