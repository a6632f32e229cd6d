// Secrets and credentials rules.
import hardcodedCredential from '../../../rules/cluster/hardcoded-credential.js';
import kubeconfigCredentialsCommitted from '../../../rules/cluster/kubeconfig-credentials-committed.js';
import secretCommitted from '../../../rules/cluster/secret-committed.js';
import secretInConfigmap from '../../../rules/cluster/secret-in-configmap.js';
import serviceAccountTokenSecret from '../../../rules/cluster/service-account-token-secret.js';
import { ruleTester } from '../../rule-tester.js';

const secret = (body: string) => `apiVersion: v1
kind: Secret
metadata:
  name: db
${body}`;

// A private-key armour around `...`, as documentation writes it (assembled so scanners stay quiet).
const pemArmour = `-----BEGIN RSA ${'PRIVATE KEY'}-----\n    ...\n    -----END RSA PRIVATE KEY-----`;

ruleTester(secretCommitted, {
  valid: [
    { name: 'empty data, filled at deploy time', code: secret('data: {}\nstringData:\n  password: ""\n') },
    {
      name: 'SOPS-encrypted',
      code: secret('data:\n  password: ENC[AES256_GCM,data:abc,type:str]\nsops:\n  version: 3.9.0\n'),
    },
    {
      name: 'a SealedSecret',
      code: 'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: {name: db}\nspec:\n  encryptedData: {password: AgBy}\n',
    },
  ],
  invalid: [
    {
      name: 'base64 data',
      code: secret('type: Opaque\ndata:\n  password: aHVudGVyMg==\n  user: YWRtaW4=\n'),
      errors: [
        {
          line: 6,
          column: 1,
          endLine: 8,
          endColumn: 17,
          path: 'data',
          message: '2 value(s) in data (password, user)',
        },
      ],
    },
    {
      // The same stand-in under a key whose name suggests a secret (argo-cd's docs example).
      name: 'a placeholder PEM key under githubAppPrivateKey',
      code: secret(`stringData:\n  githubAppPrivateKey: |\n    ${pemArmour}\n`),
      errors: [
        { line: 5, column: 1, endLine: 9, endColumn: 34, message: 'none is recognisably a credential' },
      ],
    },
    {
      // Precision evaluation cause 5 (/tmp/pem/repro/c5) and defect #87: still committed data,
      // but no credential is claimed for a placeholder key or a timestamp.
      name: 'a placeholder PEM key and a password timestamp',
      code: secret(
        `stringData:\n  key: |\n    ${pemArmour}\n  admin.passwordMtime: "2021-03-04T10:11:12Z"\n`,
      ),
      errors: [
        {
          line: 5,
          column: 1,
          endLine: 10,
          endColumn: 46,
          path: 'stringData',
          message: 'none is recognisably a credential',
        },
      ],
    },
  ],
});

ruleTester(serviceAccountTokenSecret, {
  valid: [{ name: 'Opaque', code: secret('type: Opaque\n') }],
  invalid: [
    {
      name: 'a long-lived token Secret',
      code: `apiVersion: v1
kind: Secret
metadata:
  name: ci-token
  annotations:
    kubernetes.io/service-account.name: ci
type: kubernetes.io/service-account-token
`,
      errors: [{ line: 7, column: 1, endLine: 7, endColumn: 42, message: 'for ServiceAccount ci' }],
    },
  ],
});

