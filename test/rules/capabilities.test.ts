import capabilitiesNotDropped from '../../rules/workload/capabilities-not-dropped.js';
import dangerousCapabilities from '../../rules/workload/dangerous-capabilities.js';
import { podManifest, ruleTester } from '../rule-tester.js';

const pod = podManifest;

ruleTester(dangerousCapabilities, {
  valid: [
    { name: 'no capabilities', code: pod('') },
    {
      name: 'baseline capabilities, in any case and with CAP_ prefix',
      code: pod(
        '    securityContext:\n      capabilities:\n        add: [NET_BIND_SERVICE, cap_chown, kill]\n',
      ),
    },
    {
      name: 'windows pods are exempt',
      code: pod(
        '    securityContext:\n      capabilities:\n        add: [SYS_ADMIN]\n',
        '  os:\n    name: windows\n',
      ),
    },
  ],
  invalid: [
    {
      name: 'critical and high capabilities, lower case and CAP_ prefix',
      code: pod('    securityContext:\n      capabilities:\n        add: ["cap_sys_admin", NET_RAW, all]\n'),
      errors: [
        {
          line: 11,
          column: 15,
          endLine: 11,
          endColumn: 30,
          severity: 'critical',
          message: 'adds capability SYS_ADMIN',
          path: 'spec.containers[0].securityContext.capabilities.add[0]',
        },
        { line: 11, column: 32, endLine: 11, endColumn: 39, severity: 'high', message: 'capability NET_RAW' },
        {
          line: 11,
          column: 41,
          endLine: 11,
          endColumn: 44,
          severity: 'critical',
          message: 'every capability (ALL)',
        },
      ],
    },
    {
      name: 'an ephemeral container',
      code: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: a, image: a:1}]
  ephemeralContainers:
  - name: debug
    image: busybox:1.36
    securityContext: {capabilities: {add: [SYS_PTRACE]}}
`,
      errors: [{ line: 9, column: 44, endLine: 9, endColumn: 54, severity: 'critical', message: '"debug"' }],
    },
  ],
});

ruleTester(capabilitiesNotDropped, {
  valid: [
    {
      name: 'drop ALL, add back NET_BIND_SERVICE',
      code: pod(
        '    securityContext:\n      capabilities:\n        drop: [ALL]\n        add: [CAP_NET_BIND_SERVICE]\n',
      ),
    },
    {
      name: 'drop ["all"] lower case',
      code: pod('    securityContext:\n      capabilities:\n        drop: ["all"]\n'),
    },
    { name: 'windows pods are exempt', code: pod('', '  os: {name: windows}\n') },
    {
      name: 'YAML anchor and merge key share a securityContext',
      code: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: a
    image: a:1
    securityContext: &sc
      capabilities: {drop: [ALL]}
  - name: b
    image: b:1
    securityContext:
      <<: *sc
      readOnlyRootFilesystem: true
`,
    },
  ],
  invalid: [
    {
      name: 'no securityContext: points at the container name',
      code: pod(''),
      errors: [
        {
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 14,
          message: 'capabilities.drop does not include ALL',
          path: 'spec.containers[0].securityContext.capabilities.drop',
        },
      ],
    },
    {
      name: 'a baseline capability added back is outside the restricted profile',
      code: pod(
        '    securityContext:\n      capabilities:\n        drop: [ALL]\n        add: [NET_BIND_SERVICE, chown, SYS_ADMIN]\n',
      ),
      errors: [
        {
          line: 12,
          column: 33,
          endLine: 12,
          endColumn: 38,
          message: 'adds back capability CHOWN',
          path: 'spec.containers[0].securityContext.capabilities.add[1]',
        },
      ],
    },
    {
      name: 'a drop list without ALL: points at it',
      code: pod('    securityContext:\n      capabilities:\n        drop: [NET_RAW]\n'),
      errors: [{ line: 11, column: 9, endLine: 11, endColumn: 24 }],
    },
    {
      name: 'an init container without capabilities, next to a compliant container',
      code: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - name: init
    image: a:1
    securityContext: {runAsNonRoot: true}
  containers:
  - name: app
    image: a:1
    securityContext: {capabilities: {drop: [ALL]}}
`,
      errors: [{ line: 8, column: 5, endLine: 8, endColumn: 20, message: '"init"' }],
    },
  ],
});
