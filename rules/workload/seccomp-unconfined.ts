import { fixWith, setField } from '../../src/engine/fix/types.js';
import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, pairSpan, str } from '../../src/load/index.js';
import { cis, nsa, pss } from '../references.js';
import { podAnnotations } from '../shared/annotations.js';
import { describeContainers, forEachEffective } from '../shared/security.js';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

export default defineRule({
  meta: {
    id: 'seccomp-unconfined',
    title: 'Seccomp disabled',
    severity: 'high',
    category: 'pod-security',
    fires:
      'The effective `seccompProfile.type` (container over pod) is `Unconfined`, or a legacy annotation (`seccomp.security.alpha.kubernetes.io/pod`, `container.seccomp.security.alpha.kubernetes.io/<container>`) on the pod template is `unconfined`.',
    silent:
      '`RuntimeDefault`, `Localhost`, or nothing set (a missing profile is `seccomp-profile-missing`); a pod-level `Unconfined` that every container overrides; pods with `spec.os.name: windows` (seccomp is Linux-only and Pod Security exempts Windows pods).',
    assumes:
      'Current kubelets ignore the legacy annotations, but older clusters and policy tools still read them.',
    rationale:
      'Seccomp filters the system calls a container can make; without it every kernel entry point is exposed, which is how most container escapes start. The seed advice: configure securityContext.',
    remediation:
      'Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod (or a `Localhost` profile) and remove `Unconfined` and the legacy annotations.',
    references: [
      pss('baseline', 'Seccomp'),
      cis('5.7.2', 'Ensure that the seccomp profile is set to docker/default in your pod definitions'),
      nsa('Pod security: Hardening container environments'),
    ],
    presets: ['recommended', 'pss-baseline', 'pss-restricted'],
    peers: { trivy: ['KSV-0104'] },
    fixable:
      'Sets `seccompProfile.type: RuntimeDefault` where `Unconfined` is written (pod or container, where it is written). The legacy annotations are left to you.',
  },
  create(context) {
    return {
      podSpec(pod) {
        if (pod.isWindows) return;
        forEachEffective(
          pod,
          'seccompProfile',
          (v) => str(get(v, 'type')) === 'Unconfined',
          (s, containers) => {
            const type = getPair(s.value, 'type')!;
            context.report({
              object: pod.object,
              span: pairSpan(type),
              path: `${s.path}.type`,
              message: `seccomp is disabled for ${describeContainers(containers)} (seccompProfile.type: Unconfined${s.level === 'pod' ? ' in the pod securityContext' : ''}); use RuntimeDefault`,
              fix: fixWith(
                'set seccompProfile.type: RuntimeDefault',
                setField(`${s.path}.type`, 'RuntimeDefault'),
              ),
            });
          },
        );
        for (const a of podAnnotations(pod, 'seccomp.security.alpha.kubernetes.io/')) {
          if (a.key !== POD_ANNOTATION || a.value !== 'unconfined') continue;
          context.report({
            object: pod.object,
            span: pairSpan(a.pair),
            path: a.path,
            message: `the legacy seccomp annotation disables seccomp for the whole pod; remove it and set securityContext.seccompProfile.type: RuntimeDefault`,
          });
        }
        for (const a of podAnnotations(pod, CONTAINER_ANNOTATION_PREFIX)) {
          if (a.value !== 'unconfined') continue;
          context.report({
            object: pod.object,
            span: pairSpan(a.pair),
            path: a.path,
            message: `the legacy seccomp annotation disables seccomp for container "${a.key.slice(CONTAINER_ANNOTATION_PREFIX.length)}"; remove it and set securityContext.seccompProfile.type: RuntimeDefault`,
          });
        }
      },
    };
  },
});
