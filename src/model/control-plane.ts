// Control-plane and node components, recognised wherever their flags are declared: static Pod
// manifests (by command or image), kubeadm ClusterConfiguration / InitConfiguration / JoinConfiguration
// (extraArgs in the v1beta3 map form and the v1beta4 list form), and Cluster API KubeadmControlPlane.
// Flags are parsed as the components' pflag parser reads them, so rules ask "what is --x set to?"
// and get the value in effect and the node that set it.
import {
  get,
  getIn,
  getPair,
  isScalar,
  items,
  pairSpan,
  type Span,
  str,
  text,
  type YMap,
  type YNode,
} from '../load/index.js';
import { joinPath, type K8sObject } from './object.js';
import { type ContainerView, podSpecsOf } from './pod.js';

export type ComponentName =
  | 'kube-apiserver'
  | 'etcd'
  | 'kube-controller-manager'
  | 'kube-scheduler'
  | 'kubelet';

/** Where a component's flags came from; kubeadm fills in its own defaults for flags not written. */
export type ComponentOrigin = 'static-pod' | 'kubeadm' | 'cluster-api' | 'kops';

export interface Flag {
  /** Without the leading dashes: `authorization-mode`. */
  readonly name: string;
  /** The value; a bare boolean flag (`--profiling`) reads as `true`. */
  readonly value: string;
  /** The command item(s) or extraArgs entry that set it; undefined for a kubeadm default. */
  readonly span: Span | undefined;
  readonly path: string;
}

/** Kinds that may declare control-plane flags (rules can use this as `meta.kinds`). */
export const COMPONENT_KINDS = [
  'Pod',
  'DaemonSet',
  'Deployment',
  'StatefulSet',
  'ReplicaSet',
  'ClusterConfiguration',
  'InitConfiguration',
  'JoinConfiguration',
  'KubeadmControlPlane',
  'KubeadmConfig',
  'KubeadmConfigTemplate',
  'Cluster',
] as const;

// pflag boolean flags take no separate value: `--profiling false` is `--profiling` and a positional
// argument. Only these are read as booleans; any other `--flag value` consumes the next token.
const BOOLEAN_FLAGS = new Set([
  'allow-privileged',
  'anonymous-auth',
  'authentication-token-webhook',
  'auto-tls',
  'client-cert-auth',
  'enable-bootstrap-token-auth',
  'enable-garbage-collector',
  'insecure-skip-tls-verify',
  'kubelet-insecure-tls',
  'leader-elect',
  'make-iptables-util-chains',
  'peer-auto-tls',
  'peer-client-cert-auth',
  'profiling',
  'protect-kernel-defaults',
  'rotate-certificates',
  'rotate-server-certificates',
  'service-account-lookup',
  'use-service-account-credentials',
  'allocate-node-cidrs',
  'enable-aggregator-routing',
  'strict-reconfig-check',
  'enable-v2',
]);

/** Go's strconv.ParseBool, which pflag uses. */
export function parseGoBool(value: string | undefined): boolean | undefined {
  switch (value) {
    case '1':
    case 't':
    case 'T':
    case 'true':
    case 'TRUE':
    case 'True':
      return true;
    case '0':
    case 'f':
    case 'F':
    case 'false':
    case 'FALSE':
    case 'False':
      return false;
    default:
      return undefined;
  }
}

/** One component's flags as declared in one place. */
export class ComponentFlags {
  private readonly byName = new Map<string, Flag[]>();

  constructor(
    readonly component: ComponentName,
    readonly object: K8sObject,
    readonly origin: ComponentOrigin,
    /** Flags in order, kubeadm defaults first (only those not overridden). */
    readonly flags: readonly Flag[],
    /** Where findings about a missing flag point: the `command:` key or the `extraArgs:` key. */
    readonly anchor: Span,
    readonly anchorPath: string,
    /** Words naming where the flags live, for messages: `kube-apiserver command`, `apiServer.extraArgs`. */
    readonly where: string,
    /** The container, for static Pods. */
    readonly container?: ContainerView,
  ) {
    for (const f of flags) {
      const list = this.byName.get(f.name);
      if (list) list.push(f);
      else this.byName.set(f.name, [f]);
    }
  }

