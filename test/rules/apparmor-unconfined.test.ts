import rule from '../../rules/workload/apparmor-unconfined.js';
import { ruleTester } from '../rule-tester.js';

const pod = (annotations: string, podSc: string, sc: string) => `apiVersion: v1
kind: Pod
metadata:
  name: p${annotations}
spec:
${podSc}  containers:
  - name: app
    image: app:1.0
${sc}`;

ruleTester(rule, {
  valid: [
    { name: 'nothing set', code: pod('', '', '') },
    {
      name: 'RuntimeDefault and Localhost, field and annotation',
      code: pod(
        '\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/app: localhost/k8s-app',
        '  securityContext:\n    appArmorProfile: {type: RuntimeDefault}\n',
        '',
      ),
    },
    {
      name: 'pod Unconfined overridden by the only container',
      code: pod(
        '',
        '  securityContext:\n    appArmorProfile: {type: Unconfined}\n',
        '    securityContext:\n      appArmorProfile: {type: RuntimeDefault}\n',
      ),
    },
  ],
  invalid: [
    {
      name: 'the field on the container',
      code: pod('', '', '    securityContext:\n      appArmorProfile:\n        type: Unconfined\n'),
      errors: [
        {
          line: 11,
          column: 9,
          endLine: 11,
          endColumn: 25,
          message: 'AppArmor is disabled for container "app"',
          path: 'spec.containers[0].securityContext.appArmorProfile.type',
        },
      ],
    },
    {
      name: 'the legacy annotation',
      code: pod(
        '\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/app: unconfined',
        '',
        '',
      ),
      errors: [
        {
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 67,
          message: 'sets "unconfined" for container "app"',
          path: 'metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]',
        },
      ],
    },
  ],
});
