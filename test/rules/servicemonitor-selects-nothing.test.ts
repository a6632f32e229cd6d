import rule from '../../rules/references/servicemonitor-selects-nothing.js';
import { ruleTester } from '../rule-tester.js';

const svc = (ns = 'shop') => `apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: ${ns}
  labels: {app: api}
spec:
  selector: {app: api}
  ports: [{name: metrics, port: 9090}]
`;

const monitor = (selector: string, nsSel = '') => `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: api, namespace: shop}
spec:
  selector: ${selector}
${nsSel}  endpoints: [{port: metrics}]
`;

ruleTester(rule, {
  valid: [
    {
      name: 'selects the Service',
      files: { 's.yaml': svc(), 'm.yaml': monitor('{matchLabels: {app: api}}') },
    },
    {
      name: 'any namespace',
      files: {
        's.yaml': svc(),
        'm.yaml': monitor('{matchLabels: {app: web}}', '  namespaceSelector: {any: true}\n'),
      },
    },
    {
      name: 'a watched namespace without Services in the tree',
      files: {
        's.yaml': svc(),
        'm.yaml': monitor(
          '{matchLabels: {app: web}}',
          '  namespaceSelector: {matchNames: [shop, monitoring]}\n',
        ),
      },
    },
  ],
  invalid: [
    {
      name: 'no Service carries the labels',
      files: { 's.yaml': svc(), 'm.yaml': monitor('{matchLabels: {app: web}}') },
      errors: [
        {
          file: 'm.yaml',
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 11,
          message: 'ServiceMonitor api selects no Service in shop',
          severity: 'low',
          path: 'spec.selector',
        },
      ],
    },
  ],
});
