import { defineRule } from '../../src/engine/rule.js';
import { cis, nsa, pss } from '../references.js';
import { hostPathVolumes, isSensitiveHostPath } from '../shared/host-path.js';
import { describeContainers, verb } from '../shared/security.js';

export default defineRule({
  meta: {
    id: 'host-path-volume',
    title: 'hostPath volume',
    severity: 'high',
    category: 'pod-security',
    fires:
      "A pod spec declares a `hostPath` volume. The message names the host path and the containers that mount it writable (without `readOnly: true`). Paths that hand over the node (`/`, `/etc`, `/proc`, `/sys`, `/dev`, `/root`, `/home`, `/run`, `/var/run`, `/var/lib/kubelet`, `/var/lib/etcd`, the runtimes' state, system binaries, and anything under them) are critical.",
    silent: 'Pods without `hostPath` volumes (`emptyDir`, `configMap`, persistent volumes and the like).',
    assumes: 'A mount without `readOnly: true` is writable, as the API defaults it.',
    rationale:
      "A hostPath volume lets the pod read and often write the node's filesystem: kubelet credentials, other pods' volumes, the runtime socket, system binaries. It is the most common path from a compromised container to the node. The seed advice: restrict what pods can do.",
    remediation:
      'Use `emptyDir`, a `configMap`/`secret`, or a persistent volume instead. If a node agent truly needs a host path, narrow it to the one file or directory needed, mount it with `readOnly: true`, and run it in a namespace labelled for the privileged Pod Security level.',
    references: [
      pss('baseline', 'HostPath Volumes'),
      cis('5.2.12', 'Minimize the admission of HostPath volumes'),
      nsa('Pod security: Pod security enforcement'),
    ],
    presets: ['recommended', 'pss-baseline', 'pss-restricted'],
    peers: {
      'kube-linter': ['sensitive-host-mounts', 'writable-host-mount'],
      polaris: ['hostPathSet'],
      kics: [
        'aa8f7a35-9923-4cad-bd61-a19b7f6aac91',
        '5308a7a8-06f8-45ac-bf10-791fe21de46e',
        'b7652612-de4e-4466-a0bf-1cd81f0c6063',
      ],
      kubescape: ['C-0045', 'C-0048'],
      trivy: ['KSV-0023'],
    },
  },
  create(context) {
    return {
      podSpec(pod) {
        for (const v of hostPathVolumes(pod)) {
          const sensitive = v.hostPath !== undefined && isSensitiveHostPath(v.hostPath);
          const writable = v.mounts.filter((m) => !m.readOnly).map((m) => m.container);
          const unique = [...new Set(writable)];
          const use = unique.length
            ? `${describeContainers(unique)} ${verb(unique, 'mounts', 'mount')} it writable (no readOnly: true)`
            : v.mounts.length
              ? 'every mount is read-only'
              : 'no container mounts it';
          const where =
            v.hostPath === undefined
              ? 'a host path'
              : `${v.hostPath}${sensitive ? ', a sensitive node path,' : ''}`;
          context.report({
            object: pod.object,
            span: v.span,
            path: v.fieldPath,
            severity: sensitive ? 'critical' : 'high',
            message: `hostPath volume "${v.name}" exposes ${where} from the node; ${use}. Use an emptyDir, configMap or persistent volume instead, or mount the narrowest path with readOnly: true`,
          });
        }
      },
    };
  },
});
