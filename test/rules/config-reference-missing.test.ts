import rule from '../../rules/references/config-reference-missing.js';
import { ruleTester } from '../rule-tester.js';

const pod = (fields: string, volumes = '') => `apiVersion: v1
kind: Pod
metadata: {name: p, namespace: shop}
spec:
  containers:
    - name: app
      image: app:1
${fields}${volumes}`;

const cm = (name: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: shop}\ndata: {a: "1"}\n`;
const secret = (name: string) =>
  `apiVersion: v1\nkind: Secret\nmetadata: {name: ${name}, namespace: shop}\nstringData: {a: "1"}\n`;

ruleTester(rule, {
  valid: [
    {
      name: 'references that exist',
      files: {
        'p.yaml': pod(
          '      envFrom: [{configMapRef: {name: settings}}]\n',
          '  volumes: [{name: t, secret: {secretName: tls}}]\n',
        ),
        'c.yaml': `${cm('settings')}---\n${secret('tls')}`,
      },
    },
    {
      name: 'an optional reference',
      files: {
        'p.yaml': pod('      envFrom: [{configMapRef: {name: extra, optional: true}}]\n'),
        'c.yaml': cm('settings'),
      },
    },
    {
      name: 'the tree defines no ConfigMap in the namespace and does not own it',
      files: { 'p.yaml': pod('      envFrom: [{configMapRef: {name: extra}}]\n') },
    },
    {
      name: 'an ExternalSecret and a cert-manager Certificate make the Secrets',
      files: {
        'p.yaml': pod(
          '      env:\n        - name: DB\n          valueFrom: {secretKeyRef: {name: db-creds, key: password}}\n',
          '  volumes: [{name: t, secret: {secretName: web-tls}}]\n',
        ),
        'x.yaml': `${secret('other')}---
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: {name: db, namespace: shop}
spec: {target: {name: db-creds}}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: web, namespace: shop}
spec: {secretName: web-tls}
`,
      },
    },
  ],
  invalid: [
    {
      name: 'a missing Secret in env and a missing ConfigMap volume',
      files: {
        'p.yaml': pod(
          '      env:\n        - name: DB\n          valueFrom:\n            secretKeyRef: {name: db-creds, key: password}\n',
          '  volumes:\n    - name: cfg\n      configMap:\n        name: app-config\n',
        ),
        'c.yaml': `${cm('settings')}---\n${secret('tls')}`,
      },
      errors: [
        {
          file: 'p.yaml',
          line: 11,
          column: 34,
          endLine: 11,
          endColumn: 42,
          message: 'the pod needs Secret db-creds, which the tree does not define in namespace shop',
          severity: 'low',
          path: 'spec.containers[0].env[0].valueFrom.secretKeyRef.name',
        },
        {
          file: 'p.yaml',
          line: 15,
          column: 15,
          endLine: 15,
          endColumn: 25,
          message: 'ConfigMap app-config',
          path: 'spec.volumes[0].configMap.name',
        },
      ],
    },
  ],
});
