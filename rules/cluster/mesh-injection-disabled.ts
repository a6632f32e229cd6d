import { defineRule } from '../../src/engine/rule.js';
import { getPair, pairSpan } from '../../src/load/index.js';
import type { K8sObject, Model } from '../../src/model/index.js';
import { nsa } from '../references.js';
import { namespacesWithWorkloads } from './lib/namespaces.js';

const SYSTEM = new Set([
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'istio-system',
  'linkerd',
  'linkerd-viz',
]);

/** Pod template annotations/labels that take a workload out of the mesh, and the value meaning so. */
const OPT_OUTS: readonly [string, (v: string) => boolean, string][] = [
  ['sidecar.istio.io/inject', (v) => v === 'false', 'opts out of Istio sidecar injection'],
  ['linkerd.io/inject', (v) => v === 'disabled', 'opts out of Linkerd proxy injection'],
  [
    'traffic.sidecar.istio.io/excludeInboundPorts',
    (v) => v.trim() !== '',
    'lets inbound ports bypass the Istio proxy',
  ],
  [
    'config.linkerd.io/skip-inbound-ports',
    (v) => v.trim() !== '',
    'lets inbound ports bypass the Linkerd proxy',
  ],
];

type Membership = 'in' | 'out' | 'none';

function namespaceMembership(ns: K8sObject): { state: Membership; pair?: ReturnType<typeof getPair> } {
  const labels = ns.labels;
  const ann = ns.annotations;
  const injection = getPair(getPair(ns.metadata, 'labels')?.value, 'istio-injection');
  if (labels['istio-injection'] === 'disabled' || ann['linkerd.io/inject'] === 'disabled') {
    return {
      state: 'out',
      pair: injection ?? getPair(getPair(ns.metadata, 'annotations')?.value, 'linkerd.io/inject'),
    };
  }
  if (
    labels['istio-injection'] === 'enabled' ||
    labels['istio.io/rev'] !== undefined ||
    labels['istio.io/dataplane-mode'] === 'ambient' ||
    ann['linkerd.io/inject'] === 'enabled'
  )
    return { state: 'in' };
  return { state: 'none' };
}

function meshInUse(model: Model): boolean {
  if (model.objects.some((o) => o.group.endsWith('istio.io') || o.group.endsWith('linkerd.io'))) return true;
  return model.ofKind('Namespace').some((n) => namespaceMembership(n).state === 'in');
}

export default defineRule({
  meta: {
    id: 'mesh-injection-disabled',
    title: 'Workload or namespace left out of the service mesh',
    severity: 'medium',
    category: 'service-mesh',
    fires:
      'Where a mesh is in use in the tree (Istio or Linkerd objects, or a namespace labelled for injection or ambient mode): a pod template with `sidecar.istio.io/inject: "false"`, `linkerd.io/inject: disabled`, `traffic.sidecar.istio.io/excludeInboundPorts` or `config.linkerd.io/skip-inbound-ports`; a Namespace labelled `istio-injection: disabled`; or a Namespace with workloads and no injection or ambient label while other namespaces have one.',
    silent:
      'Trees without a mesh; system namespaces (kube-system, istio-system, linkerd…); Namespaces not in the tree.',
    assumes: 'Injection is per namespace label or annotation, overridable per pod.',
    rationale:
      'A workload outside the mesh neither presents nor requires an mTLS identity, so mesh authorization policies cannot protect it. The seed advice: consider mutual TLS between services.',
    remediation:
      'Remove the opt-out, or label the namespace for injection (`istio-injection: enabled`, `istio.io/dataplane-mode: ambient`, `linkerd.io/inject: enabled`).',
    references: [
      {
        title: 'Istio: Installing the sidecar',
        url: 'https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/',
      },
      nsa('Network separation and hardening: encrypt traffic'),
    ],
    presets: ['recommended'],
  },
  create(context) {
    return {
      done() {
        const { model } = context;
        if (!meshInUse(model)) return;
        for (const pod of model.podSpecs()) {
          context.guard(pod.object, () => {
            const md = pod.templateMetadata;
            for (const [key, isOptOut, what] of OPT_OUTS) {
              for (const field of ['annotations', 'labels']) {
                const pair = getPair(getPair(md, field)?.value, key);
                const value = field === 'annotations' ? pod.annotations[key] : pod.labels[key];
                if (!pair || value === undefined || !isOptOut(value)) continue;
                const base =
                  pod.object.kind === 'Pod'
                    ? pod.object.path('metadata')
                    : `${pod.path.replace(/\.spec$/, '')}.metadata`;
                context.report({
                  object: pod.object,
                  span: pairSpan(pair),
                  path: `${base}.${field}[${JSON.stringify(key)}]`,
                  message: `${pod.object.displayName} ${what} (${key}: ${value}) although the tree uses a service mesh; remove it so the workload gets an mTLS identity`,
                });
              }
            }
          });
        }
        const namespaces = model.ofKind('Namespace').filter((n) => n.apiVersion === 'v1');
        const states = new Map(namespaces.map((n) => [n, namespaceMembership(n)]));
        const anyIn = [...states.values()].some((s) => s.state === 'in');
        const withWorkloads = new Set(namespacesWithWorkloads(model).map((n) => n.namespace));
        for (const [ns, m] of states) {
          if (SYSTEM.has(ns.name)) continue;
          context.guard(ns, () => {
            if (m.state === 'out' && m.pair) {
              context.report({
                object: ns,
                span: pairSpan(m.pair),
                path: ns.path('metadata'),
                message: `Namespace ${ns.name} disables mesh injection although the tree uses a service mesh, so its workloads run without mTLS; enable injection`,
              });
            } else if (m.state === 'none' && anyIn && withWorkloads.has(ns.name)) {
              const labels = getPair(ns.metadata, 'labels');
              context.report({
                object: ns,
                span: labels ? pairSpan(labels) : ns.anchor,
                path: ns.path('metadata', 'labels'),
                message: `Namespace ${ns.name} runs workloads but has no injection or ambient label while other namespaces are in the mesh; label it istio-injection: enabled (or istio.io/dataplane-mode: ambient, linkerd.io/inject: enabled)`,
              });
            }
          });
        }
      },
    };
  },
});
