import { defineRule } from '../../src/engine/rule.js';
import { pairSpan, str } from '../../src/load/index.js';
import { type LabelSelector, matchesSelector } from '../../src/model/index.js';
import { k8sDocs } from '../references.js';

interface SelectorOption {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { key: string; operator: string; values?: readonly string[] }[];
}

interface Options {
  readonly untrusted?: { readonly selector?: SelectorOption; readonly namespaces?: readonly string[] };
  readonly sandboxRuntimes?: readonly string[];
}

function toSelector(s: SelectorOption): LabelSelector {
  return {
    matchLabels: s.matchLabels ?? {},
    matchExpressions: (s.matchExpressions ?? []).map((e) => ({
      key: e.key,
      operator: e.operator,
      values: e.values ?? [],
    })),
  };
}

export default defineRule<Options>({
  meta: {
    id: 'sandbox-runtime-missing',
    title: 'Untrusted workload without a sandboxed runtime',
    severity: 'medium',
    category: 'workload',
    fires:
      'A pod matching `options.untrusted` (its template labels match `selector` and/or its namespace is in `namespaces`; both must hold when both are given) has no `runtimeClassName`, or one that is not in `options.sandboxRuntimes`.',
    silent: 'Silent unless both `sandboxRuntimes` and `untrusted` (a selector or namespaces) are configured.',
    rationale:
      'A sandboxed runtime (gVisor, Kata Containers) puts a second kernel boundary between the workload and the node, which is what code you do not fully trust (user-submitted jobs, third-party plugins) needs. The seed advice: consider alternate runtimes for sketchy workloads.',
    remediation:
      'Set `runtimeClassName` to one of the sandboxed RuntimeClasses (for example `gvisor` or `kata`).',
    references: [k8sDocs('Runtime Class', 'concepts/containers/runtime-class/')],
    presets: [],
    peers: { kubescape: ['C-0249'] },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        untrusted: {
          type: 'object',
          additionalProperties: false,
          properties: {
            selector: {
              type: 'object',
              additionalProperties: false,
              properties: {
                matchLabels: { type: 'object', additionalProperties: { type: 'string' } },
                matchExpressions: {
                  type: 'array',
                  items: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['key', 'operator'],
                    properties: {
                      key: { type: 'string' },
                      operator: { enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
                      values: { type: 'array', items: { type: 'string' } },
                    },
                  },
                },
              },
            },
            namespaces: { type: 'array', items: { type: 'string', minLength: 1 } },
          },
        },
        sandboxRuntimes: { type: 'array', items: { type: 'string', minLength: 1 } },
      },
    },
    defaultOptions: { untrusted: {}, sandboxRuntimes: [] },
  },
  create(context) {
    const runtimes = context.options.sandboxRuntimes ?? [];
    const { selector, namespaces } = context.options.untrusted ?? {};
    if (runtimes.length === 0 || (!selector && !namespaces?.length)) return {};
    const sel = selector ? toSelector(selector) : undefined;
    return {
      podSpec(pod) {
        if (namespaces?.length && !namespaces.includes(pod.object.namespace ?? '')) return;
        if (sel && !matchesSelector(sel, pod.labels)) return;
        const f = pod.field('runtimeClassName');
        const current = str(f?.pair.value);
        if (current && runtimes.includes(current)) return;
        context.report({
          object: pod.object,
          span: f ? pairSpan(f.pair) : pod.anchor,
          path: f ? f.path : pod.sub('runtimeClassName'),
          message: current
            ? `the pod is marked untrusted but runs with runtimeClassName "${current}", not a sandboxed runtime (${runtimes.join(', ')}); set runtimeClassName to one of them`
            : `the pod is marked untrusted but sets no runtimeClassName, so it shares the node's kernel; set runtimeClassName to a sandboxed runtime (${runtimes.join(', ')})`,
        });
      },
    };
  },
});
