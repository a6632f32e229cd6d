import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, items, num, pairSpan } from '../../src/load/index.js';
import { nsa } from '../references.js';

export default defineRule({
  meta: {
    id: 'container-ssh-port',
    title: 'Container exposes SSH',
    severity: 'low',
    category: 'workload',
    fires: 'A container declares `containerPort: 22`.',
    silent:
      'Other ports. (A port the container listens on without declaring it cannot be seen in a manifest.)',
    rationale:
      'An SSH server in a container is a second way in with its own credentials to steal and its own patching to do; `kubectl exec` and ephemeral debug containers already give audited access.',
    remediation: 'Remove the SSH server and the port; use `kubectl exec` or `kubectl debug` for access.',
    references: [nsa('Pod security: Building secure container images')],
    presets: ['recommended'],
    peers: { 'kube-linter': ['ssh-port'], kubescape: ['C-0042'] },
  },
  create(context) {
    return {
      container(c) {
        items(get(c.node, 'ports')).forEach((port, i) => {
          const pair = getPair(port, 'containerPort');
          if (!pair || num(pair.value) !== 22) return;
          context.report({
            object: c.object,
            span: pairSpan(pair),
            path: c.sub('ports', i, 'containerPort'),
            message: `container "${c.name}" exposes port 22 (SSH); remove the SSH server and use kubectl exec or kubectl debug`,
          });
        });
      },
    };
  },
});
