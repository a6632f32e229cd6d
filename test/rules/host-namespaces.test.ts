import hostIpc from '../../rules/workload/host-ipc.js';
import hostNetwork from '../../rules/workload/host-network.js';
import hostPid from '../../rules/workload/host-pid.js';
import { ruleTester } from '../rule-tester.js';

const pod = (fields: string) => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
${fields}  containers:
  - name: app
    image: app:1.0
`;

ruleTester(hostNetwork, {
  valid: [
    { name: 'unset', code: pod('') },
    { name: 'false', code: pod('  hostNetwork: false\n') },
    { name: 'the string "true" is not a boolean', code: pod('  hostNetwork: "true"\n') },
    {
      name: 'a container-level field means nothing',
      code: pod('').replace('image: app:1.0', 'image: app:1.0\n    hostNetwork: true'),
    },
  ],
  invalid: [
    {
      name: 'hostNetwork: true on a Pod',
      code: pod('  hostNetwork: true\n'),
      errors: [
        {
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 20,
          message: "shares the node's network namespace",
          severity: 'high',
          path: 'spec.hostNetwork',
        },
      ],
    },
    {
      name: 'YAML 1.1 boolean in a Deployment template',
      code: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      hostNetwork: yes
      containers: [{name: a, image: a:1}]
`,
      errors: [{ line: 7, column: 7, endLine: 7, endColumn: 23, path: 'spec.template.spec.hostNetwork' }],
    },
  ],
});

ruleTester(hostPid, {
  valid: [{ name: 'false', code: pod('  hostPID: false\n') }],
  invalid: [
    {
      name: 'hostPID: true',
      code: pod('  hostPID: true\n'),
      errors: [{ line: 6, column: 3, endLine: 6, endColumn: 16, message: 'process (PID) namespace' }],
    },
  ],
});

ruleTester(hostIpc, {
  valid: [{ name: 'unset', code: pod('') }],
  invalid: [
    {
      name: 'hostIPC: true on a DaemonSet on a windows pod (not a Linux-only control)',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: d}
spec:
  template:
    spec:
      os: {name: windows}
      hostIPC: true
      containers: [{name: a, image: a:1}]
`,
      errors: [{ line: 8, column: 7, endLine: 8, endColumn: 20, message: 'IPC namespace' }],
    },
  ],
});
