import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, items, pairSpan, str } from '../../src/load/index.js';
import { nsa } from '../references.js';

function hostCovered(host: string, tlsHosts: readonly string[]): boolean {
  return tlsHosts.some(
    (t) =>
      t === host ||
      (t.startsWith('*.') && host.endsWith(t.slice(1)) && !host.slice(0, -t.length + 1).includes('.')),
  );
}

export default defineRule({
  meta: {
    id: 'ingress-without-tls',
    title: 'Ingress or Gateway serves HTTP without TLS',
    severity: 'medium',
    category: 'exposure',
    fires:
      'An Ingress with rules and no `spec.tls`, or a rule host that no `tls[].hosts` entry covers; a Gateway API Gateway listener with `protocol: HTTP` when the Gateway has no HTTPS/TLS listener (a plain listener next to an HTTPS one is taken to redirect).',
    silent:
      'Ingresses whose hosts are all covered by `tls` (wildcards included); Gateways with HTTPS listeners.',
    assumes: 'Without TLS the controller serves plain HTTP.',
    rationale:
      'Plain HTTP exposes credentials and session cookies on the network. The seed advice: make sure TLS is set up properly.',
    remediation:
      'Add a `tls` section with a certificate (cert-manager can issue it) for every host, or an HTTPS listener on the Gateway.',
    references: [nsa('Network separation and hardening: encrypt traffic with TLS')],
    presets: ['recommended'],
    peers: { polaris: ['tlsSettingsMissing'], kubescape: ['C-0245', 'C-0263'] },
    kinds: ['Ingress', 'Gateway'],
  },
  create(context) {
    return {
      object(o) {
        const spec = get(o.root, 'spec');
        if (o.kind === 'Gateway') {
          if (o.group !== 'gateway.networking.k8s.io') return;
          const listeners = items(get(spec, 'listeners'));
          if (listeners.some((l) => ['HTTPS', 'TLS'].includes(str(get(l, 'protocol')) ?? ''))) return;
          listeners.forEach((l, i) => {
            const p = getPair(l, 'protocol');
            if (!p || str(p.value) !== 'HTTP') return;
            context.report({
              object: o,
              span: pairSpan(p),
              path: o.path('spec', 'listeners', i, 'protocol'),
              message: `Gateway ${o.name} listener ${str(get(l, 'name')) ?? i} serves plain HTTP and the Gateway has no HTTPS listener; add an HTTPS listener with a certificate`,
            });
          });
          return;
        }
        if (o.group !== 'networking.k8s.io' && o.group !== 'extensions') return;
        const rulesPair = getPair(spec, 'rules');
        const tlsPair = getPair(spec, 'tls');
        const tls = items(tlsPair?.value);
        if (!tls.length) {
          const at = rulesPair ?? getPair(spec, 'defaultBackend') ?? getPair(spec, 'backend');
          if (!at) return;
          context.report({
            object: o,
            span: pairSpan(at),
            path: o.path('spec', 'tls'),
            message: `Ingress ${o.name} has no tls section, so it serves plain HTTP; add tls with a certificate for its hosts`,
          });
          return;
        }
        const tlsHosts = tls.flatMap((t) => items(get(t, 'hosts')).map((h) => str(h) ?? ''));
        items(rulesPair?.value).forEach((r, i) => {
          const hostPair = getPair(r, 'host');
          const host = str(hostPair?.value);
          if (!hostPair || !host || hostCovered(host, tlsHosts)) return;
          context.report({
            object: o,
            span: pairSpan(hostPair),
            path: o.path('spec', 'rules', i, 'host'),
            message: `Ingress ${o.name} serves host ${host}, which no tls entry covers, over plain HTTP; add it to tls hosts`,
          });
        });
      },
    };
  },
});
