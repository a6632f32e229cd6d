import { defineRule } from '../../src/engine/rule.js';
import { bool, getPair, pairSpan, text } from '../../src/load/index.js';
import { cis, nsa } from '../references.js';

export default defineRule({
  meta: {
    id: 'default-service-account-automount',
    title: 'Default ServiceAccount mounts its token',
    severity: 'low',
    category: 'workload',
    fires:
      'A ServiceAccount named `default` in the scanned tree does not set `automountServiceAccountToken: false` (unset, or true).',
    silent:
      'The `default` ServiceAccount sets `automountServiceAccountToken: false`; ServiceAccounts with other names; a `default` ServiceAccount that is not in the tree (the controller-made one is never reported, since its settings cannot be seen).',
    assumes:
      "Unset means true: every pod that runs as the namespace's default ServiceAccount and does not opt out gets its token mounted.",
    rationale:
      'Every pod that names no ServiceAccount runs as `default`; when it mounts a token automatically, any compromised pod in the namespace holds API credentials. The seed advice: ensure the default service token is not used, preventing its mounting with automountServiceAccountToken: false.',
    remediation:
      'Set `automountServiceAccountToken: false` on the `default` ServiceAccount; pods that call the API get a dedicated ServiceAccount instead.',
    references: [
      cis('5.1.5', 'Ensure that default service accounts are not actively used'),
      nsa('Pod security: Protecting Pod service account tokens'),
    ],
    presets: ['recommended'],
    peers: { checkov: ['CKV_K8S_41'] },
    kinds: ['ServiceAccount'],
  },
  create(context) {
    return {
      object(o) {
        if (o.kind !== 'ServiceAccount' || o.name !== 'default') return;
        const pair = getPair(o.root, 'automountServiceAccountToken');
        if (pair && bool(pair.value) === false) return;
        const ns = o.displayNamespace ? ` in namespace "${o.displayNamespace}"` : '';
        context.report({
          object: o,
          span: pair ? pairSpan(pair) : o.anchor,
          path: o.path('automountServiceAccountToken'),
          message: pair
            ? `the default ServiceAccount${ns} sets automountServiceAccountToken: ${text(pair.value) ?? 'a non-false value'}, so every pod without its own ServiceAccount mounts its token; set it to false`
            : `the default ServiceAccount${ns} leaves automountServiceAccountToken unset (true), so every pod without its own ServiceAccount mounts its token; set automountServiceAccountToken: false`,
        });
      },
    };
  },
});
