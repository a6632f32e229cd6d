import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, items, str } from '../../src/load/index.js';

export default defineRule({
  meta: {
    id: 'duplicate-env-var',
    title: 'Environment variable defined twice',
    severity: 'medium',
    category: 'workload',
    fires:
      'A container (init, regular or ephemeral) lists the same name twice in `env`. The finding is on the later entry, with the earlier one as a related location.',
    silent:
      'A name repeated across `env` and `envFrom` (`env` wins there by design), and the same name in different containers.',
    assumes: 'The API server accepts duplicates (with a warning) and the kubelet keeps the last value.',
    rationale:
      'With two definitions only the last one takes effect, so a reviewer reading the first (a secret reference, a hardened setting) is misled about what runs. The seed advice: keep configuration explicit and reviewable, so what is in Git is what the cluster gets.',
    remediation: 'Remove one of the two entries (keep the one you mean; the last one is what runs today).',
    references: [
      {
        title: 'Kubernetes docs: Define environment variables for a container',
        url: 'https://kubernetes.io/docs/tasks/inject-data-application/define-environment-variable-container/',
      },
    ],
    presets: ['recommended'],
    peers: {
      'kube-linter': ['duplicate-env-var'],
      'kube-score': ['environment-variable-key-duplication'],
      kubescape: ['C-0295'],
    },
  },
  create(context) {
    return {
      container(c) {
        const seen = new Map<string, { start: number; end: number }>();
        items(get(c.node, 'env')).forEach((e, i) => {
          const pair = getPair(e, 'name');
          const name = str(pair?.value);
          if (!pair || name === undefined) return;
          const first = seen.get(name);
          if (!first) {
            seen.set(name, pair.value);
            return;
          }
          context.report({
            object: c.object,
            span: pair.value,
            path: c.sub('env', i, 'name'),
            message: `container "${c.name}" defines environment variable ${name} twice; only this later value takes effect, remove one of them`,
            related: [{ object: c.object, span: first, message: `first definition of ${name}` }],
          });
        });
      },
    };
  },
});
