import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, pairSpan, str } from '../../src/load/index.js';
import { nsa } from '../references.js';

export default defineRule({
  meta: {
    id: 'service-node-port',
    title: 'NodePort Service',
    severity: 'low',
    category: 'exposure',
    fires: 'A Service of `type: NodePort`.',
    silent: 'ClusterIP, LoadBalancer (see service-load-balancer-open) and ExternalName Services.',
    assumes:
      'A NodePort opens the port on every node’s addresses, bypassing NetworkPolicies that only select pods on some CNIs.',
    rationale:
      'NodePorts expose the service on every node, often past the firewall rules meant for the load balancer. The seed advice: do not expose more than you should.',
    remediation: 'Use a ClusterIP Service behind an Ingress or an internal load balancer.',
    references: [nsa('Network separation and hardening: limit exposure')],
    presets: ['recommended'],
    peers: {
      'kube-linter': ['exposed-services'],
      'kube-score': ['service-type'],
      kics: ['845acfbe-3e10-4b8e-b656-3b404d36dfb2'],
    },
    kinds: ['Service'],
  },
  create(context) {
    return {
      object(o) {
        if (o.apiVersion !== 'v1') return;
        const type = getPair(get(o.root, 'spec'), 'type');
        if (!type || str(type.value) !== 'NodePort') return;
        context.report({
          object: o,
          span: pairSpan(type),
          path: o.path('spec', 'type'),
          message: `Service ${o.name} is a NodePort, opened on every node of the cluster; use ClusterIP behind an Ingress or an internal load balancer`,
        });
      },
    };
  },
});
