// Reference integrity across the scanned tree: which objects a reference may resolve to, and
// whether the tree is in a position to say a target is missing. Objects made outside the tree
// (Endpoints by hand, ServiceAccounts by Terraform, pods by operators) must never be reported
// missing, so a rule may only call a target missing when the tree defines that kind in the
// target's namespace, or owns that namespace (its Namespace object is in the tree). A namespace
// that is not written is "unspecified": it is compatible with any namespace, since the tree may
// be applied with `kubectl apply -n`.
import { get, num } from '../load/index.js';
import type { Model } from './index.js';
import type { K8sObject } from './object.js';
import type { PodSpecView } from './pod.js';
import { type LabelSelector, matchesSelector } from './selector.js';

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
  // Nested maps rather than joined keys: the parts are strings the objects already hold.
  /** Objects by kind, then written namespace ('' for none). */
  readonly byKindNs: Map<string, Map<string, K8sObject[]>>;
  /** Objects by kind, then name. */
  readonly byKindName: Map<string, Map<string, K8sObject[]>>;
  /** Pod specs by written namespace ('' for unwritten). */
  readonly podsByNs: Map<string, PodSpecView[]>;
  /** Pod specs (Helm hooks left out) by template label, `key\u0000value`, in scan order. */
  readonly podsByLabel: Map<string, Map<string, PodSpecView[]>>;
  readonly ownedNamespaces: Set<string>;
  /** Custom resources an operator may turn into pods. */
  readonly operators: K8sObject[];
  /** Written namespaces of those custom resources, and whether one leaves it unwritten. */
  readonly operatorNamespaces: Set<string>;
  readonly operatorUnwritten: boolean;
  /** Folders holding an operator custom resource, or a pod spec, with no namespace written. */
  readonly unwrittenOperatorFolders: Set<string>;
  readonly unwrittenPodFolders: Set<string>;
  /** Folders holding an object of the kind with no namespace written (treeKnows). */
  readonly unwrittenKindFolders: Map<string, Set<string>>;
  /** Every pod spec (Helm hooks too) by written namespace, and by folder, in scan order. */
  readonly allPodsByNs: Map<string, PodSpecView[]>;
  readonly allPodsByFolder: Map<string, PodSpecView[]>;
  /** podsSharingNamespace's answers, by the referrer's written namespace and folder. */
  readonly sharing: Map<string, readonly PodSpecView[]>;
}

const cache = new WeakMap<Model, Index>();

