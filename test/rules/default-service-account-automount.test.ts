import rule from '../../rules/workload/default-service-account-automount.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'default ServiceAccount opts out',
      code: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: default
  namespace: shop
automountServiceAccountToken: false
`,
    },
    {
      name: 'another ServiceAccount is left to service-account-token-automount',
      code: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  namespace: shop
`,
    },
    {
      name: 'a ConfigMap named default',
      code: `apiVersion: v1
kind: ConfigMap
metadata:
  name: default
data: {a: b}
`,
    },
  ],
  invalid: [
    {
      name: 'default ServiceAccount without the field',
      code: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: default
  namespace: shop
`,
      errors: [
        {
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 16,
          message: 'the default ServiceAccount in namespace "shop" leaves automountServiceAccountToken unset',
          severity: 'low',
          path: 'automountServiceAccountToken',
        },
      ],
    },
    {
      name: 'default ServiceAccount set to true',
      code: `apiVersion: v1
kind: ServiceAccount
metadata: {name: default}
automountServiceAccountToken: true
`,
      errors: [
        {
          line: 4,
          column: 1,
          endLine: 4,
          endColumn: 35,
          message: 'sets automountServiceAccountToken: true',
          path: 'automountServiceAccountToken',
        },
      ],
    },
  ],
});
