import { defineRule } from '../../src/engine/rule.js';
import { parseKeyValueList } from '../../src/model/index.js';
import { cis } from '../references.js';
import { COMPONENT_KINDS, eachComponent, reportFlag } from './support.js';

export default defineRule({
  meta: {
    id: 'controller-manager-hardening',
    title: 'Controller manager credentials and certificates',
    severity: 'medium',
    category: 'control-plane',
    kinds: COMPONENT_KINDS,
    fires:
      'A kube-controller-manager without `--use-service-account-credentials=true`, without `--terminated-pod-gc-threshold` (severity low; the default keeps 12,500 finished pods), without `--service-account-private-key-file` or `--root-ca-file`, or with `RotateKubeletServerCertificate=false` in `--feature-gates`.',
    silent:
      "kubeadm's controller manager as generated, once `--terminated-pod-gc-threshold` is added (kubeadm does not set it). Binding beyond loopback is reported by `controller-manager-bind-address`, not here, so one flag gives one finding.",
    assumes:
      "Without the flag every controller runs with the controller manager's own, very broad, credentials.",
    rationale:
      'Per-controller service accounts limit each controller to the RBAC role it needs; the key and root CA files let it issue verifiable service-account tokens; kubelet serving certificate rotation keeps node certificates short-lived.',
    remediation:
      'Set `--use-service-account-credentials=true`, `--terminated-pod-gc-threshold`, `--service-account-private-key-file`, `--root-ca-file`, and remove `RotateKubeletServerCertificate=false`.',
    references: [
      cis('1.3.1', 'Ensure that the --terminated-pod-gc-threshold argument is set as appropriate'),
      cis('1.3.3', 'Ensure that the --use-service-account-credentials argument is set to true'),
      cis('1.3.4', 'Ensure that the --service-account-private-key-file argument is set as appropriate'),
      cis('1.3.5', 'Ensure that the --root-ca-file argument is set as appropriate'),
      cis('1.3.6', 'Ensure that the RotateKubeletServerCertificate argument is set to true'),
    ],
    presets: ['recommended'],
    peers: {
      checkov: ['CKV_K8S_106', 'CKV_K8S_108', 'CKV_K8S_110', 'CKV_K8S_111', 'CKV_K8S_112'],
      kics: [
        '05fb986f-ac73-4ebb-a5b2-7faafa93d882',
        '1c621b8e-2c6a-44f5-bd6a-fb0fb7ba33e2',
        'ccc98ff7-68a7-436e-9218-185cb0b0b780',
        '49113af4-29ca-458e-b8d4-724c01a4a24f',
        '1acd93f1-5a37-45c0-aaac-82ece818be7d',
      ],
      kubescape: ['C-0144', 'C-0146', 'C-0147', 'C-0148', 'C-0149'],
      trivy: ['KCV-0033', 'KCV-0035', 'KCV-0036', 'KCV-0037', 'KCV-0038'],
    },
  },
  create(context) {
    return {
      object(o) {
        eachComponent(o, 'kube-controller-manager', (c) => {
          if (c.bool('use-service-account-credentials') !== true)
            reportFlag(
              context,
              c,
              'use-service-account-credentials',
              "controllers share the controller manager's own credentials; set --use-service-account-credentials=true [CIS 1.3.3]",
            );
          if (!c.value('service-account-private-key-file'))
            reportFlag(
              context,
              c,
              'service-account-private-key-file',
              'the controller manager has no --service-account-private-key-file to sign service-account tokens; set it [CIS 1.3.4]',
            );
          if (!c.value('root-ca-file'))
            reportFlag(
              context,
              c,
              'root-ca-file',
              "the controller manager has no --root-ca-file, so pods cannot verify the API server's certificate; set it [CIS 1.3.5]",
            );
          if (!c.value('terminated-pod-gc-threshold'))
            reportFlag(
              context,
              c,
              'terminated-pod-gc-threshold',
              'the controller manager has no --terminated-pod-gc-threshold, so up to 12,500 finished pods are kept before any is collected, loading etcd and the API server; set a threshold that fits the cluster (for example 1000) [CIS 1.3.1]',
              'low',
            );
          const gates = parseKeyValueList(c.list('feature-gates').join(','));
          if (gates.get('RotateKubeletServerCertificate')?.toLowerCase() === 'false')
            reportFlag(
              context,
              c,
              'feature-gates',
              'RotateKubeletServerCertificate=false turns off kubelet serving certificate rotation; remove it [CIS 1.3.6]',
            );
        });
      },
    };
  },
});
