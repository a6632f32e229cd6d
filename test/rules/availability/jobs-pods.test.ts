import cronjobDeadlineMissing from '../../../rules/availability/cronjob-deadline-missing.js';
import jobTtlMissing from '../../../rules/availability/job-ttl-missing.js';
import nakedPod from '../../../rules/availability/naked-pod.js';
import restartPolicyInvalid from '../../../rules/availability/restart-policy-invalid.js';
import { ruleTester } from '../../rule-tester.js';

const job = (spec: string, annotations = '') => `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate${annotations}
spec:
${spec}  template:
    spec:
      restartPolicy: Never
      containers:
        - {name: m, image: migrate:1}
`;

const cronjob = (spec: string) => `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 2 * * *"
${spec}  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - {name: r, image: report:1}
`;

const pod = (metadata = '', spec = '') => `apiVersion: v1
kind: Pod
metadata:
  name: debug${metadata}
spec:${spec}
  containers:
    - {name: d, image: busybox:1.36}
`;

ruleTester(jobTtlMissing, {
  valid: [
    { name: 'a TTL', code: job('  ttlSecondsAfterFinished: 3600\n') },
    { name: 'a TTL of 0 deletes at once', code: job('  ttlSecondsAfterFinished: 0\n') },
    { name: 'CronJob Jobs are pruned by history limits', code: cronjob('') },
    {
      name: 'a Helm hook Job with a delete policy',
      code: job(
        '',
        '\n  annotations: {helm.sh/hook: pre-upgrade, helm.sh/hook-delete-policy: hook-succeeded}',
      ),
    },
  ],
  invalid: [
    {
      name: 'no TTL',
      code: job('  backoffLimit: 2\n'),
      errors: [{ line: 5, column: 1, endLine: 5, endColumn: 5, path: 'spec.ttlSecondsAfterFinished' }],
    },
  ],
});

ruleTester(cronjobDeadlineMissing, {
  valid: [{ name: 'a deadline', code: cronjob('  startingDeadlineSeconds: 200\n') }],
  invalid: [
    {
      name: 'no deadline',
      code: cronjob(''),
      errors: [{ line: 5, column: 1, endLine: 5, endColumn: 5, message: '100 missed schedules' }],
    },
  ],
});

ruleTester(nakedPod, {
  valid: [
    {
      name: 'owned by a controller',
      code: pod('\n  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: x, uid: "1"}]'),
    },
    { name: 'a Helm test hook', code: pod('\n  annotations: {"helm.sh/hook": test}') },
    {
      name: 'a control-plane static pod',
      code: `apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver, namespace: kube-system}
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.34.1
      command: [kube-apiserver, --authorization-mode=Node,RBAC]
`,
    },
    { name: 'a Deployment', code: job('  ttlSecondsAfterFinished: 1\n') },
  ],
  invalid: [
    {
      name: 'a bare Pod',
      code: pod(),
      errors: [{ line: 4, column: 3, endLine: 4, endColumn: 14, path: 'kind' }],
    },
  ],
});

ruleTester(restartPolicyInvalid, {
  valid: [
    { name: 'Job with Never', code: job('') },
    { name: 'CronJob with OnFailure', code: cronjob('') },
    { name: 'a bare Pod may use any policy', code: pod('', '\n  restartPolicy: Never') },
    {
      name: 'a Deployment with Always',
      code: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      restartPolicy: Always
      containers: [{name: web, image: nginx:1.27}]
`,
    },
  ],
  invalid: [
    {
      name: 'a Deployment with OnFailure',
      code: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      restartPolicy: OnFailure
      containers: [{name: web, image: nginx:1.27}]
`,
      errors: [{ line: 7, column: 22, endLine: 7, endColumn: 31, message: 'use Always' }],
    },
    {
      name: 'a Job without restartPolicy',
      code: `apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  template:
    spec:
      containers: [{name: j, image: j:1}]
`,
      errors: [{ line: 6, column: 5, endLine: 6, endColumn: 9, message: 'sets no restartPolicy' }],
    },
    {
      name: 'a CronJob with Always',
      code: cronjob('').replace('OnFailure', 'Always'),
      errors: [
        {
          line: 11,
          column: 26,
          endLine: 11,
          endColumn: 32,
          path: 'spec.jobTemplate.spec.template.spec.restartPolicy',
        },
      ],
    },
  ],
});
