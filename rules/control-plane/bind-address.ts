// `scheduler-bind-address` and `controller-manager-bind-address`: the same check on two components.
import { defineRule, type Rule } from '../../src/engine/rule.js';
import type { ComponentName } from '../../src/model/index.js';
import { cis } from '../references.js';
import { COMPONENT_KINDS, COMPONENT_LABEL, eachComponent, isLoopback, reportFlag } from './support.js';

export function bindAddressRule(id: string, component: ComponentName, control: string): Rule {
  const label = COMPONENT_LABEL[component];
  return defineRule({
    meta: {
      id,
      title: `${label[0]!.toUpperCase()}${label.slice(1)} bound beyond loopback`,
      severity: 'low',
      category: 'control-plane',
      kinds: COMPONENT_KINDS,
      fires: `A ${component} whose \`--bind-address\` is not a loopback address, or is unset.`,
      silent: '`--bind-address=127.0.0.1` (what kubeadm sets), `::1` or `localhost`.',
      assumes: `Unset, the ${label} serves its health, metrics and debug port on 0.0.0.0 (every interface).`,
      rationale: `The ${label}'s secure port serves metrics and, unless disabled, profiling; nothing off the node needs it. The seed advice: limit access to control-plane endpoints.`,
      remediation: `Set \`--bind-address=127.0.0.1\` on the ${label}.`,
      references: [cis(control, 'Ensure that the --bind-address argument is set to 127.0.0.1')],
      presets: ['recommended'],
    },
    create(context) {
      return {
        object(o) {
          eachComponent(o, component, (c) => {
            const address = c.value('bind-address');
            if (address !== undefined && isLoopback(address)) return;
            reportFlag(
              context,
              c,
              'bind-address',
              address === undefined
                ? `the ${label} listens on every interface (no --bind-address, default 0.0.0.0); set --bind-address=127.0.0.1 [CIS ${control}]`
                : `the ${label} listens on ${address}, beyond loopback; set --bind-address=127.0.0.1 [CIS ${control}]`,
            );
          });
        },
      };
    },
  });
}
