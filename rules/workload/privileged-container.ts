import { fixWith, setField } from '../../src/engine/fix/types.js';
import { defineRule } from '../../src/engine/rule.js';
import { bool } from '../../src/load/index.js';
import { cis, nsa, pss } from '../references.js';

export default defineRule({
  meta: {
    id: 'privileged-container',
    title: 'Privileged container',
    severity: 'critical',
    category: 'pod-security',
    fires: 'A container, init container or ephemeral container sets `securityContext.privileged: true`.',
    silent:
      '`privileged: false`, no `privileged` field, and `privileged` written in the pod-level securityContext (PodSecurityContext has no such field, so it means nothing).',
    assumes: 'Unset `privileged` defaults to false.',
    rationale:
      'A privileged container has every capability and every host device: it can load kernel modules, mount the host filesystem and escape to the node. The seed advice: restrict what pods can do and never run them privileged unless a node agent truly needs it.',
    remediation:
      'Remove `privileged: true`; grant only the specific capabilities the process needs under `capabilities.add`.',
    references: [
      pss('baseline', 'Privileged Containers'),
      nsa('Pod security: Non-root containers and rootless container engines'),
      cis('5.2.2', 'Minimize the admission of privileged containers'),
    ],
    presets: ['recommended', 'pss-baseline', 'pss-restricted'],
    peers: {
      'kube-linter': ['privileged-container'],
      polaris: ['runAsPrivileged'],
      'kube-score': ['container-security-context-privileged'],
      checkov: ['CKV_K8S_16'],
      kics: ['dd29336b-fe57-445b-a26e-e6aa867ae609'],
      kubescape: ['C-0057'],
      trivy: ['KSV-0017'],
    },
    fixable: 'Sets `privileged: false` where `privileged: true` is written.',
  },
  create(context) {
    return {
      container(c) {
        const setting = c.effective('privileged');
        if (!setting || bool(setting.value) !== true) return;
        context.report({
          object: c.object,
          span: setting.pair.value,
          path: setting.path,
          message: `container "${c.name}" runs privileged, with every capability and host device; set privileged: false and add only the capabilities it needs`,
          fix: fixWith('set privileged: false', setField(setting.path, false)),
        });
      },
    };
  },
});
