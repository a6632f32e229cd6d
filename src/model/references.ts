// Reference integrity across the scanned tree: which objects a reference may resolve to, and
// whether the tree is in a position to say a target is missing. Objects made outside the tree
// (Endpoints by hand, ServiceAccounts by Terraform, pods by operators) must never be reported
// missing, so a rule may only call a target missing when the tree defines that kind in the
// target's namespace, or owns that namespace (its Namespace object is in the tree). A namespace
// that is not written is "unspecified": it is compatible with any namespace, since the tree may
// be applied with `kubectl apply -n`.
import type { Model } from './index.js';
import type { K8sObject } from './object.js';
import type { PodSpecView } from './pod.js';

/** API groups of Kubernetes itself: their objects never create pods behind the tree's back. */
const BUILTIN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'admissionregistration.k8s.io',
  'scheduling.k8s.io',
  'node.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'certificates.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'events.k8s.io',
  'extensions',
]);

/** Custom resource groups and kinds known to configure rather than run pods. */
const CONFIG_ONLY_GROUPS = new Set([
  'security.istio.io',
  'networking.istio.io',
  'telemetry.istio.io',
  'cilium.io',
  'projectcalico.org',
  'crd.projectcalico.org',
  'kyverno.io',
  'policies.kyverno.io',
  'policy.sigstore.dev',
  'external-secrets.io',
  'bitnami.com',
  'cert-manager.io',
  'gateway.networking.k8s.io',
  'constraints.gatekeeper.sh',
  'templates.gatekeeper.sh',
  'keda.sh',
]);
const CONFIG_ONLY_KINDS = new Set([
  'ServiceMonitor',
  'PodMonitor',
  'PrometheusRule',
  'Probe',
  'ScrapeConfig',
]);

const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

/** Whether the tree holds the Namespace object of `namespace`. */
export function ownsNamespace(model: Model, namespace: string): boolean {
  return index(model).ownedNamespaces.has(namespace);
}

/** The namespace as written (undefined: unspecified), for namespaced kinds. */
export function writtenNamespace(o: K8sObject): string | undefined {
  return o.namespaced ? o.explicitNamespace : undefined;
}

/** Two namespaces may be the same: equal, or one of them unspecified. */
export function compatibleNamespaces(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

interface Index {
  readonly byKindNs: Map<string, K8sObject[]>;
  readonly byKindName: Map<string, K8sObject[]>;
  /** Pod specs by written namespace ('' for unwritten). */
  readonly podsByNs: Map<string, PodSpecView[]>;
  readonly ownedNamespaces: Set<string>;
  readonly operatorNamespaces: Set<string | undefined>;
}

const cache = new WeakMap<Model, Index>();

function push<V>(m: Map<string, V[]>, k: string, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function index(model: Model): Index {
  let idx = cache.get(model);
  if (idx) return idx;
  const byKindNs = new Map<string, K8sObject[]>();
  const byKindName = new Map<string, K8sObject[]>();
  const podsByNs = new Map<string, PodSpecView[]>();
  const ownedNamespaces = new Set<string>();
  const operatorNamespaces = new Set<string | undefined>();
  for (const o of model.objects) {
    if (o.kind === 'Namespace' && o.apiVersion === 'v1' && o.name) ownedNamespaces.add(o.name);
    const ns = writtenNamespace(o);
    push(byKindNs, `${o.kind}\u0000${ns ?? ''}`, o);
    push(byKindName, `${o.kind}\u0000${o.name}`, o);
    if (
      o.namespaced &&
      !BUILTIN_GROUPS.has(o.group) &&
      !CONFIG_ONLY_GROUPS.has(o.group) &&
      !CONFIG_ONLY_KINDS.has(o.kind)
    )
      operatorNamespaces.add(ns);
  }
  for (const p of model.podSpecs()) push(podsByNs, writtenNamespace(p.object) ?? '', p);
  idx = { byKindNs, byKindName, podsByNs, ownedNamespaces, operatorNamespaces };
  cache.set(model, idx);
  return idx;
}

/** Objects of a kind written in exactly this namespace bucket (undefined: those with none written). */
export function objectsIn(model: Model, kind: string, namespace: string | undefined): readonly K8sObject[] {
  return index(model).byKindNs.get(`${kind}\u0000${namespace ?? ''}`) ?? [];
}

/** Objects of a kind named `name` that may land in `namespace`. */
export function findCompatible(
  model: Model,
  kind: string,
  namespace: string | undefined,
  name: string,
): K8sObject[] {
  const named = index(model).byKindName.get(`${kind}\u0000${name}`) ?? [];
  return named.filter((o) => compatibleNamespaces(writtenNamespace(o), namespace));
}

/**
 * Whether the tree can say that an object of `kinds` is missing from `namespace`: it defines one
 * of those kinds in that namespace, or it owns the namespace. For an unspecified namespace, only
 * the first applies (objects of the kind also left unspecified, applied together).
 */
export function treeKnows(model: Model, kinds: readonly string[], namespace: string | undefined): boolean {
  if (kinds.some((k) => objectsIn(model, k, namespace).length > 0)) return true;
  return namespace !== undefined && index(model).ownedNamespaces.has(namespace);
}

/** Pod specs that may run in `namespace`. */
export function podsCompatible(model: Model, namespace: string | undefined): readonly PodSpecView[] {
  if (namespace === undefined) return model.podSpecs();
  const byNs = index(model).podsByNs;
  const own = byNs.get(namespace) ?? [];
  const unwritten = byNs.get('') ?? [];
  return unwritten.length ? [...own, ...unwritten] : own;
}

/**
 * Whether the tree knows every pod template of a namespace: it defines workloads there, no custom
 * resource there (an operator's, say a Prometheus) may create pods the tree does not show, and it
 * is not a platform namespace (kube-system…) whose Namespace object the tree lacks.
 */
export function treeKnowsPods(model: Model, namespace: string | undefined): boolean {
  const idx = index(model);
  // Platform namespaces hold components installed by other means (CoreDNS, CNI agents): a few
  // of their pods in the tree say nothing about the rest, unless the tree owns the namespace.
  if (namespace !== undefined && SYSTEM_NAMESPACES.has(namespace) && !idx.ownedNamespaces.has(namespace))
    return false;
  if (idx.operatorNamespaces.has(namespace)) return false;
  // With an unspecified namespace, a custom resource anywhere may share it.
  if (namespace === undefined && idx.operatorNamespaces.size > 0) return false;
  if (namespace !== undefined && idx.operatorNamespaces.has(undefined)) return false;
  return model.podSpecs().some((p) => writtenNamespace(p.object) === namespace);
}
