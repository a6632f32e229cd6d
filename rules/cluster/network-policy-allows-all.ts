import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, items, pairSpan, size, str } from '../../src/load/index.js';
import { isAnyAddress, parseCidr, readLabelSelector, selectsAll } from '../../src/model/index.js';
import { nsa } from '../references.js';

export default defineRule({
  meta: {
    id: 'network-policy-allows-all',
    title: 'NetworkPolicy rule allows all traffic',
    severity: 'medium',
    category: 'network',
    fires:
      'A Kubernetes NetworkPolicy ingress or egress rule allows everything: a rule with neither peers nor ports (`- {}`), an empty peer `{}`, a peer with `namespaceSelector: {}` and no `podSelector` (every pod of every namespace), or an ingress `ipBlock` of `0.0.0.0/0` or `::/0`.',
    silent:
      'Rules without peers but with ports (every source, on named ports only); egress to `0.0.0.0/0` (metadata-api-egress-allowed checks that); Calico and Cilium policies.',
    assumes:
      'An empty or missing `from`/`to` matches all sources/destinations; an empty selector selects everything.',
    rationale:
      'An allow-everything rule cancels the isolation the policy creates, usually by accident. The seed advice: deny by default and allow only necessary communication.',
    remediation: 'Name the peers (pod and namespace selectors) and ports the workload needs.',
    references: [nsa('Network separation and hardening: network policies')],
    presets: ['recommended'],
    peers: { trivy: ['KSV-0038'] },
    kinds: ['NetworkPolicy'],
  },
  create(context) {
    return {
      object(o) {
        if (o.group !== 'networking.k8s.io') return;
        const spec = get(o.root, 'spec');
        for (const [direction, peersKey] of [
          ['ingress', 'from'],
          ['egress', 'to'],
        ] as const) {
          items(get(spec, direction)).forEach((rule, i) => {
            const peers = items(get(rule, peersKey));
            if (peers.length === 0) {
              if (items(get(rule, 'ports')).length > 0 || rule.type !== 'map') return;
              context.report({
                object: o,
                span: rule,
                path: o.path('spec', direction, i),
                message: `${direction}[${i}] of NetworkPolicy ${o.name} has no ${peersKey} and no ports, so it allows all ${direction} traffic; list the peers and ports needed`,
              });
              return;
            }
            peers.forEach((peer, j) => {
              const path = o.path('spec', direction, i, peersKey, j);
              if (peer.type === 'map' && size(peer) === 0) {
                context.report({
                  object: o,
                  span: peer,
                  path,
                  message: `${direction}[${i}].${peersKey}[${j}] of NetworkPolicy ${o.name} is an empty peer, which matches everything; name the pods or namespaces`,
                });
                return;
              }
              const nsPair = getPair(peer, 'namespaceSelector');
              if (nsPair && !getPair(peer, 'podSelector') && selectsAll(readLabelSelector(nsPair.value))) {
                context.report({
                  object: o,
                  span: pairSpan(nsPair),
                  path: `${path}.namespaceSelector`,
                  message: `${direction}[${i}].${peersKey}[${j}] of NetworkPolicy ${o.name} selects every pod of every namespace (namespaceSelector: {} without podSelector); narrow it with labels`,
                });
                return;
              }
              if (direction !== 'ingress') return;
              const cidrPair = getPair(get(peer, 'ipBlock'), 'cidr');
              const cidr = parseCidr(str(cidrPair?.value) ?? '');
              if (cidrPair && cidr && isAnyAddress(cidr)) {
                context.report({
                  object: o,
                  span: pairSpan(cidrPair),
                  path: `${path}.ipBlock.cidr`,
                  message: `ingress[${i}].from[${j}] of NetworkPolicy ${o.name} allows ${str(cidrPair.value)}, every address; list the source ranges that need access`,
                });
              }
            });
          });
        }
      },
    };
  },
});
