import { defineRule } from '../../src/engine/rule.js';
import {
  get,
  getIn,
  getPair,
  items,
  num,
  pairSpan,
  str,
  stringMap,
  type YNode,
} from '../../src/load/index.js';
import {
  type K8sObject,
  labelKey,
  type Model,
  matchesSelector,
  selectorFromLabels,
} from '../../src/model/index.js';
import { nsa } from '../references.js';
import { candidatePods } from './lib/namespaces.js';
import { SENSITIVE_PORTS, sensitiveApp } from './lib/sensitive.js';

/** Why a Service reaches something sensitive: its name, its selector, the images it selects, or a port. */
function sensitiveReason(model: Model, svc: K8sObject): string | undefined {
  const byName = sensitiveApp(svc.name);
  if (byName) return `its name says it serves ${byName}`;
  const spec = get(svc.root, 'spec');
  const selector = stringMap(get(spec, 'selector'));
  for (const v of Object.values(selector)) {
    const app = sensitiveApp(v);
    if (app) return `it selects pods labelled ${v} (${app})`;
  }
  const ns = svc.namespace;
  if (ns && Object.keys(selector).length) {
    const sel = selectorFromLabels(selector);
    const [firstKey, firstValue] = Object.entries(selector)[0]!;
    for (const pod of candidatePods(model, ns, labelKey(firstKey, firstValue))) {
      if (!matchesSelector(sel, pod.labels)) continue;
      for (const c of pod.containers) {
        const app = c.image && sensitiveApp(c.image);
        if (app) return `it selects ${pod.object.displayName}, which runs ${c.image} (${app})`;
      }
    }
  }
  for (const p of items(get(spec, 'ports'))) {
    for (const field of ['port', 'targetPort']) {
      const n = num(get(p, field));
      const what = n === undefined ? undefined : SENSITIVE_PORTS.get(n);
      if (what) return `it exposes port ${n}, ${what}`;
    }
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'sensitive-service-exposed',
    title: 'Sensitive application exposed outside the cluster',
    severity: 'high',
    category: 'exposure',
    fires:
      'A LoadBalancer or NodePort Service, or an Ingress backend, reaches a well-known sensitive application or port: Kubernetes Dashboard, Prometheus, Alertmanager, Grafana, Kibana, Elasticsearch, etcd, kube-state-metrics, Jaeger (by Service name, selector labels, or the images of the workloads it selects in the tree), or ports 10250/10255 (kubelet), 2379/2380 (etcd), 9090, 9093, 9200, 5601.',
    silent: 'ClusterIP Services not reached by an Ingress; other applications.',
    assumes: 'These tools ship with weak or no authentication by default.',
    rationale:
      'Monitoring dashboards, search clusters and etcd leak data and often allow changes without logging in. The seed advice: ensure Ingresses and Services do not expose more than they should, such as your Prometheus to the world.',
    remediation:
      'Keep the Service ClusterIP and reach it through `kubectl port-forward`, a VPN, or an Ingress with authentication and source restrictions.',
    references: [nsa('Network separation and hardening: limit exposure')],
    presets: ['recommended'],
    peers: { kubescape: ['C-0021'] },
    kinds: ['Service', 'Ingress'],
  },
  create(context) {
    const { model } = context;
    const reasonCache = new Map<K8sObject, string | undefined>();
    const reasonOf = (svc: K8sObject) => {
      if (!reasonCache.has(svc)) reasonCache.set(svc, sensitiveReason(model, svc));
      return reasonCache.get(svc);
    };
    return {
      object(o) {
        if (o.kind === 'Service') {
          if (o.apiVersion !== 'v1') return;
          const type = getPair(get(o.root, 'spec'), 'type');
          const t = str(type?.value);
          if (!type || (t !== 'LoadBalancer' && t !== 'NodePort')) return;
          const reason = reasonOf(o);
          if (!reason) return;
          context.report({
            object: o,
            span: pairSpan(type),
            path: o.path('spec', 'type'),
            message: `Service ${o.name} is a ${t} and ${reason}; keep it ClusterIP and reach it through port-forward, a VPN or an authenticated Ingress`,
          });
          return;
        }
        if (o.group !== 'networking.k8s.io' && o.group !== 'extensions') return;
        const spec = get(o.root, 'spec');
        const backends: [YNode | undefined, string][] = [];
        const addBackend = (b: YNode | undefined, path: string) => backends.push([b, path]);
        addBackend(get(spec, 'defaultBackend'), o.path('spec', 'defaultBackend'));
        addBackend(get(spec, 'backend'), o.path('spec', 'backend'));
        items(get(spec, 'rules')).forEach((r, i) => {
          items(getIn(r, ['http', 'paths'])).forEach((p, j) => {
            addBackend(get(p, 'backend'), o.path('spec', 'rules', i, 'http', 'paths', j, 'backend'));
          });
        });
        for (const [b, path] of backends) {
          if (!b) continue;
          const namePair = getPair(get(b, 'service'), 'name') ?? getPair(b, 'serviceName');
          const name = str(namePair?.value);
          if (!namePair || !name) continue;
          const svc = model.resolve('Service', o.namespace, name);
          const reason = svc
            ? reasonOf(svc)
            : sensitiveApp(name)
              ? `its name says it serves ${sensitiveApp(name)}`
              : undefined;
          if (!reason) continue;
          context.report({
            object: o,
            span: pairSpan(namePair),
            path: `${path}.${getPair(b, 'serviceName') === namePair ? 'serviceName' : 'service.name'}`,
            message: `Ingress ${o.name} routes to Service ${name}, and ${reason}; put authentication and source restrictions in front of it or keep it internal`,
          });
        }
      },
    };
  },
});
