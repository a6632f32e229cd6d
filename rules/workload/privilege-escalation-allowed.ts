import { fixWith, setField } from '../../src/engine/fix/types.js';
import { defineRule } from '../../src/engine/rule.js';
import { bool, pairSpan } from '../../src/load/index.js';
import { cis, nsa, pss } from '../references.js';
import { capabilities, containerMissing } from '../shared/security.js';

export default defineRule({
  meta: {
    id: 'privilege-escalation-allowed',
    title: 'Privilege escalation allowed',
    severity: 'high',
    category: 'pod-security',
    fires:
      'A container does not set `securityContext.allowPrivilegeEscalation: false`, or sets it while `privileged: true` or an added `SYS_ADMIN` (or `ALL`) capability implies it is true anyway.',
    silent:
      '`allowPrivilegeEscalation: false` on an unprivileged container without CAP_SYS_ADMIN; pods with `spec.os.name: windows` (Linux-only, exempt from Pod Security).',
    assumes:
      "Unset `allowPrivilegeEscalation` is true: setuid binaries and file capabilities can raise a process's privileges (no_new_privs is not set). It is always true for privileged containers and containers with CAP_SYS_ADMIN. The field exists only on containers; a pod-level value means nothing.",
    rationale:
      'With escalation allowed, a process can gain more privileges than it started with through setuid binaries (sudo, su, ping on older images), which turns a foothold into root in the container. The seed advice: configure securityContext.',
    remediation:
      'Set `securityContext.allowPrivilegeEscalation: false` on every container (and remove `privileged: true` and `SYS_ADMIN`, which override it).',
    references: [
      pss('restricted', 'Privilege Escalation'),
      cis('5.2.6', 'Minimize the admission of containers with allowPrivilegeEscalation'),
      nsa('Pod security: Pod security enforcement'),
    ],
    presets: ['recommended', 'pss-restricted'],
    peers: {
      'kube-linter': ['privilege-escalation-container'],
      polaris: ['privilegeEscalationAllowed'],
      checkov: ['CKV_K8S_20', 'CKV_K8S_30'],
      kics: [
        '5572cc5e-1e4c-4113-92a6-7a8a3bd25e6d',
        '0a7c420c-4568-4cec-ba36-4d42a6f9613b',
        'a97a340a-0063-418e-b3a1-3028941d0995',
      ],
      kubescape: ['C-0016', 'C-0211'],
      trivy: ['KSV-0001'],
    },
    fixable:
      'Sets `securityContext.allowPrivilegeEscalation: false` on the container, adding `securityContext` if needed (not when `privileged` or an added capability overrides it: those need a human).',
  },
  create(context) {
    return {
      container(c) {
        if (c.pod.isWindows) return;
        const setting = c.effective('allowPrivilegeEscalation');
        const value = bool(setting?.value);
        if (setting && value === false) {
          const privileged = c.effective('privileged');
          if (privileged && bool(privileged.value) === true) {
            context.report({
              object: c.object,
              span: pairSpan(privileged.pair),
              path: privileged.path,
              message: `container "${c.name}" sets allowPrivilegeEscalation: false, but privileged: true implies it is true; remove privileged: true`,
            });
            return;
          }
          const sysAdmin = capabilities(c, 'add').find(
            (cap) => cap.name === 'SYS_ADMIN' || cap.name === 'ALL',
          );
          if (sysAdmin) {
            context.report({
              object: c.object,
              span: sysAdmin.node,
              path: c.sub('securityContext', 'capabilities', 'add', sysAdmin.index),
              message: `container "${c.name}" sets allowPrivilegeEscalation: false, but the added ${sysAdmin.name} capability implies it is true; remove the capability`,
            });
          }
          return;
        }
        if (setting && value === true) {
          context.report({
            object: c.object,
            span: pairSpan(setting.pair),
            path: setting.path,
            message: `container "${c.name}" allows privilege escalation (allowPrivilegeEscalation: true); set it to false`,
            fix: fixWith('set allowPrivilegeEscalation: false', setField(setting.path, false)),
          });
          return;
        }
        context.report({
          object: c.object,
          span: setting
            ? pairSpan(setting.pair)
            : containerMissing(c, ['securityContext', 'allowPrivilegeEscalation']),
          path: c.sub('securityContext', 'allowPrivilegeEscalation'),
          message: `container "${c.name}" allows privilege escalation: securityContext.allowPrivilegeEscalation is not false (unset means true); set allowPrivilegeEscalation: false`,
          fix: fixWith(
            'set allowPrivilegeEscalation: false',
            setField(c.sub('securityContext', 'allowPrivilegeEscalation'), false),
          ),
        });
      },
    };
  },
});
