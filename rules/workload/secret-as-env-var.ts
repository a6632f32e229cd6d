import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, items, str } from '../../src/load/index.js';
import { cis } from '../references.js';

export default defineRule({
  meta: {
    id: 'secret-as-env-var',
    title: 'Secret exposed as an environment variable',
    severity: 'low',
    category: 'secrets',
    fires:
      'A container reads a Secret into its environment: `env[].valueFrom.secretKeyRef` or `envFrom[].secretRef`.',
    silent: 'Secrets mounted as volumes; ConfigMap references.',
    rationale:
      'Environment variables leak more than files: child processes inherit them, crash reporters and debug endpoints dump them, and `kubectl describe` shows where they come from. CIS recommends secrets as files.',
    remediation:
      'Mount the Secret as a volume (read-only, `defaultMode: 0400`) and have the process read the file.',
    references: [cis('5.4.1', 'Prefer using secrets as files over secrets as environment variables')],
    presets: ['recommended'],
    peers: {
      'kube-linter': ['read-secret-from-env-var'],
      checkov: ['CKV_K8S_35'],
      kics: ['3d658f8b-d988-41a0-a841-40043121de1e'],
      kubescape: ['C-0207'],
    },
  },
  create(context) {
    return {
      container(c) {
        items(get(c.node, 'env')).forEach((env, i) => {
          const ref = getPair(get(env, 'valueFrom'), 'secretKeyRef');
          if (!ref) return;
          const name = str(get(env, 'name')) ?? `#${i}`;
          const secret = str(get(ref.value, 'name'));
          const key = str(get(ref.value, 'key'));
          context.report({
            object: c.object,
            span: ref.key,
            path: c.sub('env', i, 'valueFrom', 'secretKeyRef'),
            message: `env var ${name} of container "${c.name}" reads ${key ? `key "${key}" of ` : ''}Secret "${secret ?? '?'}" into the environment, where child processes and crash dumps see it; mount the Secret as a file instead`,
          });
        });
        items(get(c.node, 'envFrom')).forEach((src, i) => {
          const ref = getPair(src, 'secretRef');
          if (!ref) return;
          const secret = str(get(ref.value, 'name'));
          context.report({
            object: c.object,
            span: ref.key,
            path: c.sub('envFrom', i, 'secretRef'),
            message: `container "${c.name}" loads every key of Secret "${secret ?? '?'}" into its environment, where child processes and crash dumps see them; mount the Secret as a file instead`,
          });
        });
      },
    };
  },
});
