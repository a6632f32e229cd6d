// Helpers the workload rules share: where a finding about a missing field points, capabilities
// as the runtimes read them, and effective settings grouped so a pod-level value is reported once.
import { get, items, type Span, str, type YNode, type YScalar } from '../../src/load/index.js';
import type { ContainerView, EffectiveSetting, PodSpecView } from '../../src/model/index.js';

/** Where a missing field under a container points: its deepest existing ancestor, else the container's name. */
export function containerMissing(c: ContainerView, steps: readonly (string | number)[]): Span {
  const at = c.object.locate(steps, c.node, c.path);
  return at.path === c.path ? c.anchor : at.span;
}

/** Where a missing field under a pod spec points: its deepest existing ancestor, else the `spec:` key. */
export function podMissing(pod: PodSpecView, steps: readonly (string | number)[]): Span {
  const at = pod.object.locate(steps, pod.node, pod.path);
  return at.path === pod.path ? pod.anchor : at.span;
}

/** The capabilities Pod Security Standards (baseline) allow a container to add. */
export const BASELINE_ALLOWED: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/** `cap_sys_admin`, `CAP_SYS_ADMIN` and `SYS_ADMIN` are the same capability to the runtimes. */
export function normalizeCapability(name: string): string {
  const upper = name.trim().toUpperCase();
  return upper.startsWith('CAP_') ? upper.slice(4) : upper;
}

export interface CapabilityItem {
  readonly node: YScalar;
  /** Normalised: upper case, no `CAP_` prefix. */
  readonly name: string;
  readonly index: number;
}

/** The container's `securityContext.capabilities.add` or `.drop` entries (a container-only field). */
export function capabilities(c: ContainerView, which: 'add' | 'drop'): CapabilityItem[] {
  const out: CapabilityItem[] = [];
  items(get(get(c.securityContext, 'capabilities'), which)).forEach((node, index) => {
    const name = str(node);
    if (name !== undefined && node.type === 'scalar')
      out.push({ node, name: normalizeCapability(name), index });
  });
  return out;
}

/**
 * Calls `report` for each effective setting of `field` that `test` accepts: once per container
 * setting, and once per pod-level setting with every container it applies to (a value written
 * once is reported once, naming the containers it reaches).
 */
export function forEachEffective(
  pod: PodSpecView,
  field: string,
  test: (value: YNode) => boolean,
  report: (setting: EffectiveSetting, containers: readonly ContainerView[]) => void,
): void {
  let podSetting: EffectiveSetting | undefined;
  const podContainers: ContainerView[] = [];
  for (const c of pod.containers) {
    const s = c.effective(field);
    if (!s || !test(s.value)) continue;
    if (s.level === 'pod') {
      podSetting = s;
      podContainers.push(c);
    } else report(s, [c]);
  }
  if (podSetting) report(podSetting, podContainers);
}

/** `"a"`, `"a" and "b"`, `"a", "b" and "c"`: container names for messages. */
export function containerNames(containers: readonly ContainerView[]): string {
  const names = containers.map((c) => `"${c.name}"`);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** `container "x"` or `containers "x" and "y"`. */
export function describeContainers(containers: readonly ContainerView[]): string {
  return `${containers.length === 1 ? 'container' : 'containers'} ${containerNames(containers)}`;
}

/** `runs` for one container, `run` for several: messages read right either way. */
export function verb(containers: readonly ContainerView[], one: string, many: string): string {
  return containers.length === 1 ? one : many;
}
