import { fixWith, setField } from '../../src/engine/fix/types.js';
import { defineRule } from '../../src/engine/rule.js';
import { get, str } from '../../src/load/index.js';
import type { ContainerView } from '../../src/model/index.js';
import { nsa, pss } from '../references.js';
import { containerMissing, podMissing } from '../shared/security.js';

const CONFINED = new Set(['RuntimeDefault', 'Localhost']);

function profileType(c: ContainerView): string | undefined {
  return str(get(c.effective('seccompProfile')?.value, 'type'));
}

export default defineRule({
  meta: {
    id: 'seccomp-profile-missing',
    title: 'No seccomp profile',
    severity: 'medium',
    category: 'pod-security',
    fires:
      "Neither the container nor its pod sets `seccompProfile.type` to `RuntimeDefault` or `Localhost`. When no container of the pod has one, one finding points at the pod's securityContext; otherwise each container without one is reported.",
    silent:
      'A pod-level `RuntimeDefault`/`Localhost` profile covers every container that does not override it; `Unconfined` is reported by `seccomp-unconfined` instead; the legacy annotations do not count (current kubelets ignore them); pods with `spec.os.name: windows` (Linux-only, exempt from Pod Security).',
    assumes:
      'Without a profile the kubelet runs the container Unconfined (unless the node enables `--seccomp-default`, which a manifest cannot rely on).',
    rationale:
      'Seccomp cuts the kernel attack surface to the system calls ordinary programs need; the runtime default profile breaks almost nothing. The seed advice: configure securityContext.',
    remediation:
      'Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod; it covers every container.',
    references: [pss('restricted', 'Seccomp'), nsa('Pod security: Hardening container environments')],
    presets: ['recommended', 'pss-restricted'],
    peers: {
      polaris: ['linuxHardening'],
      'kube-score': ['container-seccomp-profile'],
      checkov: ['CKV_K8S_29', 'CKV_K8S_31'],
      kics: ['f377b83e-bd07-4f48-a591-60c82b14a78b'],
      kubescape: ['C-0055', 'C-0210'],
      trivy: ['KSV-0030', 'KSV-0118'],
    },
    fixable:
      'Adds `seccompProfile.type: RuntimeDefault` once to the pod `securityContext` when no container has a profile, else to each container without one.',
  },
  create(context) {
    return {
      podSpec(pod) {
        if (pod.isWindows || pod.containers.length === 0) return;
        const missing = pod.containers.filter((c) => {
          const t = profileType(c);
          return t === undefined || (!CONFINED.has(t) && t !== 'Unconfined');
        });
        if (missing.length === 0) return;
        if (missing.length === pod.containers.length) {
          context.report({
            object: pod.object,
            span: podMissing(pod, ['securityContext', 'seccompProfile']),
            path: pod.sub('securityContext', 'seccompProfile', 'type'),
            message:
              'no seccomp profile: neither the pod nor its containers set seccompProfile.type, so they run Unconfined; set securityContext.seccompProfile.type: RuntimeDefault on the pod',
            fix: fixWith(
              'set seccompProfile.type: RuntimeDefault in the pod securityContext',
              setField(pod.sub('securityContext', 'seccompProfile', 'type'), 'RuntimeDefault'),
            ),
          });
          return;
        }
        for (const c of missing) {
          context.report({
            object: pod.object,
            span: containerMissing(c, ['securityContext', 'seccompProfile']),
            path: c.sub('securityContext', 'seccompProfile', 'type'),
            message: `container "${c.name}" has no seccomp profile and runs Unconfined; set seccompProfile.type: RuntimeDefault on the pod or the container`,
            fix: fixWith(
              'set seccompProfile.type: RuntimeDefault on the container',
              setField(c.sub('securityContext', 'seccompProfile', 'type'), 'RuntimeDefault'),
            ),
          });
        }
      },
    };
  },
});
