import rule from '../../rules/workload/restricted-volume-types.js';
import { ruleTester } from '../rule-tester.js';

const pod = (volumes: string) => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: app
    image: app:1.0
  volumes:
${volumes}`;

ruleTester(rule, {
  valid: [
    {
      name: 'every allowed type',
      code: pod(`  - {name: a, configMap: {name: c}}
  - {name: b, secret: {secretName: s}}
  - {name: c, emptyDir: {}}
  - {name: d, persistentVolumeClaim: {claimName: p}}
  - {name: e, projected: {sources: []}}
  - {name: f, downwardAPI: {items: []}}
  - {name: g, csi: {driver: x}}
  - {name: h, ephemeral: {volumeClaimTemplate: {spec: {}}}}
`),
    },
    { name: "hostPath is host-path-volume's", code: pod('  - {name: h, hostPath: {path: /data}}\n') },
  ],
  invalid: [
    {
      name: 'nfs and gitRepo',
      code: pod(
        '  - name: share\n    nfs:\n      server: nfs.local\n      path: /exports\n  - name: src\n    gitRepo: {repository: "https://example.com/r.git"}\n',
      ),
      errors: [
        {
          line: 11,
          column: 5,
          endLine: 11,
          endColumn: 8,
          message: 'volume "share" uses the nfs volume type',
          path: 'spec.volumes[0].nfs',
        },
        { line: 15, column: 5, endLine: 15, endColumn: 12, message: 'gitRepo' },
      ],
    },
  ],
});
