// One parameterised check for the three host-namespace switches of a pod spec.
import { fixWith, setField } from '../../src/engine/fix/types.js';
import { defineRule, type Rule } from '../../src/engine/rule.js';
import { bool, pairSpan } from '../../src/load/index.js';
import { cis, nsa, pss } from '../references.js';

export interface HostNamespaceSpec {
  readonly id: string;
  readonly field: 'hostNetwork' | 'hostPID' | 'hostIPC';
  readonly title: string;
  readonly what: string;
  readonly risk: string;
  readonly cis: readonly [string, string];
}

export function hostNamespaceRule(spec: HostNamespaceSpec): Rule {
  return defineRule({
    meta: {
      id: spec.id,
      title: spec.title,
      severity: 'high',
      category: 'pod-security',
      fires: `A pod spec sets \`${spec.field}: true\`.`,
      silent: `\`${spec.field}: false\` or unset; the string \`"true"\` (not a boolean, so the API rejects it).`,
      assumes: `Unset \`${spec.field}\` defaults to false: the pod gets its own ${spec.what} namespace.`,
      rationale: `${spec.risk} The seed advice: restrict what pods can do; Pod Security Standards (baseline) forbid sharing host namespaces.`,
      remediation: `Remove \`${spec.field}: true\` from the pod spec. Node agents that truly need it belong in a dedicated namespace labelled for the privileged Pod Security level.`,
      references: [
        pss('baseline', 'Host Namespaces'),
        cis(spec.cis[0], spec.cis[1]),
        nsa('Pod security: Pod security enforcement'),
      ],
      presets: ['recommended', 'pss-baseline', 'pss-restricted'],
      fixable: `Sets \`${spec.field}: false\` where \`${spec.field}: true\` is written.`,
    },
    create(context) {
      return {
        podSpec(pod) {
          const f = pod.field(spec.field);
          if (!f || bool(f.pair.value) !== true) return;
          context.report({
            object: pod.object,
            span: pairSpan(f.pair),
            path: f.path,
            message: `the pod shares the node's ${spec.what} namespace (${spec.field}: true); remove it or set ${spec.field}: false`,
            fix: fixWith(`set ${spec.field}: false`, setField(f.path, false)),
          });
        },
      };
    },
  });
}
