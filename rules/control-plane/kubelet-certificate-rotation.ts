import { defineRule } from '../../src/engine/rule.js';
import { kubeletsIn, settingBool } from '../../src/model/index.js';
import { cis } from '../references.js';
import { reportKubelet, settingName } from './kubelet-support.js';
import { KUBELET_KINDS } from './support.js';

export default defineRule({
  meta: {
    id: 'kubelet-certificate-rotation',
    title: 'Kubelet certificate rotation off',
    severity: 'medium',
    category: 'node',
    kinds: KUBELET_KINDS,
    fires:
      'A kubelet with `rotateCertificates: false` (`--rotate-certificates=false`), or with the `RotateKubeletServerCertificate` feature gate set to false (`featureGates` or `--feature-gates`).',
    silent: 'Rotation left at its defaults or turned on (kubeadm writes `rotateCertificates: true`).',
    assumes:
      'The RotateKubeletServerCertificate feature gate is on by default (beta since 1.12); CIS 4.2.11 passes when rotateCertificates is not false.',
    rationale:
      'Without rotation the kubelet keeps its client certificate until it expires, and a stolen certificate stays valid for its whole lifetime.',
    remediation: 'Set `rotateCertificates: true` and remove `RotateKubeletServerCertificate: false`.',
    references: [
      cis('4.2.11', 'Ensure that the --rotate-certificates argument is not set to false'),
      cis('4.2.12', 'Verify that the RotateKubeletServerCertificate argument is set to true'),
    ],
    presets: ['recommended'],
    peers: {
      checkov: ['CKV_K8S_112', 'CKV_K8S_149'],
      kics: ['52d70f2e-3257-474c-b3dc-8ad9ba6a061a', '1c621b8e-2c6a-44f5-bd6a-fb0fb7ba33e2'],
      kubescape: ['C-0182', 'C-0183'],
      trivy: ['KCV-0090', 'KCV-0091'],
    },
  },
  create(context) {
    return {
      object(o) {
        for (const k of kubeletsIn(o)) {
          const client = k.setting(['rotateCertificates'], 'rotate-certificates');
          if (settingBool(client) === false)
            reportKubelet(
              context,
              k,
              client,
              'rotateCertificates',
              `kubelet client certificate rotation is off (${settingName(k, 'rotateCertificates', 'rotate-certificates')}: false); set it to true [CIS 4.2.11]`,
            );
          const server = k.setting(['featureGates', 'RotateKubeletServerCertificate'], 'feature-gates');
          if (settingBool(server) === false)
            reportKubelet(
              context,
              k,
              server,
              'featureGates.RotateKubeletServerCertificate',
              'kubelet serving certificate rotation is off (RotateKubeletServerCertificate=false); remove it [CIS 4.2.12]',
            );
        }
      },
    };
  },
});
