import { defineRule } from '../../src/engine/rule.js';
import { kubeletsIn, settingBool, settingText } from '../../src/model/index.js';
import { cis, nsa } from '../references.js';
import { reportKubelet, settingName } from './kubelet-support.js';
import { KUBELET_KINDS } from './support.js';

export default defineRule({
  meta: {
    id: 'kubelet-tls',
    title: 'Kubelet TLS incomplete',
    severity: 'medium',
    category: 'node',
    kinds: KUBELET_KINDS,
    fires:
      'A kubelet without a client CA (`authentication.x509.clientCAFile`, `--client-ca-file`), or without a serving certificate it can prove: neither `tlsCertFile` and `tlsPrivateKeyFile` (`--tls-cert-file`, `--tls-private-key-file`) nor `serverTLSBootstrap: true` (`--rotate-server-certificates`).',
    silent:
      'Kubelet flags in kubeadm `kubeletExtraArgs` or Cluster API configs, which sit on top of a kubelet config file that is not in view (kubeadm writes the client CA into it), unless the file is in the tree.',
    assumes:
      'Without a serving certificate the kubelet generates a self-signed one, which the API server cannot verify; without a client CA it accepts no client certificates (so the API server can only authenticate with tokens).',
    rationale:
      "The API server reaches every kubelet for exec, logs and port-forward. Unless the kubelet proves its identity with a CA-signed certificate and verifies the API server's client certificate, that channel can be intercepted or impersonated. The seed advice: TLS everywhere.",
    remediation:
      'Set `authentication.x509.clientCAFile` to the cluster CA and `serverTLSBootstrap: true` (approve the kubelet serving CSRs), or provide `tlsCertFile` and `tlsPrivateKeyFile` signed by the cluster CA.',
    references: [
      cis('4.2.3', 'Ensure that the --client-ca-file argument is set as appropriate'),
      cis(
        '4.2.10',
        'Ensure that the --tls-cert-file and --tls-private-key-file arguments are set as appropriate',
      ),
      nsa('Protecting control plane communication with TLS'),
    ],
    presets: ['recommended'],
    peers: {
      checkov: ['CKV_K8S_140', 'CKV_K8S_148'],
      kics: ['e0e00aba-5f1c-4981-a542-9a9563c0ee20', 'fa750c81-93c2-4fab-9c6d-d3fd3ce3b89f'],
      kubescape: ['C-0070', 'C-0174', 'C-0181'],
      trivy: ['KCV-0081', 'KCV-0088', 'KCV-0089'],
    },
  },
  create(context) {
    return {
      object(o) {
        for (const k of kubeletsIn(o)) {
          if (k.defaults === 'unknown') continue;
          const ca = k.setting(['authentication', 'x509', 'clientCAFile'], 'client-ca-file');
          if (!settingText(ca))
            reportKubelet(
              context,
              k,
              ca,
              'authentication.x509.clientCAFile',
              `the kubelet has no ${settingName(k, 'authentication.x509.clientCAFile', 'client-ca-file')}, so it cannot verify the API server's client certificate; set it to the cluster CA [CIS 4.2.3]`,
            );
          const cert = k.setting(['tlsCertFile'], 'tls-cert-file');
          const key = k.setting(['tlsPrivateKeyFile'], 'tls-private-key-file');
          const bootstrap = k.setting(['serverTLSBootstrap'], 'rotate-server-certificates');
          if ((settingText(cert) && settingText(key)) || settingBool(bootstrap) === true) continue;
          reportKubelet(
            context,
            k,
            bootstrap,
            'serverTLSBootstrap',
            `the kubelet serves with a self-signed certificate (no ${settingName(k, 'tlsCertFile', 'tls-cert-file')} and ${settingName(k, 'tlsPrivateKeyFile', 'tls-private-key-file')}, and ${settingName(k, 'serverTLSBootstrap', 'rotate-server-certificates')} is not true), so the API server cannot verify it; set ${settingName(k, 'serverTLSBootstrap', 'rotate-server-certificates')}: true [CIS 4.2.10]`,
          );
        }
      },
    };
  },
});
