import deprecatedServiceAccountField from '../../../rules/availability/deprecated-service-account-field.js';
import dnsNdotsHigh from '../../../rules/availability/dns-ndots-high.js';
import imagePullPolicyNotAlways from '../../../rules/availability/image-pull-policy-not-always.js';
import priorityClassMissing from '../../../rules/availability/priority-class-missing.js';
import privilegedPort from '../../../rules/availability/privileged-port.js';
import { ruleTester } from '../../rule-tester.js';

const pod = (podSpec: string, container = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:${podSpec}
      containers:
        - name: web
          image: nginx:1.27
${container}`;

ruleTester(imagePullPolicyNotAlways, {
  valid: [
    { name: 'Always', code: pod('', '          imagePullPolicy: Always\n') },
    { name: 'unset on :latest defaults to Always', code: pod('').replace('nginx:1.27', 'nginx:latest') },
    { name: 'unset on an untagged image defaults to Always', code: pod('').replace('nginx:1.27', 'nginx') },
  ],
  invalid: [
    {
      name: 'IfNotPresent',
      code: pod('', '          imagePullPolicy: IfNotPresent\n'),
      errors: [
        {
          line: 11,
          column: 28,
          endLine: 11,
          endColumn: 40,
          path: 'spec.template.spec.containers[0].imagePullPolicy',
        },
      ],
    },
    {
      name: 'unset on a tagged image defaults to IfNotPresent',
      code: pod(''),
      errors: [{ line: 9, column: 11, endLine: 9, endColumn: 20, message: 'defaults to IfNotPresent' }],
    },
  ],
});

ruleTester(priorityClassMissing, {
  valid: [{ name: 'set', code: pod('\n      priorityClassName: business-critical') }],
  invalid: [
    {
      name: 'unset',
      code: pod(''),
      errors: [
        { line: 7, column: 5, endLine: 7, endColumn: 9, path: 'spec.template.spec.priorityClassName' },
      ],
    },
  ],
});

ruleTester(deprecatedServiceAccountField, {
  valid: [
    { name: 'serviceAccountName only', code: pod('\n      serviceAccountName: web') },
    {
      name: 'both, same value (as kubectl writes them)',
      code: pod('\n      serviceAccountName: web\n      serviceAccount: web'),
    },
  ],
  invalid: [
    {
      name: 'the deprecated field alone',
      code: pod('\n      serviceAccount: web'),
      errors: [{ line: 8, column: 7, endLine: 8, endColumn: 21, message: 'rename it to serviceAccountName' }],
    },
    {
      name: 'two different identities',
      code: pod('\n      serviceAccount: admin\n      serviceAccountName: web'),
      errors: [{ line: 8, column: 7, endLine: 8, endColumn: 21, message: 'the pod runs as "web"' }],
    },
  ],
});

ruleTester(privilegedPort, {
  valid: [
    { name: 'root or unknown user: may bind', code: pod('', '          ports: [{containerPort: 80}]\n') },
    {
      name: 'non-root on 8080',
      code: pod(
        '\n      securityContext: {runAsNonRoot: true}',
        '          ports: [{containerPort: 8080}]\n',
      ),
    },
    {
      name: 'NET_BIND_SERVICE added',
      code: pod(
        '\n      securityContext: {runAsUser: 101}',
        '          ports: [{containerPort: 80}]\n          securityContext:\n            capabilities: {add: [NET_BIND_SERVICE], drop: [ALL]}\n',
      ),
    },
    {
      name: 'the pod lowers ip_unprivileged_port_start',
      code: pod(
        '\n      securityContext:\n        runAsUser: 101\n        sysctls: [{name: net.ipv4.ip_unprivileged_port_start, value: "0"}]',
        '          ports: [{containerPort: 80}]\n',
      ),
    },
    {
      name: 'the container runs as root over a non-root pod',
      code: pod(
        '\n      securityContext: {runAsNonRoot: true}',
        '          ports: [{containerPort: 80}]\n          securityContext: {runAsUser: 0}\n',
      ),
    },
  ],
  invalid: [
    {
      name: 'runAsNonRoot at pod level, port 80',
      code: pod(
        '\n      securityContext: {runAsNonRoot: true}',
        '          ports:\n            - containerPort: 80\n',
      ),
      errors: [
        {
          line: 13,
          column: 30,
          endLine: 13,
          endColumn: 32,
          path: 'spec.template.spec.containers[0].ports[0].containerPort',
        },
      ],
    },
  ],
});

ruleTester(dnsNdotsHigh, {
  valid: [
    { name: 'no dnsConfig', code: pod('') },
    { name: 'ndots 2', code: pod('\n      dnsConfig:\n        options: [{name: ndots, value: "2"}]') },
    {
      name: 'ndots 8 under max 10',
      code: pod('\n      dnsConfig:\n        options: [{name: ndots, value: "8"}]'),
      options: { max: 10 },
    },
  ],
  invalid: [
    {
      name: 'ndots 8',
      code: pod('\n      dnsConfig:\n        options:\n          - name: ndots\n            value: "8"'),
      errors: [{ line: 11, column: 20, endLine: 11, endColumn: 23, message: 'sets ndots 8' }],
    },
  ],
});
