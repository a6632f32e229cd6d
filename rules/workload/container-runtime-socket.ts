import { defineRule } from '../../src/engine/rule.js';
import { pairSpan } from '../../src/load/index.js';
import { cis, nsa, pss } from '../references.js';
import { holdsRuntimeSockets, hostPathVolumes, normalizePath, runtimeSocket } from '../shared/host-path.js';

export default defineRule({
  meta: {
    id: 'container-runtime-socket',
    title: 'Container runtime socket mounted',
    severity: 'critical',
    category: 'pod-security',
    fires:
      "A `hostPath` volume reaches a container runtime's API socket (Docker, cri-dockerd, containerd, CRI-O, Podman): its path is the socket or the runtime's run directory; or it is a directory that holds them (`/`, `/var`, `/run`, `/var/run`), reported at the mount whose `subPath` or `mountPath` names a socket when there is one, else at the volume.",
    silent: 'hostPath volumes that reach no runtime socket (reported by `host-path-volume` alone).',
    rationale:
      "Whoever can talk to the runtime socket can start a privileged container with the node's root filesystem mounted: it is root on the node, past every Pod Security control. The seed advice: restrict what pods can do.",
    remediation:
      'Do not mount the runtime socket. Build images with a daemonless builder (BuildKit rootless, Kaniko) and read container metadata from the kubelet or the CRI through a narrowly scoped node agent instead.',
    references: [
      pss('baseline', 'HostPath Volumes'),
      cis('5.2.12', 'Minimize the admission of HostPath volumes'),
      nsa('Pod security: Hardening container environments'),
    ],
    presets: ['recommended', 'pss-baseline', 'pss-restricted'],
    peers: {
      'kube-linter': ['docker-sock'],
      checkov: ['CKV_K8S_27'],
      kics: ['a6f34658-fdfb-4154-9536-56d516f65828'],
      kubescape: ['C-0074'],
      trivy: ['KSV-0006'],
    },
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
          // A parent directory (`/var/run`): report the mounts that reach a socket, else the volume.
          let reported = false;
          for (const m of v.mounts) {
            const through =
              (m.subPath && v.hostPath
                ? runtimeSocket(normalizePath(`${v.hostPath}/${m.subPath}`))
                : undefined) ?? (m.mountPath ? runtimeSocket(m.mountPath) : undefined);
            if (!through || !m.mountPathPair) continue;
            reported = true;
            context.report({
              object: pod.object,
              span: pairSpan(m.mountPathPair),
              path: m.container.sub('volumeMounts', m.index, 'mountPath'),
              message: `container "${m.container.name}" mounts the ${through} socket from hostPath volume "${v.name}" at ${m.mountPath}: whoever reaches it controls every container on the node and the node itself; remove the mount`,
            });
          }
          if (!reported && v.hostPath !== undefined && holdsRuntimeSockets(v.hostPath)) {
            context.report({
              object: pod.object,
              span: v.span,
              path: v.fieldPath,
              message: `hostPath volume "${v.name}" exposes ${v.hostPath}, which holds the container runtime's socket (docker.sock, containerd/containerd.sock, crio/crio.sock): whoever reaches it controls every container on the node; mount only what the pod needs, never the runtime's directory`,
            });
          }
        }
      },
    };
  },
});
