import { defineRule } from '../../src/engine/rule.js';
import { cis, nsa } from '../references.js';
import { COMPONENT_KINDS, eachComponent, reportFlag } from './support.js';

export default defineRule({
  meta: {
    id: 'apiserver-authorization-mode',
    title: 'API server authorization mode',
    severity: 'critical',
    category: 'control-plane',
    kinds: COMPONENT_KINDS,
    fires:
      'A kube-apiserver whose `--authorization-mode` includes `AlwaysAllow`, lacks `Node` or lacks `RBAC`, or is not set at all.',
    silent:
      '`--authorization-mode=Node,RBAC` (with or without Webhook); an API server using `--authorization-config` (structured authorization, configured in a separate file); kubeadm configs that keep its default `Node,RBAC`.',
    assumes: 'Unset, the API server authorizes with `AlwaysAllow`: every authenticated request is allowed.',
    rationale:
      'Authorization is what RBAC rests on: with AlwaysAllow every authenticated identity, including every service account token, is cluster-admin. Node authorization limits kubelets to their own pods. The seed advice: use the RBAC authorization system and restrict permissions.',
    remediation: 'Set `--authorization-mode=Node,RBAC`.',
    references: [
      cis('1.2.6', 'Ensure that the --authorization-mode argument is not set to AlwaysAllow'),
      cis('1.2.7', 'Ensure that the --authorization-mode argument includes Node'),
      cis('1.2.8', 'Ensure that the --authorization-mode argument includes RBAC'),
      nsa('Authentication and authorization'),
    ],
    presets: ['recommended'],
    peers: {
      checkov: ['CKV_K8S_74', 'CKV_K8S_75', 'CKV_K8S_77'],
      kics: [
        '4d7ee40f-fc5d-427d-8cac-dffbe22d42d1',
        '1aa4a1ae-5dbb-48a1-9aa2-630ea4be208e',
        'f1f4d8da-1ac4-47d0-b1aa-91e69d33f7d5',
      ],
      kubescape: ['C-0088', 'C-0118', 'C-0119', 'C-0120'],
      trivy: ['KCV-0007', 'KCV-0008', 'KCV-0009'],
    },
  },
  create(context) {
    return {
      object(o) {
        eachComponent(o, 'kube-apiserver', (c) => {
          if (c.has('authorization-config') && !c.has('authorization-mode')) return;
          if (!c.has('authorization-mode')) {
            reportFlag(
              context,
              c,
              'authorization-mode',
              'the API server has no --authorization-mode, so it defaults to AlwaysAllow and every authenticated request is allowed; set --authorization-mode=Node,RBAC [CIS 1.2.6-1.2.8]',
            );
            return;
          }
          const modes = c.list('authorization-mode');
          const problems: string[] = [];
          if (modes.includes('AlwaysAllow')) problems.push('includes AlwaysAllow [CIS 1.2.6]');
          if (!modes.includes('Node')) problems.push('lacks Node [CIS 1.2.7]');
          if (!modes.includes('RBAC')) problems.push('lacks RBAC [CIS 1.2.8]');
          if (!problems.length) return;
          reportFlag(
            context,
            c,
            'authorization-mode',
            `--authorization-mode=${modes.join(',')} ${problems.join(' and ')}; set --authorization-mode=Node,RBAC`,
            modes.includes('AlwaysAllow') || !modes.includes('RBAC') ? 'critical' : 'high',
          );
        });
      },
    };
  },
});
