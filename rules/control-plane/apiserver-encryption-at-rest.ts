import { defineRule } from '../../src/engine/rule.js';
import { cis, nsa } from '../references.js';
import { COMPONENT_KINDS, eachComponent, reportFlag } from './support.js';

export default defineRule({
  meta: {
    id: 'apiserver-encryption-at-rest',
    title: 'Secrets are not encrypted at rest',
    severity: 'high',
    category: 'control-plane',
    kinds: COMPONENT_KINDS,
    fires: 'A kube-apiserver without `--encryption-provider-config`.',
    silent:
      'Any `--encryption-provider-config` (the `encryption-config-weak` rule checks the EncryptionConfiguration itself when it is in the scanned tree).',
    assumes:
      'Without the flag the API server writes Secrets to etcd as plain base64; kubeadm does not set it.',
    rationale:
      'Anyone who reads etcd or one of its backups reads every Secret. The seed advice: Secrets are base64-encoded, not encrypted, in etcd; enable encryption at rest.',
    remediation:
      'Write an EncryptionConfiguration (kms v2, or aesgcm/secretbox with key rotation) covering `secrets` and pass it with `--encryption-provider-config`.',
    references: [
      cis('1.2.28', 'Ensure that the --encryption-provider-config argument is set as appropriate'),
      nsa('Encryption of Secrets at rest'),
      {
        title: 'Encrypting Confidential Data at Rest',
        url: 'https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/',
      },
    ],
    presets: ['recommended'],
    peers: {
      checkov: ['CKV_K8S_104'],
      kics: ['cbd2db69-0b21-4c14-8a40-7710a50571a9'],
      kubescape: ['C-0066', 'C-0141'],
      trivy: ['KCV-0030'],
    },
  },
  create(context) {
    return {
      object(o) {
        eachComponent(o, 'kube-apiserver', (c) => {
          if (c.has('encryption-provider-config')) return;
          reportFlag(
            context,
            c,
            'encryption-provider-config',
            'the API server has no --encryption-provider-config, so Secrets are stored unencrypted in etcd; add an EncryptionConfiguration for secrets [CIS 1.2.28]',
          );
        });
      },
    };
  },
});
