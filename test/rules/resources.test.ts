import resourceLimitsMissing from '../../rules/workload/resource-limits-missing.js';
import resourceRequestsMissing from '../../rules/workload/resource-requests-missing.js';
import { ruleTester } from '../rule-tester.js';

const pod = (resources: string, podFields = '') => `apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: shop
spec:
${podFields}  containers:
  - name: app
    image: app:1.0
${resources}`;

const limitRange = `apiVersion: v1
kind: LimitRange
metadata:
  name: defaults
  namespace: shop
spec:
  limits:
  - type: Container
    default: {cpu: 500m, memory: 256Mi}
`;

ruleTester(resourceLimitsMissing, {
  valid: [
    { name: 'both limits', code: pod('    resources:\n      limits: {cpu: 500m, memory: 256Mi}\n') },
    { name: 'pod-level limits', code: pod('', '  resources:\n    limits: {cpu: "1", memory: 1Gi}\n') },
    {
      name: 'a LimitRange in the namespace defaults them',
      files: { 'pod.yaml': pod(''), 'lr.yaml': limitRange },
    },
    {
      name: 'ephemeral containers cannot have resources',
      code: `${pod('    resources:\n      limits: {cpu: 500m, memory: 256Mi}\n')}  ephemeralContainers:\n  - name: debug\n    image: busybox:1.36\n`,
    },
  ],
  invalid: [
    {
      name: 'no resources: one finding per resource, at the container name',
      code: pod(''),
      errors: [
        {
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 14,
          message: 'no cpu limit',
          path: 'spec.containers[0].resources.limits.cpu',
        },
        {
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 14,
          message: 'no memory limit',
          path: 'spec.containers[0].resources.limits.memory',
        },
      ],
    },
    {
      name: 'a memory limit only: points at limits',
      code: pod('    resources:\n      limits:\n        memory: 256Mi\n'),
      errors: [{ line: 11, column: 7, endLine: 11, endColumn: 13, message: 'no cpu limit' }],
    },
    {
      name: 'a LimitRange in another namespace does not apply',
      files: {
        'pod.yaml': pod('    resources: {limits: {memory: 1Gi}}\n'),
        'lr.yaml': limitRange.replace('namespace: shop', 'namespace: other'),
      },
      errors: [
        { file: 'pod.yaml', line: 10, column: 17, endLine: 10, endColumn: 23, message: 'no cpu limit' },
      ],
    },
  ],
});

ruleTester(resourceRequestsMissing, {
  valid: [
    { name: 'both requests', code: pod('    resources:\n      requests: {cpu: 100m, memory: 128Mi}\n') },
    {
      name: 'limits default the requests',
      code: pod('    resources:\n      limits: {cpu: 500m, memory: 256Mi}\n'),
    },
    {
      name: 'a LimitRange default limit defaults the request',
      files: { 'pod.yaml': pod(''), 'lr.yaml': limitRange },
    },
  ],
  invalid: [
    {
      name: 'an init container without a cpu request',
      code: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - name: init
    image: a:1
    resources:
      requests: {memory: 64Mi}
  containers:
  - name: app
    image: a:1
    resources: {requests: {cpu: 100m, memory: 64Mi}}
`,
      errors: [
        {
          line: 9,
          column: 7,
          endLine: 9,
          endColumn: 15,
          severity: 'low',
          message: 'container "init" has no cpu request',
        },
      ],
    },
  ],
});
