import rule from '../../rules/workload/init-container-security-gap.js';
import { ruleTester } from '../rule-tester.js';

const HARDENED = '{allowPrivilegeEscalation: false, runAsNonRoot: true}';

const pod = (initSc: string, appSc = HARDENED) => `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - name: init
    image: busybox:1
    securityContext: ${initSc}
  containers:
  - name: app
    image: app:1
    securityContext: ${appSc}
`;

ruleTester(rule, {
  valid: [
    { name: 'init as hardened as the app', code: pod(HARDENED) },
    {
      name: 'the app is just as weak (other rules report it)',
      code: pod('{privileged: true, runAsUser: 0}', '{privileged: true, runAsUser: 0}'),
    },
    {
      name: 'init adds a capability the app adds too',
      code: pod(
        '{allowPrivilegeEscalation: false, capabilities: {add: [NET_ADMIN]}}',
        '{allowPrivilegeEscalation: false, capabilities: {add: [CAP_NET_ADMIN]}}',
      ),
    },
    {
      name: 'no init containers',
      code: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    image: app:1
`,
    },
  ],
  invalid: [
    {
      name: 'privileged root init container with a capability, escalation unset',
      code: pod('{privileged: true, runAsUser: 0, capabilities: {add: [SYS_ADMIN]}}'),
      errors: [
        {
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 15,
          message: 'leaves allowPrivilegeEscalation unset',
          path: 'spec.initContainers[0].securityContext.allowPrivilegeEscalation',
        },
        {
          line: 8,
          column: 23,
          endLine: 8,
          endColumn: 39,
          message: 'init container "init" runs privileged',
          severity: 'medium',
          path: 'spec.initContainers[0].securityContext.privileged',
        },
        {
          line: 8,
          column: 41,
          endLine: 8,
          endColumn: 53,
          message: 'runs as root (runAsUser: 0)',
          path: 'spec.initContainers[0].securityContext.runAsUser',
        },
        {
          line: 8,
          column: 76,
          endLine: 8,
          endColumn: 85,
          message: 'adds capability SYS_ADMIN',
          path: 'spec.initContainers[0].securityContext.capabilities.add[0]',
        },
      ],
    },
    {
      name: 'pod-level runAsUser 0 reaches the init container while the app overrides it',
      code: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      securityContext:
        runAsUser: 0
      initContainers:
      - name: init
        image: busybox:1
        securityContext:
          allowPrivilegeEscalation: false
      containers:
      - name: app
        image: app:1
        securityContext:
          allowPrivilegeEscalation: false
          runAsUser: 10001
`,
      errors: [
        {
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 21,
          message: 'runs as root (runAsUser: 0 from the pod securityContext)',
          path: 'spec.template.spec.securityContext.runAsUser',
        },
      ],
    },
  ],
});
