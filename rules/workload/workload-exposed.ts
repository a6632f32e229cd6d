import { defineRule, type RelatedLocation } from '../../src/engine/rule.js';
import {
  get,
  getPair,
  items,
  pairSpan,
  str,
  stringMap,
  type YNode,
  type YPair,
} from '../../src/load/index.js';
import { type K8sObject, type PodSpecView, selectorFromLabels, selectsAll } from '../../src/model/index.js';
import {
  findCompatible,
  mayShareNamespace,
  selectedPods,
  writtenNamespace,
} from '../../src/model/references.js';
import { podMetadataPath } from '../shared/annotations.js';

/** A route's reference to a Service by name. */
interface RouteBackend {
  readonly route: K8sObject;
  readonly name: YPair;
  readonly namespace: string | undefined;
}

function ingressBackends(o: K8sObject): RouteBackend[] {
  const spec = get(o.root, 'spec');
  const out: RouteBackend[] = [];
  const add = (backend: YNode | undefined) => {
    // networking.k8s.io/v1 `service.name`, or the v1beta1 `serviceName`.
    const name = getPair(get(backend, 'service'), 'name') ?? getPair(backend, 'serviceName');
    if (name) out.push({ route: o, name, namespace: writtenNamespace(o) });
  };
  add(get(spec, 'defaultBackend'));
  add(get(spec, 'backend'));
  for (const r of items(get(spec, 'rules')))
    for (const p of items(get(get(r, 'http'), 'paths'))) add(get(p, 'backend'));
  return out;
}

function httpRouteBackends(o: K8sObject): RouteBackend[] {
  const out: RouteBackend[] = [];
  for (const r of items(get(get(o.root, 'spec'), 'rules')))
    for (const b of items(get(r, 'backendRefs'))) {
      if ((str(get(b, 'group')) ?? '') !== '' || (str(get(b, 'kind')) ?? 'Service') !== 'Service') continue;
      const name = getPair(b, 'name');
      if (name) out.push({ route: o, name, namespace: str(get(b, 'namespace')) ?? writtenNamespace(o) });
    }
  return out;
}

/** The chain that exposes one pod template: route backend, then the Service selecting it. */
interface Exposure {
  readonly backend: RouteBackend;
  readonly service: K8sObject;
  readonly selector: YPair;
}

export default defineRule({
  meta: {
    id: 'workload-exposed',
    title: 'Workload reachable from outside the cluster',
    severity: 'info',
    category: 'exposure',
    fires:
      'A workload’s pod template is selected by a Service that an Ingress backend (`service.name`, or `serviceName` on v1beta1) or a Gateway API HTTPRoute `backendRefs` entry of kind Service names. Reported once per workload, on its pod template labels, with each route and Service of the chain as related locations.',
    silent:
      'Workloads no routed Service selects; Services without a selector; Helm hook pods; Services and pods that cannot share a namespace (different written namespaces, or an unwritten one in an unrelated folder).',
    assumes:
      'Routes resolve Service names in their own namespace unless a backendRef names one. Whether the Ingress controller or Gateway is internet-facing is not visible in manifests: the finding is an inventory, not a defect.',
    rationale:
      'A workload reachable from outside is where an attack starts: its hardening, authentication and network policy matter most. The seed advice: know and limit what you expose; an inventory of the exposed workloads tells reviewers where to look.',
    remediation:
      'Confirm the exposure is intended; harden the workload (non-root, read-only root filesystem, NetworkPolicy) and put authentication in front of it, or remove the route.',
    references: [
      {
        title: 'Kubernetes docs: Ingress',
        url: 'https://kubernetes.io/docs/concepts/services-networking/ingress/',
      },
      { title: 'Gateway API: HTTPRoute', url: 'https://gateway-api.sigs.k8s.io/api-types/httproute/' },
    ],
    presets: [],
    peers: { kics: ['69bbc5e3-0818-4150-89cc-1e989b48f23b'], kubescape: ['C-0256', 'C-0266'] },
  },
  create(context) {
    return {
      done() {
        const model = context.model;
        const backends = [
          ...model.ofKind('Ingress').flatMap(ingressBackends),
          ...model.ofKind('HTTPRoute').flatMap(httpRouteBackends),
        ];
        const exposures = new Map<PodSpecView, Exposure[]>();
        for (const backend of backends) {
          const name = str(backend.name.value);
          if (!name) continue;
          for (const service of findCompatible(model, 'Service', backend.namespace, name)) {
            // A backendRef into another namespace names it; otherwise the route and Service must be applied together.
            if (
              backend.namespace === writtenNamespace(backend.route) &&
              !mayShareNamespace(backend.route, service)
            )
              continue;
            const selector = getPair(get(service.root, 'spec'), 'selector');
            const sel = selectorFromLabels(stringMap(selector?.value));
            // A Service without a selector is backed by hand-made Endpoints, not by pod templates.
            if (!selector || selectsAll(sel)) continue;
            for (const pod of selectedPods(model, undefined, sel)) {
              if (!mayShareNamespace(service, pod.object)) continue;
              const list = exposures.get(pod) ?? [];
              list.push({ backend, service, selector });
              exposures.set(pod, list);
            }
          }
        }
        for (const [pod, chains] of exposures) {
          context.guard(pod.object, () => {
            const labels = getPair(pod.templateMetadata, 'labels');
            const related: RelatedLocation[] = [];
            for (const { backend, service, selector } of chains) {
              related.push({
                object: backend.route,
                span: pairSpan(backend.name),
                message: `${backend.route.kind} "${backend.route.name}" routes to Service "${service.name}"`,
              });
              related.push({
                object: service,
                span: pairSpan(selector),
                message: `Service "${service.name}" selects the workload's pods`,
              });
            }
            const first = chains[0]!;
            context.report({
              object: pod.object,
              span: labels ? pairSpan(labels) : pod.anchor,
              path: `${podMetadataPath(pod)}.labels`,
              message: `${pod.object.kind} "${pod.object.name}" is reachable from outside the cluster through ${first.backend.route.kind} "${first.backend.route.name}" and Service "${first.service.name}"${chains.length > 1 ? ` (and ${chains.length - 1} more route${chains.length > 2 ? 's' : ''})` : ''}; confirm the exposure is intended and harden the workload and its authentication`,
              related,
            });
          });
        }
      },
    };
  },
});
