import { defineRule } from '../../src/engine/rule.js';
import { cis, nsa } from '../references.js';
import { COMPONENT_KINDS, eachComponent, reportFlag } from './support.js';

// CIS 1.2.18-1.2.20 minimums: keep 30 days, 10 files of 100 MB.
const RETENTION: readonly [flag: string, minimum: number, control: string][] = [
  ['audit-log-maxage', 30, '1.2.18'],
  ['audit-log-maxbackup', 10, '1.2.19'],
  ['audit-log-maxsize', 100, '1.2.20'],
];

export default defineRule({
  meta: {
    id: 'apiserver-audit-logging',
    title: 'API server audit logging',
    severity: 'high',
    category: 'control-plane',
    kinds: COMPONENT_KINDS,
    fires:
      'A kube-apiserver without `--audit-policy-file`, without an audit backend (`--audit-log-path` or `--audit-webhook-config-file`), or with a log backend whose retention flags (`--audit-log-maxage` ≥ 30, `--audit-log-maxbackup` ≥ 10, `--audit-log-maxsize` ≥ 100) are missing or lower.',
    silent:
      'An audit policy file with a webhook backend; a log path with all three retention flags at or above the CIS minimums; `--audit-log-path=-` (stdout, rotated by the container runtime) needs no retention flags.',
    assumes:
      'Without a policy file the API server records no audit events at all; kubeadm sets no audit flags.',
    rationale:
      'Audit logs are the record of who did what through the API: without them an intrusion leaves no trace. The seed advice: turn on audit logging and monitor API calls.',
    remediation:
      'Add `--audit-policy-file=/etc/kubernetes/audit-policy.yaml`, `--audit-log-path=/var/log/kubernetes/audit.log`, `--audit-log-maxage=30`, `--audit-log-maxbackup=10`, `--audit-log-maxsize=100` (kubeadm: `apiServer.extraArgs` plus `extraVolumes` for the policy and log folder).',
    references: [
      cis('1.2.17', 'Ensure that the --audit-log-path argument is set'),
      cis('1.2.18', 'Ensure that the --audit-log-maxage argument is set to 30 or as appropriate'),
      cis('1.2.19', 'Ensure that the --audit-log-maxbackup argument is set to 10 or as appropriate'),
      cis('1.2.20', 'Ensure that the --audit-log-maxsize argument is set to 100 or as appropriate'),
      cis('3.2.1', 'Ensure that a minimal audit policy is created'),
      nsa('Audit logging and threat detection'),
    ],
    presets: ['recommended'],
    peers: {
      checkov: ['CKV_K8S_91', 'CKV_K8S_92', 'CKV_K8S_93', 'CKV_K8S_94'],
      kics: [
        'da9f3aa8-fbfb-472f-b5a1-576127944218',
        '768aab52-2504-4a2f-a3e3-329d5a679848',
        '35c0a471-f7c8-4993-aa2c-503a3c712a66',
        '73e251f0-363d-4e53-86e2-0a93592437eb',
        '13a49a2e-488e-4309-a7c0-d6b05577a5fb',
      ],
      kubescape: ['C-0067', 'C-0130', 'C-0131', 'C-0132', 'C-0133', 'C-0160', 'C-0254'],
      trivy: ['KCV-0019', 'KCV-0020', 'KCV-0021', 'KCV-0022'],
    },
  },
  create(context) {
    return {
      object(o) {
        eachComponent(o, 'kube-apiserver', (c) => {
          if (!c.has('audit-policy-file'))
            reportFlag(
              context,
              c,
              'audit-policy-file',
              'the API server has no --audit-policy-file, so it records no audit events; add an audit policy [CIS 3.2.1]',
            );
          const path = c.value('audit-log-path');
          if (path === undefined) {
            if (!c.has('audit-webhook-config-file'))
              reportFlag(
                context,
                c,
                'audit-log-path',
                'the API server has no audit backend (--audit-log-path or --audit-webhook-config-file); add --audit-log-path [CIS 1.2.17]',
              );
            return;
          }
          if (path === '-') return;
          const missing: string[] = [];
          for (const [flag, minimum, control] of RETENTION) {
            const v = c.value(flag);
            const n = v === undefined ? Number.NaN : Number(v);
            if (v === undefined)
              missing.push(`--${flag} is missing (use ${minimum} or more) [CIS ${control}]`);
            else if (Number.isFinite(n) && n < minimum)
              missing.push(`--${flag}=${v} is below ${minimum} [CIS ${control}]`);
          }
          if (missing.length)
            reportFlag(
              context,
              c,
              'audit-log-path',
              `audit log retention is too short: ${missing.join('; ')}`,
            );
        });
      },
    };
  },
});
