import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, pairSpan, str } from '../../src/load/index.js';
import { k8sDocs } from '../references.js';

export default defineRule({
  meta: {
    id: 'externalname-service',
    title: 'Service of type ExternalName',
    severity: 'low',
    category: 'exposure',
    fires: 'A `v1` Service with `spec.type: ExternalName`.',
    silent: 'ClusterIP, NodePort and LoadBalancer Services, and Services with no `type`.',
    assumes: 'Unset `type` defaults to ClusterIP.',
    rationale:
      'An ExternalName Service is a DNS alias to any name, inside or outside the cluster; an Ingress or Gateway that forwards to it can be turned into a proxy to endpoints its author could not otherwise reach, such as another namespace’s services or the cloud metadata address (CVE-2021-25740). The seed advice: do not expose more than you should.',
    remediation:
      'Call the external name from the application directly, or use a ClusterIP Service with an EndpointSlice you control; if ExternalName is needed, restrict who may create such Services with an admission policy.',
    references: [
      {
        title: 'CVE-2021-25740: Endpoint & EndpointSlice permissions allow cross-Namespace forwarding',
        url: 'https://github.com/kubernetes/kubernetes/issues/103675',
      },
      k8sDocs('Service: type ExternalName', 'concepts/services-networking/service/#externalname'),
    ],
    presets: ['recommended'],
    kinds: ['Service'],
  },
  create(context) {
    return {
      object(o) {
        if (o.apiVersion !== 'v1') return;
        const spec = get(o.root, 'spec');
        const typePair = getPair(spec, 'type');
        if (!typePair || str(typePair.value) !== 'ExternalName') return;
        const target = str(get(spec, 'externalName'));
        context.report({
          object: o,
          span: pairSpan(typePair),
          path: o.path('spec', 'type'),
          message: `Service ${o.name} is an ExternalName alias${target ? ` to ${target}` : ''}, which Ingresses and Gateways can be made to proxy to; call the name directly or use a ClusterIP Service with endpoints you control`,
        });
      },
    };
  },
});
