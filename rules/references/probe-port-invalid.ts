import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, items, str } from '../../src/load/index.js';
import { isPortName } from '../../src/model/references.js';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const HANDLERS = ['httpGet', 'tcpSocket'] as const;

export default defineRule({
  meta: {
    id: 'probe-port-invalid',
    title: 'Probe uses a port name the container does not define',
    severity: 'medium',
    category: 'workload',
    fires:
      'A liveness, readiness or startup probe (`httpGet.port` or `tcpSocket.port`) names a port (a string) that is not the `name` of any of the same container’s `ports`.',
    silent:
      'Text that is not a valid port name (the API rejects it), numeric probe ports (a process may listen on a port it does not declare, so the tree cannot know), named ports the container declares, and `grpc.port` (always a number).',
    assumes:
      'The kubelet resolves a named probe port against the container’s own `ports`; an unknown name fails the probe.',
    rationale:
      'A probe on an unknown port name always fails: the liveness probe restarts the container forever, the readiness probe keeps it out of the Service. Health checks are what let an operator trust a rollout of a security fix. The seed advice: monitor your clusters and keep workloads healthy through upgrades.',
    remediation:
      'Name the container port (`ports: [{name: http, containerPort: 8080}]`) or use the number in the probe.',
    references: [
      {
        title: 'Kubernetes docs: Configure Liveness, Readiness and Startup Probes',
        url: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/',
      },
    ],
    presets: ['recommended'],
    peers: { 'kube-linter': ['liveness-port', 'readiness-port', 'startup-port'] },
  },
  create(context) {
    return {
      container(c) {
        const names = new Set(
          items(get(c.node, 'ports'))
            .map((p) => str(get(p, 'name')))
            .filter((n): n is string => n !== undefined),
        );
        for (const probe of PROBES) {
          for (const handler of HANDLERS) {
            const pair = getPair(get(get(c.node, probe), handler), 'port');
            const name = str(pair?.value);
            if (!pair || name === undefined || !isPortName(name) || names.has(name)) continue;
            context.report({
              object: c.object,
              span: pair.value,
              path: c.sub(probe, handler, 'port'),
              message: `container "${c.name}" ${probe} uses port "${name}", which is not the name of any of its ports, so the probe always fails; name the container port or use its number`,
            });
          }
        }
      },
    };
  },
});
