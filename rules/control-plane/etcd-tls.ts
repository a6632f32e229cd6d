import { defineRule } from '../../src/engine/rule.js';
import { cis, nsa } from '../references.js';
import { COMPONENT_KINDS, eachComponent, reportFlag } from './support.js';

export default defineRule({
  meta: {
    id: 'etcd-tls',
    title: 'etcd TLS incomplete',
    severity: 'high',
    category: 'control-plane',
    kinds: COMPONENT_KINDS,
    fires:
      'An etcd (static Pod or kubeadm `etcd.local.extraArgs`) missing `--cert-file`/`--key-file` or `--peer-cert-file`/`--peer-key-file`, with `--client-cert-auth` or `--peer-client-cert-auth` not true, with `--auto-tls` or `--peer-auto-tls` true, or listening for clients on `http://`.',
    silent:
      "kubeadm's local etcd as generated (every flag set); external etcd in a kubeadm config (not described there).",
    assumes: 'etcd serves plain HTTP and accepts any client unless these flags are given.',
    rationale:
      'etcd holds every object of the cluster, Secrets included: anyone who can talk to it owns the cluster. The seed advice: mutual TLS between etcd and the API server.',
    remediation:
      'Set `--cert-file`, `--key-file`, `--client-cert-auth=true`, `--trusted-ca-file`, `--peer-cert-file`, `--peer-key-file`, `--peer-client-cert-auth=true`, `--peer-trusted-ca-file`, and remove `--auto-tls`/`--peer-auto-tls`.',
    references: [
      cis('2.1', 'Ensure that the --cert-file and --key-file arguments are set as appropriate'),
      cis('2.2', 'Ensure that the --client-cert-auth argument is set to true'),
      cis('2.3', 'Ensure that the --auto-tls argument is not set to true'),
      cis('2.4', 'Ensure that the --peer-cert-file and --peer-key-file arguments are set as appropriate'),
      cis('2.5', 'Ensure that the --peer-client-cert-auth argument is set to true'),
      cis('2.6', 'Ensure that the --peer-auto-tls argument is not set to true'),
      nsa('Protecting etcd'),
    ],
    presets: ['recommended'],
    peers: {
      checkov: ['CKV_K8S_116', 'CKV_K8S_117', 'CKV_K8S_118', 'CKV_K8S_119', 'CKV_K8S_121'],
      kics: [
        '98ce8b81-7707-4734-aa39-627c6db3d84b',
        '9391103a-d8d7-4671-ac5d-606ba7ccb0ac',
        'b7d0181d-0a9b-4611-9d1c-1ad4f0b620ff',
        '09bb9e96-8da3-4736-b89a-b36814acca60',
        '075ca296-6768-4322-aea2-ba5063b969a9',
        'ae8827e2-4af9-4baa-9998-87539ae0d6f0',
      ],
      kubescape: ['C-0153', 'C-0154', 'C-0155', 'C-0156', 'C-0157', 'C-0158'],
      trivy: ['KCV-0042', 'KCV-0043', 'KCV-0044', 'KCV-0045', 'KCV-0046', 'KCV-0047'],
    },
  },
  create(context) {
    return {
      object(o) {
        eachComponent(o, 'etcd', (c) => {
          const requireAll = (flags: readonly string[], what: string, control: string): void => {
            const missing = flags.filter((f) => !c.value(f));
            if (missing.length)
              reportFlag(
                context,
                c,
                missing[0]!,
                `etcd has no ${missing.map((f) => `--${f}`).join(' or ')}: ${what} [CIS ${control}]`,
              );
          };
          const requireTrue = (flag: string, what: string, control: string): void => {
            if (c.bool(flag) !== true)
              reportFlag(
                context,
                c,
                flag,
                `--${flag} is not true: ${what}; set --${flag}=true [CIS ${control}]`,
              );
          };
          const forbidTrue = (flag: string, what: string, control: string): void => {
            if (c.bool(flag) === true)
              reportFlag(
                context,
                c,
                flag,
                `--${flag} is true: ${what}; remove it and use CA-signed certificates [CIS ${control}]`,
              );
          };
          requireAll(['cert-file', 'key-file'], 'clients talk to it without TLS', '2.1');
          requireTrue(
            'client-cert-auth',
            'any client that reaches etcd can read and write every object',
            '2.2',
          );
          forbidTrue('auto-tls', 'etcd serves clients with a self-signed certificate', '2.3');
          requireAll(['peer-cert-file', 'peer-key-file'], 'members replicate without TLS', '2.4');
          requireTrue('peer-client-cert-auth', 'any host can join as a peer', '2.5');
          forbidTrue('peer-auto-tls', 'peers use self-signed certificates', '2.6');
          const plain = c.list('listen-client-urls').filter((u) => u.startsWith('http://'));
          if (plain.length)
            reportFlag(
              context,
              c,
              'listen-client-urls',
              `etcd listens for clients over plain HTTP (${plain.join(', ')}); use https:// URLs [CIS 2.1]`,
            );
        });
      },
    };
  },
});
