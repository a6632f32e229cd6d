import secretAsEnvVar from '../../rules/workload/secret-as-env-var.js';
import secretInEnvLiteral from '../../rules/workload/secret-in-env-literal.js';
import { ruleTester } from '../rule-tester.js';

const pod = (env: string) => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: app
    image: app:1.0
${env}`;

// Assembled so that secret scanners do not flag this file.
const awsKey = `AKIA${'IOSFODNN7EXAMPLE'}`;

ruleTester(secretInEnvLiteral, {
  valid: [
    {
      name: '$(VAR) references, placeholders and descriptive names',
      code: pod(`    env:
    - name: DB_PASSWORD
      value: $(PASSWORD_FROM_SECRET)
    - name: DATABASE_URL
      value: postgres://app:$(DB_PASSWORD)@db:5432/app
    - name: API_TOKEN
      value: ""
    - name: ADMIN_PASSWORD
      value: changeme
    - name: TOKEN_TTL
      value: "3600"
    - name: PASSWORD_FILE
      value: /run/secrets/db
`),
    },
    {
      name: 'valueFrom is not a literal',
      code: pod(
        '    env:\n    - name: DB_PASSWORD\n      valueFrom: {secretKeyRef: {name: db, key: password}}\n',
      ),
    },
  ],
  invalid: [
    {
      name: 'a credential name with a literal, and a credential-shaped value',
      code: pod(`    env:
    - name: DB_PASSWORD
      value: hunter22
    - name: AWS_KEY_ID
      value: ${awsKey}
    - name: DATABASE_URL
      value: "postgres://app:s3cret@db:5432/app"
`),
      errors: [
        {
          line: 11,
          column: 14,
          endLine: 11,
          endColumn: 22,
          severity: 'high',
          message:
            'env var DB_PASSWORD of container "app" holds a credential in plain text (the name DB_PASSWORD says',
          path: 'spec.containers[0].env[0].value',
        },
        { line: 13, column: 14, endLine: 13, endColumn: 34, message: 'an AWS access key id' },
        { line: 15, column: 14, endLine: 15, endColumn: 49, message: 'connection string with a password' },
      ],
    },
    {
      name: 'init containers too',
      code: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - name: init
    image: a:1
    env: [{name: apiKey, value: k3y-v4lue-123}]
  containers: [{name: a, image: a:1}]
`,
      errors: [{ line: 8, column: 33, endLine: 8, endColumn: 46, message: 'container "init"' }],
    },
  ],
});

ruleTester(secretAsEnvVar, {
  valid: [
    { name: 'a ConfigMap reference', code: pod('    envFrom:\n    - configMapRef: {name: cfg}\n') },
    {
      name: 'a literal (secret-in-env-literal judges it)',
      code: pod('    env:\n    - {name: LOG_LEVEL, value: debug}\n'),
    },
  ],
  invalid: [
    {
      name: 'secretKeyRef and envFrom secretRef',
      code: pod(`    env:
    - name: DB_PASSWORD
      valueFrom:
        secretKeyRef: {name: db, key: password}
    envFrom:
    - secretRef:
        name: app-secrets
`),
      errors: [
        {
          line: 12,
          column: 9,
          endLine: 12,
          endColumn: 21,
          severity: 'low',
          message: 'env var DB_PASSWORD of container "app" reads key "password" of Secret "db"',
          path: 'spec.containers[0].env[0].valueFrom.secretKeyRef',
        },
        {
          line: 14,
          column: 7,
          endLine: 14,
          endColumn: 16,
          message: 'every key of Secret "app-secrets"',
          path: 'spec.containers[0].envFrom[0].secretRef',
        },
      ],
    },
  ],
});
