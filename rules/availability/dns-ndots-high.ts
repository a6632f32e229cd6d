import { defineRule } from '../../src/engine/rule.js';
import { get, getIn, items, str, text } from '../../src/load/index.js';
import { k8sDocs } from '../references.js';

interface Options {
  readonly max?: number;
}

export default defineRule<Options>({
  meta: {
    id: 'dns-ndots-high',
    title: 'DNS ndots above the limit',
    severity: 'low',
    category: 'workload',
    fires:
      "A pod spec sets `dnsConfig.options` `ndots` above `options.max` (default 5, the kubelet's own value).",
    silent: "Pods without an `ndots` option (they get the kubelet's 5); values at or below the maximum.",
    assumes: "The kubelet writes `ndots:5` into every pod's resolv.conf unless `dnsConfig` overrides it.",
    rationale:
      'Every name with fewer dots than `ndots` is tried against each search domain first: a higher value multiplies DNS queries for external names, loading CoreDNS and slowing every outbound call (and a DNS outage takes the workload with it).',
    remediation:
      'Lower `ndots` (2 is common for pods that mostly call external names) or use fully qualified names with a trailing dot.',
    references: [
      k8sDocs(
        "DNS for Services and Pods: Pod's DNS Config",
        'concepts/services-networking/dns-pod-service/#pod-dns-config',
      ),
    ],
    presets: ['recommended'],
    peers: { 'kube-linter': ['dnsconfig-options'] },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { max: { type: 'integer', minimum: 1, description: 'The highest acceptable ndots.' } },
    },
    defaultOptions: { max: 5 },
  },
  create(context) {
    const max = context.options.max ?? 5;
    return {
      podSpec(pod) {
        items(getIn(pod.node, ['dnsConfig', 'options'])).forEach((opt, i) => {
          if (str(get(opt, 'name')) !== 'ndots') return;
          const valueNode = get(opt, 'value');
          const n = Number(text(valueNode));
          if (!Number.isFinite(n) || n <= max) return;
          context.report({
            object: pod.object,
            span: valueNode ?? opt,
            path: pod.sub('dnsConfig', 'options', i, 'value'),
            message: `${pod.object.kind} "${pod.object.name}" sets ndots ${n}, so each external name is first tried against every search domain; lower ndots to ${Math.min(max, 2)}–${max}`,
          });
        });
      },
    };
  },
});
