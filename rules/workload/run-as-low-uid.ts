import { defineRule } from '../../src/engine/rule.js';
import { num, pairSpan } from '../../src/load/index.js';
import { k8sDocs } from '../references.js';

/** UIDs and GIDs below this commonly collide with host system accounts. */
const MIN_ID = 10000;

export default defineRule({
  meta: {
    id: 'run-as-low-uid',
    title: 'Container runs with a low UID or GID',
    severity: 'low',
    category: 'pod-security',
    fires:
      'The effective `runAsUser` or `runAsGroup` (container over pod) is between 1 and 9999, in a container, init container or ephemeral container.',
    silent:
      'Values of 10000 or more, unset fields (the image decides), and 0, which `run-as-root` and `root-group` report.',
    assumes:
      'A container-level `runAsUser`/`runAsGroup` overrides the pod-level one, as the kubelet resolves it.',
    rationale:
      'UIDs and GIDs below 10000 are the range host systems give their own accounts; a process that escapes its container with such a UID may own files on the node. The seed advice: run containers as a non-root user, which a UID far from system accounts makes meaningful.',
    remediation:
      'Set `securityContext.runAsUser` and `runAsGroup` to IDs of 10000 or more (and build the image to work under them).',
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
      trivy: ['KSV-0020', 'KSV-0021'],
    },
  },
  create(context) {
    return {
      container(c) {
        for (const [field, what] of [
          ['runAsUser', 'UID'],
          ['runAsGroup', 'GID'],
        ] as const) {
          const setting = c.effective(field);
          const id = num(setting?.value);
          if (!setting || id === undefined || id <= 0 || id >= MIN_ID) continue;
          context.report({
            object: c.object,
            span: pairSpan(setting.pair),
            path: setting.path,
            message: `container "${c.name}" runs as ${what} ${id}${setting.level === 'pod' ? ' from the pod securityContext' : ''}, below ${MIN_ID} where host system accounts live; set ${field} to ${MIN_ID} or more`,
          });
        }
      },
    };
  },
});
