import rule from '../../rules/workload/control-plane-scheduling.js';
import { ruleTester } from '../rule-tester.js';

const workload = (kind: string, podFields: string) => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: w
spec:
  template:
    spec:
${podFields}      containers:
        - name: app
          image: app:1.0
`;

ruleTester(rule, {
  valid: [
    { name: 'no tolerations', code: workload('Deployment', '') },
    {
      name: 'other taints, and affinity away from control-plane nodes',
      code: workload(
        'Deployment',
        `      tolerations:
        - key: dedicated
          operator: Equal
          value: gpu
          effect: NoSchedule
        - key: node-role.kubernetes.io/control-plane
          effect: NoExecute
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
              - matchExpressions:
                  - {key: node-role.kubernetes.io/control-plane, operator: DoesNotExist}
      nodeName: worker-3
`,
      ),
    },
  ],
  invalid: [
    {
      name: 'a Deployment that tolerates and selects control-plane nodes',
      code: workload(
        'Deployment',
        `      tolerations:
        - key: node-role.kubernetes.io/control-plane
          operator: Exists
          effect: NoSchedule
      nodeSelector:
        node-role.kubernetes.io/control-plane: ""
`,
      ),
      errors: [
        {
          line: 9,
          column: 11,
          endLine: 9,
          endColumn: 53,
          severity: 'medium',
          message: 'tolerates the control-plane taint',
          path: 'spec.template.spec.tolerations[0]',
        },
        { line: 13, column: 9, endLine: 13, endColumn: 50, severity: 'medium', message: 'nodeSelector' },
      ],
    },
    {
      name: 'a DaemonSet that only tolerates everything is low',
      code: workload('DaemonSet', '      tolerations:\n        - operator: Exists\n'),
      errors: [
        { line: 9, column: 11, endLine: 9, endColumn: 27, severity: 'low', message: 'tolerates every taint' },
      ],
    },
    {
      name: 'nodeName and preferred affinity on the master label',
      code: workload(
        'StatefulSet',
        `      nodeName: k8s-master-1
      affinity:
        nodeAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 1
              preference:
                matchExpressions:
                  - key: node-role.kubernetes.io/master
                    operator: Exists
`,
      ),
      errors: [
        { line: 8, column: 7, endLine: 8, endColumn: 29, message: 'pinned to node "k8s-master-1"' },
        {
          line: 15,
          column: 21,
          endLine: 15,
          endColumn: 56,
          message: 'node affinity',
          path: 'spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].key',
        },
      ],
    },
  ],
});
