import rule from '../../rules/references/probe-port-invalid.js';
import { podManifest, ruleTester } from '../rule-tester.js';

const ports = '    ports: [{name: http, containerPort: 8080}]\n';

ruleTester(rule, {
  valid: [
    {
      name: 'a named port the container declares',
      code: podManifest(`${ports}    livenessProbe: {httpGet: {path: /, port: http}}\n`),
    },
    {
      name: 'a numeric port need not be declared',
      code: podManifest('    readinessProbe: {tcpSocket: {port: 9000}}\n'),
    },
  ],
  invalid: [
    {
      name: 'a readiness probe on an unknown port name',
      code: podManifest(
        `${ports}    readinessProbe:\n      httpGet:\n        path: /ready\n        port: metrics\n`,
      ),
      errors: [
        {
          line: 13,
          column: 15,
          endLine: 13,
          endColumn: 22,
          message: 'container "app" readinessProbe uses port "metrics"',
          severity: 'medium',
          path: 'spec.containers[0].readinessProbe.httpGet.port',
        },
      ],
    },
  ],
});
