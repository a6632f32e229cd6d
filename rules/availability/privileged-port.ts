import { defineRule } from '../../src/engine/rule.js';
import { bool, get, getIn, items, num, str, text } from '../../src/load/index.js';
import type { ContainerView } from '../../src/model/index.js';
import { k8sDocs } from '../references.js';
import { capabilities } from '../shared/security.js';

/** True when the container declares it runs as a non-root user. */
function runsAsNonRoot(c: ContainerView): boolean {
  const uid = num(c.effective('runAsUser')?.value);
  if (uid !== undefined) return uid > 0;
  return bool(c.effective('runAsNonRoot')?.value) === true;
}

/** The lowest unprivileged port the pod's sysctls set (`net.ipv4.ip_unprivileged_port_start`). */
function unprivilegedPortStart(c: ContainerView): number {
  for (const s of items(getIn(c.pod.node, ['securityContext', 'sysctls']))) {
    if (str(get(s, 'name')) !== 'net.ipv4.ip_unprivileged_port_start') continue;
    const v = Number(text(get(s, 'value')));
    if (Number.isInteger(v)) return v;
  }
  return 1024;
}

export default defineRule({
  meta: {
    id: 'privileged-port',
    title: 'Non-root container listens on a privileged port',
    severity: 'low',
    category: 'workload',
    fires:
      'A container that declares a non-root user (`runAsUser` above 0, or `runAsNonRoot: true`, container over pod) lists a `containerPort` below 1024 without adding `NET_BIND_SERVICE` to its capabilities.',
    silent:
      'Containers whose user is root or unknown (no runAsUser, no runAsNonRoot); ports of 1024 and above; `capabilities.add: [NET_BIND_SERVICE]`; a pod sysctl `net.ipv4.ip_unprivileged_port_start` at or below the port.',
    assumes:
      'The kernel default: ports below 1024 need CAP_NET_BIND_SERVICE. Some runtimes lower the limit for every pod (Docker, and containerd 2.0 with `enable_unprivileged_ports`), so on those the process starts anyway.',
    rationale:
      'A non-root process cannot bind a port below 1024, so the pod crash-loops; the usual "fix" under time pressure is to run it as root, undoing the hardening.',
    remediation:
      "Listen on a port of 1024 or above and map it with the Service's `port`/`targetPort` (for example 80 → 8080).",
    references: [
      k8sDocs(
        'Services: Defining a Service (targetPort)',
        'concepts/services-networking/service/#defining-a-service',
      ),
    ],
    presets: ['recommended'],
    peers: { 'kube-linter': ['privileged-ports'], trivy: ['KSV-0117'] },
  },
  create(context) {
    return {
      container(c) {
        if (!runsAsNonRoot(c)) return;
        if (capabilities(c, 'add').some((cap) => cap.name === 'NET_BIND_SERVICE')) return;
        const start = unprivilegedPortStart(c);
        items(get(c.node, 'ports')).forEach((p, i) => {
          const node = get(p, 'containerPort');
          const port = num(node);
          if (!node || port === undefined || port >= start || port < 1) return;
          context.report({
            object: c.object,
            span: node,
            path: c.sub('ports', i, 'containerPort'),
            message: `container "${c.name}" runs as non-root but listens on port ${port}, which needs NET_BIND_SERVICE, so it fails to bind; listen on a port of 1024 or above and map it in the Service`,
          });
        });
      },
    };
  },
});
