// hostPath volumes of a pod spec, the container mounts that use them, and what the paths reach.
import { bool, get, getPair, items, pairSpan, type Span, str, type YPair } from '../../src/load/index.js';
import type { ContainerView, PodSpecView } from '../../src/model/index.js';

export interface VolumeMount {
  readonly container: ContainerView;
  readonly index: number;
  readonly mountPath: string | undefined;
  readonly mountPathPair: YPair | undefined;
  readonly subPath: string | undefined;
  readonly readOnly: boolean;
}

export interface HostPathVolume {
  readonly name: string;
  readonly index: number;
  /** The `hostPath:` pair. */
  readonly pair: YPair;
  /** The `path:` pair inside it, when written. */
  readonly pathPair: YPair | undefined;
  /** The host path, normalised (no duplicate or trailing slashes); undefined when missing. */
  readonly hostPath: string | undefined;
  readonly mounts: readonly VolumeMount[];
  /** Where findings about the volume point: its `path:` pair, else its `hostPath:` pair. */
  readonly span: Span;
  /** Field path of `span`. */
  readonly fieldPath: string;
}

export function normalizePath(p: string): string {
  const collapsed = p.replace(/\/+/g, '/');
  return collapsed.length > 1 ? collapsed.replace(/\/$/, '') : collapsed;
}

/** Every mount of a volume by any container (init, regular or ephemeral) of the pod. */
export function mountsOf(pod: PodSpecView, volumeName: string): VolumeMount[] {
  const out: VolumeMount[] = [];
  for (const c of pod.containers) {
    items(get(c.node, 'volumeMounts')).forEach((m, index) => {
      if (str(get(m, 'name')) !== volumeName) return;
      const mountPathPair = getPair(m, 'mountPath');
      out.push({
        container: c,
        index,
        mountPath: str(mountPathPair?.value),
        mountPathPair,
        subPath: str(get(m, 'subPath')),
        readOnly: bool(get(m, 'readOnly')) === true,
      });
    });
  }
  return out;
}

export function hostPathVolumes(pod: PodSpecView): HostPathVolume[] {
  const out: HostPathVolume[] = [];
  items(get(pod.node, 'volumes')).forEach((v, index) => {
    const pair = getPair(v, 'hostPath');
    if (pair?.value.type !== 'map') return;
    const name = str(get(v, 'name')) ?? `#${index}`;
    const pathPair = getPair(pair.value, 'path');
    const raw = str(pathPair?.value);
    out.push({
      name,
      index,
      pair,
      pathPair,
      hostPath: raw === undefined ? undefined : normalizePath(raw),
      mounts: mountsOf(pod, name),
      span: pairSpan(pathPair ?? pair),
      fieldPath: pod.sub('volumes', index, 'hostPath', ...(pathPair ? ['path'] : [])),
    });
  });
  return out;
}

// Host paths whose exposure hands over the node: its configuration, credentials, kernel
// interfaces, devices, the kubelet's and runtimes' state. A path under one of them is as bad.
const SENSITIVE_PREFIXES = [
  '/etc',
  '/proc',
  '/sys',
  '/dev',
  '/boot',
  '/root',
  '/home',
  '/run',
  '/var/run',
  '/var/lib/kubelet',
  '/var/lib/etcd',
  '/var/lib/docker',
  '/var/lib/containerd',
  '/var/lib/containers',
  '/usr',
  '/lib',
  '/bin',
  '/sbin',
];

export function isSensitiveHostPath(path: string): boolean {
  if (path === '/') return true;
  return SENSITIVE_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));
}

const RUNTIME_SOCKETS: readonly [RegExp, string][] = [
  [/(?:^|\/)(?:docker|cri-dockerd|dockershim)\.sock$/, 'Docker'],
  [/(?:^|\/)containerd(?:-shim)?\.sock$/, 'containerd'],
  [/(?:^|\/)crio\.sock$/, 'CRI-O'],
  [/(?:^|\/)podman\.sock$/, 'Podman'],
];
// Directories that hold nothing but a runtime's socket and state.
const RUNTIME_DIRS: readonly [string, string][] = [
  ['/run/containerd', 'containerd'],
  ['/var/run/containerd', 'containerd'],
  ['/run/crio', 'CRI-O'],
  ['/var/run/crio', 'CRI-O'],
  ['/run/docker', 'Docker'],
  ['/var/run/docker', 'Docker'],
  ['/run/podman', 'Podman'],
  ['/var/run/podman', 'Podman'],
];

// Directories that contain the runtimes' run directories, and so their sockets, on any node.
const RUNTIME_PARENTS = new Set(['/', '/run', '/var', '/var/run']);

/** True when `path` is a directory that holds the runtime sockets among other things (`/run`, `/var/run`). */
export function holdsRuntimeSockets(path: string): boolean {
  return RUNTIME_PARENTS.has(normalizePath(path));
}

/** The container runtime whose API socket `path` is or contains, if any. */
export function runtimeSocket(path: string): string | undefined {
  const p = normalizePath(path);
  for (const [re, runtime] of RUNTIME_SOCKETS) if (re.test(p)) return runtime;
  for (const [dir, runtime] of RUNTIME_DIRS) if (p === dir || p.startsWith(`${dir}/`)) return runtime;
  return undefined;
}