  /** The occurrence in effect for a single-valued flag (pflag: the last one wins). */
  flag(name: string): Flag | undefined {
    const list = this.byName.get(name);
    return list?.[list.length - 1];
  }

  /** Every occurrence (slice flags accumulate across repeats). */
  occurrences(name: string): readonly Flag[] {
    return this.byName.get(name) ?? [];
  }

  value(name: string): string | undefined {
    return this.flag(name)?.value;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** A boolean flag's value; undefined when unset or not a valid Go boolean. */
  bool(name: string): boolean | undefined {
    return parseGoBool(this.value(name));
  }

  /** A comma-list flag across all its occurrences (`--enable-admission-plugins=A,B --enable-…=C`). */
  list(name: string): string[] {
    const out: string[] = [];
    for (const f of this.occurrences(name))
      for (const part of f.value.split(',')) {
        const t = part.trim();
        if (t) out.push(t);
      }
    return out;
  }

  /** Where a finding about this flag points: the flag when written, else the anchor. */
  at(name: string): { span: Span; path: string; written: boolean } {
    const f = this.flag(name);
    if (f?.span) return { span: f.span, path: f.path, written: true };
    return { span: this.anchor, path: this.anchorPath, written: false };
  }

  /**
   * True when the tool that writes the component's command line has defaults kubeharden does not
   * model (kops): a flag not written may still be set, so only written values can be judged.
   */
  get defaultsUnknown(): boolean {
    return this.origin === 'kops';
  }

  /** Is the flag's value a kubeadm default rather than something written in this file? */
  isDefault(name: string): boolean {
    const f = this.flag(name);
    return f !== undefined && f.span === undefined;
  }
}

const componentCache = new WeakMap<K8sObject, readonly ComponentFlags[]>();

/** Every control-plane or kubelet component whose flags the object declares. */
export function componentsIn(object: K8sObject): readonly ComponentFlags[] {
  let found = componentCache.get(object);
  if (!found) {
    found = findComponents(object);
    componentCache.set(object, found);
  }
  return found;
}

export function componentsOf(object: K8sObject, component: ComponentName): ComponentFlags[] {
  return componentsIn(object).filter((c) => c.component === component);
}

function findComponents(object: K8sObject): ComponentFlags[] {
  const group = object.group;
  switch (object.kind) {
    case 'ClusterConfiguration':
      if (!group.startsWith('kubeadm.k8s.io')) return [];
      return fromClusterConfiguration(object, object.root, [], 'kubeadm');
    case 'InitConfiguration':
    case 'JoinConfiguration':
      if (!group.startsWith('kubeadm.k8s.io')) return [];
      return kubeletFromNodeRegistration(object, ['nodeRegistration'], 'kubeadm');
    case 'KubeadmControlPlane':
      return fromKubeadmConfigSpec(object, ['spec', 'kubeadmConfigSpec']);
    case 'KubeadmConfig':
      return fromKubeadmConfigSpec(object, ['spec']);
    case 'KubeadmConfigTemplate':
      return fromKubeadmConfigSpec(object, ['spec', 'template', 'spec']);
    case 'Cluster':
      return group === 'kops.k8s.io' ? fromKops(object) : [];
    case 'Pod':
    case 'DaemonSet':
    case 'Deployment':
    case 'StatefulSet':
    case 'ReplicaSet':
      return fromPods(object);
    default:
      return [];
  }
}

function fromKubeadmConfigSpec(object: K8sObject, base: readonly string[]): ComponentFlags[] {
  const spec = getIn(object.root, base);
  if (spec?.type !== 'map') return [];
  const out: ComponentFlags[] = [];
  const cc = get(spec, 'clusterConfiguration');
  if (cc?.type === 'map')
    out.push(...fromClusterConfiguration(object, cc, [...base, 'clusterConfiguration'], 'cluster-api'));
  for (const key of ['initConfiguration', 'joinConfiguration'])
    out.push(...kubeletFromNodeRegistration(object, [...base, key, 'nodeRegistration'], 'cluster-api'));
  return out;
}

// ---- static Pods ---------------------------------------------------------------------------------

const COMPONENT_NAMES: readonly ComponentName[] = [
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'etcd',
  'kubelet',
];

// Old image names carried the architecture: `kube-apiserver-amd64`.
const ARCH_SUFFIX = /^(-(amd64|arm64|arm|ppc64le|s390x))?$/;

function baseName(word: string): string {
  const slash = word.lastIndexOf('/');
  return slash < 0 ? word : word.slice(slash + 1);
}

/**
 * The component a container runs, from the executable only: `command[0]` (or the word after
 * `hyperkube`), else the image name when there is no command. Never from `args` or a flag value:
 * `--kubelet-service=kube-system/kubelet` names a Service, not the program.
 */
export function recogniseComponent(
  command: readonly string[],
  image: string | undefined,
): ComponentName | undefined {
  for (const word of command.slice(0, 2)) {
    if (word.startsWith('-')) break;
    const b = baseName(word);
    const hit = COMPONENT_NAMES.find((n) => n === b);
    if (hit) return hit;
    // `hyperkube kube-apiserver …` names the component in its second word.
    if (b !== 'hyperkube') break;
  }
  if (command.length && !command[0]!.startsWith('-')) return undefined;
  if (!image) return undefined;
  const repo = baseName(image.split('@')[0]!.replace(/:[^/:]*$/, ''));
  return COMPONENT_NAMES.find(
    (n) => n !== 'kubelet' && ARCH_SUFFIX.test(repo.slice(n.length)) && repo.startsWith(n),
  );
}

function fromPods(object: K8sObject): ComponentFlags[] {
  const out: ComponentFlags[] = [];
  for (const pod of podSpecsOf(object)) {
    for (const c of pod.containers) {
      const commandPair = getPair(c.node, 'command');
      const commandWords = items(commandPair?.value).map((n) => text(n) ?? '');
      const component = recogniseComponent(commandWords, c.image);
      // Most containers run no component: their words and paths are not needed.
      if (!component) continue;
      const argsPair = getPair(c.node, 'args');
      const words: { node: YNode; path: string }[] = [];
      items(commandPair?.value).forEach((n, i) => {
        words.push({ node: n, path: c.sub('command', i) });
      });
      items(argsPair?.value).forEach((n, i) => {
        words.push({ node: n, path: c.sub('args', i) });
      });
      const anchorPair = commandPair ?? argsPair;
      const flags = parseCommand(words);
      out.push(
        new ComponentFlags(
          component,
          object,
          'static-pod',
          flags,
          anchorPair ? anchorPair.key : c.anchor,
          anchorPair ? c.sub(commandPair ? 'command' : 'args') : c.path,
          `${component} command of container "${c.name}"`,
          c,
        ),
      );
    }
  }
  return out;
}

/** Parses `--flag=value`, `--flag value` and bare booleans, as pflag does. */
export function parseCommand(words: readonly { node: YNode; path: string }[]): Flag[] {
  const flags: Flag[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const t = text(w.node);
    if (t === undefined || !t.startsWith('-') || t === '-' || t === '--') continue;
    const body = t.replace(/^--?/, '');
    const eq = body.indexOf('=');
    if (eq >= 0) {
      flags.push({ name: body.slice(0, eq), value: body.slice(eq + 1), span: w.node, path: w.path });
      continue;
    }
    const next = words[i + 1];
    const nextText = next ? text(next.node) : undefined;
    if (!BOOLEAN_FLAGS.has(body) && next && nextText !== undefined && !nextText.startsWith('-')) {
      flags.push({
        name: body,
        value: nextText,
        span: { start: w.node.start, end: next.node.end },
        path: w.path,
      });
      i++;
      continue;
    }
    flags.push({ name: body, value: 'true', span: w.node, path: w.path });
  }
  return flags;
}

// ---- kubeadm -------------------------------------------------------------------------------------

// Flags kubeadm writes into the static Pod manifests it generates (kubeadm init, v1.2x–v1.3x).
// extraArgs with the same name replace them.
const KUBEADM_DEFAULTS: Record<Exclude<ComponentName, 'kubelet'>, Record<string, string>> = {
  'kube-apiserver': {
    'allow-privileged': 'true',
    'authorization-mode': 'Node,RBAC',
    'client-ca-file': '/etc/kubernetes/pki/ca.crt',
    'enable-admission-plugins': 'NodeRestriction',
    'enable-bootstrap-token-auth': 'true',
    'etcd-cafile': '/etc/kubernetes/pki/etcd/ca.crt',
    'etcd-certfile': '/etc/kubernetes/pki/apiserver-etcd-client.crt',
    'etcd-keyfile': '/etc/kubernetes/pki/apiserver-etcd-client.key',
    'etcd-servers': 'https://127.0.0.1:2379',
    'kubelet-client-certificate': '/etc/kubernetes/pki/apiserver-kubelet-client.crt',
    'kubelet-client-key': '/etc/kubernetes/pki/apiserver-kubelet-client.key',
    'kubelet-preferred-address-types': 'InternalIP,ExternalIP,Hostname',
    'proxy-client-cert-file': '/etc/kubernetes/pki/front-proxy-client.crt',
    'proxy-client-key-file': '/etc/kubernetes/pki/front-proxy-client.key',
    'requestheader-client-ca-file': '/etc/kubernetes/pki/front-proxy-ca.crt',
    'secure-port': '6443',
    'service-account-issuer': 'https://kubernetes.default.svc.cluster.local',
    'service-account-key-file': '/etc/kubernetes/pki/sa.pub',
    'service-account-signing-key-file': '/etc/kubernetes/pki/sa.key',
    'tls-cert-file': '/etc/kubernetes/pki/apiserver.crt',
    'tls-private-key-file': '/etc/kubernetes/pki/apiserver.key',
  },
  etcd: {
    'cert-file': '/etc/kubernetes/pki/etcd/server.crt',
    'client-cert-auth': 'true',
    'data-dir': '/var/lib/etcd',
    'key-file': '/etc/kubernetes/pki/etcd/server.key',
    'listen-client-urls': 'https://127.0.0.1:2379',
    'peer-cert-file': '/etc/kubernetes/pki/etcd/peer.crt',
    'peer-client-cert-auth': 'true',
    'peer-key-file': '/etc/kubernetes/pki/etcd/peer.key',
    'peer-trusted-ca-file': '/etc/kubernetes/pki/etcd/ca.crt',
    'trusted-ca-file': '/etc/kubernetes/pki/etcd/ca.crt',
  },
  'kube-controller-manager': {
    'authentication-kubeconfig': '/etc/kubernetes/controller-manager.conf',
    'authorization-kubeconfig': '/etc/kubernetes/controller-manager.conf',
    'bind-address': '127.0.0.1',
    'client-ca-file': '/etc/kubernetes/pki/ca.crt',
    'cluster-signing-cert-file': '/etc/kubernetes/pki/ca.crt',
    'cluster-signing-key-file': '/etc/kubernetes/pki/ca.key',
    controllers: '*,bootstrapsigner,tokencleaner',
    kubeconfig: '/etc/kubernetes/controller-manager.conf',
    'leader-elect': 'true',
    'requestheader-client-ca-file': '/etc/kubernetes/pki/front-proxy-ca.crt',
    'root-ca-file': '/etc/kubernetes/pki/ca.crt',
    'service-account-private-key-file': '/etc/kubernetes/pki/sa.key',
    'use-service-account-credentials': 'true',
  },
  'kube-scheduler': {
    'authentication-kubeconfig': '/etc/kubernetes/scheduler.conf',
    'authorization-kubeconfig': '/etc/kubernetes/scheduler.conf',
    'bind-address': '127.0.0.1',
    kubeconfig: '/etc/kubernetes/scheduler.conf',
    'leader-elect': 'true',
  },
};

/** Reads kubeadm extraArgs, map form (v1beta3) or list of {name, value} (v1beta4). */
export function parseExtraArgs(node: YNode | undefined, path: string): Flag[] {
  const out: Flag[] = [];
  if (node?.type === 'map') {
    for (const p of node.pairs) {
      const name = text(p.key);
      const value = text(p.value);
      if (name === undefined || value === undefined) continue;
      out.push({ name, value, span: pairSpan(p), path: joinPath(path, name) });
    }
  } else if (node?.type === 'seq') {
    node.items.forEach((item, i) => {
      const name = str(get(item, 'name'));
      const value = text(get(item, 'value')) ?? '';
      if (name) out.push({ name, value, span: item, path: joinPath(path, i) });
    });
  }
  return out;
}

const CLUSTER_CONFIG_FIELDS: readonly [Exclude<ComponentName, 'kubelet'>, readonly string[]][] = [
  ['kube-apiserver', ['apiServer']],
  ['kube-controller-manager', ['controllerManager']],
  ['kube-scheduler', ['scheduler']],
  ['etcd', ['etcd', 'local']],
];

function fromClusterConfiguration(
  object: K8sObject,
  root: YMap,
  base: readonly string[],
  origin: ComponentOrigin,
): ComponentFlags[] {
  const out: ComponentFlags[] = [];
  const external = getIn(root, ['etcd', 'external']);
  for (const [component, fieldPath] of CLUSTER_CONFIG_FIELDS) {
    // With external etcd, kubeadm runs no etcd of its own.
    if (component === 'etcd' && external?.type === 'map') continue;
    const argsPath = [...fieldPath, 'extraArgs'];
    const written = parseExtraArgs(getIn(root, argsPath), object.path(...base, ...argsPath));
    const defaults = { ...KUBEADM_DEFAULTS[component] };
    if (component === 'kube-apiserver' && external?.type === 'map') {
      // kubeadm passes external etcd's endpoints and client TLS files to the API server as given.
      for (const k of ['etcd-cafile', 'etcd-certfile', 'etcd-keyfile', 'etcd-servers']) delete defaults[k];
      const endpoints = items(get(external, 'endpoints'))
        .map((n) => str(n))
        .filter((s): s is string => !!s);
      if (endpoints.length) defaults['etcd-servers'] = endpoints.join(',');
      for (const [field, flag] of [
        ['caFile', 'etcd-cafile'],
        ['certFile', 'etcd-certfile'],
        ['keyFile', 'etcd-keyfile'],
      ] as const) {
        const v = str(get(external, field));
        if (v) defaults[flag] = v;
      }
    }
    const writtenNames = new Set(written.map((f) => f.name));
    const flags: Flag[] = [];
    for (const [name, value] of Object.entries(defaults))
      if (!writtenNames.has(name)) flags.push({ name, value, span: undefined, path: '' });
    flags.push(...written);
    const anchor = keyAnchor(object, root, base, argsPath);
    out.push(
      new ComponentFlags(
        component,
        object,
        origin,
        flags,
        anchor.span,
        anchor.path,
        `${[...base, ...argsPath].join('.')} (kubeadm ${component})`,
      ),
    );
  }
  return out;
}

/** kubelet flags from `nodeRegistration.kubeletExtraArgs` at `base` (a path from the object's root). */
function kubeletFromNodeRegistration(
  object: K8sObject,
  base: readonly string[],
  origin: ComponentOrigin,
): ComponentFlags[] {
  const pair = getPair(getIn(object.root, base), 'kubeletExtraArgs');
  if (!pair) return [];
  const argsPath = object.path(...base, 'kubeletExtraArgs');
  const flags = parseExtraArgs(pair.value, argsPath);
  return [
    new ComponentFlags(
      'kubelet',
      object,
      origin,
      flags,
      pair.key,
      argsPath,
      `${base.join('.')}.kubeletExtraArgs`,
    ),
  ];
}

/** The key of the deepest existing pair along `path` below `from` (findings about missing fields). */
export function keyAnchor(
  object: K8sObject,
  root: YNode,
  base: readonly (string | number)[],
  path: readonly string[],
): { span: Span; path: string } {
  let node: YNode = root;
  let span: Span | undefined;
  const reached: (string | number)[] = [...base];
  for (const step of path) {
    const p = getPair(node, step);
    if (!p) break;
    span = p.key;
    node = p.value;
    reached.push(step);
  }
  if (!span) {
    const basePair = base.length ? lastPair(object.root, base) : undefined;
    return { span: basePair?.key ?? object.anchor, path: object.path(...base) };
  }
  return { span, path: object.path(...reached) };
}

function lastPair(root: YNode, path: readonly (string | number)[]) {
  const parent = getIn(root, path.slice(0, -1));
  const last = path[path.length - 1];
  return typeof last === 'string' ? getPair(parent, last) : undefined;
}

// ---- kops -------------------------------------------------------------------------------------

// kops Cluster spec sections and the component each configures.
const KOPS_SECTIONS: readonly [string, ComponentName][] = [
  ['kubeAPIServer', 'kube-apiserver'],
  ['kubeControllerManager', 'kube-controller-manager'],
  ['kubeScheduler', 'kube-scheduler'],
  ['kubelet', 'kubelet'],
  ['controlPlaneKubelet', 'kubelet'],
  ['masterKubelet', 'kubelet'],
];

// kops fields whose flag is not simply the field name in kebab case.
const KOPS_FLAG_NAMES: Record<string, string> = {
  auditLogMaxAge: 'audit-log-maxage',
  auditLogMaxBackups: 'audit-log-maxbackup',
  auditLogMaxSize: 'audit-log-maxsize',
  enableProfiling: 'profiling',
  authenticationTokenWebhook: 'authentication-token-webhook',
  readOnlyPort: 'read-only-port',
};

function kebab(field: string): string {
  return KOPS_FLAG_NAMES[field] ?? field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** A kops field value as the flag text kops writes: lists comma-joined, maps as k=v pairs. */
function kopsFlagValue(node: YNode): string | undefined {
  if (node.type === 'seq')
    return node.items
      .map((n) => text(n))
      .filter((v): v is string => v !== undefined)
      .join(',');
  if (node.type === 'map')
    return node.pairs.map((p) => `${String(p.key.value)}=${text(p.value) ?? ''}`).join(',');
  return text(node);
}

function fromKops(object: K8sObject): ComponentFlags[] {
  const spec = get(object.root, 'spec');
  const out: ComponentFlags[] = [];
  for (const [section, component] of KOPS_SECTIONS) {
    const pair = getPair(spec, section);
    if (pair?.value.type !== 'map') continue;
    const base = object.path('spec', section);
    const flags: Flag[] = [];
    for (const p of pair.value.pairs) {
      const name = p.key.value;
      const value = kopsFlagValue(p.value);
      if (typeof name !== 'string' || value === undefined) continue;
      flags.push({ name: kebab(name), value, span: pairSpan(p), path: joinPath(base, name) });
    }
    out.push(new ComponentFlags(component, object, 'kops', flags, pair.key, base, `kops spec.${section}`));
  }
  return out;
}

// ---- kubelet settings ----------------------------------------------------------------------------

/** One kubelet setting as written in a KubeletConfiguration field or a kubelet flag. */
export interface KubeletSetting {
  readonly value: YNode | string;
  readonly span: Span;
  readonly path: string;
}

/**
 * A kubelet's configuration, from a KubeletConfiguration document or from kubelet flags. The two
 * have different defaults: the v1beta1 config file defaults to anonymous auth off, Webhook
 * authorization and read-only port 0, while the bare flags default to anonymous on, AlwaysAllow and
 * 10255. `defaults` says which apply to settings not written.
 */
export interface KubeletView {
  readonly object: K8sObject;
  /** `config-file`: KubeletConfiguration defaults; `flags`: flag defaults; `unknown`: flags on top of an unseen config file. */
  readonly defaults: 'config-file' | 'flags' | 'unknown';
  /** Where findings about a missing setting point. */
  readonly anchor: Span;
  readonly anchorPath: string;
  readonly where: string;
  /** A setting by its config field path and flag name; strings for flags, nodes for fields. */
  setting(field: readonly string[], flag: string): KubeletSetting | undefined;
}

const kubeletCache = new WeakMap<K8sObject, readonly KubeletView[]>();

/** Kubelets configured by the object: a KubeletConfiguration, kubeletExtraArgs, or a kubelet container. */
export function kubeletsIn(object: K8sObject): readonly KubeletView[] {
  let found = kubeletCache.get(object);
  if (found) return found;
  found = [];
  if (object.kind === 'KubeletConfiguration' && object.group === 'kubelet.config.k8s.io') {
    const root = object.root;
    found = [
      {
        object,
        defaults: 'config-file',
        anchor: getPair(root, 'kind')?.key ?? object.anchor,
        anchorPath: object.path(),
        where: 'KubeletConfiguration',
        setting(field) {
          let node: YNode | undefined = root;
          let pairFound: ReturnType<typeof getPair>;
          for (const step of field) {
            pairFound = getPair(node, step);
            node = pairFound?.value;
            if (!node) return undefined;
          }
          if (!pairFound) return undefined;
          return { value: pairFound.value, span: pairSpan(pairFound), path: object.path(...field) };
        },
      },
    ];
  } else {
    found = componentsOf(object, 'kubelet').map((c): KubeletView => {
      const defaults = c.origin === 'static-pod' && !c.has('config') ? 'flags' : 'unknown';
      return {
        object,
        defaults,
        anchor: c.anchor,
        anchorPath: c.anchorPath,
        where: c.where,
        setting(field, flag) {
          // `featureGates.X` in the file is one entry of `--feature-gates=X=true,Y=false` on the command line.
          if (flag === 'feature-gates' && field[0] === 'featureGates' && field[1]) {
            for (const f of [...c.occurrences(flag)].reverse()) {
              const v = parseKeyValueList(f.value).get(field[1]);
              if (v !== undefined && f.span) return { value: v, span: f.span, path: f.path };
            }
            return undefined;
          }
          const f = c.flag(flag);
          if (!f?.span) return undefined;
          return { value: f.value, span: f.span, path: f.path };
        },
      };
    });
  }
  kubeletCache.set(object, found);
  return found;
}

/** A kubelet setting's value as a boolean: a YAML boolean in the file, a Go boolean in a flag. */
export function settingBool(s: KubeletSetting | undefined): boolean | undefined {
  if (!s) return undefined;
  if (typeof s.value === 'string') return parseGoBool(s.value);
  return isScalar(s.value) && typeof s.value.value === 'boolean' ? s.value.value : undefined;
}

/** A kubelet setting's value as text (numbers and strings of the file, the flag's text). */
export function settingText(s: KubeletSetting | undefined): string | undefined {
  if (!s) return undefined;
  if (typeof s.value === 'string') return s.value;
  return text(s.value);
}

/** A list setting: a YAML sequence of strings, or a comma list in a flag. */
export function settingList(s: KubeletSetting | undefined): string[] {
  if (!s) return [];
  if (typeof s.value === 'string')
    return s.value
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  return items(s.value)
    .map((n) => str(n))
    .filter((x): x is string => !!x);
}

/** Map-valued flags such as `--feature-gates=A=true,B=false`. */
export function parseKeyValueList(value: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}
