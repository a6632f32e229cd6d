import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, items, pairs, size, str, type YNode } from '../../src/load/index.js';
import type { K8sObject } from '../../src/model/index.js';
import { nsa } from '../references.js';

/** Cilium peer fields of each direction; `toPorts` limits ports for both. */
const CILIUM_PEERS = {
  ingress: ['fromEndpoints', 'fromCIDR', 'fromCIDRSet', 'fromEntities', 'fromGroups', 'fromNodes'],
  egress: [
    'toEndpoints',
    'toCIDR',
    'toCIDRSet',
    'toEntities',
    'toServices',
    'toFQDNs',
    'toGroups',
    'toNodes',
  ],
} as const;

/** Calico peer fields of an entity rule (source or destination). */
const CALICO_PEER_FIELDS = [
  'selector',
  'namespaceSelector',
  'nets',
  'notNets',
  'serviceAccounts',
  'services',
];

function nonEmpty(n: YNode | undefined): boolean {
  return n !== undefined && (n.type !== 'scalar' ? size(n) > 0 : n.value !== null && n.value !== '');
}

export default defineRule({
  meta: {
    id: 'network-policy-any-port',
    title: 'Network policy rule allows every port',
    severity: 'low',
    category: 'network',
    fires:
      'A NetworkPolicy ingress rule with `from` peers, or egress rule with `to` peers, and no `ports`; a Calico (`projectcalico.org`) `Allow` rule whose peer (`source` for ingress, `destination` for egress) is narrowed by a selector, nets or service accounts but whose `destination.ports` is unset; a Cilium rule with `from…`/`to…` peers and no `toPorts`. Such a rule opens every port and protocol to those peers. An egress rule to kube-dns is no exception unless it lists its ports (53/UDP and 53/TCP).',
    silent:
      'Rules that list ports, ICMP-only rules (Calico `protocol: ICMP`, Cilium `icmps`), rules with no peers at all (those allow everything and are `network-policy-allows-all`’s), Calico `Deny`/`Log`/`Pass` rules, and Cilium rules to the `all` entity (also `network-policy-allows-all`’s).',
    assumes: 'A NetworkPolicy rule without `ports` matches all ports and protocols (the API’s definition).',
    rationale:
      'A rule that names its peers but not its ports lets those peers reach every listening socket (debug endpoints, admin ports, sidecars), so one compromised peer gets the whole pod. The seed advice: use network policies so that "all communication is restricted to the necessary ports and protocols".',
    remediation:
      'Add `ports` (protocol and port) for the services the peers actually use; for DNS, `- {protocol: UDP, port: 53}` and `- {protocol: TCP, port: 53}`.',
    references: [
      nsa('Network separation and hardening: network policies'),
      {
        title: 'Kubernetes docs: Network Policies (ports)',
        url: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/',
      },
    ],
    presets: ['recommended'],
    kinds: ['NetworkPolicy', 'GlobalNetworkPolicy', 'CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy'],
  },
  create(context) {
    const report = (o: K8sObject, span: YNode | { start: number; end: number }, path: string, what: string) =>
      context.report({
        object: o,
        span,
        path,
        message: `${o.kind} ${o.name}: ${what} lists peers but no ports, so it opens every port and protocol to them; list the ports they need`,
      });
    return {
      object(o) {
        const spec = get(o.root, 'spec');
        if (o.kind === 'NetworkPolicy' && o.group === 'networking.k8s.io') {
          for (const [dir, peersKey] of [
            ['ingress', 'from'],
            ['egress', 'to'],
          ] as const) {
            items(get(spec, dir)).forEach((rule, i) => {
              const peers = getPair(rule, peersKey);
              if (!peers || items(peers.value).length === 0) return;
              if (items(get(rule, 'ports')).length > 0) return;
              report(o, peers.key, o.path('spec', dir, i, peersKey), `${dir} rule ${i + 1}`);
            });
          }
          return;
        }
        if (o.group === 'projectcalico.org') {
          for (const [dir, peerKey] of [
            ['ingress', 'source'],
            ['egress', 'destination'],
          ] as const) {
            items(get(spec, dir)).forEach((rule, i) => {
              if (str(get(rule, 'action')) !== 'Allow') return;
              const peer = getPair(rule, peerKey);
              if (!peer || !CALICO_PEER_FIELDS.some((f) => nonEmpty(get(peer.value, f)))) return;
              if (nonEmpty(get(get(rule, 'destination'), 'ports'))) return;
              // ICMP has no ports: such a rule allows only ICMP.
              if (/^ICMP/i.test(str(get(rule, 'protocol')) ?? '')) return;
              report(o, peer.key, o.path('spec', dir, i, peerKey), `${dir} rule ${i + 1}`);
            });
          }
          return;
        }
        if (o.group === 'cilium.io') {
          const specs: [YNode, string[]][] = [];
          if (spec) specs.push([spec, ['spec']]);
          items(get(o.root, 'specs')).forEach((s, k) => {
            specs.push([s, ['specs', String(k)]]);
          });
          for (const [s, base] of specs) {
            const basePath = base.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
            for (const dir of ['ingress', 'egress'] as const) {
              items(get(s, dir)).forEach((rule, i) => {
                if (nonEmpty(get(rule, 'toPorts')) || nonEmpty(get(rule, 'icmps'))) return;
                const entities = dir === 'ingress' ? 'fromEntities' : 'toEntities';
                if (items(get(rule, entities)).some((e) => str(e) === 'all')) return;
                const peer = pairs(rule).find(
                  (p) =>
                    (CILIUM_PEERS[dir] as readonly string[]).includes(String(p.key.value)) &&
                    nonEmpty(p.value),
                );
                if (!peer) return;
                report(
                  o,
                  peer.key,
                  o.path(...basePath, dir, i, String(peer.key.value)),
                  `${dir} rule ${i + 1}`,
                );
              });
            }
          }
        }
      },
    };
  },
});
