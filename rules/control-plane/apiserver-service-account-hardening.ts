import { defineRule } from '../../src/engine/rule.js';
import { cis } from '../references.js';
import { COMPONENT_KINDS, eachComponent, reportFlag } from './support.js';

export default defineRule({
  meta: {
    id: 'apiserver-service-account-hardening',
    title: 'API server service-account token checks',
    severity: 'medium',
    category: 'control-plane',
    kinds: COMPONENT_KINDS,
    fires:
      'A kube-apiserver with `--service-account-lookup=false`, or without `--service-account-key-file` or `--service-account-signing-key-file`.',
    silent: 'Both key files set (kubeadm sets them) and service-account lookup left on.',
    assumes: '`--service-account-lookup` defaults to true: tokens of deleted service accounts are rejected.',
    rationale:
      'Without lookup, a token stays valid after its ServiceAccount is deleted. Without explicit key files the API server signs and verifies tokens with its TLS key, which cannot be rotated independently.',
    remediation:
      'Remove `--service-account-lookup=false`; set `--service-account-key-file` and `--service-account-signing-key-file` to a dedicated key pair.',
    references: [
      cis('1.2.22', 'Ensure that the --service-account-lookup argument is set to true'),
      cis('1.2.23', 'Ensure that the --service-account-key-file argument is set as appropriate'),
    ],
    presets: ['recommended'],
    peers: {
      checkov: ['CKV_K8S_96', 'CKV_K8S_97'],
      kics: ['dab4ec72-ce2e-4732-b7c3-1757dcce01a1', 'a5530bd7-225a-48f9-91bb-f40b04200165'],
      kubescape: ['C-0135', 'C-0136'],
      trivy: ['KCV-0024', 'KCV-0025'],
    },
  },
  create(context) {
    return {
      object(o) {
        eachComponent(o, 'kube-apiserver', (c) => {
          if (c.bool('service-account-lookup') === false)
            reportFlag(
              context,
              c,
              'service-account-lookup',
              'service-account lookup is off, so tokens of deleted service accounts stay valid; remove --service-account-lookup=false [CIS 1.2.22]',
            );
          const missing = ['service-account-key-file', 'service-account-signing-key-file'].filter(
            (f) => !c.value(f),
          );
          if (missing.length)
            reportFlag(
              context,
              c,
              missing[0]!,
              `the API server has no ${missing.map((f) => `--${f}`).join(' or ')}; set a dedicated service-account key pair [CIS 1.2.23]`,
            );
        });
      },
    };
  },
});
