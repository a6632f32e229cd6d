import pdbBlocksEviction from '../../../rules/availability/pdb-blocks-eviction.js';
import pdbMissing from '../../../rules/availability/pdb-missing.js';
import { ruleTester } from '../../rule-tester.js';

const deployment = (replicas: string, ns = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web${ns}
spec:
${replicas}  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - {name: web, image: nginx:1.27}
`;

const pdb = (spec: string, ns = '') => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web${ns}
spec:
  selector:
    matchLabels: {app: web}
${spec}`;

ruleTester(pdbMissing, {
  valid: [
    { name: 'one replica needs no budget', code: deployment('  replicas: 1\n') },
    {
      name: 'a budget selects the pods',
      files: { 'deploy.yaml': deployment('  replicas: 3\n'), 'pdb.yaml': pdb('  maxUnavailable: 1\n') },
    },
    {
      name: 'a budget without a namespace may be applied next to it',
      files: {
        'deploy.yaml': deployment('  replicas: 3\n', '\n  namespace: shop'),
        'pdb.yaml': pdb('  maxUnavailable: 1\n'),
      },
    },
  ],
  invalid: [
    {
      name: 'three replicas and no budget',
      code: deployment('  replicas: 3\n'),
      errors: [{ line: 4, column: 3, endLine: 4, endColumn: 12, message: 'no PodDisruptionBudget' }],
    },
    {
      name: 'a budget in another namespace does not count',
      files: {
        'deploy.yaml': deployment('  replicas: 3\n', '\n  namespace: shop'),
        'pdb.yaml': pdb('  maxUnavailable: 1\n', '\n  namespace: other'),
      },
      errors: [{ file: 'deploy.yaml', line: 4, column: 3, endLine: 4, endColumn: 12 }],
    },
  ],
});

ruleTester(pdbBlocksEviction, {
  valid: [
    {
      name: 'maxUnavailable: 1 with AlwaysAllow',
      code: pdb('  maxUnavailable: 1\n  unhealthyPodEvictionPolicy: AlwaysAllow\n'),
    },
    { name: 'maxUnavailable: 2 leaves room for two', code: pdb('  maxUnavailable: 2\n') },
    {
      name: 'minAvailable below the replicas with room for two',
      files: { 'd.yaml': deployment('  replicas: 4\n'), 'p.yaml': pdb('  minAvailable: 2\n') },
    },
    {
      name: 'minAvailable count with no workload in the tree (replicas unknown)',
      code: pdb('  minAvailable: 3\n'),
    },
    {
      name: 'room for one with AlwaysAllow',
      files: {
        'd.yaml': deployment('  replicas: 3\n'),
        'p.yaml': pdb('  minAvailable: 2\n  unhealthyPodEvictionPolicy: AlwaysAllow\n'),
      },
    },
    { name: 'minAvailable 50%', code: pdb('  minAvailable: 50%\n') },
  ],
  invalid: [
    {
      name: 'maxUnavailable: 0',
      code: pdb('  maxUnavailable: 0\n'),
      errors: [
        { line: 8, column: 19, endLine: 8, endColumn: 20, path: 'spec.maxUnavailable', severity: 'medium' },
      ],
    },
    {
      name: 'minAvailable: 100%',
      code: pdb('  minAvailable: 100%\n'),
      errors: [{ line: 8, column: 17, endLine: 8, endColumn: 21, message: '100%' }],
    },
    {
      name: 'minAvailable equal to the replicas',
      files: { 'd.yaml': deployment('  replicas: 2\n'), 'p.yaml': pdb('  minAvailable: 2\n') },
      errors: [
        {
          file: 'p.yaml',
          line: 8,
          column: 17,
          endLine: 8,
          endColumn: 18,
          message: '2 available pods of 2 replicas',
        },
      ],
    },
    {
      name: 'maxUnavailable: 1 and the unhealthy-pod policy unset',
      code: pdb('  maxUnavailable: 1\n'),
      errors: [
        {
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 5,
          severity: 'low',
          path: 'spec.unhealthyPodEvictionPolicy',
        },
      ],
    },
    {
      name: 'room for one and the unhealthy-pod policy unset',
      files: { 'd.yaml': deployment('  replicas: 3\n'), 'p.yaml': pdb('  minAvailable: 2\n') },
      errors: [
        {
          file: 'p.yaml',
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 5,
          severity: 'low',
          message: 'AlwaysAllow',
        },
      ],
    },
  ],
});
