import { defineRule } from '../../src/engine/rule.js';
import { get, items, pairs, str } from '../../src/load/index.js';
import { pss } from '../references.js';

// Volume types Pod Security Standards (restricted) allow.
const ALLOWED = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

export default defineRule({
  meta: {
    id: 'restricted-volume-types',
    title: 'Volume type outside the restricted set',
    severity: 'medium',
    category: 'pod-security',
    fires:
      'A pod volume uses a type outside the Pod Security restricted list (`configMap`, `csi`, `downwardAPI`, `emptyDir`, `ephemeral`, `persistentVolumeClaim`, `projected`, `secret`): `nfs`, `iscsi`, `gitRepo`, `rbd`, cloud disks written inline and the like.',
    silent: 'Allowed types; `hostPath` (reported by `host-path-volume`, with more detail).',
    rationale:
      'Inline volume types connect the pod straight to storage backends with credentials and host-level mounts (gitRepo runs git on the node); the restricted profile routes storage through PersistentVolumeClaims, which an administrator controls. The seed advice: restrict what pods can do.',
    remediation:
      'Use a PersistentVolumeClaim (backed by a PersistentVolume or StorageClass for that storage), or an allowed ephemeral type.',
    references: [pss('restricted', 'Volume Types')],
    presets: ['recommended', 'pss-restricted'],
    peers: { trivy: ['KSV-0028', 'KSV-0121'] },
  },
  create(context) {
    return {
      podSpec(pod) {
        items(get(pod.node, 'volumes')).forEach((v, i) => {
          const name = str(get(v, 'name')) ?? `#${i}`;
          for (const pair of pairs(v)) {
            const type = pair.key.value;
            if (typeof type !== 'string' || type === 'name' || type === 'hostPath' || ALLOWED.has(type))
              continue;
            context.report({
              object: pod.object,
              span: pair.key,
              path: pod.sub('volumes', i, type),
              message: `volume "${name}" uses the ${type} volume type, outside the Pod Security restricted set; use a PersistentVolumeClaim or an allowed type`,
            });
          }
        });
      },
    };
  },
});
