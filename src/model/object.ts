import {
  get,
  getIn,
  getPair,
  type LoadedDocument,
  pairSpan,
  type SourceFile,
  type Span,
  sameNode,
  str,
  stringMap,
  type YMap,
  type YNode,
} from '../load/index.js';
import type { PodSpecView } from './pod.js';

// Kinds that are not namespaced. Anything else with metadata is assumed namespaced, as most kinds
// (and most CRDs) are. Configuration files (kubeadm, kubelet, encryption, audit) are not API
// objects at all and have no namespace either.
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'StorageClass',
  'PriorityClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'APIService',
  'PodSecurityPolicy',
  'RuntimeClass',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'IngressClass',
  'CertificateSigningRequest',
  'FlowSchema',
  'PriorityLevelConfiguration',
  'ComponentStatus',
  'GlobalNetworkPolicy',
  'CiliumClusterwideNetworkPolicy',
  'ClusterIssuer',
  'ClusterImagePolicy',
  'ClusterPolicy',
  'GatewayClass',
  'ClusterConfiguration',
  'InitConfiguration',
  'JoinConfiguration',
  'KubeletConfiguration',
  'KubeProxyConfiguration',
  'EncryptionConfiguration',
  'AdmissionConfiguration',
  'ClusterConfig',
  'Config',
]);

const CONFIG_GROUP_SUFFIXES = ['.config.k8s.io', 'kubeadm.k8s.io', 'audit.k8s.io', 'eksctl.io'];

/**
 * API groups of tools that borrow the `apiVersion`/`kind` shape for their own configuration files:
 * nothing of theirs is sent to the API server, so they are not namespaced objects nor workloads.
 * kind/k3d/ctlptl cluster configs, Skaffold (`skaffold/v4beta…`), Kustomize's own kinds
 * (`kustomize.config.k8s.io`), kpt and KRM function configs, Kyverno CLI and kuttl/chainsaw tests,
 * cluster-api's clusterctl, k0sctl and Tilt.
 */
const TOOL_GROUPS = [
  'kind.x-k8s.io',
  'k3d.io',
  'ctlptl.dev',
  'skaffold',
  'kustomize.config.k8s.io',
  'config.kubernetes.io',
  'kpt.dev',
  'fn.kpt.dev',
  'cli.kyverno.io',
  'kuttl.dev',
  'chainsaw.kyverno.io',
  'clusterctl.cluster.x-k8s.io',
  'k0sctl.k0sproject.io',
  'tilt.dev',
  'builtin',
];

/** Whether an apiVersion belongs to a tool's configuration file rather than to the Kubernetes API. */
export function isToolConfig(apiVersion: string): boolean {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? apiVersion : apiVersion.slice(0, slash);
  return TOOL_GROUPS.some((g) => group === g || group.endsWith(`.${g}`));
}

/**
 * The namespace key of a namespaced object that sets no `metadata.namespace`. Such an object lands
 * in whatever namespace it is applied to (`kubectl apply -n`, `helm -n`, a kustomization's
 * `namespace:`), which the tree does not say: it is not `default`. Objects without a namespace share
 * this key (they are usually applied together), and matching across namespaces treats it as
 * unknown: it matches a subject's or selector's namespace when nothing contradicts it. Never shown:
 * messages use `namespaceText`, outputs `displayNamespace`.
 */
export const UNSET_NAMESPACE = '(unset)';

/** How a message names a namespace key: `namespace x`, or the unknown namespace of unset objects. */
export function namespaceText(namespace: string): string {
  return namespace === UNSET_NAMESPACE
    ? 'the namespace these objects are applied to (they set no metadata.namespace)'
    : `namespace ${namespace}`;
}

/** Whether two namespace keys may be the same namespace: equal, or one of them unset. */
export function namespacesMayMatch(a: string, b: string): boolean {
  return a === b || a === UNSET_NAMESPACE || b === UNSET_NAMESPACE;
}

export interface ObjectRef {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** One Kubernetes object as found in a scanned file (a `List` item is an object of its own). */
export class K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** The namespace written in the manifest, if any. */
  readonly explicitNamespace: string | undefined;
  readonly metadata: YMap | undefined;
  private labelsCache: Readonly<Record<string, string>> | undefined;
  private annotationsCache: Readonly<Record<string, string>> | undefined;
  // Read by most rules for every object: worked out once.
  private groupCache: string | undefined;
  private namespacedCache: boolean | undefined;
  /** Set by pod.ts's podSpecsOf, the one place that makes them. */
  podSpecViews: readonly PodSpecView[] | undefined;

