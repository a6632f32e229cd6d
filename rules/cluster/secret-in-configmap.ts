import { defineRule } from '../../src/engine/rule.js';
import { getPair, pairSpan, pairs, str } from '../../src/load/index.js';
import { nsa } from '../references.js';
import { detectCredential } from '../shared/credentials.js';
import { trimEnd } from './lib/span.js';

export default defineRule({
  meta: {
    id: 'secret-in-configmap',
    title: 'Credential in a ConfigMap',
    severity: 'high',
    category: 'secrets',
    fires:
      'A ConfigMap `data` entry looks like a credential: a value with a recognisable shape (PEM private key, cloud access key, token, a `password=` or URL with a password inside a config file), or a key named like a credential (`DB_PASSWORD`, `apiKey`) with a literal value. One finding per entry.',
    silent:
      'Placeholders (including a PEM armour around `...`), references such as `$(VAR)` and shell variables, file paths, keys such as `tls.key` paths, `TOKEN_TTL`, `passwordPattern` or `passwordMtime`, and values matched only by their key that are regular expressions (`^.{8,32}$`).',
    assumes:
      'ConfigMaps are readable by anyone with `view` in the namespace and are not treated as secret anywhere.',
    rationale:
      'ConfigMaps are meant for non-confidential data: they show up in logs, dashboards and `view` roles. The seed advice: avoid hardcoding secrets, use a secrets manager.',
    remediation:
      'Move the value to a Secret delivered from outside Git (Sealed Secrets, External Secrets, Vault), and rotate it.',
    references: [
      nsa('Secrets: encrypt and externalize'),
      {
        title:
          'CIS Kubernetes Benchmark 5.4.1: Prefer using Secrets as files over Secrets as environment variables',
      },
    ],
    presets: ['recommended'],
    peers: {
      polaris: ['sensitiveConfigmapContent'],
      kubescape: ['C-0012'],
      trivy: ['KSV-0109', 'KSV-01010'],
    },
    kinds: ['ConfigMap'],
  },
  create(context) {
    return {
      object(o) {
        if (o.apiVersion !== 'v1') return;
        pairs(getPair(o.root, 'data')?.value).forEach((p) => {
          const key = String(p.key.value);
          const value = str(p.value);
          if (value === undefined) return;
          const match = detectCredential(key, value);
          if (!match) return;
          context.report({
            object: o,
            span: trimEnd(o, pairSpan(p)),
            path: o.path('data', key),
            message: `ConfigMap ${o.name} key ${key} holds a credential (${match.reason}); move it to a Secret managed outside Git and rotate it`,
          });
        });
      },
    };
  },
});
