import { fixWith, setField } from '../../src/engine/fix/types.js';
import { defineRule } from '../../src/engine/rule.js';
import { bool, pairSpan } from '../../src/load/index.js';
import { k8sDocs } from '../references.js';

export default defineRule({
  meta: {
    id: 'share-process-namespace',
    title: 'Containers share a process namespace',
    severity: 'low',
    category: 'workload',
    fires: 'A pod spec sets `shareProcessNamespace: true`.',
    silent: '`shareProcessNamespace: false` or unset.',
    assumes: 'Unset means each container has its own process namespace.',
    rationale:
      "With a shared process namespace every container sees the others' processes and can read their environment and files through /proc, so one compromised sidecar reaches the secrets of the main container.",
    remediation:
      "Remove `shareProcessNamespace: true`; use an ephemeral debug container (`kubectl debug --target`) when you need to inspect another container's processes.",
    references: [
      k8sDocs(
        'Share Process Namespace between Containers in a Pod',
        'tasks/configure-pod-container/share-process-namespace/',
      ),
    ],
    presets: ['recommended'],
    fixable: 'Sets `shareProcessNamespace: false`.',
  },
  create(context) {
    return {
      podSpec(pod) {
        const f = pod.field('shareProcessNamespace');
        if (!f || bool(f.pair.value) !== true) return;
        context.report({
          object: pod.object,
          span: pairSpan(f.pair),
          path: f.path,
          message:
            "the pod's containers share one process namespace and can read each other's processes and secrets; remove shareProcessNamespace: true",
          fix: fixWith('set shareProcessNamespace: false', setField(f.path, false)),
        });
      },
    };
  },
});
