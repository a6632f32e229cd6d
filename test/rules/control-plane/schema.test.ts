import invalidType from '../../../rules/control-plane/invalid-field-type.js';
import unknownField from '../../../rules/control-plane/unknown-field.js';
import { ruleTester } from '../../rule-tester.js';

/** A Deployment whose container securityContext body starts on line 12. */
const deployment = (containerSc: string, podSpecExtra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:${podSpecExtra}
      containers:
        - name: web
          image: nginx:1.27
          securityContext:
${containerSc}`;

const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                replicas: {type: integer}
                tls: {type: boolean}
                extra:
                  type: object
                  x-kubernetes-preserve-unknown-fields: true
`;

ruleTester(unknownField, {
  valid: [
    { code: deployment('            runAsNonRoot: true\n            privileged: false\n') },
    {
      name: 'free-form maps (labels, ConfigMap data) take any key',
      code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels: {anything-goes: "yes"}\ndata:\n  whatever: x\n',
    },
    {
      name: 'strategic-merge patch directives are instructions, not fields (a Kustomize patch file)',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      $setElementOrder/containers:
        - name: web
      $deleteFromPrimitiveList/finalizers: [x]
      $retainKeys: [containers]
      containers:
        - name: sidecar
          $patch: delete
`,
    },
    {
      name: 'custom resources without their CRD are skipped',
      code: 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {replicsa: 2}\n',
    },
    {
      name: 'CRD in the tree, preserve-unknown-fields subtree',
      files: {
        'crd.yaml': crd,
        'w.yaml':
          'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n  replicas: 2\n  extra: {anything: 1}\n',
      },
    },
  ],
  invalid: [
    {
      name: 'runAsNonroot → runAsNonRoot, high inside securityContext',
      code: deployment('            runAsNonroot: true\n'),
      errors: [
        {
          line: 12,
          column: 13,
          endLine: 12,
          endColumn: 25,
          severity: 'high',
          path: 'spec.template.spec.containers[0].securityContext.runAsNonroot',
          message: 'did you mean "runAsNonRoot"?',
        },
      ],
    },
    {
      name: 'securitycontext → securityContext on the pod spec',
      code: deployment(
        '            privileged: false\n',
        '\n      securitycontext:\n        runAsNonRoot: true',
      ),
      errors: [
        {
          line: 8,
          column: 7,
          endLine: 8,
          endColumn: 22,
          severity: 'high',
          message: 'did you mean "securityContext"?',
        },
      ],
    },
    {
      name: 'an ordinary field is medium; no suggestion when nothing is close',
      kubernetesVersion: '1.34',
      code: 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  zzzqqq: 1\n  ports: [{port: 80}]\n',
      errors: [
        {
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 9,
          severity: 'medium',
          message: 'remove it or fix its place',
        },
      ],
    },
    {
      name: 'a target newer than the shipped schemas: an unmatched field may be new, so it is only info',
      kubernetesVersion: '1.37',
      code: 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  zzzqqq: 1\n  ports: [{port: 80}]\n',
      errors: [
        {
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 9,
          severity: 'info',
          message: 'is not a field of ServiceSpec in Kubernetes 1.34, the newest schema kubeharden ships',
        },
      ],
    },
    {
      name: 'validated against a CRD in the scanned tree',
      files: {
        'crd.yaml': crd,
        'w.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n  replicsa: 2\n',
      },
      errors: [
        {
          file: 'w.yaml',
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 11,
          message: 'did you mean "replicas"?',
        },
      ],
    },
  ],
});

ruleTester(invalidType, {
  valid: [
    { code: deployment('            runAsUser: 1000\n            privileged: false\n') },
    {
      name: 'int-or-string and quantities',
      code: 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 80, targetPort: http}, {port: 81, targetPort: 8081}]\n',
    },
    { name: 'null is unset', code: deployment('            runAsUser: null\n') },
  ],
  invalid: [
    {
      name: 'privileged: "false" and runAsUser: "1000" are strings',
      code: deployment('            privileged: "false"\n            runAsUser: "1000"\n'),
      errors: [
        {
          line: 12,
          column: 25,
          endLine: 12,
          endColumn: 32,
          message: '"privileged" takes a boolean, but the value is the string "false"',
        },
        { line: 13, column: 24, endLine: 13, endColumn: 30, message: '"runAsUser" takes a number' },
      ],
    },
    {
      name: 'a label value written as a number, as written',
      code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    version: 1.0\n',
      errors: [
        {
          line: 6,
          column: 14,
          endLine: 6,
          endColumn: 17,
          path: 'metadata.labels.version',
          message: 'the number 1.0',
        },
      ],
    },
    {
      name: 'a scalar where a list is expected; CRD types',
      files: {
        'crd.yaml': crd,
        'w.yaml':
          'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  finalizers: one\nspec:\n  tls: "yes"\n',
      },
      errors: [
        { file: 'w.yaml', line: 5, column: 15, endLine: 5, endColumn: 18, message: 'takes a list' },
        { file: 'w.yaml', line: 7, column: 8, endLine: 7, endColumn: 13, message: '"tls" takes a boolean' },
      ],
    },
  ],
});
