import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, items, pairSpan, str } from '../../src/load/index.js';
import { k8sDocs } from '../references.js';

const KYVERNO_KINDS = ['ClusterPolicy', 'Policy'];

export default defineRule({
  meta: {
    id: 'policy-engine-audit-only',
    title: 'Admission policy only audits',
    severity: 'low',
    category: 'admission',
    fires:
      'A Kyverno ClusterPolicy/Policy validate rule whose failure action is Audit (the rule’s `validate.failureAction`, else `spec.validationFailureAction`, which defaults to Audit); a Gatekeeper constraint with `enforcementAction: dryrun` or `warn`; a ValidatingAdmissionPolicyBinding whose `validationActions` lacks `Deny`.',
    silent: 'Enforce/Deny modes; Kyverno mutate and generate rules.',
    assumes:
      'Kyverno defaults validationFailureAction to Audit; Gatekeeper defaults enforcementAction to deny.',
    rationale:
      'An audit-only policy reports violations but admits them: the cluster runs what the policy was written to stop. The seed advice: use policy engines such as Gatekeeper or Kyverno to enforce policies.',
    remediation:
      'Switch to Enforce (Kyverno), deny (Gatekeeper) or add Deny (ValidatingAdmissionPolicyBinding) once the audit results are clean.',
    references: [
      k8sDocs('Validating Admission Policy', 'reference/access-authn-authz/validating-admission-policy/'),
    ],
    presets: ['recommended'],
  },
  create(context) {
    return {
      object(o) {
        const spec = getPair(o.root, 'spec');
        if (o.group === 'kyverno.io' && KYVERNO_KINDS.includes(o.kind)) {
          const specAction = getPair(spec?.value, 'validationFailureAction');
          const specAudit = specAction === undefined || /^audit$/i.test(str(specAction.value) ?? '');
          items(get(spec?.value, 'rules')).forEach((rule, i) => {
            const validate = getPair(rule, 'validate');
            if (!validate) return;
            const ruleAction = getPair(validate.value, 'failureAction');
            const name = str(get(rule, 'name')) ?? `#${i}`;
            if (ruleAction) {
              if (!/^audit$/i.test(str(ruleAction.value) ?? '')) return;
              context.report({
                object: o,
                span: pairSpan(ruleAction),
                path: o.path('spec', 'rules', i, 'validate', 'failureAction'),
                message: `rule ${name} of Kyverno ${o.kind} ${o.name} only audits (failureAction: Audit); set failureAction: Enforce`,
              });
              return;
            }
            if (!specAudit) return;
            const namePair = getPair(rule, 'name');
            context.report({
              object: o,
              span: specAction ? pairSpan(specAction) : namePair ? pairSpan(namePair) : rule,
              path: o.path('spec', 'validationFailureAction'),
              message: `rule ${name} of Kyverno ${o.kind} ${o.name} only audits (${specAction ? 'validationFailureAction: Audit' : 'no failure action, which defaults to Audit'}); set failureAction: Enforce`,
            });
          });
          return;
        }
        if (o.group === 'constraints.gatekeeper.sh') {
          const action = getPair(spec?.value, 'enforcementAction');
          const v = str(action?.value);
          if (!action || (v !== 'dryrun' && v !== 'warn')) return;
          context.report({
            object: o,
            span: pairSpan(action),
            path: o.path('spec', 'enforcementAction'),
            message: `Gatekeeper constraint ${o.kind} ${o.name} has enforcementAction: ${v}, so violations are admitted; set enforcementAction: deny`,
          });
          return;
        }
        if (o.kind === 'ValidatingAdmissionPolicyBinding' && o.group === 'admissionregistration.k8s.io') {
          const actions = getPair(spec?.value, 'validationActions');
          if (items(actions?.value).some((a) => str(a) === 'Deny')) return;
          context.report({
            object: o,
            span: actions ? pairSpan(actions) : spec ? pairSpan(spec) : o.anchor,
            path: o.path('spec', 'validationActions'),
            message: `ValidatingAdmissionPolicyBinding ${o.name} does not include Deny in validationActions, so violations are admitted; add Deny`,
          });
        }
      },
    };
  },
});
