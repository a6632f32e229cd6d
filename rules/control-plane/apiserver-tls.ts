import { defineRule } from '../../src/engine/rule.js';
import { cis, nsa } from '../references.js';
import { COMPONENT_KINDS, eachComponent, reportFlag, weakCiphers } from './support.js';

export default defineRule({
  meta: {
    id: 'apiserver-tls',
    title: 'API server TLS incomplete',
    severity: 'high',
    category: 'control-plane',
    kinds: COMPONENT_KINDS,
    fires:
      "A kube-apiserver missing `--tls-cert-file`/`--tls-private-key-file`, `--client-ca-file`, `--kubelet-client-certificate`/`--kubelet-client-key`, `--kubelet-certificate-authority`, or (when `--etcd-servers` is set) `--etcd-certfile`/`--etcd-keyfile`/`--etcd-cafile`; `--etcd-servers` over plain `http://`; `--tls-cipher-suites` naming a suite outside the CIS list of AEAD, forward-secret suites, or (severity low) unset: Go's default TLS 1.2 suites include ECDHE AES-CBC-SHA suites.",
    silent: 'Every flag present with https etcd servers and `--tls-cipher-suites` limited to the CIS list.',
    assumes:
      'kubeadm sets every TLS flag except `--kubelet-certificate-authority`, so the API server does not verify kubelet serving certificates on a fresh kubeadm cluster.',
    rationale:
      'Every hop to and from the API server must be authenticated TLS: without the kubelet CA it cannot tell a real kubelet from an impostor, and without etcd client certificates anyone on the network can read etcd. The seed advice: TLS everywhere and mutual TLS between etcd and the API server.',
    remediation:
      'Provide the missing files: serving certificate and key, client CA, kubelet client certificate and key and kubelet CA (`--kubelet-certificate-authority`, with kubelet `serverTLSBootstrap: true` so kubelets have CA-signed serving certificates), etcd client certificate, key and CA; restrict `--tls-cipher-suites` to ECDHE AES-GCM/ChaCha20 suites.',
    references: [
      cis('1.2.4', 'Ensure that the --kubelet-client-certificate and --kubelet-client-key arguments are set'),
      cis('1.2.5', 'Ensure that the --kubelet-certificate-authority argument is set'),
      cis('1.2.24', 'Ensure that the --etcd-certfile and --etcd-keyfile arguments are set'),
      cis('1.2.25', 'Ensure that the --tls-cert-file and --tls-private-key-file arguments are set'),
      cis('1.2.26', 'Ensure that the --client-ca-file argument is set'),
      cis('1.2.27', 'Ensure that the --etcd-cafile argument is set'),
      cis('1.2.30', 'Ensure that the API Server only makes use of Strong Cryptographic Ciphers'),
      nsa('Protecting control plane communication with TLS'),
    ],
    presets: ['recommended'],
    peers: {
      checkov: ['CKV_K8S_72', 'CKV_K8S_73', 'CKV_K8S_99', 'CKV_K8S_100', 'CKV_K8S_102', 'CKV_K8S_105'],
      kics: [
        'e0e00aba-5f1c-4981-a542-9a9563c0ee20',
        '3f5ff8a7-5ad6-4d02-86f5-666307da1b20',
        '895a5a95-3756-4b04-9924-2f3bc93181bd',
        'ec18a0d3-0069-4a58-a7fb-fbfe0b4bbbe0',
        '36a27826-1bf5-49da-aeb0-a60a30c0e834',
        'fa750c81-93c2-4fab-9c6d-d3fd3ce3b89f',
        '510d5810-9a30-443a-817d-5c1fa527b110',
      ],
      kubescape: ['C-0116', 'C-0117', 'C-0137', 'C-0138', 'C-0139', 'C-0140', 'C-0143', 'C-0277'],
      trivy: ['KCV-0005', 'KCV-0006', 'KCV-0026', 'KCV-0027', 'KCV-0028', 'KCV-0029'],
    },
  },
  create(context) {
    return {
      object(o) {
        eachComponent(o, 'kube-apiserver', (c) => {
          const requireAll = (flags: readonly string[], what: string, control: string): void => {
            const missing = flags.filter((f) => !c.value(f));
            if (!missing.length) return;
            reportFlag(
              context,
              c,
              missing[0]!,
              `the API server has no ${missing.map((f) => `--${f}`).join(' or ')}: ${what} [CIS ${control}]`,
            );
          };
          requireAll(
            ['tls-cert-file', 'tls-private-key-file'],
            'it serves with a self-signed certificate clients cannot verify',
            '1.2.25',
          );
          requireAll(['client-ca-file'], 'client certificates cannot be verified', '1.2.26');
          requireAll(
            ['kubelet-client-certificate', 'kubelet-client-key'],
            'it cannot authenticate to kubelets',
            '1.2.4',
          );
          requireAll(
            ['kubelet-certificate-authority'],
            "it does not verify kubelets' serving certificates, so a connection to a kubelet can be intercepted",
            '1.2.5',
          );
          const servers = c.list('etcd-servers');
          if (servers.length) {
            requireAll(
              ['etcd-certfile', 'etcd-keyfile'],
              'it does not authenticate to etcd with a client certificate',
              '1.2.24',
            );
            requireAll(['etcd-cafile'], "it does not verify etcd's certificate", '1.2.27');
            const plain = servers.filter((s) => s.startsWith('http://'));
            if (plain.length)
              reportFlag(
                context,
                c,
                'etcd-servers',
                `the API server talks to etcd over plain HTTP (${plain.join(', ')}); use https:// endpoints with client certificates`,
              );
          }
          const suites = c.list('tls-cipher-suites');
          const weak = weakCiphers(suites);
          if (suites.length === 0)
            reportFlag(
              context,
              c,
              'tls-cipher-suites',
              "--tls-cipher-suites is not set, so the API server offers Go's default TLS 1.2 suites, which include ECDHE suites with AES-CBC and SHA-1; list only ECDHE suites with AES-GCM or ChaCha20-Poly1305 [CIS 1.2.30]",
              'low',
            );
          else if (weak.length)
            reportFlag(
              context,
              c,
              'tls-cipher-suites',
              `--tls-cipher-suites allows weak suites ${weak.join(', ')}; keep only ECDHE suites with AES-GCM or ChaCha20-Poly1305 [CIS 1.2.30]`,
            );
        });
      },
    };
  },
});
