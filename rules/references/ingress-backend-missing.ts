import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, items, num, str, text, type YNode, type YPair } from '../../src/load/index.js';
import type { K8sObject } from '../../src/model/index.js';
import { findCompatible, treeKnows, writtenNamespace } from '../../src/model/references.js';

/** One backend reference: the Service's name node, and its port (number or name) when written. */
interface Backend {
  readonly name: YPair;
  readonly namespace: string | undefined;
  readonly port?: YPair;
  /** Path of the object holding the name. */
  readonly path: (string | number)[];
  /** Path of the object holding the port (the name's, unless nested under `port`). */
  readonly portPath?: (string | number)[];
}

function ingressBackends(o: K8sObject): Backend[] {
  const spec = get(o.root, 'spec');
  const ns = writtenNamespace(o);
  const out: Backend[] = [];
  const add = (backend: YNode | undefined, path: (string | number)[]) => {
    const service = get(backend, 'service');
    if (service) {
      const name = getPair(service, 'name');
      const portNode = get(service, 'port');
      const port = getPair(portNode, 'number') ?? getPair(portNode, 'name');
      if (name)
        out.push({
          name,
          namespace: ns,
          ...(port ? { port } : {}),
          path: [...path, 'service'],
          portPath: [...path, 'service', 'port'],
        });
      return;
    }
    // networking.k8s.io/v1beta1 and extensions/v1beta1.
    const name = getPair(backend, 'serviceName');
    const port = getPair(backend, 'servicePort');
    if (name) out.push({ name, namespace: ns, ...(port ? { port } : {}), path });
  };
  add(get(spec, 'defaultBackend'), ['spec', 'defaultBackend']);
  add(get(spec, 'backend'), ['spec', 'backend']);
  items(get(spec, 'rules')).forEach((r, i) => {
    items(get(get(r, 'http'), 'paths')).forEach((p, j) => {
      add(get(p, 'backend'), ['spec', 'rules', i, 'http', 'paths', j, 'backend']);
    });
  });
  return out;
}

function routeBackends(o: K8sObject): Backend[] {
  const out: Backend[] = [];
  items(get(get(o.root, 'spec'), 'rules')).forEach((r, i) => {
    items(get(r, 'backendRefs')).forEach((b, j) => {
      if ((str(get(b, 'group')) ?? '') !== '' || (str(get(b, 'kind')) ?? 'Service') !== 'Service') return;
      const name = getPair(b, 'name');
      const port = getPair(b, 'port');
      if (name)
        out.push({
          name,
          namespace: str(get(b, 'namespace')) ?? writtenNamespace(o),
          ...(port ? { port } : {}),
          path: ['spec', 'rules', i, 'backendRefs', j],
        });
    });
  });
  return out;
}

/** Istio destination hosts that name a Kubernetes Service: a short name, or `name.ns.svc[.cluster.local]`. */
function istioHost(
  host: string,
  routeNs: string | undefined,
): { name: string; namespace: string | undefined } | undefined {
  if (!host.includes('.') && host !== '*') return { name: host, namespace: routeNs };
  const m = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc(?:\.cluster\.local)?$/.exec(host);
  return m ? { name: m[1]!, namespace: m[2]! } : undefined;
}

function virtualServiceBackends(o: K8sObject): Backend[] {
  const out: Backend[] = [];
  const spec = get(o.root, 'spec');
  for (const section of ['http', 'tcp', 'tls']) {
    items(get(spec, section)).forEach((r, i) => {
      items(get(r, 'route')).forEach((route, j) => {
        const dest = get(route, 'destination');
        const hostPair = getPair(dest, 'host');
        const target = istioHost(str(hostPair?.value) ?? '', writtenNamespace(o));
        if (!hostPair || !target) return;
        const port = getPair(get(dest, 'port'), 'number');
        out.push({
          name: hostPair,
          namespace: target.namespace,
          ...(port ? { port } : {}),
          path: ['spec', section, i, 'route', j, 'destination'],
          portPath: ['spec', section, i, 'route', j, 'destination', 'port'],
        });
      });
    });
  }
  return out;
}

