import { defineRule } from '../../src/engine/rule.js';
import { cis, nsa } from '../references.js';
import { flagFix } from './flag-fix.js';
import { COMPONENT_KINDS, eachComponent, reportFlag } from './support.js';
import { compareMinor } from './versions.js';

export default defineRule({
  meta: {
    id: 'apiserver-insecure-serving',
    title: 'API server serves without authentication or uses static tokens',
    severity: 'critical',
    category: 'control-plane',
    kinds: COMPONENT_KINDS,
    fires:
      'A kube-apiserver with `--insecure-port` other than 0, any `--insecure-bind-address`, `--secure-port=0`, `--kubelet-https=false`, or `--token-auth-file` / `--basic-auth-file` (the latter removed in 1.19).',
    silent: '`--insecure-port=0` (and no insecure bind address or static token file).',
    assumes:
      'The insecure port (plain HTTP, no authentication or authorization) was removed in Kubernetes 1.24; on older versions it defaulted to localhost:8080.',
    rationale:
      'The insecure port bypasses authentication and authorization entirely; a static token file holds long-lived bearer tokens in clear text that cannot be revoked without a restart. The seed advice: TLS everywhere and limited API server access.',
    remediation:
      'Remove `--insecure-bind-address`, `--secure-port=0`, `--kubelet-https=false`, `--token-auth-file` and `--basic-auth-file`, set `--insecure-port=0` on releases that still have it, and use client certificates, OIDC or webhook token authentication.',
    references: [
      cis('1.2.2', 'Ensure that the --token-auth-file parameter is not set'),
      {
        title:
          'CIS Kubernetes Benchmark (v1.6) 1.2.2, 1.2.4, 1.2.20: --basic-auth-file not set, --kubelet-https true, --secure-port not 0',
        url: 'https://www.cisecurity.org/benchmark/kubernetes',
      },
      {
        title:
          'CIS Kubernetes Benchmark (v1.6) 1.2.18-1.2.19: insecure bind address not set, insecure port 0',
      },
      nsa('Authentication and authorization'),
    ],
    presets: ['recommended'],
    peers: {
      checkov: ['CKV_K8S_69', 'CKV_K8S_70', 'CKV_K8S_71', 'CKV_K8S_86', 'CKV_K8S_88', 'CKV_K8S_89'],
      kics: [
        '5da47109-f8d6-4585-9e2b-96a8958a12f5',
        'b9380fd3-5ffe-4d10-9290-13e18e71eee1',
        'fa4def8c-1898-4a35-a139-7b76b1acdef0',
        'cdc8b54e-6b16-4538-a1b0-35849dbe29cf',
        '3d24b204-b73d-42cb-b0bf-1a5438c5f71e',
        '32ecd76e-7bbf-402e-bf48-8b9485749558',
      ],
      kubescape: ['C-0005', 'C-0114', 'C-0128'],
      trivy: ['KCV-0002', 'KCV-0004', 'KCV-0017'],
    },
    fixable:
      'Removes `--insecure-port` (sets it to 0 when the target is older than 1.24); the other flags are left to you.',
  },
  create(context) {
    return {
      object(o) {
        eachComponent(o, 'kube-apiserver', (c) => {
          const port = c.value('insecure-port');
          if (port !== undefined && port !== '0')
            reportFlag(
              context,
              c,
              'insecure-port',
              `--insecure-port=${port} serves the API over plain HTTP with no authentication or authorization; remove it (set 0 on releases before 1.24) [CIS 1.2.19 (v1.6)]`,
              undefined,
              // The flag was removed in 1.24 (the server refuses it); before that, 0 turns it off.
              flagFix(c, 'insecure-port', compareMinor(context.kubernetesVersion, '1.24') >= 0 ? null : '0'),
            );
          if (c.has('insecure-bind-address'))
            reportFlag(
              context,
              c,
              'insecure-bind-address',
              '--insecure-bind-address opens the unauthenticated HTTP endpoint on that address; remove it [CIS 1.2.18 (v1.6)]',
            );
          if (c.value('secure-port') === '0')
            reportFlag(
              context,
              c,
              'secure-port',
              '--secure-port=0 turns off the authenticated HTTPS endpoint, leaving only insecure serving (or none); remove it to serve on 6443 [CIS 1.2.20 (v1.6)]',
            );
          if (c.bool('kubelet-https') === false)
            reportFlag(
              context,
              c,
              'kubelet-https',
              '--kubelet-https=false sends exec, logs and port-forward traffic to kubelets over plain HTTP (the flag was removed in 1.22); remove it [CIS 1.2.4 (v1.6)]',
            );
          if (c.has('basic-auth-file'))
            reportFlag(
              context,
              c,
              'basic-auth-file',
              '--basic-auth-file authenticates with clear-text passwords and was removed in Kubernetes 1.19 (the API server no longer starts with it); remove it and use certificates, OIDC or webhook authentication [CIS 1.2.2 (v1.6)]',
            );
          if (c.has('token-auth-file'))
            reportFlag(
              context,
              c,
              'token-auth-file',
              '--token-auth-file authenticates with static, clear-text bearer tokens that cannot be revoked without a restart; remove it and use certificates, OIDC or webhook authentication [CIS 1.2.2]',
            );
        });
      },
    };
  },
});
