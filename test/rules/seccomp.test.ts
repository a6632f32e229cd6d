import seccompProfileMissing from '../../rules/workload/seccomp-profile-missing.js';
import seccompUnconfined from '../../rules/workload/seccomp-unconfined.js';
import { ruleTester } from '../rule-tester.js';

const deployment = (podSc: string, containers: string, annotations = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    metadata:
      labels: {app: web}${annotations}
    spec:
${podSc}      containers:
${containers}`;

const twoContainers = (aSc = '', bSc = '') => `        - name: a
          image: a:1
${aSc}        - name: b
          image: b:1
${bSc}`;

ruleTester(seccompUnconfined, {
  valid: [
    { name: 'nothing set (seccomp-profile-missing reports it)', code: deployment('', twoContainers()) },
    {
      name: 'pod Unconfined overridden by every container',
      code: deployment(
        '      securityContext:\n        seccompProfile: {type: Unconfined}\n',
        twoContainers(
          '          securityContext: {seccompProfile: {type: RuntimeDefault}}\n',
          '          securityContext: {seccompProfile: {type: Localhost, localhostProfile: p.json}}\n',
        ),
      ),
    },
    {
      name: 'windows pods are exempt',
      code: deployment(
        '      os: {name: windows}\n      securityContext:\n        seccompProfile: {type: Unconfined}\n',
        twoContainers(),
      ),
    },
  ],
  invalid: [
    {
      name: 'pod-level Unconfined is reported once, naming the containers it reaches',
      code: deployment(
        '      securityContext:\n        seccompProfile:\n          type: Unconfined\n',
        twoContainers('', '          securityContext: {seccompProfile: {type: RuntimeDefault}}\n'),
      ),
      errors: [
        {
          line: 12,
          column: 11,
          endLine: 12,
          endColumn: 27,
          message:
            'seccomp is disabled for container "a" (seccompProfile.type: Unconfined in the pod securityContext)',
          path: 'spec.template.spec.securityContext.seccompProfile.type',
        },
      ],
    },
    {
      name: 'a container overriding the pod back to Unconfined',
      code: deployment(
        '      securityContext:\n        seccompProfile: {type: RuntimeDefault}\n',
        twoContainers('          securityContext:\n            seccompProfile: {type: Unconfined}\n'),
      ),
      errors: [
        {
          line: 16,
          column: 30,
          endLine: 16,
          endColumn: 46,
          message: 'container "a"',
          path: 'spec.template.spec.containers[0].securityContext.seccompProfile.type',
        },
      ],
    },
    {
      name: 'legacy pod and container annotations',
      code: deployment(
        '',
        twoContainers(),
        `
      annotations:
        seccomp.security.alpha.kubernetes.io/pod: unconfined
        container.seccomp.security.alpha.kubernetes.io/b: unconfined
        container.seccomp.security.alpha.kubernetes.io/a: runtime/default`,
      ),
      errors: [
        {
          line: 10,
          column: 9,
          endLine: 10,
          endColumn: 61,
          message: 'whole pod',
          path: 'spec.template.metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"]',
        },
        { line: 11, column: 9, endLine: 11, endColumn: 69, message: 'container "b"' },
      ],
    },
  ],
});

ruleTester(seccompProfileMissing, {
  valid: [
    {
      name: 'pod-level RuntimeDefault satisfies every container',
      code: deployment(
        '      securityContext:\n        seccompProfile: {type: RuntimeDefault}\n',
        twoContainers(),
      ),
    },
    {
      name: 'every container sets its own',
      code: deployment(
        '',
        twoContainers(
          '          securityContext: {seccompProfile: {type: RuntimeDefault}}\n',
          '          securityContext: {seccompProfile: {type: Localhost, localhostProfile: p.json}}\n',
        ),
      ),
    },
    {
      name: "Unconfined is seccomp-unconfined's",
      code: deployment(
        '      securityContext:\n        seccompProfile: {type: Unconfined}\n',
        twoContainers(),
      ),
    },
    { name: 'windows pods are exempt', code: deployment('      os: {name: windows}\n', twoContainers()) },
  ],
  invalid: [
    {
      name: 'no container has one: one finding at the pod',
      code: deployment('      securityContext:\n        runAsNonRoot: true\n', twoContainers()),
      errors: [
        {
          line: 10,
          column: 7,
          endLine: 10,
          endColumn: 22,
          message: 'neither the pod nor its containers',
          path: 'spec.template.spec.securityContext.seccompProfile.type',
        },
      ],
    },
    {
      name: 'some containers have one: the others are reported',
      code: deployment(
        '',
        twoContainers('          securityContext: {seccompProfile: {type: RuntimeDefault}}\n'),
      ),
      errors: [
        { line: 14, column: 11, endLine: 14, endColumn: 18, message: 'container "b" has no seccomp profile' },
      ],
    },
    {
      name: 'the legacy annotation does not count; no pod securityContext points at spec',
      code: deployment(
        '',
        twoContainers(),
        '\n      annotations:\n        seccomp.security.alpha.kubernetes.io/pod: runtime/default',
      ),
      errors: [{ line: 11, column: 5, endLine: 11, endColumn: 9 }],
    },
  ],
});
