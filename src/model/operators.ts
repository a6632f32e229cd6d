// Pods that operators create from custom resources in the tree. They are not in the scanned files,
// but policies and services written for them select them: a selector that matches only these is
// not stale. Labels follow each operator's documented (and source-visible) convention.
import { get, getIn, str, stringMap } from '../load/index.js';
import type { Model } from './index.js';
import type { K8sObject } from './object.js';

export interface OperatorPod {
  /** The custom resource the operator turns into pods. */
  readonly object: K8sObject;
  /** Its namespace key. */
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
}

const PROMETHEUS_OPERATOR_GROUP = 'monitoring.coreos.com';

/**
 * prometheus-operator: each Prometheus, PrometheusAgent, Alertmanager and ThanosRuler becomes a
 * StatefulSet whose pods carry `spec.podMetadata.labels` plus the operator's own labels.
 */
const PROMETHEUS_OPERATOR_KINDS: Readonly<Record<string, { app: string; nameLabel?: string }>> = {
  Prometheus: { app: 'prometheus', nameLabel: 'prometheus' },
  PrometheusAgent: { app: 'prometheus-agent' },
  Alertmanager: { app: 'alertmanager', nameLabel: 'alertmanager' },
  ThanosRuler: { app: 'thanos-ruler', nameLabel: 'thanos-ruler' },
};

/** ECK (Elastic Cloud on Kubernetes): `common.k8s.elastic.co/type` plus a per-kind name label. */
const ECK_KINDS: Readonly<Record<string, { group: string; type: string; nameLabel: string }>> = {
  Elasticsearch: {
    group: 'elasticsearch.k8s.elastic.co',
    type: 'elasticsearch',
    nameLabel: 'elasticsearch.k8s.elastic.co/cluster-name',
  },
  Kibana: { group: 'kibana.k8s.elastic.co', type: 'kibana', nameLabel: 'kibana.k8s.elastic.co/name' },
};

function prometheusOperatorPod(o: K8sObject): Record<string, string> | undefined {
  const kind = PROMETHEUS_OPERATOR_KINDS[o.kind];
  if (!kind || o.group !== PROMETHEUS_OPERATOR_GROUP) return undefined;
  const spec = get(o.root, 'spec');
  return {
    ...stringMap(getIn(spec, ['podMetadata', 'labels'])),
    'app.kubernetes.io/name': kind.app,
    'app.kubernetes.io/managed-by': 'prometheus-operator',
    'app.kubernetes.io/instance': o.name,
    'operator.prometheus.io/name': o.name,
    ...(kind.nameLabel ? { [kind.nameLabel]: o.name } : {}),
    ...(o.kind === 'Prometheus' || o.kind === 'PrometheusAgent'
      ? { 'operator.prometheus.io/shard': '0' }
      : {}),
  };
}

function eckPod(o: K8sObject): Record<string, string> | undefined {
  const kind = ECK_KINDS[o.kind];
  if (!kind || o.group !== kind.group) return undefined;
  const spec = get(o.root, 'spec');
  // Elasticsearch templates live per node set; Kibana has one pod template.
  const templateLabels =
    o.kind === 'Kibana'
      ? stringMap(getIn(spec, ['podTemplate', 'metadata', 'labels']))
      : stringMap(getIn(spec, ['nodeSets', 0, 'podTemplate', 'metadata', 'labels']));
  return { ...templateLabels, 'common.k8s.elastic.co/type': kind.type, [kind.nameLabel]: o.name };
}

const cache = new WeakMap<Model, readonly OperatorPod[]>();

/** Pods operators create from the custom resources of the tree, in scan order. */
export function operatorPods(model: Model): readonly OperatorPod[] {
  const cached = cache.get(model);
  if (cached) return cached;
  const out: OperatorPod[] = [];
  for (const o of model.ofKind(...Object.keys(PROMETHEUS_OPERATOR_KINDS), ...Object.keys(ECK_KINDS))) {
    const labels = prometheusOperatorPod(o) ?? eckPod(o);
    const namespace = o.namespace;
    if (labels && namespace !== undefined && str(get(o.metadata, 'name')) !== undefined)
      out.push({ object: o, namespace, labels });
  }
  cache.set(model, out);
  return out;
}
