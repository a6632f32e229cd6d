import { defineRule } from '../../src/engine/rule.js';
import { num, pairSpan } from '../../src/load/index.js';
import { k8sDocs } from '../references.js';

/** UIDs below this commonly collide with host system accounts. */
const MIN_UID = 10000;

export default defineRule({
  meta: {
    id: 'run-as-low-uid',
    title: 'Container runs with a low UID',
    severity: 'low',
    category: 'pod-security',
    fires:
      'The effective `runAsUser` (container over pod) is between 1 and 9999, in a container, init container or ephemeral container.',
    silent:
      '`runAsUser` of 10000 or more, no `runAsUser` at all (the image decides), and `runAsUser: 0`, which `run-as-root` reports.',
    assumes: 'A container-level `runAsUser` overrides the pod-level one, as the kubelet resolves it.',
    rationale:
      'UIDs below 10000 are the range host systems give their own accounts; a process that escapes its container with such a UID may own files on the node. The seed advice: run containers as a non-root user, which a UID far from system accounts makes meaningful.',
    remediation:
      'Set `securityContext.runAsUser` to a UID of 10000 or more (and build the image to work under it).',
    references: [
      k8sDocs(
        'Configure a Security Context for a Pod or Container',
        'tasks/configure-pod-container/security-context/',
      ),
    ],
    presets: [],
    peers: {
      checkov: ['CKV_K8S_40'],
      kics: ['02323c00-cdc3-4fdc-a310-4f2b3e7a1660'],
      trivy: ['KSV-0020'],
    },
  },
  create(context) {
    return {
      container(c) {
        const user = c.effective('runAsUser');
        const uid = num(user?.value);
        if (!user || uid === undefined || uid <= 0 || uid >= MIN_UID) return;
        context.report({
          object: c.object,
          span: pairSpan(user.pair),
          path: user.path,
          message: `container "${c.name}" runs as UID ${uid}${user.level === 'pod' ? ' from the pod securityContext' : ''}, below ${MIN_UID} where host system accounts live; set runAsUser to ${MIN_UID} or more`,
        });
      },
    };
  },
});