function push<V>(m: Map<string, V[]>, k: string, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** The map under `k`, made when missing. */
function inner<V>(m: Map<string, Map<string, V>>, k: string): Map<string, V> {
  let found = m.get(k);
  if (!found) {
    found = new Map();
    m.set(k, found);
  }
  return found;
}

function index(model: Model): Index {
  let idx = cache.get(model);
  if (idx) return idx;
  const byKindNs = new Map<string, Map<string, K8sObject[]>>();
  const byKindName = new Map<string, Map<string, K8sObject[]>>();
  const podsByNs = new Map<string, PodSpecView[]>();
  const ownedNamespaces = new Set<string>();
  const operators: K8sObject[] = [];
  const unwrittenKindFolders = new Map<string, Set<string>>();
  for (const o of model.objects) {
    if (o.kind === 'Namespace' && o.apiVersion === 'v1' && o.name) ownedNamespaces.add(o.name);
    const ns = writtenNamespace(o);
    push(inner(byKindNs, o.kind), ns ?? '', o);
    if (ns === undefined) {
      const folders = unwrittenKindFolders.get(o.kind);
      if (folders) folders.add(folderOf(o));
      else unwrittenKindFolders.set(o.kind, new Set([folderOf(o)]));
    }
    push(inner(byKindName, o.kind), o.name, o);
    if (
      o.namespaced &&
      !BUILTIN_GROUPS.has(o.group) &&
      !CONFIG_ONLY_GROUPS.has(o.group) &&
      !CONFIG_ONLY_KINDS.has(o.kind)
    )
      operators.push(o);
  }
  const operatorNamespaces = new Set<string>();
  const unwrittenOperatorFolders = new Set<string>();
  let operatorUnwritten = false;
  for (const o of operators) {
    const ns = writtenNamespace(o);
    if (ns !== undefined) operatorNamespaces.add(ns);
    else {
      operatorUnwritten = true;
      unwrittenOperatorFolders.add(folderOf(o));
    }
  }
  const unwrittenPodFolders = new Set<string>();
  const podsByLabel = new Map<string, Map<string, PodSpecView[]>>();
  const allPodsByNs = new Map<string, PodSpecView[]>();
  const allPodsByFolder = new Map<string, PodSpecView[]>();
  for (const p of model.podSpecs()) {
    const written = writtenNamespace(p.object);
    if (written !== undefined) push(allPodsByNs, written, p);
    push(allPodsByFolder, folderOf(p.object), p);
    if (isHelmHook(p.object)) continue;
    const ns = writtenNamespace(p.object);
    push(podsByNs, ns ?? '', p);
    for (const k in p.labels) push(inner(podsByLabel, k), p.labels[k]!, p);
    if (ns === undefined) unwrittenPodFolders.add(folderOf(p.object));
  }
  idx = {
    byKindNs,
    byKindName,
    podsByNs,
    podsByLabel,
    ownedNamespaces,
    operators,
    operatorNamespaces,
    operatorUnwritten,
    unwrittenOperatorFolders,
    unwrittenPodFolders,
    unwrittenKindFolders,
    allPodsByNs,
    allPodsByFolder,
    sharing: new Map(),
  };
  cache.set(model, idx);
  return idx;
}

/** Objects of a kind written in exactly this namespace bucket (undefined: those with none written). */
export function objectsIn(model: Model, kind: string, namespace: string | undefined): readonly K8sObject[] {
  return (
    index(model)
      .byKindNs.get(kind)
      ?.get(namespace ?? '') ?? []
  );
}

/** Objects of a kind named `name` that may land in `namespace`. */
export function findCompatible(
  model: Model,
  kind: string,
  namespace: string | undefined,
  name: string,
): K8sObject[] {
  const named = index(model).byKindName.get(kind)?.get(name) ?? [];
  return named.filter((o) => compatibleNamespaces(writtenNamespace(o), namespace));
}

/** The folder of an object's file: what `kubectl apply -f` applies together. */
function folderOf(o: K8sObject): string {
  const slash = o.file.path.lastIndexOf('/');
  return slash < 0 ? '' : o.file.path.slice(0, slash);
}

/**
 * Whether two objects may land in one namespace, for a claim that links them: both write the same
 * namespace, or, when either leaves it unwritten (chosen at apply time), both come from one folder
 * (one `kubectl apply -f`, one rendered chart or overlay). Unrelated folders are not applied together.
 */
export function mayShareNamespace(a: K8sObject, b: K8sObject): boolean {
  const na = writtenNamespace(a);
  const nb = writtenNamespace(b);
  if (na !== undefined && nb !== undefined) return na === nb;
  return a.file.path === b.file.path || folderOf(a) === folderOf(b);
}

/**
 * Every pod spec of the tree (Helm hooks too) that `mayShareNamespace` with `referrer`, in scan
 * order: the pods of its written namespace and those of its folder with none written; for a
 * referrer with none written, every pod of its folder. Indexed once per model, kept per answer.
 */
export function podsSharingNamespace(model: Model, referrer: K8sObject): readonly PodSpecView[] {
  const idx = index(model);
  const ns = writtenNamespace(referrer);
  const folder = folderOf(referrer);
  const key = `${ns ?? ''}\u0000${folder}`;
  const known = idx.sharing.get(key);
  if (known) return known;
  const here = idx.allPodsByFolder.get(folder) ?? [];
  let out: readonly PodSpecView[] = here;
  if (ns !== undefined) {
    const own = idx.allPodsByNs.get(ns) ?? [];
    const unwritten = here.filter((p) => writtenNamespace(p.object) === undefined);
    out = unwritten.length ? [...own, ...unwritten].sort((a, b) => a.object.ordinal - b.object.ordinal) : own;
  }
  idx.sharing.set(key, out);
  return out;
}

/** A Helm hook (test pod, pre-install Job): it runs around a release, never as a steady backend. */
export function isHelmHook(o: K8sObject): boolean {
  return o.annotations['helm.sh/hook'] !== undefined;
}

/** Every label key some controller adds to its pods (see controllerAdds). */
const CONTROLLER_LABELS = new Set([
  'controller-revision-hash',
  'apps.kubernetes.io/pod-index',
  'statefulset.kubernetes.io/pod-name',
  'pod-template-generation',
  'pod-template-hash',
  'batch.kubernetes.io/controller-uid',
  'controller-uid',
  'batch.kubernetes.io/job-name',
  'job-name',
]);

/**
 * Whether the controller of `p` adds label `key` with `value` (undefined: any value) to its pods:
 * StatefulSet pod name and index, revision and template hashes, Job name and uid.
 */
function controllerAdds(p: PodSpecView, key: string, value: string | undefined): boolean {
  // selectedPods relies on this: no other key is ever added.
  if (!CONTROLLER_LABELS.has(key)) return false;
  const o = p.object;
  switch (o.kind) {
    case 'StatefulSet': {
      if (key === 'controller-revision-hash') return true;
      const n = num(get(get(o.root, 'spec'), 'replicas'));
      // An unset count defaults to 1; an unreadable one (templated) may be anything.
      const replicas = get(get(o.root, 'spec'), 'replicas') === undefined ? 1 : n;
      const indexOk = (i: string) =>
        /^(0|[1-9]\d{0,8})$/.test(i) && (replicas === undefined || Number(i) < replicas);
      if (key === 'apps.kubernetes.io/pod-index') return value === undefined || indexOk(value);
      if (key === 'statefulset.kubernetes.io/pod-name') {
        if (value === undefined) return true;
        const prefix = `${o.name}-`;
        return value.startsWith(prefix) && indexOk(value.slice(prefix.length));
      }
      return false;
    }
    case 'DaemonSet':
      return key === 'controller-revision-hash' || key === 'pod-template-generation';
    case 'Deployment':
      return key === 'pod-template-hash';
    case 'Job':
    case 'CronJob':
      if (key === 'batch.kubernetes.io/controller-uid' || key === 'controller-uid') return true;
      if (key === 'batch.kubernetes.io/job-name' || key === 'job-name')
        // A CronJob's Jobs are named `<cronjob>-<scheduled time>`.
        return value === undefined || (o.kind === 'Job' ? value === o.name : value.startsWith(`${o.name}-`));
      return false;
    default:
      return false;
  }
}

/**
 * Whether `sel` selects the pods of `p`: their template labels plus the labels their controller
 * adds (a Service per StatefulSet pod selects `statefulset.kubernetes.io/pod-name`).
 */
export function selectsPod(sel: LabelSelector, p: PodSpecView): boolean {
  if (matchesSelector(sel, p.labels)) return true;
  const labels: Record<string, string> = { ...p.labels };
  let added = false;
  for (const [k, v] of Object.entries(sel.matchLabels))
    if (!Object.hasOwn(labels, k) && controllerAdds(p, k, v)) {
      labels[k] = v;
      added = true;
    }
  for (const r of sel.matchExpressions) {
    if (Object.hasOwn(labels, r.key)) continue;
    const v =
      r.operator === 'In'
        ? r.values.find((x) => controllerAdds(p, r.key, x))
        : r.operator === 'Exists' && controllerAdds(p, r.key, undefined)
          ? ''
          : undefined;
    if (v !== undefined) {
      labels[r.key] = v;
      added = true;
    }
  }
  return added && matchesSelector(sel, labels);
}

/**
 * Whether the tree can say that an object of `kinds` is missing from `namespace`, for a reference
 * written in `referrer`: the tree defines one of those kinds in that namespace, or owns the
 * namespace. An unwritten namespace is chosen at apply time, so only objects also left unwritten
 * in the referrer's folder (applied together with it) count.
 */
export function treeKnows(
  model: Model,
  kinds: readonly string[],
  namespace: string | undefined,
  referrer: K8sObject,
): boolean {
  if (namespace === undefined) {
    const folder = folderOf(referrer);
    return kinds.some((k) => index(model).unwrittenKindFolders.get(k)?.has(folder) === true);
  }
  if (kinds.some((k) => objectsIn(model, k, namespace).length > 0)) return true;
  return index(model).ownedNamespaces.has(namespace);
}

/** Pod specs that may run in `namespace`, Helm hooks (test pods) left out: they back nothing. */
export function podsCompatible(model: Model, namespace: string | undefined): readonly PodSpecView[] {
  const byNs = index(model).podsByNs;
  if (namespace === undefined) return model.podSpecs().filter((p) => !isHelmHook(p.object));
  const own = byNs.get(namespace) ?? [];
  const unwritten = byNs.get('') ?? [];
  return unwritten.length ? [...own, ...unwritten] : own;
}

/**
 * The pod specs of `podsCompatible(model, namespace)` that `sel` selects (`selectsPod`), in the same
 * order. A selector's label that no controller adds must be on the template itself, so only the
 * templates carrying it (indexed once per model) are tried, not every pod of the tree.
 */
export function selectedPods(
  model: Model,
  namespace: string | undefined,
  sel: LabelSelector,
): readonly PodSpecView[] {
  const idx = index(model);
  let candidates: readonly PodSpecView[] | undefined;
  for (const k in sel.matchLabels) {
    if (CONTROLLER_LABELS.has(k)) continue;
    const list = idx.podsByLabel.get(k)?.get(sel.matchLabels[k]!) ?? NO_PODS;
    if (!candidates || list.length < candidates.length) candidates = list;
  }
  // '' is not a namespace anyone writes; podsCompatible's own answer covers it.
  if (!candidates || namespace === '')
    return podsCompatible(model, namespace).filter((p) => selectsPod(sel, p));
  if (candidates.length === 0) return NO_PODS;
  if (namespace === undefined) return candidates.filter((p) => selectsPod(sel, p));
  // As podsCompatible orders them: the namespace's own pods, then those with none written.
  const own: PodSpecView[] = [];
  const unwritten: PodSpecView[] = [];
  for (const p of candidates) {
    const ns = writtenNamespace(p.object);
    if (ns === namespace) own.push(p);
    else if (ns === undefined) unwritten.push(p);
  }
  return [...own, ...unwritten].filter((p) => selectsPod(sel, p));
}

/** Whether `sel` selects any pod spec that may run in `namespace` (see selectedPods). */
export function selectsAnyPod(model: Model, namespace: string | undefined, sel: LabelSelector): boolean {
  return selectedPods(model, namespace, sel).length > 0;
}

const NO_PODS: readonly PodSpecView[] = Object.freeze([]);

/**
 * Whether the tree knows every pod template of a namespace, for a selector written in `referrer`:
 * it defines workloads there, no custom resource there (an operator's, say a Prometheus) may
 * create pods the tree does not show, and it is not a platform namespace (kube-system…) whose
 * Namespace object the tree lacks. An unwritten namespace counts only what is also unwritten in
 * the referrer's folder.
 */
export function treeKnowsPods(model: Model, namespace: string | undefined, referrer: K8sObject): boolean {
  const idx = index(model);
  if (namespace === undefined) {
    // Only what shares the referrer's folder and leaves the namespace unwritten counts (indexed once).
    const folder = folderOf(referrer);
    if (idx.unwrittenOperatorFolders.has(folder)) return false;
    return idx.unwrittenPodFolders.has(folder);
  }
  // Platform namespaces hold components installed by other means (CoreDNS, CNI agents): a few
  // of their pods in the tree say nothing about the rest, unless the tree owns the namespace.
  if (SYSTEM_NAMESPACES.has(namespace) && !idx.ownedNamespaces.has(namespace)) return false;
  // An operator resource in this namespace, or in none written, may create the pods referred to.
  if (idx.operatorUnwritten || idx.operatorNamespaces.has(namespace)) return false;
  return (idx.podsByNs.get(namespace) ?? []).length > 0;
}

/**
 * Whether text is a valid port name (IANA_SVC_NAME: at most 15 lower-case letters, digits and
 * inner hyphens, with a letter). Anything else (an unresolved `$(VAR)`, say) is the schema's
 * business: the API server rejects it.
 */
export function isPortName(text: string): boolean {
  return (
    text.length <= 15 &&
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(text) &&
    /[a-z]/.test(text) &&
    !text.includes('--')
  );
}
