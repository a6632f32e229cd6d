// `required-labels` and `required-annotations` differ only in the metadata map they read.
import { defineRule, type Rule } from '../../src/engine/rule.js';
import { getPair } from '../../src/load/index.js';

interface Options {
  readonly keys?: readonly string[];
  readonly kinds?: readonly string[];
}

export function requiredMetadataRule(field: 'labels' | 'annotations'): Rule<Options> {
  const singular = field === 'labels' ? 'label' : 'annotation';
  return defineRule<Options>({
    meta: {
      id: `required-${field}`,
      title: `Required ${field} missing`,
      severity: 'low',
      category: 'governance',
      fires: `An API object (of \`options.kinds\`, when given) lacks one of the ${field} keys in \`options.keys\` in its \`metadata.${field}\`. One finding per object, naming every missing key.`,
      silent: `Silent until \`options.keys\` is configured; configuration files (kubeadm, kubelet, kubeconfig) and objects without metadata; objects outside \`options.kinds\`.`,
      rationale: `Teams route alerts, costs and incident response by ${field} such as owner or team; an object without them is one nobody answers for.`,
      remediation: `Add the missing ${field} to \`metadata.${field}\`.`,
      references: [],
      presets: [],
      optionsSchema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          keys: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            description: `${singular} keys every object must carry`,
          },
          kinds: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            description: 'only objects of these kinds (default: every kind)',
          },
        },
      },
      defaultOptions: { keys: [], kinds: [] },
    },
    create(context) {
      const keys = context.options.keys ?? [];
      const kinds = new Set(context.options.kinds ?? []);
      if (keys.length === 0) return {};
      return {
        object(o) {
          if (!o.metadata || (kinds.size > 0 && !kinds.has(o.kind))) return;
          if (!o.namespaced && o.group.includes('.config.k8s.io')) return;
          const present = field === 'labels' ? o.labels : o.annotations;
          const missing = keys.filter((k) => !Object.hasOwn(present, k));
          if (missing.length === 0) return;
          const mapPair = getPair(o.metadata, field);
          context.report({
            object: o,
            span: mapPair ? mapPair.key : o.anchor,
            path: o.path('metadata', field),
            message: `${o.kind} "${o.name}" lacks the required ${missing.length === 1 ? singular : field} ${missing.map((k) => `"${k}"`).join(', ')}; add ${missing.length === 1 ? 'it' : 'them'} to metadata.${field}`,
          });
        },
      };
    },
  });
}
