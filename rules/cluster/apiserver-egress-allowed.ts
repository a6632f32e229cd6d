import { defineRule, type RelatedLocation } from '../../src/engine/rule.js';
import { bool, get, getPair, items, num, sameNode, str, text, type YNode } from '../../src/load/index.js';
import { firstReachable, formatAddress } from '../../src/model/cidr-coverage.js';
import {
  type Cidr,
  type K8sObject,
  type Model,
  type PodSpecView,
  type PolicyView,
  parseCidr,
  readCidrs,
  readPolicy,
} from '../../src/model/index.js';
import { nsa } from '../references.js';

interface Options {
  readonly apiServerCIDRs?: readonly string[];
  readonly apiServerPorts?: readonly number[];
}

/** Whether a pod gets no API credentials: no automounted token and no projected token volume. */
function podLacksApiToken(model: Model, pod: PodSpecView): boolean {
  const own = bool(get(pod.node, 'automountServiceAccountToken'));
  let mounted = own;
  if (mounted === undefined) {
    const sa = model.find('ServiceAccount', pod.object.namespace, pod.serviceAccountName ?? 'default');
    mounted = bool(get(sa?.root, 'automountServiceAccountToken')) ?? true;
  }
  if (mounted) return false;
  const projectsToken = items(get(pod.node, 'volumes')).some((v) =>
    items(get(get(v, 'projected'), 'sources')).some((s) => get(s, 'serviceAccountToken') !== undefined),
  );
  return !projectsToken;
}

/** Whether a port entry (number, `a:b`/`a-b` range text, or a name) can admit one of `wanted`. */
function portAdmits(
  port: YNode | undefined,
  endPort: number | undefined,
  wanted: readonly number[],
): boolean {
  if (port === undefined) return true;
  const n = num(port);
  if (n !== undefined)
    return wanted.some((w) => w === n || (endPort !== undefined && w >= n && w <= endPort));
  const t = text(port) ?? '';
  const range = /^(\d+)\s*[:-]\s*(\d+)$/.exec(t);
  if (range) return wanted.some((w) => w >= Number(range[1]) && w <= Number(range[2]));
  if (/^\d+$/.test(t)) return wanted.includes(Number(t));
  // A named port can resolve to anything.
  return true;
}

