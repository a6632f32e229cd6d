import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, items, pairSpan } from '../../src/load/index.js';
import { k8sDocs } from '../references.js';

export default defineRule({
  meta: {
    id: 'service-external-ips',
    title: 'Service sets externalIPs',
    severity: 'high',
    category: 'exposure',
    fires: 'A Service with a non-empty `spec.externalIPs`.',
    silent: 'Services without externalIPs.',
    assumes:
      'Nothing validates externalIPs: kube-proxy routes traffic for any address a Service claims (CVE-2020-8554).',
    rationale:
      'Whoever can create a Service with externalIPs can intercept traffic meant for any IP, inside or outside the cluster (CVE-2020-8554). The seed advice: do not expose more than you should.',
    remediation:
      'Remove externalIPs; use a LoadBalancer or Ingress, and block externalIPs with the DenyServiceExternalIPs admission plugin or a policy.',
    references: [
      {
        title: 'CVE-2020-8554: Man in the middle using LoadBalancer or ExternalIPs',
        url: 'https://github.com/kubernetes/kubernetes/issues/97076',
      },
      k8sDocs('Service: External IPs', 'concepts/services-networking/service/#external-ips'),
    ],
    presets: ['recommended'],
    peers: { trivy: ['KSV-0108'] },
    kinds: ['Service'],
  },
  create(context) {
    return {
      object(o) {
        if (o.apiVersion !== 'v1') return;
        const pair = getPair(get(o.root, 'spec'), 'externalIPs');
        if (!pair || items(pair.value).length === 0) return;
        context.report({
          object: o,
          span: pairSpan(pair),
          path: o.path('spec', 'externalIPs'),
          message: `Service ${o.name} claims externalIPs, which kube-proxy routes without any check (CVE-2020-8554); remove them and use a LoadBalancer or Ingress`,
        });
      },
    };
  },
});
