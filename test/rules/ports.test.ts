import containerSshPort from '../../rules/workload/container-ssh-port.js';
import hostPort from '../../rules/workload/host-port.js';
import { ruleTester } from '../rule-tester.js';

const pod = (ports: string) => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: app
    image: app:1.0
    ports:
${ports}`;

ruleTester(hostPort, {
  valid: [
    { name: 'containerPort only', code: pod('    - containerPort: 8080\n') },
    { name: 'hostPort 0', code: pod('    - {containerPort: 8080, hostPort: 0}\n') },
  ],
  invalid: [
    {
      name: 'a hostPort',
      code: pod('    - containerPort: 8080\n      hostPort: 80\n'),
      errors: [
        {
          line: 11,
          column: 7,
          endLine: 11,
          endColumn: 19,
          severity: 'medium',
          message: 'binds port 80 on the node (hostPort for containerPort 8080)',
          path: 'spec.containers[0].ports[0].hostPort',
        },
      ],
    },
  ],
});

ruleTester(containerSshPort, {
  valid: [{ name: 'port 2222', code: pod('    - containerPort: 2222\n') }],
  invalid: [
    {
      name: 'port 22',
      code: pod('    - name: http\n      containerPort: 80\n    - name: ssh\n      containerPort: 22\n'),
      errors: [
        {
          line: 13,
          column: 7,
          endLine: 13,
          endColumn: 24,
          path: 'spec.containers[0].ports[1].containerPort',
        },
      ],
    },
  ],
});
