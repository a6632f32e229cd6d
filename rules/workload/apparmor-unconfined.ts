import { fixWith, setField } from '../../src/engine/fix/types.js';
import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, pairSpan, str } from '../../src/load/index.js';
import { nsa, pss } from '../references.js';
import { podAnnotations } from '../shared/annotations.js';
import { describeContainers, forEachEffective } from '../shared/security.js';

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

export default defineRule({
  meta: {
    id: 'apparmor-unconfined',
    title: 'AppArmor disabled',
    severity: 'high',
    category: 'pod-security',
    fires:
      'The effective `appArmorProfile.type` (container over pod) is `Unconfined`, or the legacy annotation `container.apparmor.security.beta.kubernetes.io/<container>` on the pod template has a value other than `runtime/default` or `localhost/<profile>`.',
    silent:
      '`RuntimeDefault`, `Localhost`, or nothing set; a pod-level `Unconfined` that every container overrides.',
    assumes:
      'With nothing set, the runtime applies its default AppArmor profile on nodes where AppArmor is enabled.',
    rationale:
      'AppArmor confines what files, capabilities and mounts a container may use even as root; turning it off removes one of the layers that stop an escape. The seed advice: configure securityContext.',
    remediation:
      'Remove the `Unconfined` profile (and the legacy annotation), or use `type: RuntimeDefault` or a `Localhost` profile written for the workload.',
    references: [pss('baseline', 'AppArmor'), nsa('Pod security: Hardening container environments')],
    presets: ['recommended', 'pss-baseline', 'pss-restricted'],
    peers: { kics: ['8b36775e-183d-4d46-b0f7-96a6f34a723f'], trivy: ['KSV-0002'] },
    fixable:
      'Sets `appArmorProfile.type: RuntimeDefault` where `Unconfined` is written, and a legacy annotation to `runtime/default`.',
  },
  create(context) {
    return {
      podSpec(pod) {
        forEachEffective(
          pod,
          'appArmorProfile',
          (v) => str(get(v, 'type')) === 'Unconfined',
          (s, containers) => {
            const type = getPair(s.value, 'type')!;
            context.report({
              object: pod.object,
              span: pairSpan(type),
              path: `${s.path}.type`,
              message: `AppArmor is disabled for ${describeContainers(containers)} (appArmorProfile.type: Unconfined${s.level === 'pod' ? ' in the pod securityContext' : ''}); use RuntimeDefault or a Localhost profile`,
              fix: fixWith(
                'set appArmorProfile.type: RuntimeDefault',
                setField(`${s.path}.type`, 'RuntimeDefault'),
              ),
            });
          },
        );
        for (const a of podAnnotations(pod, ANNOTATION_PREFIX)) {
          const v = a.value ?? '';
          if (v === 'runtime/default' || v.startsWith('localhost/')) continue;
          const container = a.key.slice(ANNOTATION_PREFIX.length);
          context.report({
            object: pod.object,
            span: pairSpan(a.pair),
            path: a.path,
            message: `the AppArmor annotation sets "${v}" for container "${container}", which runs it without AppArmor confinement; use runtime/default (or securityContext.appArmorProfile.type: RuntimeDefault)`,
            fix: fixWith(
              'set the AppArmor annotation to runtime/default',
              setField(a.path, 'runtime/default'),
            ),
          });
        }
      },
    };
  },
});
