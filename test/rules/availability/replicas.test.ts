import antiAffinityMissing from '../../../rules/availability/anti-affinity-missing.js';
import hpaReplicasConflict from '../../../rules/availability/hpa-replicas-conflict.js';
import replicasTooFew from '../../../rules/availability/replicas-too-few.js';
import rollingUpdateUnsafe from '../../../rules/availability/rolling-update-unsafe.js';
import { ruleTester } from '../../rule-tester.js';

const deployment = (spec: string, podSpec = '', kind = 'Deployment') => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: web
spec:
${spec}  template:
    metadata:
      labels: {app: web}
    spec:${podSpec}
      containers:
        - name: web
          image: nginx:1.27
`;

const hpa = (min: string, target = 'web') => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${target}}
${min}  maxReplicas: 10
`;

ruleTester(replicasTooFew, {
  valid: [
    { name: 'two replicas', code: deployment('  replicas: 2\n') },
    { name: 'scaled to zero on purpose', code: deployment('  replicas: 0\n') },
    {
      name: 'a StatefulSet with one replica (single primary by design)',
      code: deployment('  replicas: 1\n', '', 'StatefulSet'),
    },
    {
      name: 'an HPA keeps at least two',
      files: { 'deploy.yaml': deployment(''), 'hpa.yaml': hpa('  minReplicas: 3\n') },
    },
    { name: 'a DaemonSet has no replicas', code: deployment('', '', 'DaemonSet') },
    { name: 'option min: 1 accepts one', code: deployment('  replicas: 1\n'), options: { min: 1 } },
  ],
  invalid: [
    {
      name: 'one replica written',
      code: deployment('  replicas: 1\n'),
      errors: [
        { line: 6, column: 13, endLine: 6, endColumn: 14, path: 'spec.replicas', message: 'runs 1 replica' },
      ],
    },
    {
      name: 'replicas unset default to 1: the finding points at spec',
      code: deployment(''),
      errors: [{ line: 5, column: 1, endLine: 5, endColumn: 5, message: 'sets no replicas' }],
    },
    {
      name: 'option min: 3',
      code: deployment('  replicas: 2\n'),
      options: { min: 3 },
      errors: [{ line: 6, column: 13, endLine: 6, endColumn: 14, message: 'set replicas: 3' }],
    },
    {
      name: 'an HPA without minReplicas keeps one: reported on the HPA',
      files: { 'deploy.yaml': deployment('  replicas: 4\n'), 'hpa.yaml': hpa('') },
      errors: [
        { file: 'hpa.yaml', line: 5, column: 1, endLine: 5, endColumn: 5, message: '(minReplicas is unset)' },
      ],
    },
  ],
});

ruleTester(antiAffinityMissing, {
  valid: [
    { name: 'one replica', code: deployment('  replicas: 1\n') },
    {
      name: 'topology spread',
      code: deployment(
        '  replicas: 3\n',
        '\n      topologySpreadConstraints:\n        - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway}',
      ),
    },
    {
      name: 'preferred pod anti-affinity',
      code: deployment('  replicas: 3\n', '\n      affinity:\n        podAntiAffinity: {}'),
    },
    { name: 'DaemonSets are one per node', code: deployment('', '', 'DaemonSet') },
  ],
  invalid: [
    {
      name: 'three replicas with nothing to spread them',
      code: deployment('  replicas: 3\n'),
      errors: [
        {
          line: 10,
          column: 5,
          endLine: 10,
          endColumn: 9,
          path: 'spec.template.spec.topologySpreadConstraints',
        },
      ],
    },
    {
      name: 'autoscaled with node affinity only',
      files: {
        'deploy.yaml': deployment('', '\n      affinity:\n        nodeAffinity: {}'),
        'hpa.yaml': hpa('  minReplicas: 2\n'),
      },
      errors: [{ file: 'deploy.yaml', line: 9, column: 5, endLine: 9, endColumn: 9, message: 'autoscaled' }],
    },
  ],
});

ruleTester(rollingUpdateUnsafe, {
  valid: [
    { name: 'defaults', code: deployment('  replicas: 3\n') },
    {
      name: 'Recreate with one replica (a ReadWriteOnce volume)',
      code: deployment('  replicas: 1\n  strategy:\n    type: Recreate\n'),
    },
    {
      name: 'maxUnavailable below the replicas',
      code: deployment('  replicas: 3\n  strategy:\n    rollingUpdate: {maxUnavailable: 2}\n'),
    },
    {
      name: 'a DaemonSet count is per node, not all',
      code: deployment('  updateStrategy:\n    rollingUpdate: {maxUnavailable: 3}\n', '', 'DaemonSet'),
    },
  ],
  invalid: [
    {
      name: 'Recreate with three replicas',
      code: deployment('  replicas: 3\n  strategy:\n    type: Recreate\n'),
      errors: [{ line: 8, column: 11, endLine: 8, endColumn: 19, path: 'spec.strategy.type' }],
    },
    {
      name: 'maxUnavailable 100%',
      code: deployment('  replicas: 3\n  strategy:\n    rollingUpdate:\n      maxUnavailable: 100%\n'),
      errors: [{ line: 9, column: 23, endLine: 9, endColumn: 27, message: 'maxUnavailable 100%' }],
    },
    {
      name: 'maxUnavailable equal to the replicas',
      code: deployment('  replicas: 2\n  strategy:\n    rollingUpdate: {maxUnavailable: 2}\n'),
      errors: [{ line: 8, column: 37, endLine: 8, endColumn: 38, message: 'maxUnavailable 2' }],
    },
    {
      name: 'a StatefulSet with maxUnavailable 100%',
      code: deployment('  updateStrategy:\n    rollingUpdate: {maxUnavailable: "100%"}\n', '', 'StatefulSet'),
      errors: [{ line: 7, column: 37, endLine: 7, endColumn: 43 }],
    },
  ],
});

ruleTester(hpaReplicasConflict, {
  valid: [
    {
      name: 'no replicas written',
      files: { 'deploy.yaml': deployment(''), 'hpa.yaml': hpa('  minReplicas: 2\n') },
    },
    { name: 'no autoscaler', code: deployment('  replicas: 3\n') },
    {
      name: 'the autoscaler targets another Deployment',
      files: { 'deploy.yaml': deployment('  replicas: 3\n'), 'hpa.yaml': hpa('', 'api') },
    },
    {
      name: 'namespaces unwritten, in unrelated folders: never applied together (FP cause 3)',
      files: { 'b/deploy.yaml': deployment('  replicas: 2\n'), 'a/hpa.yaml': hpa('') },
    },
    {
      name: 'one namespace unwritten, in unrelated folders',
      files: {
        'b/deploy.yaml': deployment('  replicas: 2\n').replace(
          '  name: web\n',
          '  name: web\n  namespace: shop\n',
        ),
        'a/hpa.yaml': hpa(''),
      },
    },
  ],
  invalid: [
    {
      name: 'namespaces unwritten, both in one folder',
      files: { 'app/deploy.yaml': deployment('  replicas: 2\n'), 'app/hpa.yaml': hpa('') },
      errors: [
        {
          file: 'app/deploy.yaml',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 11,
          message: 'HorizontalPodAutoscaler "web"',
        },
      ],
    },
    {
      name: 'replicas written and an HPA scales it',
      files: { 'deploy.yaml': deployment('  replicas: 3\n'), 'hpa.yaml': hpa('  minReplicas: 2\n') },
      errors: [
        {
          file: 'deploy.yaml',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 11,
          message: 'HorizontalPodAutoscaler "web"',
        },
      ],
    },
  ],
});
