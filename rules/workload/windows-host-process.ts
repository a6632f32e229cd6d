import { defineRule } from '../../src/engine/rule.js';
import { bool, get, getPair, pairSpan } from '../../src/load/index.js';
import { cis, pss } from '../references.js';
import { describeContainers, forEachEffective, verb } from '../shared/security.js';

export default defineRule({
  meta: {
    id: 'windows-host-process',
    title: 'Windows HostProcess container',
    severity: 'critical',
    category: 'pod-security',
    fires: 'The effective `windowsOptions.hostProcess` (container over pod) is `true`.',
    silent: '`hostProcess: false` or unset.',
    assumes: 'Unset `hostProcess` is false: Windows containers run isolated.',
    rationale:
      'A HostProcess container runs directly on the Windows node with its network and filesystem, the Windows equivalent of a privileged container. The seed advice: restrict what pods can do.',
    remediation:
      "Remove `hostProcess: true`; run node-management tasks outside the workload cluster's application namespaces.",
    references: [
      pss('baseline', 'HostProcess'),
      cis('5.2.11', 'Minimize the admission of Windows HostProcess containers'),
    ],
    presets: ['recommended', 'pss-baseline', 'pss-restricted'],
    peers: { polaris: ['hostProcess'], trivy: ['KSV-0103'] },
  },
  create(context) {
    return {
      podSpec(pod) {
        forEachEffective(
          pod,
          'windowsOptions',
          (v) => bool(get(v, 'hostProcess')) === true,
          (s, containers) => {
            const pair = getPair(s.value, 'hostProcess')!;
            context.report({
              object: pod.object,
              span: pairSpan(pair),
              path: `${s.path}.hostProcess`,
              message: `${describeContainers(containers)} ${verb(containers, 'runs as a Windows HostProcess container', 'run as Windows HostProcess containers')}, with the node's network and filesystem; remove hostProcess: true`,
            });
          },
        );
      },
    };
  },
});
