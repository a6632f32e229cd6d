import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, items, pairSpan, str } from '../../src/load/index.js';
import { k8sDocs } from '../references.js';

export default defineRule({
  meta: {
    id: 'webhook-fails-open',
    title: 'Admission webhook fails open',
    severity: 'medium',
    category: 'admission',
    fires:
      'A webhook of a ValidatingWebhookConfiguration or MutatingWebhookConfiguration has `failurePolicy: Ignore`, or sets none under `admissionregistration.k8s.io/v1beta1`, where the default was Ignore.',
    silent: '`failurePolicy: Fail`, or no failurePolicy under `v1` (the default is Fail).',
    assumes: '`failurePolicy` defaults to Fail in v1 and to Ignore in v1beta1.',
    rationale:
      'A webhook that fails open stops enforcing whenever it is slow or down, which an attacker can provoke. The seed advice counts admission control among the fundamentals.',
    remediation:
      'Set `failurePolicy: Fail` on policy-enforcing webhooks, and exclude kube-system with a namespaceSelector to keep the cluster recoverable.',
    references: [
      k8sDocs(
        'Dynamic Admission Control: failure policy',
        'reference/access-authn-authz/extensible-admission-controllers/#failure-policy',
      ),
    ],
    presets: ['recommended'],
    kinds: ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'],
  },
  create(context) {
    return {
      object(o) {
        if (o.group !== 'admissionregistration.k8s.io') return;
        items(get(o.root, 'webhooks')).forEach((w, i) => {
          const name = str(get(w, 'name')) ?? `#${i}`;
          const fp = getPair(w, 'failurePolicy');
          if (fp) {
            if (str(fp.value) !== 'Ignore') return;
            context.report({
              object: o,
              span: pairSpan(fp),
              path: o.path('webhooks', i, 'failurePolicy'),
              message: `webhook ${name} of ${o.kind} ${o.name} has failurePolicy: Ignore, so requests pass unchecked whenever it is unavailable; set failurePolicy: Fail`,
            });
            return;
          }
          if (o.version !== 'v1beta1') return;
          const namePair = getPair(w, 'name');
          context.report({
            object: o,
            span: namePair ? pairSpan(namePair) : w,
            path: o.path('webhooks', i, 'failurePolicy'),
            message: `webhook ${name} of ${o.kind} ${o.name} sets no failurePolicy, which defaults to Ignore in admissionregistration.k8s.io/v1beta1; set failurePolicy: Fail (and move to v1)`,
          });
        });
      },
    };
  },
});
