// Admission control rules.
import imageVerificationPolicyMissing from '../../../rules/cluster/image-verification-policy-missing.js';
import namespacePodSecurityNotEnforced from '../../../rules/cluster/namespace-pod-security-not-enforced.js';
import podSecurityPolicy from '../../../rules/cluster/pod-security-policy.js';
import policyEngineAuditOnly from '../../../rules/cluster/policy-engine-audit-only.js';
import webhookFailsOpen from '../../../rules/cluster/webhook-fails-open.js';
import { ruleTester } from '../../rule-tester.js';

const ns = (labels: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: shop
${labels}`;

ruleTester(namespacePodSecurityNotEnforced, {
  valid: [
    { name: 'restricted', code: ns('  labels:\n    pod-security.kubernetes.io/enforce: restricted\n') },
    { name: 'baseline', code: ns('  labels:\n    pod-security.kubernetes.io/enforce: baseline\n') },
  ],
  invalid: [
    {
      name: 'no labels: on the name',
      code: ns(''),
      errors: [
        {
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 13,
          path: 'metadata.labels["pod-security.kubernetes.io/enforce"]',
        },
      ],
    },
    {
      name: 'only warn: on the labels',
      code: ns('  labels:\n    pod-security.kubernetes.io/warn: restricted\n'),
      errors: [
        {
          line: 5,
          column: 3,
          endLine: 6,
          endColumn: 48,
          message: 'has no pod-security.kubernetes.io/enforce label',
        },
      ],
    },
    {
      name: 'privileged',
      code: ns('  labels:\n    pod-security.kubernetes.io/enforce: privileged\n'),
      errors: [
        {
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 51,
          message: 'enforces the privileged Pod Security level',
        },
      ],
    },
  ],
});

ruleTester(podSecurityPolicy, {
  valid: [{ name: 'a Namespace', code: ns('') }],
  invalid: [
    {
      name: 'a PodSecurityPolicy',
      code: 'apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata:\n  name: restricted\nspec: {}\n',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 24, message: 'removed in Kubernetes 1.25' }],
    },
  ],
});

const webhooks = (
  apiVersion: string,
  hooks: string,
) => `apiVersion: admissionregistration.k8s.io/${apiVersion}
kind: ValidatingWebhookConfiguration
metadata:
  name: policy
webhooks:
${hooks}`;

ruleTester(webhookFailsOpen, {
  valid: [
    { name: 'v1 default is Fail', code: webhooks('v1', '- name: a.example.com\n  sideEffects: None\n') },
    {
      name: 'explicit Fail under v1beta1',
      code: webhooks('v1beta1', '- name: a.example.com\n  failurePolicy: Fail\n'),
    },
  ],
  invalid: [
    {
      name: 'Ignore',
      code: webhooks('v1', '- name: a.example.com\n  failurePolicy: Ignore\n'),
      errors: [{ line: 7, column: 3, endLine: 7, endColumn: 24, path: 'webhooks[0].failurePolicy' }],
    },
    {
      name: 'v1beta1 without failurePolicy defaults to Ignore',
      code: webhooks('v1beta1', '- name: a.example.com\n'),
      errors: [{ line: 6, column: 3, endLine: 6, endColumn: 22, message: 'defaults to Ignore' }],
    },
  ],
});

ruleTester(policyEngineAuditOnly, {
  valid: [
    {
      name: 'Kyverno Enforce at spec level',
      code: 'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: p}\nspec:\n  validationFailureAction: Enforce\n  rules:\n  - name: r\n    validate: {pattern: {}}\n',
    },
    {
      name: 'Kyverno mutate rule with no failure action',
      code: 'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: p}\nspec:\n  rules:\n  - name: r\n    mutate: {}\n',
    },
    {
      name: 'Gatekeeper deny (default)',
      code: 'apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: K8sRequiredLabels\nmetadata: {name: c}\nspec: {}\n',
    },
    {
      name: 'VAP binding with Deny',
      code: 'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\nmetadata: {name: b}\nspec:\n  policyName: p\n  validationActions: [Deny, Audit]\n',
    },
  ],
  invalid: [
    {
      name: 'Kyverno with no failure action defaults to Audit; a rule-level Audit overrides Enforce',
      code: `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: p}
spec:
  rules:
  - name: a
    validate: {pattern: {}}
  - name: b
    validate:
      failureAction: Audit
      pattern: {}
`,
      errors: [
        { line: 6, column: 5, endLine: 6, endColumn: 12, message: 'defaults to Audit' },
        { line: 10, column: 7, endLine: 10, endColumn: 27, path: 'spec.rules[1].validate.failureAction' },
      ],
    },
    {
      name: 'Gatekeeper dryrun',
      code: 'apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: K8sRequiredLabels\nmetadata: {name: c}\nspec:\n  enforcementAction: dryrun\n',
      errors: [{ line: 5, column: 3, endLine: 5, endColumn: 28 }],
    },
    {
      name: 'VAP binding with only Warn',
      code: 'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\nmetadata: {name: b}\nspec:\n  policyName: p\n  validationActions: [Warn]\n',
      errors: [{ line: 6, column: 3, endLine: 6, endColumn: 28 }],
    },
  ],
});

const pod =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: img:1\n';

ruleTester(imageVerificationPolicyMissing, {
  valid: [
    {
      name: 'Kyverno verifyImages in another file',
      files: {
        'pod.yaml': pod,
        'policy.yaml':
          'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: verify}\nspec:\n  rules:\n  - name: sig\n    verifyImages:\n    - imageReferences: ["registry.example.com/*"]\n',
      },
    },
    {
      name: 'a Sigstore ClusterImagePolicy',
      files: {
        'pod.yaml': pod,
        'cip.yaml':
          'apiVersion: policy.sigstore.dev/v1beta1\nkind: ClusterImagePolicy\nmetadata: {name: p}\nspec: {}\n',
      },
    },
    { name: 'no workloads', code: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n' },
  ],
  invalid: [
    {
      name: 'workloads and no signature policy',
      code: pod,
      errors: [{ line: 4, column: 3, endLine: 4, endColumn: 10, severity: 'info' }],
    },
  ],
});
