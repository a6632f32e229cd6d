import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, items, num, pairSpan } from '../../src/load/index.js';
import { k8sDocs } from '../references.js';
import { describeContainers, forEachEffective, verb } from '../shared/security.js';

export default defineRule({
  meta: {
    id: 'root-group',
    title: 'Root group',
    severity: 'low',
    category: 'workload',
    fires:
      "The effective `runAsGroup` (container over pod) is 0, the pod's `fsGroup` is 0, or the pod's `supplementalGroups` contains 0.",
    silent: 'Non-zero group ids, or none set.',
    assumes: "Unset `runAsGroup` means the image's group; this rule only reports an explicit 0.",
    rationale:
      'Group 0 owns many files on the node and in images (often group-writable); a process in it can read or change them even as a non-root user.',
    remediation: 'Use a non-zero group id for `runAsGroup`, `fsGroup` and `supplementalGroups`.',
    references: [
      k8sDocs(
        'Configure a Security Context for a Pod or Container',
        'tasks/configure-pod-container/security-context/',
      ),
    ],
    presets: ['recommended'],
    peers: {
      'kube-linter': ['run-as-non-root'],
      'kube-score': ['container-security-context-user-group-id'],
      trivy: ['KSV-0116'],
    },
  },
  create(context) {
    return {
      podSpec(pod) {
        forEachEffective(
          pod,
          'runAsGroup',
          (v) => num(v) === 0,
          (s, containers) => {
            context.report({
              object: pod.object,
              span: pairSpan(s.pair),
              path: s.path,
              message: `${describeContainers(containers)} ${verb(containers, 'runs', 'run')} with the root group (runAsGroup: 0); use a non-zero group id`,
            });
          },
        );
        const fsGroup = getPair(pod.securityContext, 'fsGroup');
        if (fsGroup && num(fsGroup.value) === 0) {
          context.report({
            object: pod.object,
            span: pairSpan(fsGroup),
            path: pod.sub('securityContext', 'fsGroup'),
            message: "the pod's volumes are owned by the root group (fsGroup: 0); use a non-zero group id",
          });
        }
        items(get(pod.securityContext, 'supplementalGroups')).forEach((g, i) => {
          if (num(g) !== 0) return;
          context.report({
            object: pod.object,
            span: g,
            path: pod.sub('securityContext', 'supplementalGroups', i),
            message: "the pod's processes join the root group (0 in supplementalGroups); remove it",
          });
        });
      },
    };
  },
});