export default defineRule<Options>({
  meta: {
    id: 'apiserver-egress-allowed',
    title: 'Egress to the API server from pods that do not need it',
    severity: 'medium',
    category: 'network',
    fires:
      'Opt-in: set `options.apiServerCIDRs` (the API server’s addresses or ranges, e.g. the `kubernetes` Service IP `10.96.0.1` and the control-plane endpoints). An egress rule whose CIDR still contains one of those addresses after its `except` blocks are taken out (computed exactly, IPv4 and IPv6), on ports admitting one of `options.apiServerPorts` (default 443 and 6443; a rule without ports admits all), in a policy that selects at least one pod in the tree that gets no API credentials (`automountServiceAccountToken: false` on the pod, or unset there and false on its ServiceAccount in the tree, and no projected `serviceAccountToken` volume). Kubernetes NetworkPolicy `ipBlock`, Cilium `toCIDR`/`toCIDRSet` and Calico `destination.nets`/`notNets` are read.',
    silent:
      'Without `apiServerCIDRs`; policies whose selected pods all mount a token (they may need the API) or that select no pod in the tree; egress to pods or namespaces only (the API server is not a pod). It is a separate rule rather than an option of `metadata-api-egress-allowed` because it needs the cluster’s addresses, is about pods that do not need the API, and has its own severity.',
    assumes:
      'Pods reach the API server at the addresses configured (the `kubernetes` Service ClusterIP is translated to the endpoints before policy is applied in most CNIs, so list both). Unset automount on pod and ServiceAccount means the token is mounted, and such a pod is assumed to need the API.',
    rationale:
      'A compromised pod that can open connections to the API server can probe it, use any token it finds, and exploit API server flaws; pods that were given no token have no business talking to it. The seed advice: "limit access to your internal API server … make sure that not every pod can access the internal API server", and ensure the default service token is not used.',
    remediation:
      'Add the API server addresses to the ipBlock’s `except` list (or narrow the CIDR), or move the pods that really need the API under a separate policy and give them a token.',
    references: [
      nsa('Network separation and hardening: network policies'),
      {
        title: 'Kubernetes docs: Controlling access to the Kubernetes API',
        url: 'https://kubernetes.io/docs/concepts/security/controlling-access/',
      },
    ],
    presets: [],
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        apiServerCIDRs: {
          type: 'array',
          items: { type: 'string', pattern: '^[0-9A-Fa-f:.]+(/[0-9]{1,3})?$' },
          description: 'API server addresses or CIDRs (IPv4 or IPv6), e.g. 10.96.0.1 and 172.20.0.0/28.',
        },
        apiServerPorts: {
          type: 'array',
          items: { type: 'integer', minimum: 1, maximum: 65535 },
          description: 'TCP ports the API server listens on.',
        },
      },
    },
    defaultOptions: { apiServerCIDRs: [], apiServerPorts: [443, 6443] },
    kinds: ['NetworkPolicy', 'GlobalNetworkPolicy', 'CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy'],
  },
  create(context) {
    const targets = (context.options.apiServerCIDRs ?? [])
      .map((t) => parseCidr(t))
      .filter((c): c is Cidr => c !== undefined);
    const ports = context.options.apiServerPorts ?? [443, 6443];
    if (targets.length === 0) return {};
    let pods: readonly PodSpecView[] | undefined;

    /** Pods of the tree the policy selects that get no API token. */
    const tokenlessPods = (view: PolicyView | undefined): PodSpecView[] => {
      if (!view) return [];
      pods ??= context.model.podSpecs().filter((p) => podLacksApiToken(context.model, p));
      return pods.filter((p) => {
        const ns = p.object.namespace ?? view.namespace;
        return ns !== undefined && view.selection.selects(ns, p.labels);
      });
    };

    const check = (
      o: K8sObject,
      view: PolicyView | undefined,
      node: YNode,
      path: string,
      allowed: Cidr | undefined,
      except: readonly Cidr[],
    ) => {
      if (!allowed) return;
      for (const t of targets) {
        const hit = firstReachable(allowed, except, t);
        if (hit === undefined) continue;
        const selected = tokenlessPods(view);
        if (selected.length === 0) return;
        const names = selected.map((p) => p.object.displayName);
        const shown =
          names.slice(0, 3).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '');
        const related: RelatedLocation[] = selected.slice(0, 3).map((p) => ({
          object: p.object,
          span: p.anchor,
          message: `${p.object.displayName} mounts no API token`,
        }));
        context.report({
          object: o,
          span: node,
          path,
          message: `${o.kind} ${o.name} allows egress to ${str(node) ?? text(node)}, which includes the API server address ${formatAddress(hit, t.family)}, from pods that have no API token (${shown}); add it to except or narrow the range`,
          related,
        });
        return;
      }
    };

    return {
      object(o) {
        const views = readPolicy(o);
        if (views.length === 0) return;
        const spec = get(o.root, 'spec');
        if (o.kind === 'NetworkPolicy' && o.group === 'networking.k8s.io') {
          const view = views[0];
          if (!view?.egress) return;
          items(get(spec, 'egress')).forEach((rule, i) => {
            const rulePorts = items(get(rule, 'ports'));
            const admits =
              rulePorts.length === 0 ||
              rulePorts.some(
                (p) =>
                  (str(get(p, 'protocol')) ?? 'TCP') === 'TCP' &&
                  portAdmits(get(p, 'port'), num(get(p, 'endPort')), ports),
              );
            if (!admits) return;
            items(get(rule, 'to')).forEach((peer, j) => {
              const block = get(peer, 'ipBlock');
              const cidr = getPair(block, 'cidr');
              if (!cidr) return;
              check(
                o,
                view,
                cidr.value,
                o.path('spec', 'egress', i, 'to', j, 'ipBlock', 'cidr'),
                parseCidr(str(cidr.value) ?? ''),
                readCidrs(items(get(block, 'except'))),
              );
            });
          });
          return;
        }
        if (o.group === 'cilium.io') {
          const specs: [YNode, (string | number)[]][] = [];
          if (spec) specs.push([spec, ['spec']]);
          items(get(o.root, 'specs')).forEach((s, k) => {
            specs.push([s, ['specs', k]]);
          });
          for (const [s, base] of specs) {
            const selector = get(s, 'endpointSelector');
            const view = views.find((v) => sameNode(v.selectorNode, selector));
            items(get(s, 'egress')).forEach((rule, i) => {
              const toPorts = items(get(rule, 'toPorts'));
              const admits =
                toPorts.length === 0 ||
                toPorts.some((tp) =>
                  items(get(tp, 'ports')).some(
                    (p) =>
                      ['TCP', 'ANY'].includes(str(get(p, 'protocol')) ?? 'ANY') &&
                      portAdmits(get(p, 'port'), num(get(p, 'endPort')), ports),
                  ),
                );
              if (!admits) return;
              items(get(rule, 'toCIDR')).forEach((n, j) => {
                check(o, view, n, o.path(...base, 'egress', i, 'toCIDR', j), parseCidr(str(n) ?? ''), []);
              });
              items(get(rule, 'toCIDRSet')).forEach((set, j) => {
                const cidr = getPair(set, 'cidr');
                if (!cidr) return;
                check(
                  o,
                  view,
                  cidr.value,
                  o.path(...base, 'egress', i, 'toCIDRSet', j, 'cidr'),
                  parseCidr(str(cidr.value) ?? ''),
                  readCidrs(items(get(set, 'except'))),
                );
              });
            });
          }
          return;
        }
        if (o.group === 'projectcalico.org') {
          const view = views[0];
          items(get(spec, 'egress')).forEach((rule, i) => {
            if (str(get(rule, 'action')) !== 'Allow') return;
            const proto = str(get(rule, 'protocol'));
            if (proto !== undefined && proto !== 'TCP') return;
            const dest = get(rule, 'destination');
            const destPorts = items(get(dest, 'ports'));
            if (destPorts.length > 0 && !destPorts.some((p) => portAdmits(p, undefined, ports))) return;
            const except = readCidrs(items(get(dest, 'notNets')));
            items(get(dest, 'nets')).forEach((n, j) => {
              check(
                o,
                view,
                n,
                o.path('spec', 'egress', i, 'destination', 'nets', j),
                parseCidr(str(n) ?? ''),
                except,
              );
            });
          });
        }
      },
    };
  },
});
