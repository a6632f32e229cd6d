import { fixWith, setField } from '../../src/engine/fix/types.js';
import { defineRule } from '../../src/engine/rule.js';
import { bool, pairSpan } from '../../src/load/index.js';
import { nsa } from '../references.js';
import { containerMissing } from '../shared/security.js';

export default defineRule({
  meta: {
    id: 'writable-root-filesystem',
    title: 'Writable root filesystem',
    severity: 'medium',
    category: 'workload',
    fires: 'A container does not set `securityContext.readOnlyRootFilesystem: true`.',
    silent:
      '`readOnlyRootFilesystem: true`; pods with `spec.os.name: windows` (the API rejects the field for Windows pods).',
    assumes:
      'Unset `readOnlyRootFilesystem` is false. The field exists only on containers; a pod-level value means nothing.',
    rationale:
      'A writable image filesystem lets an intruder drop tools, change binaries and persist for the life of the container. The NSA/CISA guide recommends immutable container filesystems; the seed advice: configure securityContext.',
    remediation:
      'Set `securityContext.readOnlyRootFilesystem: true` and mount an `emptyDir` at the paths the process must write (`/tmp`, caches).',
    references: [nsa('Pod security: Immutable container file systems')],
    presets: ['recommended'],
    peers: {
      'kube-linter': ['no-read-only-root-fs'],
      polaris: ['notReadOnlyRootFilesystem'],
      'kube-score': ['container-security-context-readonlyrootfilesystem'],
      checkov: ['CKV_K8S_22'],
      kics: ['a9c2f49d-0671-4fc9-9ece-f4e261e128d0'],
      kubescape: ['C-0017'],
      trivy: ['KSV-0014'],
    },
    fixable:
      'Sets `securityContext.readOnlyRootFilesystem: true` on the container, adding `securityContext` if needed. Mount an `emptyDir` wherever the process must write.',
  },
  create(context) {
    return {
      container(c) {
        if (c.pod.isWindows) return;
        const s = c.effective('readOnlyRootFilesystem');
        const value = bool(s?.value);
        if (value === true) return;
        context.report({
          object: c.object,
          span: s ? pairSpan(s.pair) : containerMissing(c, ['securityContext', 'readOnlyRootFilesystem']),
          path: c.sub('securityContext', 'readOnlyRootFilesystem'),
          message: `container "${c.name}" can write to its root filesystem${value === false ? ' (readOnlyRootFilesystem: false)' : ''}; set readOnlyRootFilesystem: true and mount an emptyDir where it must write`,
          fix: fixWith(
            'set readOnlyRootFilesystem: true',
            setField(c.sub('securityContext', 'readOnlyRootFilesystem'), true),
          ),
        });
      },
    };
  },
});
