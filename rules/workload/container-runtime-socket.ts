import { defineRule } from '../../src/engine/rule.js';
import { pairSpan } from '../../src/load/index.js';
import { cis, nsa, pss } from '../references.js';
import { hostPathVolumes, normalizePath, runtimeSocket } from '../shared/host-path.js';

export default defineRule({
  meta: {
    id: 'container-runtime-socket',
    title: 'Container runtime socket mounted',
    severity: 'critical',
    category: 'pod-security',
    fires:
      "A `hostPath` volume reaches a container runtime's API socket (Docker, cri-dockerd, containerd, CRI-O, Podman): its path is the socket or the runtime's run directory, or a container mounts it with a `mountPath` or `subPath` naming the socket (a `/var/run` volume mounted at `/var/run/docker.sock`, say).",
    silent: 'hostPath volumes that reach no runtime socket (reported by `host-path-volume` alone).',
    rationale:
      "Whoever can talk to the runtime socket can start a privileged container with the node's root filesystem mounted: it is root on the node, past every Pod Security control. The seed advice: restrict what pods can do.",
    remediation:
      'Do not mount the runtime socket. Build images with a daemonless builder (BuildKit rootless, Kaniko) and read container metadata from the kubelet or the CRI through a narrowly scoped node agent instead.',
    references: [
      pss('baseline', 'HostPath Volumes'),
      cis('5.2.12', 'Minimize the admission of HostPath volumes'),
      nsa('Pod security: protecting host filesystems'),
    ],
    presets: ['recommended', 'pss-baseline', 'pss-restricted'],
  },
  create(context) {
    return {
      podSpec(pod) {
        for (const v of hostPathVolumes(pod)) {
          const direct = v.hostPath === undefined ? undefined : runtimeSocket(v.hostPath);
          if (direct) {
            context.report({
              object: pod.object,
              span: v.span,
              path: v.fieldPath,
              message: `hostPath volume "${v.name}" exposes the ${direct} socket (${v.hostPath}): whoever reaches it controls every container on the node and the node itself; remove the volume`,
            });
            continue;
          }
          for (const m of v.mounts) {
            const through =
              (m.subPath && v.hostPath
                ? runtimeSocket(normalizePath(`${v.hostPath}/${m.subPath}`))
                : undefined) ?? (m.mountPath ? runtimeSocket(m.mountPath) : undefined);
            if (!through || !m.mountPathPair) continue;
            context.report({
              object: pod.object,
              span: pairSpan(m.mountPathPair),
              path: m.container.sub('volumeMounts', m.index, 'mountPath'),
              message: `container "${m.container.name}" mounts the ${through} socket from hostPath volume "${v.name}" at ${m.mountPath}: whoever reaches it controls every container on the node and the node itself; remove the mount`,
            });
          }
        }
      },
    };
  },
});
