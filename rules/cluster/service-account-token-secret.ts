import { defineRule } from '../../src/engine/rule.js';
import { getPair, pairSpan, str } from '../../src/load/index.js';
import { cis, k8sDocs } from '../references.js';

export default defineRule({
  meta: {
    id: 'service-account-token-secret',
    title: 'Long-lived ServiceAccount token Secret',
    severity: 'medium',
    category: 'secrets',
    fires: 'A Secret of `type: kubernetes.io/service-account-token`.',
    silent: 'Other Secret types; projected ServiceAccount tokens in pod specs.',
    assumes:
      'The token controller fills such a Secret with a token that never expires until the Secret is deleted.',
    rationale:
      'A long-lived token keeps working wherever it leaks, for as long as the Secret exists. Projected tokens expire and are bound to the pod. The seed advice: make credentials easy to rotate.',
    remediation:
      'Use projected ServiceAccount tokens (the default in pods) or `kubectl create token` for short-lived tokens, and delete the Secret.',
    references: [
      k8sDocs(
        'Service account tokens: manually create a long-lived token',
        'concepts/security/service-accounts/',
      ),
      cis('5.1.6', 'Ensure that Service Account Tokens are only mounted where necessary'),
    ],
    presets: ['recommended'],
    kinds: ['Secret'],
  },
  create(context) {
    return {
      object(o) {
        const type = getPair(o.root, 'type');
        if (o.apiVersion !== 'v1' || !type || str(type.value) !== 'kubernetes.io/service-account-token')
          return;
        const sa = o.annotations['kubernetes.io/service-account.name'];
        context.report({
          object: o,
          span: pairSpan(type),
          path: o.path('type'),
          message: `Secret ${o.name} holds a long-lived token${sa ? ` for ServiceAccount ${sa}` : ''} that never expires; use projected or short-lived tokens and delete the Secret`,
        });
      },
    };
  },
});
