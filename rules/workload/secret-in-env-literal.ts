import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, items, str } from '../../src/load/index.js';
import { cis, nsa } from '../references.js';
import { detectCredential } from '../shared/credentials.js';

export default defineRule({
  meta: {
    id: 'secret-in-env-literal',
    title: 'Credential in a plain environment variable',
    severity: 'high',
    category: 'secrets',
    fires:
      "An `env[].value` holds a credential: the variable's name looks like one (password, secret, token, api key, private key, credentials…) and the value is a literal, or the value itself looks like one (AWS, Google Cloud and Azure keys, PEM private keys, JWTs, GitHub and Slack tokens, connection strings with a password).",
    silent:
      'Values with `$(VAR)` references, template placeholders (`{{ }}` and the dollar-brace form of envsubst), empty values and obvious placeholders (`changeme`, `<password>`, `xxx`); names that describe a credential without holding one (`PASSWORD_FILE`, `TOKEN_TTL`); file paths; `valueFrom` (reported by `secret-as-env-var`).',
    rationale:
      'A credential in the manifest is in Git history, CI logs and every clone for good, readable by anyone who can read the repository or `kubectl get` the workload. The seed advice: keep secrets out of plain manifests, in Secrets or an external manager (External Secrets Operator, Sealed Secrets, Vault).',
    remediation:
      'Rotate the credential (it is exposed), store it in a Secret (or an external secret manager) and mount it as a file, or reference it with `valueFrom.secretKeyRef`.',
    references: [
      cis('5.4.1', 'Prefer using secrets as files over secrets as environment variables'),
      nsa('Network separation and hardening: Secrets'),
    ],
    presets: ['recommended'],
    peers: {
      'kube-linter': ['env-var-secret'],
      polaris: ['sensitiveContainerEnvVar'],
      kubescape: ['C-0012'],
    },
  },
  create(context) {
    return {
      container(c) {
        items(get(c.node, 'env')).forEach((env, i) => {
          const valuePair = getPair(env, 'value');
          const value = str(valuePair?.value);
          if (!valuePair || value === undefined) return;
          const name = str(get(env, 'name'));
          const match = detectCredential(name, value);
          if (!match) return;
          context.report({
            object: c.object,
            span: valuePair.value,
            path: c.sub('env', i, 'value'),
            message: `env var ${name ?? `#${i}`} of container "${c.name}" holds a credential in plain text (${match.reason}); rotate it, store it in a Secret and mount it as a file or use valueFrom.secretKeyRef`,
          });
        });
      },
    };
  },
});
