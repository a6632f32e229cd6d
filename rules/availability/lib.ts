// What the availability rules share: replica counts as the API defaults them, the HPA that scales a
// workload, and the PodDisruptionBudgets that select it.
import { get, getIn, getPair, num, str, type YNode, type YPair } from '../../src/load/index.js';
import {
  type K8sObject,
  type Model,
  matchesSelector,
  type PodSpecView,
  readLabelSelector,
} from '../../src/model/index.js';
import { mayShareNamespace } from '../../src/model/references.js';

export { mayShareNamespace };

/** Kinds whose `spec.replicas` says how many pods run (and defaults to 1 when unset). */
export const REPLICATED_KINDS = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'] as const;

export interface Replicas {
  /** The count in effect: the written one, else the API default of 1. */
  readonly count: number;
  /** The `replicas` pair when written. */
  readonly pair?: YPair;
}

/** `spec.replicas` of a replicated workload; undefined for other kinds or a value that is not a number. */
export function replicasOf(o: K8sObject): Replicas | undefined {
  if (!(REPLICATED_KINDS as readonly string[]).includes(o.kind)) return undefined;
  const pair = getPair(get(o.root, 'spec'), 'replicas');
  if (!pair) return { count: 1 };
  const n = num(pair.value);
  return n === undefined || !Number.isInteger(n) ? undefined : { count: n, pair };
}

/** Each model's autoscalers by the kind and name of their scale target (a scan can hold thousands). */
const autoscalerIndex = new WeakMap<Model, Map<string, K8sObject[]>>();

function autoscalersByTarget(model: Model): Map<string, K8sObject[]> {
  let index = autoscalerIndex.get(model);
  if (index) return index;
  index = new Map();
  for (const hpa of model.ofKind('HorizontalPodAutoscaler', 'ScaledObject')) {
    const ref = get(get(hpa.root, 'spec'), 'scaleTargetRef');
    const name = str(get(ref, 'name'));
    // KEDA defaults the target kind to Deployment.
    const kind = str(get(ref, 'kind')) ?? (hpa.kind === 'ScaledObject' ? 'Deployment' : undefined);
    if (name === undefined || kind === undefined) continue;
    const key = `${kind}\0${name}`;
    const list = index.get(key);
    if (list) list.push(hpa);
    else index.set(key, [hpa]);
  }
  autoscalerIndex.set(model, index);
  return index;
}

/** Autoscalers (HPA, KEDA ScaledObject) whose scale target is `o`. */
export function autoscalersOf(model: Model, o: K8sObject): K8sObject[] {
  if (o.name === undefined) return [];
  const candidates = autoscalersByTarget(model).get(`${o.kind}\0${o.name}`) ?? [];
  return candidates.filter((hpa) => mayShareNamespace(hpa, o));
}

/** The smallest replica count an autoscaler keeps (`minReplicas`, default 1; KEDA `minReplicaCount`, default 0). */
export function autoscalerMin(a: K8sObject): { count: number; node?: YNode } {
  const field = a.kind === 'ScaledObject' ? 'minReplicaCount' : 'minReplicas';
  const node = getIn(a.root, ['spec', field]);
  const n = num(node);
  const fallback = a.kind === 'ScaledObject' ? 0 : 1;
  return node && n !== undefined ? { count: n, node } : { count: fallback };
}

/** PodDisruptionBudgets in the tree whose selector matches the pod template of `pod`. */
export function budgetsFor(model: Model, pod: PodSpecView): K8sObject[] {
  return model.ofKind('PodDisruptionBudget').filter((pdb) => {
    if (!mayShareNamespace(pdb, pod.object)) return false;
    const selNode = getIn(pdb.root, ['spec', 'selector']);
    // A PDB without a selector (policy/v1) selects no pods; an empty selector selects every pod.
    if (selNode === undefined) return false;
    return matchesSelector(readLabelSelector(selNode), pod.labels);
  });
}

/** Each model's replicated pod templates, all and by `key=value` label, in scan order. */
const replicatedIndex = new WeakMap<Model, { all: PodSpecView[]; byLabel: Map<string, PodSpecView[]> }>();

function replicatedPods(model: Model): { all: PodSpecView[]; byLabel: Map<string, PodSpecView[]> } {
  let index = replicatedIndex.get(model);
  if (index) return index;
  index = { all: [], byLabel: new Map() };
  for (const p of model.podSpecs()) {
    if (replicasOf(p.object) === undefined) continue;
    index.all.push(p);
    for (const [k, v] of Object.entries(p.labels)) {
      const key = `${k}=${v}`;
      const list = index.byLabel.get(key);
      if (list) list.push(p);
      else index.byLabel.set(key, [p]);
    }
  }
  replicatedIndex.set(model, index);
  return index;
}

/** Pod templates of replicated workloads that a PDB selects. */
export function workloadsSelectedBy(model: Model, pdb: K8sObject): PodSpecView[] {
  const selNode = getIn(pdb.root, ['spec', 'selector']);
  if (selNode === undefined) return [];
  const sel = readLabelSelector(selNode);
  const index = replicatedPods(model);
  // A pod must carry every matchLabels pair: start from the rarest one (the full check follows).
  let candidates = index.all;
  for (const [k, v] of Object.entries(sel.matchLabels)) {
    const list = index.byLabel.get(`${k}=${v}`) ?? [];
    if (list.length < candidates.length) candidates = list;
  }
  return candidates.filter((p) => mayShareNamespace(pdb, p.object) && matchesSelector(sel, p.labels));
}

/** An int-or-string such as `maxUnavailable`: a count, or a percentage of `of`. */
export function intOrPercent(node: YNode | undefined): { count: number } | { percent: number } | undefined {
  if (node?.type !== 'scalar') return undefined;
  if (typeof node.value === 'number' && Number.isInteger(node.value)) return { count: node.value };
  if (typeof node.value === 'string') {
    const m = /^(\d{1,9})%$/.exec(node.value);
    if (m) return { percent: Number(m[1]) };
    if (/^\d{1,9}$/.test(node.value)) return undefined; // a numeric string is rejected by the API
  }
  return undefined;
}
