import admission from '../../../rules/control-plane/admission-config-pod-security.js';
import audit from '../../../rules/control-plane/audit-policy-weak.js';
import encryption from '../../../rules/control-plane/encryption-config-weak.js';
import { ruleTester } from '../../rule-tester.js';

/** An EncryptionConfiguration; `body` starts on line 3. */
const encryptionConfig = (body: string) => `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
${body}`;

ruleTester(encryption, {
  valid: [
    { name: 'the hardened fixture (kms v2 first)', fixture: 'control-plane/encryption-config.yaml' },
    {
      name: 'wildcard over everything, secretbox first',
      code: encryptionConfig(
        'resources:\n  - resources: ["*.*"]\n    providers:\n      - secretbox: {keys: [{name: k, secret: c2VjcmV0}]}\n',
      ),
    },
  ],
  invalid: [
    {
      name: 'identity first',
      code: encryptionConfig(
        'resources:\n  - resources: [secrets]\n    providers:\n      - identity: {}\n      - aescbc: {keys: []}\n',
      ),
      errors: [
        {
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 21,
          severity: 'critical',
          path: 'resources[0].providers[0]',
        },
      ],
    },
    {
      name: 'the first matching entry decides, even when a later one is strong',
      code: encryptionConfig(
        'resources:\n  - resources: [configmaps, secrets]\n    providers:\n      - aescbc:\n          keys: [{name: k, secret: c2VjcmV0}]\n  - resources: [secrets]\n    providers:\n      - kms: {apiVersion: v2, name: v}\n',
      ),
      errors: [{ line: 6, column: 9, endLine: 7, endColumn: 46, severity: 'low', message: 'aescbc' }],
    },
    {
      name: 'secrets not covered',
      code: encryptionConfig(
        'resources:\n  - resources: [configmaps]\n    providers:\n      - aesgcm: {keys: []}\n',
      ),
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 10, severity: 'critical', message: 'no entry' }],
    },
  ],
});

/** An audit Policy; `rules` start on line 4. */
const policy = (rules: string) => `apiVersion: audit.k8s.io/v1
kind: Policy
rules:
${rules}`;

ruleTester(audit, {
  valid: [
    { name: 'the hardened fixture', fixture: 'control-plane/audit-policy.yaml' },
    {
      name: 'a catch-all at Request level after secrets at Metadata',
      code: policy(
        '  - level: Metadata\n    resources: [{group: "", resources: [secrets, configmaps]}, {group: authentication.k8s.io, resources: [tokenreviews]}]\n  - level: Request\n',
      ),
    },
    {
      name: 'not an audit policy',
      code: 'apiVersion: kyverno.io/v1\nkind: Policy\nmetadata: {name: p}\nspec: {}\n',
    },
  ],
  invalid: [
    {
      name: 'no rules',
      code: 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: []\n',
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 10, message: 'no rules' }],
    },
    {
      name: 'catch-all RequestResponse logs every secret; one finding for the rule',
      code: policy('  - level: RequestResponse\n'),
      errors: [
        {
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 27,
          message: 'logs Secrets, ConfigMaps, TokenReviews at level RequestResponse',
        },
      ],
    },
    {
      name: 'catch-all None, and secrets at Request',
      code: policy(
        '  - level: Request\n    resources:\n      - group: ""\n        resources: ["secrets"]\n  - level: None\n',
      ),
      errors: [
        { line: 4, column: 5, endLine: 4, endColumn: 19, message: 'logs Secrets at level Request' },
        { line: 8, column: 5, endLine: 8, endColumn: 16, message: 'catch-all rule 2 has level None' },
      ],
    },
    {
      name: 'a restricted earlier rule does not protect later ones; no catch-all',
      code: policy(
        '  - level: Metadata\n    users: [admin]\n    resources: [{group: "", resources: [configmaps]}]\n  - level: Request\n    resources: [{group: ""}]\n',
      ),
      errors: [
        { line: 3, column: 1, endLine: 3, endColumn: 6, message: 'no catch-all rule' },
        {
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 19,
          message: 'logs Secrets, ConfigMaps at level Request',
        },
      ],
    },
  ],
});

ruleTester(admission, {
  valid: [
    { name: 'the hardened fixture', fixture: 'control-plane/admission-config.yaml' },
    {
      name: 'PodSecurity configured from a file path',
      code: 'apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\nplugins:\n  - name: PodSecurity\n    path: /etc/k/pss.yaml\n',
    },
  ],
  invalid: [
    {
      code: `apiVersion: apiserver.config.k8s.io/v1
kind: AdmissionConfiguration
plugins:
  - name: EventRateLimit
    path: erl.yaml
  - name: PodSecurity
    configuration:
      apiVersion: pod-security.admission.config.k8s.io/v1
      kind: PodSecurityConfiguration
      defaults:
        enforce: privileged
`,
      errors: [
        {
          line: 11,
          column: 9,
          endLine: 11,
          endColumn: 28,
          path: 'plugins[1].configuration.defaults.enforce',
        },
      ],
    },
    {
      name: 'a standalone PodSecurityConfiguration without defaults.enforce',
      code: 'apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\ndefaults:\n  warn: restricted\n',
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 9, message: 'no defaults.enforce' }],
    },
  ],
});
