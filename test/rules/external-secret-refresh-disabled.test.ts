import { describe, expect, it } from 'vitest';
import rule, { isZeroDuration } from '../../rules/cluster/external-secret-refresh-disabled.js';
import { ruleTester } from '../rule-tester.js';

const es = (fields: string, apiVersion = 'external-secrets.io/v1') => `apiVersion: ${apiVersion}
kind: ExternalSecret
metadata:
  name: db
  namespace: shop
spec:
  secretStoreRef:
    kind: ClusterSecretStore
    name: vault
${fields}  data:
    - secretKey: password
      remoteRef:
        key: shop/db
`;

describe('isZeroDuration', () => {
  it('reads Go durations', () => {
    expect(['0', '0s', '0m0s', '0h', '0.0s', 0].map(isZeroDuration)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['1h', '0h1m', '30s', '1', 'never', '', 5].map(isZeroDuration)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

ruleTester(rule, {
  valid: [
    { name: 'no refreshInterval: the operator defaults it to 1h', code: es('') },
    { name: 'a non-zero interval', code: es('  refreshInterval: 15m\n') },
    { name: 'a compound non-zero interval', code: es('  refreshInterval: "0h30m"\n') },
    { name: 'refreshPolicy Periodic', code: es('  refreshPolicy: Periodic\n  refreshInterval: 1h\n') },
    {
      name: 'another group with a kind named ExternalSecret is not the operator',
      code: es('  refreshInterval: 0s\n', 'example.com/v1'),
    },
  ],
  invalid: [
    {
      name: 'refreshInterval "0s" on v1beta1',
      code: es('  refreshInterval: "0s"\n', 'external-secrets.io/v1beta1'),
      errors: [
        {
          line: 10,
          column: 20,
          endLine: 10,
          endColumn: 24,
          message: 'ExternalSecret db has refreshInterval 0s',
          severity: 'low',
          path: 'spec.refreshInterval',
        },
      ],
    },
    {
      name: 'refreshInterval 0 (a bare zero)',
      code: es('  refreshInterval: 0\n'),
      errors: [{ line: 10, column: 20, endLine: 10, endColumn: 21, path: 'spec.refreshInterval' }],
    },
    {
      name: 'refreshPolicy CreatedOnce',
      code: es('  refreshPolicy: CreatedOnce\n'),
      errors: [
        {
          line: 10,
          column: 18,
          endLine: 10,
          endColumn: 29,
          message: 'refreshPolicy CreatedOnce',
          path: 'spec.refreshPolicy',
        },
      ],
    },
    {
      name: 'a ClusterExternalSecret template that never refreshes',
      code: `apiVersion: external-secrets.io/v1
kind: ClusterExternalSecret
metadata:
  name: shared
spec:
  namespaceSelector:
    matchLabels: {team: shop}
  externalSecretSpec:
    refreshInterval: 0m0s
    secretStoreRef: {kind: ClusterSecretStore, name: vault}
`,
      errors: [
        {
          line: 9,
          column: 22,
          endLine: 9,
          endColumn: 26,
          message: 'ClusterExternalSecret shared',
          path: 'spec.externalSecretSpec.refreshInterval',
        },
      ],
    },
  ],
});
