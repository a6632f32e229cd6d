import { defineRule } from '../../src/engine/rule.js';
import { get, getIn, getPair, items, pairSpan, pairs, str, type YNode } from '../../src/load/index.js';
import type { K8sObject } from '../../src/model/index.js';
import { nsa } from '../references.js';
import { anchorNote, namespaceAnchor, namespaceName, namespacesWithWorkloads } from './lib/namespaces.js';

/** Istio's root namespace, where a PeerAuthentication applies mesh-wide (the default meshConfig). */
const ROOT_NAMESPACE = 'istio-system';

/**
 * Signs that the tree's workloads are in an Istio mesh, not merely that Istio is mentioned: a
 * PeerAuthentication, or a Namespace opting into injection or ambient mode. Routing objects or an
 * IstioOperator alone (test data, an optional component) say nothing about which workloads are meshed.
 */
function meshInUse(o: K8sObject): boolean {
  if (o.kind === 'PeerAuthentication' && o.group === 'security.istio.io') return true;
  const labels = o.labels;
  if (
    o.kind === 'Namespace' &&
    (labels['istio-injection'] === 'enabled' ||
      labels['istio.io/rev'] !== undefined ||
      labels['istio.io/dataplane-mode'] === 'ambient')
  )
    return true;
  return false;
}
const OUTSIDE_MESH = new Set(['kube-system', 'kube-public', 'kube-node-lease', ROOT_NAMESPACE]);
const WEAK = new Set(['PERMISSIVE', 'DISABLE']);

function selectsWholeNamespace(pa: K8sObject): boolean {
  const sel = get(get(pa.root, 'spec'), 'selector');
  return sel === undefined || pairs(get(sel, 'matchLabels')).length === 0;
}

function isStrict(pa: K8sObject): boolean {
  return str(getIn(pa.root, ['spec', 'mtls', 'mode'])) === 'STRICT';
}

export default defineRule({
  meta: {
    id: 'mtls-not-strict',
    title: 'Mutual TLS not strict',
    severity: 'medium',
    category: 'service-mesh',
    fires:
      'An Istio PeerAuthentication with `mtls.mode` (or a `portLevelMtls` entry) PERMISSIVE or DISABLE; a DestinationRule with `tls.mode: DISABLE` (traffic policy, port-level settings or subsets). Where the tree’s workloads are in an Istio mesh (a PeerAuthentication, or a Namespace labelled `istio-injection: enabled`, `istio.io/rev` or `istio.io/dataplane-mode: ambient`): a namespace with workloads and no namespace-wide STRICT PeerAuthentication, unless one in the root namespace `istio-system` makes the mesh STRICT.',
    silent:
      'STRICT policies, and kube-system, kube-public, kube-node-lease and istio-system themselves. Trees without those signs of a mesh (Istio routing objects or an IstioOperator alone, such as test data or an optional mesh component, do not say which workloads are meshed).',
    assumes: 'Istio’s default mode is PERMISSIVE: sidecars accept plain text as well as mTLS.',
    rationale:
      'Permissive mTLS accepts plain-text connections, so any pod can talk to a workload without proving its identity, and traffic can be read on the wire. The seed advice: consider mutual TLS between services (Istio, Linkerd).',
    remediation:
      'Apply a PeerAuthentication with `mtls.mode: STRICT` in istio-system (mesh-wide) or per namespace, and remove DISABLE from DestinationRules.',
    references: [
      {
        title: 'Istio: Mutual TLS migration',
        url: 'https://istio.io/latest/docs/tasks/security/authentication/mtls-migration/',
      },
      nsa('Network separation and hardening: encrypt traffic'),
    ],
    presets: ['recommended'],
  },
  create(context) {
    const reportMode = (o: K8sObject, node: YNode | undefined, path: (string | number)[], what: string) => {
      const pair = getPair(node, 'mode');
      const mode = str(pair?.value);
      if (!pair || !mode) return;
      if (o.kind === 'DestinationRule' ? mode !== 'DISABLE' : !WEAK.has(mode)) return;
      context.report({
        object: o,
        span: pairSpan(pair),
        path: o.path(...path, 'mode'),
        message: `${o.kind} ${o.name} sets ${what} mode ${mode}, so ${mode === 'DISABLE' ? 'traffic is plain text' : 'plain-text connections are accepted'}; use STRICT${o.kind === 'DestinationRule' ? ' (ISTIO_MUTUAL)' : ''}`,
      });
    };
    const destinationTls = (o: K8sObject, policy: YNode | undefined, path: (string | number)[]) => {
      reportMode(o, get(policy, 'tls'), [...path, 'tls'], 'tls');
      items(get(policy, 'portLevelSettings')).forEach((s, i) => {
        reportMode(o, get(s, 'tls'), [...path, 'portLevelSettings', i, 'tls'], 'port-level tls');
      });
    };
    return {
      object(o) {
        if (o.kind === 'PeerAuthentication' && o.group === 'security.istio.io') {
          const spec = get(o.root, 'spec');
          reportMode(o, get(spec, 'mtls'), ['spec', 'mtls'], 'mTLS');
          for (const p of pairs(get(spec, 'portLevelMtls'))) {
            reportMode(
              o,
              p.value,
              ['spec', 'portLevelMtls', String(p.key.value)],
              `port ${String(p.key.value)} mTLS`,
            );
          }
        } else if (o.kind === 'DestinationRule' && o.group === 'networking.istio.io') {
          const spec = get(o.root, 'spec');
          destinationTls(o, get(spec, 'trafficPolicy'), ['spec', 'trafficPolicy']);
          items(get(spec, 'subsets')).forEach((s, i) => {
            destinationTls(o, get(s, 'trafficPolicy'), ['spec', 'subsets', i, 'trafficPolicy']);
          });
        }
      },
      done() {
        const { model } = context;
        if (!model.objects.some(meshInUse)) return;
        const policies = model.ofKind('PeerAuthentication').filter((o) => o.group === 'security.istio.io');
        const strictNamespaces = new Set<string>();
        for (const pa of policies) {
          if (pa.namespace && selectsWholeNamespace(pa) && isStrict(pa)) strictNamespaces.add(pa.namespace);
        }
        if (strictNamespaces.has(ROOT_NAMESPACE)) return;
        for (const ns of namespacesWithWorkloads(model)) {
          if (OUTSIDE_MESH.has(ns.namespace) || strictNamespaces.has(ns.namespace)) continue;
          const at = namespaceAnchor(ns);
          context.guard(at.object, () => {
            context.report({
              object: at.object,
              span: at.span,
              path: at.path,
              message: `${namespaceName(ns)} has no STRICT PeerAuthentication and the mesh has none in ${ROOT_NAMESPACE}, so its workloads accept plain text (Istio defaults to PERMISSIVE)${anchorNote(at)}; add a PeerAuthentication with mtls.mode: STRICT`,
            });
          });
        }
      },
    };
  },
});
