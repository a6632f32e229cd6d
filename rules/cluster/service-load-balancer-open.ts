import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, items, pairSpan, str } from '../../src/load/index.js';
import { isAnyAddress, parseCidr } from '../../src/model/index.js';
import { nsa } from '../references.js';

/** Annotations (and the values meaning "internal") with which cloud providers make a private load balancer. */
const INTERNAL: readonly [string, RegExp][] = [
  ['service.beta.kubernetes.io/aws-load-balancer-internal', /^(true|0\.0\.0\.0\/0)$/i],
  ['service.beta.kubernetes.io/aws-load-balancer-scheme', /^internal$/i],
  ['networking.gke.io/load-balancer-type', /^internal$/i],
  ['cloud.google.com/load-balancer-type', /^internal$/i],
  ['service.beta.kubernetes.io/azure-load-balancer-internal', /^true$/i],
  ['service.beta.kubernetes.io/oci-load-balancer-internal', /^true$/i],
  ['service.beta.kubernetes.io/openstack-internal-load-balancer', /^true$/i],
  ['service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type', /^private$/i],
  ['service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type', /^intranet$/i],
];

export default defineRule({
  meta: {
    id: 'service-load-balancer-open',
    title: 'LoadBalancer Service open to the internet',
    severity: 'medium',
    category: 'exposure',
    fires:
      'A Service of `type: LoadBalancer` without `loadBalancerSourceRanges` (or with a range of `0.0.0.0/0`/`::/0`) and without a cloud provider’s internal load balancer annotation (AWS, GKE, Azure, OCI, OpenStack, IBM, Alibaba).',
    silent: 'Internal load balancers, source ranges naming specific networks, and other Service types.',
    assumes: 'A LoadBalancer Service gets a public address on most clouds unless annotated internal.',
    rationale:
      'A public load balancer exposes the service to the whole internet. The seed advice: ensure your Ingress and Services are not exposing more than they should.',
    remediation:
      'Set `loadBalancerSourceRanges` to the client networks, make the load balancer internal, or expose the service through an authenticated Ingress.',
    references: [nsa('Network separation and hardening: limit exposure')],
    presets: ['recommended'],
    peers: { 'kube-linter': ['exposed-services'], kics: ['26763a1c-5dda-4772-b507-5fca7fb5f165'] },
    kinds: ['Service'],
  },
  create(context) {
    return {
      object(o) {
        if (o.apiVersion !== 'v1') return;
        const spec = get(o.root, 'spec');
        const type = getPair(spec, 'type');
        if (!type || str(type.value) !== 'LoadBalancer') return;
        const ann = o.annotations;
        if (INTERNAL.some(([k, re]) => ann[k] !== undefined && re.test(ann[k]!))) return;
        const ranges = items(get(spec, 'loadBalancerSourceRanges')).map((n) => str(n) ?? '');
        const open = ranges.find((r) => {
          const c = parseCidr(r);
          return c !== undefined && isAnyAddress(c);
        });
        if (ranges.length > 0 && open === undefined) return;
        context.report({
          object: o,
          span: pairSpan(type),
          path: o.path('spec', 'type'),
          message: `Service ${o.name} is a LoadBalancer ${open ? `open to ${open}` : 'without loadBalancerSourceRanges'} and not marked internal, so it is reachable from the internet; set loadBalancerSourceRanges or an internal load balancer annotation`,
        });
      },
    };
  },
});
