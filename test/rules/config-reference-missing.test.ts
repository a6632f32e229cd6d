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

/** The generator of FP cause 1: a Deployment whose ServiceAccount may write Secrets at runtime. */
const generator = (rule: string, bindingNs = 'shop') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: gen, namespace: shop}
spec:
  selector: {matchLabels: {app: gen}}
  template:
    metadata: {labels: {app: gen}}
    spec:
      serviceAccountName: gen
      containers: [{name: gen, image: gen:1}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: gen, namespace: ${bindingNs}}
rules:
  - ${rule}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: gen, namespace: ${bindingNs}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: gen}
subjects: [{kind: ServiceAccount, name: gen, namespace: shop}]
`;
const needsGenSecret = pod(
  '      env: [{name: PW, valueFrom: {secretKeyRef: {name: gen-secret, key: pw}}}]\n',
);

ruleTester(rule, {
  valid: [
    {
      name: 'a workload in the namespace may create Secrets at runtime (FP cause 1)',
      files: {
        'p.yaml': needsGenSecret,
        'c.yaml': secret('other'),
        'g.yaml': generator('{apiGroups: [""], resources: [secrets], verbs: [create]}'),
      },
    },
    {
      name: 'a workload may update that very Secret (resourceNames)',
      files: {
        'p.yaml': needsGenSecret,
        'c.yaml': secret('other'),
        'g.yaml': generator(
          '{apiGroups: [""], resources: [secrets], resourceNames: [gen-secret], verbs: [get, update]}',
        ),
      },
    },
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
      name: 'the workload may create Secrets only in another namespace',
      files: {
        'p.yaml': needsGenSecret,
        'c.yaml': secret('other'),
        'g.yaml': generator('{apiGroups: [""], resources: [secrets], verbs: [create]}', 'ops'),
      },
      errors: [
        {
          file: 'p.yaml',
          line: 8,
          column: 57,
          endLine: 8,
          endColumn: 67,
          message: 'the pod needs Secret gen-secret',
        },
      ],
    },
    {
      name: 'resourceNames naming another Secret',
      files: {
        'p.yaml': needsGenSecret,
        'c.yaml': secret('other'),
        'g.yaml': generator(
          '{apiGroups: [""], resources: [secrets], resourceNames: [other], verbs: [update]}',
        ),
      },
      errors: [
        {
          file: 'p.yaml',
          line: 8,
          column: 57,
          endLine: 8,
          endColumn: 67,
          message: 'the pod needs Secret gen-secret',
        },
      ],
    },
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
