// The pod template's annotations, with their pairs and field paths (legacy AppArmor and seccomp
// settings live there).
import { get, pairs, type YPair } from '../../src/load/index.js';
import { joinPath, type PodSpecView } from '../../src/model/index.js';

export interface AnnotationPair {
  readonly key: string;
  readonly value: string | undefined;
  readonly pair: YPair;
  readonly path: string;
}

/** Field path of the pod's metadata: `metadata` for a Pod, `spec.template.metadata` for a Deployment. */
export function podMetadataPath(pod: PodSpecView): string {
  return `${pod.path.slice(0, -'spec'.length)}metadata`;
}

/** Annotations of the pod template whose key starts with `prefix`. */
export function podAnnotations(pod: PodSpecView, prefix: string): AnnotationPair[] {
  const out: AnnotationPair[] = [];
  const base = podMetadataPath(pod);
  for (const pair of pairs(get(pod.templateMetadata, 'annotations'))) {
    const key = pair.key.value;
    if (typeof key !== 'string' || !key.startsWith(prefix)) continue;
    const v = pair.value;
    const value = v.type === 'scalar' && typeof v.value === 'string' ? v.value : undefined;
    out.push({ key, value, pair, path: joinPath(base, 'annotations', key) });
  }
  return out;
}
