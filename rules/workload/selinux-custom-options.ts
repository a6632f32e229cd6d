import { defineRule } from '../../src/engine/rule.js';
import { getPair, isMap, pairSpan, str } from '../../src/load/index.js';
import { compareMinor } from '../control-plane/versions.js';
import { nsa, pss } from '../references.js';
import { describeContainers, forEachEffective, verb } from '../shared/security.js';

// SELinux types Pod Security Standards (baseline) allow, with the release whose policy first allowed
// each: container_engine_t joined in 1.31.
const ALLOWED_SINCE: Readonly<Record<string, string>> = {
  '': '1.0',
  container_t: '1.0',
  container_init_t: '1.0',
  container_kvm_t: '1.0',
  container_engine_t: '1.31',
};

export default defineRule({
  meta: {
    id: 'selinux-custom-options',
    title: 'Custom SELinux type, user or role',
    severity: 'medium',
    category: 'pod-security',
    fires:
      'The effective `seLinuxOptions` (container over pod, as a whole) sets a `type` outside `container_t`, `container_init_t`, `container_kvm_t` and (from Kubernetes 1.31, judged against the target version) `container_engine_t`, or sets `user` or `role`.',
    silent:
      'No `seLinuxOptions`, an allowed type, and `level` (which Pod Security allows); pods with `spec.os.name: windows` (SELinux is Linux-only and Pod Security exempts Windows pods).',
    assumes: 'With nothing set, the runtime assigns `container_t` with a per-pod MCS level.',
    rationale:
      "A custom SELinux type such as `spc_t` or `unconfined_t` lifts the mandatory access control that keeps a container away from the node's files and processes. The seed advice: configure securityContext.",
    remediation:
      'Remove `seLinuxOptions.type`, `.user` and `.role`; set only `level` if the workload must share volumes with a fixed MCS label.',
    references: [pss('baseline', 'SELinux'), nsa('Pod security: Hardening container environments')],
    presets: ['recommended', 'pss-baseline', 'pss-restricted'],
    peers: { trivy: ['KSV-0025'] },
  },
  create(context) {
    return {
      podSpec(pod) {
        if (pod.isWindows) return;
        forEachEffective(pod, 'seLinuxOptions', isMap, (s, containers) => {
          const who = describeContainers(containers);
          for (const field of ['type', 'user', 'role'] as const) {
            const pair = getPair(s.value, field);
            if (!pair) continue;
            const value = str(pair.value) ?? '';
            const since =
              field === 'type' && Object.hasOwn(ALLOWED_SINCE, value) ? ALLOWED_SINCE[value] : undefined;
            if (
              field === 'type' ? since && compareMinor(context.kubernetesVersion, since) >= 0 : value === ''
            )
              continue;
            context.report({
              object: pod.object,
              span: pairSpan(pair),
              path: `${s.path}.${field}`,
              message:
                field === 'type'
                  ? `${who} ${verb(containers, 'runs', 'run')} with SELinux type "${value}", outside the container types Pod Security allows; remove seLinuxOptions.type (or use container_t)`
                  : `${who} ${verb(containers, 'sets', 'set')} a custom SELinux ${field} "${value}"; remove seLinuxOptions.${field}`,
            });
          }
        });
      },
    };
  },
});