const configMap = (data: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: app
data:
${data}`;

ruleTester(secretInConfigmap, {
  valid: [
    {
      name: 'ordinary settings',
      code: configMap('  LOG_LEVEL: info\n  TOKEN_TTL: "3600"\n  DB_PASSWORD_FILE: /run/secrets/db\n'),
    },
    { name: 'a reference', code: configMap('  DB_PASSWORD: $(DB_PASSWORD)\n') },
    // Precision evaluation cause 5 (/tmp/pem/repro/c5): a password policy, not a password.
    { name: 'a password pattern', code: configMap('  passwordPattern: "^.{8,32}$"\n') },
    { name: 'a PEM armour around an ellipsis', code: configMap(`  key: |\n    ${pemArmour}\n`) },
  ],
  invalid: [
    {
      name: 'a password by name, and a config file with a connection string',
      code: configMap(
        '  DB_PASSWORD: s3cr3t-Pa55\n  app.properties: |\n    url=postgres://app:hunter22@db:5432/app\n',
      ),
      errors: [
        { line: 6, column: 3, endLine: 6, endColumn: 27, path: 'data.DB_PASSWORD' },
        { line: 7, column: 3, endLine: 8, endColumn: 44, path: 'data["app.properties"]' },
      ],
    },
  ],
});

ruleTester(kubeconfigCredentialsCommitted, {
  valid: [
    {
      name: 'an exec plugin',
      code: `apiVersion: v1
kind: Config
users:
- name: eks
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
`,
    },
  ],
  invalid: [
    {
      name: 'a token and a client key',
      code: `apiVersion: v1
kind: Config
users:
- name: admin
  user:
    token: eyJhbGciOiJSUzI1NiJ9.e30.c2ln
    client-key-data: LS0tLS1CRUdJTg==
`,
      errors: [
        { line: 6, column: 5, endLine: 6, endColumn: 41, severity: 'critical', path: 'users[0].user.token' },
        { line: 7, column: 5, endLine: 7, endColumn: 38, path: 'users[0].user.client-key-data' },
      ],
    },
  ],
});

const container = (extra: string) => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: app
    image: app:1
${extra}`;

ruleTester(hardcodedCredential, {
  valid: [
    {
      name: 'a reference in args',
      code: container('    args: ["--db-password=$(DB_PASSWORD)", "--password-file", "/run/secrets/pw"]\n'),
    },
    { name: 'ordinary flags', code: container('    args: ["--port=8080", "--log-level", "debug"]\n') },
  ],
  invalid: [
    {
      name: '--flag=value and --flag value in args',
      code: container(
        '    args:\n    - --db-password=Sup3rSecret!\n    - --api-token\n    - 9f8e7d6c5b4a39281706f5e4\n',
      ),
      errors: [
        { line: 10, column: 7, endLine: 10, endColumn: 33, path: 'spec.containers[0].args[0]' },
        { line: 12, column: 7, endLine: 12, endColumn: 31, path: 'spec.containers[0].args[2]' },
      ],
    },
    {
      name: 'a bearer token in a probe header',
      code: container(
        '    livenessProbe:\n      httpGet:\n        path: /healthz\n        port: 8080\n        httpHeaders:\n        - name: Authorization\n          value: Bearer abcdef0123456789abcdef\n',
      ),
      errors: [
        {
          line: 15,
          column: 18,
          endLine: 15,
          endColumn: 47,
          path: 'spec.containers[0].livenessProbe.httpGet.httpHeaders[0].value',
        },
      ],
    },
    {
      name: 'Flux HelmRelease values',
      code: `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: db, namespace: data}
spec:
  values:
    auth:
      postgresPassword: ch4ngeMe-Really
`,
      errors: [{ line: 7, column: 25, endLine: 7, endColumn: 40, path: 'spec.values.auth.postgresPassword' }],
    },
    {
      name: 'Argo CD Application: Helm values string and parameters',
      code: `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: db, namespace: argocd}
spec:
  source:
    helm:
      values: |
        auth:
          password: an0ther-Secret
      parameters:
      - name: auth.apiKey
        value: k3y-Value-42
`,
      errors: [
        {
          line: 9,
          column: 21,
          endLine: 9,
          endColumn: 35,
          path: 'spec.source.helm.values',
          message: 'set auth.password',
        },
        { line: 12, column: 16, endLine: 12, endColumn: 28, path: 'spec.source.helm.parameters[0].value' },
      ],
    },
  ],
});