function serviceName(b: Backend): string {
  const t = str(b.name.value) ?? '';
  return t.split('.')[0]!;
}

/** Whether a Service defines the port a backend asks for (by number, or by name for Ingress). */
function hasPort(svc: K8sObject, port: YNode): boolean {
  const n = num(port);
  const name = n === undefined ? text(port) : undefined;
  return items(get(get(svc.root, 'spec'), 'ports')).some((p) =>
    n !== undefined ? num(get(p, 'port')) === n : name !== undefined && str(get(p, 'name')) === name,
  );
}

export default defineRule({
  meta: {
    id: 'ingress-backend-missing',
    title: 'Route backend Service or port does not exist',
    severity: 'medium',
    category: 'exposure',
    fires:
      'An Ingress backend (`service.name`/`port`, or `serviceName`/`servicePort` on the v1beta1 APIs, rules and default backend), a Gateway API HTTPRoute/GRPCRoute/TCPRoute/TLSRoute `backendRefs` entry of kind Service, or an Istio VirtualService `route.destination` whose host is a Kubernetes Service (a short name or `name.namespace.svc[.cluster.local]`) names a Service the tree does not define in that namespace (when the tree defines Services there or owns the namespace), or a port that Service does not define (by number, or by name for an Ingress).',
    silent:
      'Services in namespaces where the tree defines none and does not own the namespace; Ingress `resource` backends; backendRefs of other kinds; VirtualService hosts that are external names or ServiceEntries; an unwritten namespace matches any, and only objects also left unwritten in the same folder (applied together) tell the tree it can know.',
    assumes: 'Routes resolve Service names in the route’s namespace unless a namespace is given.',
    rationale:
      'A route to a missing Service or port answers 503 — and a later Service with that name, created by anyone with rights in the namespace, silently receives the traffic. The seed advice: check that Ingresses and Services expose exactly what you intend.',
    remediation: 'Fix the backend’s Service name or port, or add the Service.',
    references: [
      {
        title: 'Kubernetes docs: Ingress',
        url: 'https://kubernetes.io/docs/concepts/services-networking/ingress/',
      },
      { title: 'Gateway API: HTTPRoute', url: 'https://gateway-api.sigs.k8s.io/api-types/httproute/' },
      {
        title: 'Istio: VirtualService',
        url: 'https://istio.io/latest/docs/reference/config/networking/virtual-service/',
      },
    ],
    presets: ['recommended'],
    peers: {
      'kube-linter': ['dangling-ingress'],
      'kube-score': ['ingress-targets-service'],
      kubescape: ['C-0298', 'C-0302'],
    },
    kinds: ['Ingress', 'HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'VirtualService'],
  },
  create(context) {
    return {
      object(o) {
        let backends: Backend[] = [];
        if (o.kind === 'Ingress' && (o.group === 'networking.k8s.io' || o.group === 'extensions'))
          backends = ingressBackends(o);
        else if (o.group === 'gateway.networking.k8s.io') backends = routeBackends(o);
        else if (o.kind === 'VirtualService' && o.group === 'networking.istio.io')
          backends = virtualServiceBackends(o);
        for (const b of backends) {
          const name = serviceName(b);
          if (!name) continue;
          const services = findCompatible(context.model, 'Service', b.namespace, name);
          const where = b.namespace ? ` in namespace ${b.namespace}` : '';
          if (services.length === 0) {
            if (!treeKnows(context.model, ['Service'], b.namespace, o)) continue;
            context.report({
              object: o,
              span: b.name.value,
              path: o.path(...b.path, String(b.name.key.value)),
              message: `${o.kind} ${o.name} routes to Service ${name}, which the tree does not define${where}; fix the name or add the Service`,
            });
            continue;
          }
          if (!b.port || services.some((s) => hasPort(s, b.port!.value))) continue;
          context.report({
            object: o,
            span: b.port.value,
            path: o.path(...(b.portPath ?? b.path), String(b.port.key.value)),
            message: `${o.kind} ${o.name} routes to port ${text(b.port.value)} of Service ${name}, which defines no such port${where}; use one of the Service's ports`,
          });
        }
      },
    };
  },
});
