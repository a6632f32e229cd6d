import {
  get,
  getIn,
  getPair,
  items,
  pairSpan,
  type Span,
  str,
  stringMap,
  type YMap,
  type YNode,
  type YPair,
} from '../load/index.js';
import { joinPath, type K8sObject } from './object.js';

/** Where each kind keeps its pod template. Other kinds with `spec.template.spec` are found by shape. */
const POD_SPEC_PATHS: Record<string, readonly string[]> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
};

const GENERIC_PATHS: readonly (readonly string[])[] = [
  ['spec', 'template', 'spec'],
  ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
];

/** Kinds whose pods run to completion: no probes expected, restart semantics differ. */
const RUN_TO_COMPLETION = new Set(['Job', 'CronJob']);

export type ContainerKind = 'container' | 'initContainer' | 'ephemeralContainer';

const CONTAINER_LISTS: readonly [string, ContainerKind][] = [
  ['initContainers', 'initContainer'],
  ['containers', 'container'],
  ['ephemeralContainers', 'ephemeralContainer'],
];

/** A pod spec inside some object, with the metadata of its template. */
export class PodSpecView {
  readonly containers: readonly ContainerView[];
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** `spec.template.metadata` (or the Pod's own metadata). */
  readonly templateMetadata: YMap | undefined;

  constructor(
    readonly object: K8sObject,
    readonly node: YMap,
    /** Field path of the pod spec, e.g. `spec.template.spec`. */
    readonly path: string,
    /** The `spec` key of this pod spec: where pod-level findings about missing fields point. */
    readonly anchor: Span,
    templateMetadata: YNode | undefined,
  ) {
    this.templateMetadata = templateMetadata?.type === 'map' ? templateMetadata : undefined;
    this.labels = stringMap(get(this.templateMetadata, 'labels'));
    this.annotations = stringMap(get(this.templateMetadata, 'annotations'));
    const list: ContainerView[] = [];
    for (const [field, kind] of CONTAINER_LISTS) {
      items(get(node, field)).forEach((c, index) => {
        if (c.type === 'map')
          list.push(new ContainerView(this, c, kind, index, `${path}.${field}[${index}]`));
      });
    }
    this.containers = list;
  }

  /** The pod's own `securityContext` map, if set. */
  get securityContext(): YMap | undefined {
    const sc = get(this.node, 'securityContext');
    return sc?.type === 'map' ? sc : undefined;
  }

  /** `spec.os.name`; pods for Windows are exempt from the Linux-only Pod Security controls. */
  get os(): string | undefined {
    return str(getIn(this.node, ['os', 'name']));
  }

  get isWindows(): boolean {
    return this.os === 'windows';
  }

  /** True for pods of Jobs and CronJobs (and bare pods with `restartPolicy` other than Always). */
  get runsToCompletion(): boolean {
    if (RUN_TO_COMPLETION.has(this.object.kind)) return true;
    const rp = str(get(this.node, 'restartPolicy'));
    return this.object.kind === 'Pod' && rp !== undefined && rp !== 'Always';
  }

  get serviceAccountName(): string | undefined {
    return str(get(this.node, 'serviceAccountName')) || str(get(this.node, 'serviceAccount')) || undefined;
  }

  /** A field of the pod spec, with its path. */
  field(name: string): { pair: YPair; path: string } | undefined {
    const pair = getPair(this.node, name);
    return pair ? { pair, path: `${this.path}.${name}` } : undefined;
  }

  /** Path under the pod spec. */
  sub(...parts: (string | number)[]): string {
    return joinPath(this.path, ...parts);
  }
}

/** A setting read from the container's or the pod's security context, whichever is in effect. */
export interface EffectiveSetting {
  readonly value: YNode;
  readonly pair: YPair;
  readonly level: 'container' | 'pod';
  readonly path: string;
}

// Fields defined on both SecurityContext and PodSecurityContext: the container's value wins.
const SHARED_FIELDS = new Set([
  'runAsUser',
  'runAsGroup',
  'runAsNonRoot',
  'seLinuxOptions',
  'seccompProfile',
  'windowsOptions',
  'appArmorProfile',
]);
// Fields only PodSecurityContext defines.
const POD_ONLY_FIELDS = new Set([
  'fsGroup',
  'fsGroupChangePolicy',
  'supplementalGroups',
  'supplementalGroupsPolicy',
  'sysctls',
  'seLinuxChangePolicy',
]);

export class ContainerView {
  readonly name: string;

  constructor(
    readonly pod: PodSpecView,
    readonly node: YMap,
    readonly kind: ContainerKind,
    readonly index: number,
    readonly path: string,
  ) {
    this.name = str(get(node, 'name')) ?? `#${index}`;
  }

  get object(): K8sObject {
    return this.pod.object;
  }

  /** Where findings about something the container lacks point: its `name:` entry. */
  get anchor(): Span {
    const p = getPair(this.node, 'name');
    return p ? pairSpan(p) : this.node;
  }

  get image(): string | undefined {
    return str(get(this.node, 'image'));
  }

  get securityContext(): YMap | undefined {
    const sc = get(this.node, 'securityContext');
    return sc?.type === 'map' ? sc : undefined;
  }

  /**
   * The setting in effect for a security-context field, as the kubelet resolves it: the container's
   * value overrides the pod's for fields both define; container-only fields are read from the
   * container alone and pod-only fields from the pod alone (a field written where the API does not
   * define it means nothing).
   */
  effective(field: string): EffectiveSetting | undefined {
    if (!POD_ONLY_FIELDS.has(field)) {
      const pair = getPair(this.securityContext, field);
      if (pair)
        return { value: pair.value, pair, level: 'container', path: `${this.path}.securityContext.${field}` };
      if (!SHARED_FIELDS.has(field)) return undefined;
    }
    const pair = getPair(this.pod.securityContext, field);
    if (pair)
      return { value: pair.value, pair, level: 'pod', path: `${this.pod.path}.securityContext.${field}` };
    return undefined;
  }

  /** Path under this container. */
  sub(...parts: (string | number)[]): string {
    return joinPath(this.path, ...parts);
  }
}

/**
 * The pod specs an object carries (none for most kinds). Made once per object (kept on it: a
 * WeakMap of every object cost more than the views): the model and the control-plane views
 * (static Pods) share them.
 */
export function podSpecsOf(obj: K8sObject): readonly PodSpecView[] {
  obj.podSpecViews ??= findPodSpecs(obj);
  return obj.podSpecViews;
}

function findPodSpecs(obj: K8sObject): PodSpecView[] {
  const known = POD_SPEC_PATHS[obj.kind];
  const candidates = known ? [known] : GENERIC_PATHS;
  for (const path of candidates) {
    const parentPath = path.slice(0, -1);
    const parent = parentPath.length ? getIn(obj.root, parentPath) : obj.root;
    const pair = getPair(parent, 'spec');
    if (pair?.value.type !== 'map') continue;
    // For kinds we do not know, require the shape of a pod spec before believing it is one.
    if (!known && get(pair.value, 'containers')?.type !== 'seq') continue;
    const metadata = obj.kind === 'Pod' ? obj.metadata : get(parent, 'metadata');
    return [new PodSpecView(obj, pair.value, obj.path(...path), pair.key, metadata)];
  }
  return [];
}