  constructor(
    readonly file: SourceFile,
    readonly document: LoadedDocument,
    readonly root: YMap,
    /** Field-path prefix of this object inside its document (`items[2]` for List items). */
    readonly basePath: string,
    /** Position in scan order; gives findings a stable order. */
    readonly ordinal: number,
  ) {
    this.apiVersion = str(get(root, 'apiVersion')) ?? '';
    this.kind = str(get(root, 'kind')) ?? '';
    const md = get(root, 'metadata');
    this.metadata = md?.type === 'map' ? md : undefined;
    this.name = str(get(this.metadata, 'name')) ?? str(get(this.metadata, 'generateName')) ?? '';
    this.explicitNamespace = str(get(this.metadata, 'namespace')) || undefined;
  }

  get group(): string {
    if (this.groupCache === undefined) {
      const slash = this.apiVersion.indexOf('/');
      this.groupCache = slash < 0 ? '' : this.apiVersion.slice(0, slash);
    }
    return this.groupCache;
  }

  get version(): string {
    const slash = this.apiVersion.indexOf('/');
    return slash < 0 ? this.apiVersion : this.apiVersion.slice(slash + 1);
  }

  get namespaced(): boolean {
    if (this.namespacedCache === undefined) {
      const g = this.group;
      this.namespacedCache =
        !CLUSTER_SCOPED.has(this.kind) &&
        !CONFIG_GROUP_SUFFIXES.some((s) => g.endsWith(s)) &&
        !this.toolConfig;
    }
    return this.namespacedCache;
  }

  /** A tool's configuration file (kind, Skaffold, Kustomize…), not an object of the Kubernetes API. */
  get toolConfig(): boolean {
    return isToolConfig(this.apiVersion);
  }

  /**
   * The namespace key the object is grouped under: the explicit namespace, else `UNSET_NAMESPACE`
   * (not `default`: the tree does not say where it is applied); undefined for cluster-scoped kinds.
   */
  get namespace(): string | undefined {
    if (!this.namespaced) return undefined;
    return this.explicitNamespace ?? UNSET_NAMESPACE;
  }

  /** The namespace as written, for output; undefined when unset or cluster-scoped. */
  get displayNamespace(): string | undefined {
    return this.namespaced ? this.explicitNamespace : undefined;
  }

  get labels(): Readonly<Record<string, string>> {
    this.labelsCache ??= stringMap(get(this.metadata, 'labels'));
    return this.labelsCache;
  }

  get annotations(): Readonly<Record<string, string>> {
    this.annotationsCache ??= stringMap(get(this.metadata, 'annotations'));
    return this.annotationsCache;
  }

  /** `Kind/namespace/name` (or `Kind/name` when cluster-scoped), as findings name objects. */
  get displayName(): string {
    const ns = this.displayNamespace;
    return ns ? `${this.kind}/${ns}/${this.name}` : `${this.kind}/${this.name}`;
  }

  get ref(): ObjectRef {
    const ns = this.displayNamespace;
    return ns ? { kind: this.kind, namespace: ns, name: this.name } : { kind: this.kind, name: this.name };
  }

  /** A field path under this object, e.g. `path('spec', 'replicas')` → `spec.replicas`. */
  path(...parts: (string | number)[]): string {
    return joinPath(this.basePath, ...parts);
  }

  /** The span findings about the object as a whole point at: `metadata.name`, else `kind`, else the root. */
  get anchor(): Span {
    const p = getPair(this.metadata, 'name') ?? getPair(this.root, 'kind');
    return p ? pairSpan(p) : this.root;
  }

  /**
   * The deepest node that exists along `path`, with the path it reached: findings about a missing
   * field point at its nearest existing ancestor (the key of that ancestor, so the line is useful).
   */
  locate(path: readonly (string | number)[], from: YNode = this.root, fromPath = this.basePath): Located {
    let node: YNode = from;
    let span: Span = sameNode(from, this.root) ? this.anchor : from;
    // For a field that is missing, the ancestor's key alone: its whole pair can be a long block.
    let keySpan: Span = span;
    const reached: (string | number)[] = [];
    for (const step of path) {
      if (typeof step === 'number') {
        const next = getIn(node, [step]);
        if (!next) break;
        node = next;
        span = keySpan = next;
      } else {
        const pair = getPair(node, step);
        if (!pair) break;
        node = pair.value;
        span = pairSpan(pair);
        keySpan = pair.key;
      }
      reached.push(step);
    }
    const complete = reached.length === path.length;
    return { node, span: complete ? span : keySpan, path: joinPath(fromPath, ...reached), complete };
  }
}

export interface Located {
  readonly node: YNode;
  /** The last step reached: its pair (key and value), only its key when the path stops short, or the node itself for a sequence item. */
  readonly span: Span;
  readonly path: string;
  /** True when every step of the path exists. */
  readonly complete: boolean;
}

export function joinPath(base: string, ...parts: (string | number)[]): string {
  let out = base;
  for (const p of parts) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(p)) out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out;
}
