import rule from '../../rules/references/service-selects-nothing.js';
import { ruleTester } from '../rule-tester.js';

const deploy = (labels: string, ns = 'shop') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: ${labels}}
    spec: {containers: [{name: web, image: nginx:1.27}]}
`;

const svc = (selector: string, ns = 'shop', extra = '') => `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: ${ns}
spec:
${extra}  selector: ${selector}
  ports: [{port: 80}]
`;

const sts = (replicas: number) => `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: s, namespace: shop}
spec:
  replicas: ${replicas}
  serviceName: s
  selector: {matchLabels: {app: s}}
  template:
    metadata: {labels: {app: s}}
    spec: {containers: [{name: s, image: redis:7.4}]}
`;

/** A Service per StatefulSet pod, selecting the label the StatefulSet controller adds. */
const podSvc = (pod: string) => `apiVersion: v1
kind: Service
metadata: {name: ${pod}, namespace: shop}
spec:
  selector: {app: s, statefulset.kubernetes.io/pod-name: ${pod}}
  ports: [{port: 6379}]
`;

ruleTester(rule, {
  valid: [
    {
      name: 'selects the Deployment',
      files: { 'd.yaml': deploy('{app: web}'), 's.yaml': svc('{app: web}') },
    },
    {
      name: 'no workloads in that namespace in the tree',
      files: { 'd.yaml': deploy('{app: web}', 'other'), 's.yaml': svc('{app: api}') },
    },
    {
      name: 'no selector (hand-made Endpoints)',
      files: { 'd.yaml': deploy('{app: web}'), 's.yaml': svc('{}') },
    },
    {
      name: 'ExternalName Service',
      files: {
        'd.yaml': deploy('{app: web}'),
        's.yaml': svc('{app: db}', 'shop', '  type: ExternalName\n  externalName: db.example.com\n'),
      },
    },
    {
      name: 'an operator custom resource in the namespace may make the pods',
      files: {
        'd.yaml': deploy('{app: web}'),
        's.yaml': svc('{app.kubernetes.io/name: prometheus}'),
        'p.yaml':
          'apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: k8s, namespace: shop}\nspec: {}\n',
      },
    },
    {
      name: 'an unwritten Service namespace matches pods of any namespace',
      files: {
        'd.yaml': deploy('{app: web}'),
        's.yaml': svc('{app: web}').replace('  namespace: shop\n', ''),
      },
    },
    {
      name: 'unwritten namespaces in different folders are different deployment units',
      files: {
        'web/d.yaml': deploy('{app: web}').replace(', namespace: shop', ''),
        'api/s.yaml': svc('{app: api}').replace('  namespace: shop\n', ''),
      },
    },
    {
      name: 'statefulset.kubernetes.io/pod-name of a pod the StatefulSet runs (FP cause 6)',
      files: { 's.yaml': sts(2), 'svc.yaml': podSvc('s-1') },
    },
    {
      name: 'labels the Deployment and Job controllers add',
      files: {
        'd.yaml': deploy('{app: web}'),
        's.yaml': svc('{app: web, pod-template-hash: 5d9f8c7b6}'),
        'j.yaml':
          'apiVersion: batch/v1\nkind: Job\nmetadata: {name: migrate, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: m}}\n    spec: {restartPolicy: Never, containers: [{name: m, image: busybox:1.36}]}\n',
        's2.yaml': svc('{batch.kubernetes.io/job-name: migrate}').replace('name: web', 'name: m'),
      },
    },
  ],
  invalid: [
    {
      name: 'statefulset.kubernetes.io/pod-name past the replica count',
      files: { 's.yaml': sts(2), 'svc.yaml': podSvc('s-2') },
      errors: [
        {
          file: 'svc.yaml',
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 11,
          message: 'Service s-2 selects app=s, statefulset.kubernetes.io/pod-name=s-2, which no pod template',
        },
      ],
    },
    {
      name: 'a label typo',
      files: { 'd.yaml': deploy('{app: web}'), 's.yaml': svc('{app: wbe}') },
      errors: [
        {
          file: 's.yaml',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 11,
          message: 'Service web selects app=wbe, which no pod template in namespace shop carries',
          severity: 'medium',
          path: 'spec.selector',
        },
      ],
    },
    {
      name: 'namespaces left unwritten on both, applied together from one folder',
      files: {
        'app/d.yaml': deploy('{app: web}').replace(', namespace: shop', ''),
        'app/s.yaml': svc('{app: wbe}').replace('  namespace: shop\n', ''),
      },
      errors: [
        {
          file: 'app/s.yaml',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 11,
          message: 'Service web selects app=wbe, which no pod template carries',
        },
      ],
    },
  ],
});
