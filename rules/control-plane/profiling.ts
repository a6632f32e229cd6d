// The three `*-profiling` rules: the same check on different components.
import { defineRule, type Rule } from '../../src/engine/rule.js';
import type { ComponentName } from '../../src/model/index.js';
import { cis } from '../references.js';
import { flagFix } from './flag-fix.js';
import { COMPONENT_KINDS, COMPONENT_LABEL, eachComponent, reportFlag } from './support.js';

export function profilingRule(id: string, component: ComponentName, control: string): Rule {
  const label = COMPONENT_LABEL[component];
  return defineRule({
    meta: {
      id,
      title: `${label[0]!.toUpperCase()}${label.slice(1)} profiling enabled`,
      severity: 'low',
      category: 'control-plane',
      kinds: COMPONENT_KINDS,
      fires: `A ${component} without \`--profiling=false\` (kubeadm: \`extraArgs\`), or with it set to true.`,
      silent: '`--profiling=false`.',
      assumes: `The ${label} serves Go profiling data at /debug/pprof by default; kubeadm does not turn it off.`,
      rationale:
        'Profiling endpoints reveal program internals and can be used to slow the component down; they are for debugging, not production.',
      remediation: `Add \`--profiling=false\` to the ${label}.`,
      references: [cis(control, 'Ensure that the --profiling argument is set to false')],
      presets: ['recommended'],
      fixable:
        'Sets `--profiling=false` where the flag is written, or adds it to the command (or kubeadm `extraArgs` map) that holds the other flags.',
    },
    create(context) {
      return {
        object(o) {
          eachComponent(o, component, (c) => {
            if (c.bool('profiling') === false) return;
            reportFlag(
              context,
              c,
              'profiling',
              c.has('profiling')
                ? `the ${label} has profiling enabled; set --profiling=false [CIS ${control}]`
                : `the ${label} has profiling enabled by default; add --profiling=false [CIS ${control}]`,
              undefined,
              flagFix(c, 'profiling', 'false'),
            );
          });
        },
      };
    },
  });
}
