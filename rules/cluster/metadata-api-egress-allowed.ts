import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, items, num, str, type YNode } from '../../src/load/index.js';
import { type Cidr, type K8sObject, metadataReached, parseCidr, readCidrs } from '../../src/model/index.js';
import { nsa } from '../references.js';

/** Whether a Kubernetes rule's ports admit TCP 80, where the metadata service listens. */
function portsAdmitHttp(rule: YNode): boolean {
  const ports = items(get(rule, 'ports'));
  if (ports.length === 0) return true;
  return ports.some((p) => {
    const proto = str(get(p, 'protocol')) ?? 'TCP';
    if (proto !== 'TCP') return false;
    const port = get(p, 'port');
    if (port === undefined) return true;
    // A named port may resolve to anything.
    if (str(port) !== undefined) return true;
    const n = num(port);
    const end = num(get(p, 'endPort'));
    return n !== undefined && (n === 80 || (end !== undefined && n <= 80 && end >= 80));
  });
}

function addressText(c: Cidr): string {
  return c.family === 4 ? '169.254.169.254' : 'fd00:ec2::254';
}

export default defineRule({
  meta: {
    id: 'metadata-api-egress-allowed',
    title: 'Egress allows the cloud metadata API',
    severity: 'high',
    category: 'network',
    fires:
      'An egress rule allows a CIDR containing 169.254.169.254 (or fd00:ec2::254 for IPv6), such as `0.0.0.0/0` or `::/0`, and no `except` entry contains that address. Containment is computed, so an `except` of `169.254.0.0/16` covers it. Kubernetes NetworkPolicy `ipBlock` (with ports admitting TCP 80), Cilium `toCIDR`/`toCIDRSet` and Calico `destination.nets`/`notNets` are read.',
    silent:
      'Egress limited to ports other than TCP 80, CIDRs excluding the metadata address, and egress to pods or namespaces only.',
    assumes: 'Cloud instance metadata listens on 169.254.169.254:80 (and fd00:ec2::254 on AWS IPv6).',
    rationale:
      'The metadata API hands out the node’s cloud credentials; a pod that reaches it can act as the node in the cloud account. The seed advice: limit what pods can reach and block the metadata endpoint.',
    remediation:
      'Add `except: [169.254.169.254/32]` (and `fd00:ec2::254/128` for IPv6) to the ipBlock, or allow only the ranges needed.',
    references: [
      nsa('Network separation and hardening: network policies'),
      {
        title: 'Kubernetes docs: Restricting cloud metadata API access',
        url: 'https://kubernetes.io/docs/tasks/administer-cluster/securing-a-cluster/#restricting-cloud-metadata-api-access',
      },
    ],
    presets: ['recommended'],
    peers: { kubescape: ['C-0052'] },
    kinds: ['NetworkPolicy', 'GlobalNetworkPolicy', 'CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy'],
  },
  create(context) {
    const report = (o: K8sObject, node: YNode, path: string, cidrText: string, reached: Cidr) => {
      context.report({
        object: o,
        span: node,
        path,
        message: `${o.kind} ${o.name} allows egress to ${cidrText}, which includes the cloud metadata address ${addressText(reached)}; add it to except (e.g. ${reached.family === 4 ? '169.254.169.254/32' : 'fd00:ec2::254/128'}) or allow narrower ranges`,
      });
    };
    return {
      object(o) {
        if (o.kind === 'NetworkPolicy' && o.group === 'networking.k8s.io') {
          items(get(get(o.root, 'spec'), 'egress')).forEach((rule, i) => {
            if (!portsAdmitHttp(rule)) return;
            items(get(rule, 'to')).forEach((peer, j) => {
              const block = get(peer, 'ipBlock');
              const cidrPair = getPair(block, 'cidr');
              const cidr = parseCidr(str(cidrPair?.value) ?? '');
              if (!cidrPair || !cidr) return;
              const reached = metadataReached(cidr, readCidrs(items(get(block, 'except'))));
              if (reached)
                report(
                  o,
                  cidrPair.value,
                  o.path('spec', 'egress', i, 'to', j, 'ipBlock', 'cidr'),
                  str(cidrPair.value)!,
                  reached,
                );
            });
          });
          return;
        }
        if (o.group === 'cilium.io') {
          items(get(get(o.root, 'spec'), 'egress')).forEach((rule, i) => {
            items(get(rule, 'toCIDR')).forEach((n, j) => {
              const c = parseCidr(str(n) ?? '');
              const reached = c && metadataReached(c, []);
              if (reached) report(o, n, o.path('spec', 'egress', i, 'toCIDR', j), str(n)!, reached);
            });
            items(get(rule, 'toCIDRSet')).forEach((set, j) => {
              const cidrPair = getPair(set, 'cidr');
              const c = parseCidr(str(cidrPair?.value) ?? '');
              const reached = c && metadataReached(c, readCidrs(items(get(set, 'except'))));
              if (cidrPair && reached)
                report(
                  o,
                  cidrPair.value,
                  o.path('spec', 'egress', i, 'toCIDRSet', j, 'cidr'),
                  str(cidrPair.value)!,
                  reached,
                );
            });
          });
          return;
        }
        if (o.group === 'projectcalico.org') {
          items(get(get(o.root, 'spec'), 'egress')).forEach((rule, i) => {
            if (str(get(rule, 'action')) !== 'Allow') return;
            const dest = get(rule, 'destination');
            const except = readCidrs(items(get(dest, 'notNets')));
            items(get(dest, 'nets')).forEach((n, j) => {
              const c = parseCidr(str(n) ?? '');
              const reached = c && metadataReached(c, except);
              if (reached)
                report(o, n, o.path('spec', 'egress', i, 'destination', 'nets', j), str(n)!, reached);
            });
          });
        }
      },
    };
  },
});
