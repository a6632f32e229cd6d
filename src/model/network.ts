// Network policy model: CIDR arithmetic, and every NetworkPolicy flavour (Kubernetes, Calico,
// Cilium) read into one shape that says which pods a policy selects and which directions it
// isolates. Built once per model and indexed by namespace.
import { get, items, size, str, type YMap, type YNode } from '../load/index.js';
import type { Model } from './index.js';
import type { K8sObject } from './object.js';
import { type LabelSelector, matchesSelector, readLabelSelector, selectsAll } from './selector.js';

// --- CIDRs -------------------------------------------------------------------------------------

export interface Cidr {
  readonly family: 4 | 6;
  /** The network address as a number of `bits` bits. */
  readonly address: bigint;
  readonly prefix: number;
}

function parseIPv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let out = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out = (out << 8n) | BigInt(n);
  }
  return out;
}

function parseIPv6(s: string): bigint | undefined {
  let text = s;
  // An embedded IPv4 tail (::ffff:1.2.3.4) is two groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  let tail: bigint | undefined;
  if (v4) {
    tail = parseIPv4(v4[1]!);
    if (tail === undefined) return undefined;
    text = `${text.slice(0, -v4[1]!.length)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  let out = 0n;
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return undefined;
    out = (out << 16n) | BigInt(Number.parseInt(g, 16));
  }
  if (tail !== undefined) out = (out & ~0xffffffffn) | tail;
  return out;
}

/** Parses `a.b.c.d/n` or an IPv6 CIDR (a bare address is a /32 or /128). */
export function parseCidr(text: string): Cidr | undefined {
  const [addr, len, extra] = text.trim().split('/');
  if (!addr || extra !== undefined) return undefined;
  const family: 4 | 6 = addr.includes(':') ? 6 : 4;
  const bits = family === 4 ? 32 : 128;
  const address = family === 4 ? parseIPv4(addr) : parseIPv6(addr);
  if (address === undefined) return undefined;
  const prefix = len === undefined ? bits : /^\d{1,3}$/.test(len) ? Number(len) : Number.NaN;
  if (!(prefix >= 0 && prefix <= bits)) return undefined;
  return { family, address: mask(address, prefix, bits), prefix };
}

function mask(address: bigint, prefix: number, bits: number): bigint {
  const host = BigInt(bits - prefix);
  return (address >> host) << host;
}

/** Whether `outer` contains every address of `inner` (same family only). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.family !== inner.family || outer.prefix > inner.prefix) return false;
  const bits = outer.family === 4 ? 32 : 128;
  return mask(inner.address, outer.prefix, bits) === outer.address;
}

export const METADATA_V4 = parseCidr('169.254.169.254/32')!;
export const METADATA_V6 = parseCidr('fd00:ec2::254/128')!;

/** The cloud metadata address (v4 or v6) an allowed CIDR reaches, given its `except` list. */
export function metadataReached(cidr: Cidr, except: readonly Cidr[]): Cidr | undefined {
  for (const target of [METADATA_V4, METADATA_V6]) {
    if (!cidrContains(cidr, target)) continue;
    if (except.some((e) => cidrContains(e, target))) continue;
    return target;
  }
  return undefined;
}

export function isAnyAddress(c: Cidr): boolean {
  return c.prefix === 0;
}

// --- Calico selectors --------------------------------------------------------------------------

/** Calico's pseudo label holding a workload's namespace. */
const CALICO_NS_LABEL = 'projectcalico.org/namespace';

type CalicoTerm = (labels: Readonly<Record<string, string>>) => boolean;

function calicoTerm(t: string): CalicoTerm | undefined {
  const has = /^(!?)has\(\s*([\w./-]+)\s*\)$/.exec(t);
  if (has) {
    const neg = has[1] === '!';
    const k = has[2]!;
    return (l) => Object.hasOwn(l, k) !== neg;
  }
  const eq = /^([\w./-]+)\s*(==|!=)\s*(['"])(.*)\3$/.exec(t);
  if (eq) {
    const [, k, op, , v] = eq;
    return (l) => (l[k!] === v) === (op === '==');
  }
  const inSet = /^([\w./-]+)\s+(not\s+in|in)\s*\{(.*)\}$/.exec(t);
  if (inSet) {
    const k = inSet[1]!;
    const neg = inSet[2] !== 'in';
    const set = new Set(
      inSet[3]!
        .split(',')
        .map((x) => x.trim().replace(/^['"]|['"]$/g, ''))
        .filter(Boolean),
    );
    return (l) => (Object.hasOwn(l, k) && set.has(l[k]!)) !== neg;
  }
  return undefined;
}

/**
 * A subset of Calico's selector language: `all()`, and `&&` of `k == 'v'`, `k != 'v'`, `has(k)`,
 * `!has(k)`, `k in {'a','b'}`, `k not in {...}`. Anything else (`||`, parentheses) is undefined:
 * callers then assume the policy may select any pod.
 */
export function parseCalicoSelector(text: string | undefined): CalicoTerm[] | undefined {
  const s = (text ?? '').trim();
  if (s === '' || s === 'all()') return [];
  if (/\|\||[()]/.test(s.replace(/!?has\([^)]*\)|all\(\)/g, ''))) return undefined;
  const terms: CalicoTerm[] = [];
  for (const raw of s.split('&&')) {
    const t = raw.trim();
    if (t === 'all()') continue;
    const term = calicoTerm(t);
    if (!term) return undefined;
    terms.push(term);
  }
  return terms;
}

// --- Policies ----------------------------------------------------------------------------------

export type PolicyFlavour = 'kubernetes' | 'calico' | 'calico-global' | 'cilium' | 'cilium-clusterwide';

/** Which pods of a namespace a policy selects. */
export interface PodSelection {
  /** Selects every pod of the namespace (`podSelector: {}`, `all()`, `endpointSelector: {}`). */
  allIn(namespace: string): boolean;
  /** Selects a pod with these labels in the namespace; true when the selector cannot be read. */
  selects(namespace: string, labels: Readonly<Record<string, string>>): boolean;
  /** Written as a selector with conditions (not select-all); used to spot selectors matching nothing. */
  readonly restricted: boolean;
  /**
   * One `key=value` label every selected pod must carry (see `labelKey`), for indexing: a pod without
   * it cannot be selected. Undefined when the selector requires no exact label.
   */
  readonly requiredLabel?: string;
}

/** The index key of one label, as `PodSelection.requiredLabel` spells it. */
export function labelKey(key: string, value: string): string {
  return `${key}\u0000${value}`;
}

function firstLabel(sel: LabelSelector): string | undefined {
  for (const [k, v] of Object.entries(sel.matchLabels)) return labelKey(k, v);
  return undefined;
}

export interface PolicyView {
  readonly object: K8sObject;
  readonly flavour: PolicyFlavour;
  /** The namespace it applies in; undefined for cluster-wide policies. */
  readonly namespace?: string;
  readonly selection: PodSelection;
  /** Isolates selected pods for ingress / egress. */
  readonly ingress: boolean;
  readonly egress: boolean;
  /** Has a rule in that direction that lets everything through (so it isolates nothing). */
  readonly allowsAllIngress: boolean;
  readonly allowsAllEgress: boolean;
  /** The pod selector node (`spec.podSelector`, `spec.selector`, `spec.endpointSelector`). */
  readonly selectorNode?: YNode;
}

function labelSelection(sel: LabelSelector, namespace: string | undefined): PodSelection {
  const all = selectsAll(sel);
  return {
    allIn: (ns) => all && (namespace === undefined || ns === namespace),
    selects: (ns, labels) => (namespace === undefined || ns === namespace) && matchesSelector(sel, labels),
    restricted: !all,
    ...(firstLabel(sel) ? { requiredLabel: firstLabel(sel)! } : {}),
  };
}

function calicoSelection(selector: string | undefined, namespace: string | undefined): PodSelection {
  const terms = parseCalicoSelector(selector);
  const inNs = (ns: string) => namespace === undefined || ns === namespace;
  if (!terms) return { allIn: () => false, selects: (ns) => inNs(ns), restricted: true };
  const onlyNamespace =
    terms.length === 0 || (selector ?? '').split('&&').every((t) => t.includes(CALICO_NS_LABEL));
  return {
    allIn: (ns) => inNs(ns) && onlyNamespace && terms.every((t) => t({ [CALICO_NS_LABEL]: ns })),
    selects: (ns, labels) => inNs(ns) && terms.every((t) => t({ ...labels, [CALICO_NS_LABEL]: ns })),
    restricted: terms.length > 0,
  };
}

/** Cilium label keys may carry a source prefix (`k8s:app`); the namespace is a label too. */
const CILIUM_NS_KEYS = ['k8s:io.kubernetes.pod.namespace', 'io.kubernetes.pod.namespace'];

function ciliumSelection(node: YNode | undefined, namespace: string | undefined): PodSelection {
  const raw = readLabelSelector(node);
  let nsRestriction: string | undefined;
  const matchLabels: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw.matchLabels)) {
    if (CILIUM_NS_KEYS.includes(k)) nsRestriction = v;
    else matchLabels[k.replace(/^(k8s|any):/, '')] = v;
  }
  const matchExpressions = raw.matchExpressions.map((e) => ({ ...e, key: e.key.replace(/^(k8s|any):/, '') }));
  const sel: LabelSelector = { matchLabels, matchExpressions };
  const all = selectsAll(sel);
  const inNs = (ns: string) =>
    (namespace === undefined || ns === namespace) && (nsRestriction === undefined || ns === nsRestriction);
  return {
    allIn: (ns) => inNs(ns) && all,
    selects: (ns, labels) => inNs(ns) && matchesSelector(sel, labels),
    restricted: !all || nsRestriction !== undefined,
    ...(firstLabel(sel) ? { requiredLabel: firstLabel(sel)! } : {}),
  };
}

/** A Kubernetes NetworkPolicy rule that lets everything through: no peers and no ports. */
function k8sRuleAllowsAll(rule: YNode, peersKey: 'from' | 'to'): boolean {
  if (rule.type !== 'map') return false;
  return items(get(rule, peersKey)).length === 0 && items(get(rule, 'ports')).length === 0;
}

function readKubernetes(o: K8sObject, spec: YMap | undefined): PolicyView {
  const selectorNode = get(spec, 'podSelector');
  const types = items(get(spec, 'policyTypes')).map((n) => str(n));
  const hasTypes = get(spec, 'policyTypes') !== undefined;
  // The API server defaults policyTypes to Ingress, plus Egress when egress rules are written.
  const ingress = hasTypes ? types.includes('Ingress') : true;
  const egress = hasTypes ? types.includes('Egress') : get(spec, 'egress') !== undefined;
  return {
    object: o,
    flavour: 'kubernetes',
    ...(o.namespace ? { namespace: o.namespace } : {}),
    selection: labelSelection(readLabelSelector(selectorNode), o.namespace),
    ingress,
    egress,
    allowsAllIngress: items(get(spec, 'ingress')).some((r) => k8sRuleAllowsAll(r, 'from')),
    allowsAllEgress: items(get(spec, 'egress')).some((r) => k8sRuleAllowsAll(r, 'to')),
    ...(selectorNode ? { selectorNode } : {}),
  };
}

function calicoRuleAllowsAll(rule: YNode): boolean {
  if (str(get(rule, 'action')) !== 'Allow') return false;
  const empty = (n: YNode | undefined) => n === undefined || (n.type === 'map' && size(n) === 0);
  return empty(get(rule, 'source')) && empty(get(rule, 'destination')) && get(rule, 'protocol') === undefined;
}

function readCalico(o: K8sObject, spec: YMap | undefined, global: boolean): PolicyView | undefined {
  // A global policy limited by namespaceSelector or applied to host endpoints is out of scope.
  if (
    global &&
    (get(spec, 'namespaceSelector') !== undefined || str(get(spec, 'applyOnForward')) !== undefined)
  )
    return undefined;
  const selectorNode = get(spec, 'selector');
  const types = items(get(spec, 'types')).map((n) => str(n));
  const hasTypes = get(spec, 'types') !== undefined;
  const hasIngress = get(spec, 'ingress') !== undefined;
  const hasEgress = get(spec, 'egress') !== undefined;
  // Calico's default differs from Kubernetes': egress rules alone make an Egress-only policy.
  const ingress = hasTypes ? types.includes('Ingress') : hasIngress || !hasEgress;
  const egress = hasTypes ? types.includes('Egress') : hasEgress;
  const namespace = global ? undefined : o.namespace;
  return {
    object: o,
    flavour: global ? 'calico-global' : 'calico',
    ...(namespace ? { namespace } : {}),
    selection: calicoSelection(str(selectorNode), namespace),
    ingress,
    egress,
    allowsAllIngress: items(get(spec, 'ingress')).some(calicoRuleAllowsAll),
    allowsAllEgress: items(get(spec, 'egress')).some(calicoRuleAllowsAll),
    ...(selectorNode ? { selectorNode } : {}),
  };
}

function ciliumRuleAllowsAll(rule: YNode, entitiesKey: 'fromEntities' | 'toEntities'): boolean {
  return items(get(rule, entitiesKey)).some((e) => str(e) === 'all');
}

function readCilium(o: K8sObject, spec: YNode | undefined, clusterwide: boolean): PolicyView | undefined {
  // Host policies (nodeSelector) govern nodes, not pods.
  if (get(spec, 'nodeSelector') !== undefined) return undefined;
  const selectorNode = get(spec, 'endpointSelector');
  if (selectorNode === undefined) return undefined;
  const defaultDeny = get(spec, 'enableDefaultDeny');
  const denyOff = (dir: string) => {
    const n = get(defaultDeny, dir);
    return n?.type === 'scalar' && n.value === false;
  };
  // Cilium isolates a direction as soon as a selecting policy has a section for it.
  const ingress =
    (get(spec, 'ingress') !== undefined || get(spec, 'ingressDeny') !== undefined) && !denyOff('ingress');
  const egress =
    (get(spec, 'egress') !== undefined || get(spec, 'egressDeny') !== undefined) && !denyOff('egress');
  const namespace = clusterwide ? undefined : o.namespace;
  return {
    object: o,
    flavour: clusterwide ? 'cilium-clusterwide' : 'cilium',
    ...(namespace ? { namespace } : {}),
    selection: ciliumSelection(selectorNode, namespace),
    ingress,
    egress,
    allowsAllIngress: items(get(spec, 'ingress')).some((r) => ciliumRuleAllowsAll(r, 'fromEntities')),
    allowsAllEgress: items(get(spec, 'egress')).some((r) => ciliumRuleAllowsAll(r, 'toEntities')),
    selectorNode,
  };
}

/** Reads any supported policy object (a Cilium object may hold several); empty for other kinds or unsupported shapes. */
export function readPolicy(o: K8sObject): PolicyView[] {
  const spec = get(o.root, 'spec');
  const specMap = spec?.type === 'map' ? spec : undefined;
  if (o.kind === 'NetworkPolicy' && o.group === 'networking.k8s.io') return [readKubernetes(o, specMap)];
  if (o.group === 'projectcalico.org' && (o.kind === 'NetworkPolicy' || o.kind === 'GlobalNetworkPolicy')) {
    const p = readCalico(o, specMap, o.kind === 'GlobalNetworkPolicy');
    return p ? [p] : [];
  }
  if (
    o.group === 'cilium.io' &&
    (o.kind === 'CiliumNetworkPolicy' || o.kind === 'CiliumClusterwideNetworkPolicy')
  ) {
    const clusterwide = o.kind === 'CiliumClusterwideNetworkPolicy';
    // A Cilium policy holds one rule in `spec`, or several in `specs`.
    const specs = [...(spec ? [spec] : []), ...items(get(o.root, 'specs'))];
    return specs.map((s) => readCilium(o, s, clusterwide)).filter((p): p is PolicyView => p !== undefined);
  }
  return [];
}

export const POLICY_KINDS = [
  'NetworkPolicy',
  'GlobalNetworkPolicy',
  'CiliumNetworkPolicy',
  'CiliumClusterwideNetworkPolicy',
];

/** Default-deny state of one namespace: the policy that isolates all its pods in each direction. */
export interface NamespaceIsolation {
  readonly ingress?: PolicyView;
  readonly egress?: PolicyView;
}

interface SelectorIndex {
  readonly byLabel: Map<string, PolicyView[]>;
  readonly other: PolicyView[];
}

/** Every network policy of a model, indexed by namespace; cluster-wide ones apply everywhere. */
export class NetworkPolicyIndex {
  readonly all: readonly PolicyView[];
  readonly clusterWide: readonly PolicyView[];
  private readonly byNamespace = new Map<string, PolicyView[]>();
  private readonly isolationCache = new Map<string, NamespaceIsolation>();
  private readonly selectorIndexCache = new Map<string, SelectorIndex>();
  private static readonly cache = new WeakMap<Model, NetworkPolicyIndex>();

  static of(model: Model): NetworkPolicyIndex {
    let idx = NetworkPolicyIndex.cache.get(model);
    if (!idx) {
      idx = new NetworkPolicyIndex(model);
      NetworkPolicyIndex.cache.set(model, idx);
    }
    return idx;
  }

  private constructor(model: Model) {
    const all: PolicyView[] = [];
    const clusterWide: PolicyView[] = [];
    for (const o of model.ofKind(...POLICY_KINDS)) {
      for (const p of readPolicy(o)) {
        all.push(p);
        if (p.namespace === undefined) clusterWide.push(p);
        else {
          const list = this.byNamespace.get(p.namespace);
          if (list) list.push(p);
          else this.byNamespace.set(p.namespace, [p]);
        }
      }
    }
    this.all = all;
    this.clusterWide = clusterWide;
  }

  /** Policies written in a namespace (not cluster-wide ones). */
  inNamespace(namespace: string): readonly PolicyView[] {
    return this.byNamespace.get(namespace) ?? [];
  }

  /** Policies that can apply to pods of a namespace: its own and the cluster-wide ones. */
  applicable(namespace: string): PolicyView[] {
    return [...this.inNamespace(namespace), ...this.clusterWide];
  }

  /**
   * Whether some policy selects a pod with these labels in the namespace (so the pod is isolated).
   * Policies are indexed by a label they require, so each pod tries only the policies that can
   * select it: many policies and many pods in one namespace stay linear.
   */
  isolates(namespace: string, labels: Readonly<Record<string, string>>): boolean {
    let index = this.selectorIndexCache.get(namespace);
    if (!index) {
      index = { byLabel: new Map(), other: [] };
      for (const p of this.applicable(namespace)) {
        if (!p.ingress && !p.egress) continue;
        const key = p.selection.requiredLabel;
        if (key === undefined) index.other.push(p);
        else {
          const list = index.byLabel.get(key);
          if (list) list.push(p);
          else index.byLabel.set(key, [p]);
        }
      }
      this.selectorIndexCache.set(namespace, index);
    }
    if (index.other.some((p) => p.selection.selects(namespace, labels))) return true;
    for (const [k, v] of Object.entries(labels)) {
      const candidates = index.byLabel.get(labelKey(k, v));
      if (candidates?.some((p) => p.selection.selects(namespace, labels))) return true;
    }
    return false;
  }

  isolation(namespace: string): NamespaceIsolation {
    const cached = this.isolationCache.get(namespace);
    if (cached) return cached;
    let ingress: PolicyView | undefined;
    let egress: PolicyView | undefined;
    for (const p of this.applicable(namespace)) {
      if (!p.selection.allIn(namespace)) continue;
      if (!ingress && p.ingress && !p.allowsAllIngress) ingress = p;
      if (!egress && p.egress && !p.allowsAllEgress) egress = p;
    }
    const out = { ...(ingress ? { ingress } : {}), ...(egress ? { egress } : {}) };
    this.isolationCache.set(namespace, out);
    return out;
  }
}

/** Reads `ipBlock`-like CIDR text and its exceptions from a node. */
export function readCidrs(nodes: readonly YNode[]): Cidr[] {
  const out: Cidr[] = [];
  for (const n of nodes) {
    const c = parseCidr(str(n) ?? '');
    if (c) out.push(c);
  }
  return out;
}
