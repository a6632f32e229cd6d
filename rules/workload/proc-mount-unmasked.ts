import { fixWith, setField } from '../../src/engine/fix/types.js';
import { defineRule } from '../../src/engine/rule.js';
import { pairSpan, str } from '../../src/load/index.js';
import { pss } from '../references.js';

export default defineRule({
  meta: {
    id: 'proc-mount-unmasked',
    title: 'Unmasked /proc',
    severity: 'high',
    category: 'pod-security',
    fires: 'A container sets `securityContext.procMount: Unmasked`.',
    silent:
      '`procMount: Default` or unset; pods with `spec.os.name: windows` (Linux-only, exempt from Pod Security).',
    assumes:
      'Unset `procMount` is `Default`: the runtime masks and makes read-only the sensitive parts of /proc.',
    rationale:
      'The runtime hides kernel interfaces in /proc (`/proc/kcore`, `/proc/sysrq-trigger` and others) from containers; an unmasked /proc exposes them. The seed advice: restrict what pods can do.',
    remediation:
      'Remove `procMount: Unmasked` (it is only meant for nested container runtimes inside user-namespaced pods).',
    references: [pss('baseline', '/proc Mount Type')],
    presets: ['recommended', 'pss-baseline', 'pss-restricted'],
    peers: {
      'kube-linter': ['unsafe-proc-mount'],
      polaris: ['procMount'],
      kics: ['f922827f-aab6-447c-832a-e1ff63312bd3'],
      trivy: ['KSV-0027'],
    },
    fixable: 'Sets `procMount: Default` where `Unmasked` is written.',
  },
  create(context) {
    return {
      container(c) {
        if (c.pod.isWindows) return;
        const s = c.effective('procMount');
        if (!s || str(s.value) !== 'Unmasked') return;
        context.report({
          object: c.object,
          span: pairSpan(s.pair),
          path: s.path,
          message: `container "${c.name}" sees an unmasked /proc (procMount: Unmasked), exposing kernel interfaces the runtime normally hides; remove procMount or set it to Default`,
          fix: fixWith('set procMount: Default', setField(s.path, 'Default')),
        });
      },
    };
  },
});
