import { defineRule } from '../../src/engine/rule.js';
import { kubeletsIn, settingBool } from '../../src/model/index.js';
import { cis, nsa } from '../references.js';
import { kubeletSettingFix } from './flag-fix.js';
import { reportKubelet, settingName } from './kubelet-support.js';
import { KUBELET_KINDS } from './support.js';

export default defineRule({
  meta: {
    id: 'kubelet-anonymous-auth',
    title: 'Kubelet accepts anonymous requests',
    severity: 'critical',
    category: 'node',
    kinds: KUBELET_KINDS,
    fires:
      'A KubeletConfiguration with `authentication.anonymous.enabled: true`; kubelet flags (kubeadm `kubeletExtraArgs`, a kubelet container command) with `--anonymous-auth=true`; a kubelet container started with flags only (no `--config`) and no `--anonymous-auth=false`, since the flag defaults to true.',
    silent:
      'A KubeletConfiguration that leaves the field unset (the v1beta1 config file defaults it to false); `kubeletExtraArgs` without the flag (kubeadm always writes a config file).',
    assumes:
      'The kubelet flag `--anonymous-auth` defaults to true; the KubeletConfiguration v1beta1 field defaults to false.',
    rationale:
      'The kubelet API runs commands in containers and reads their logs: anonymous access to it is remote code execution on the node. The seed advice: TLS and authentication everywhere.',
    remediation:
      'Set `authentication.anonymous.enabled: false` in the KubeletConfiguration (or `--anonymous-auth=false`).',
    references: [
      cis('4.2.1', 'Ensure that the --anonymous-auth argument is set to false'),
      nsa('Kubelet security'),
    ],
    presets: ['recommended'],
    peers: {
      checkov: ['CKV_K8S_138'],
      kics: ['1de5cc51-f376-4638-a940-20f2e85ae238'],
      kubescape: ['C-0069', 'C-0172'],
      trivy: ['KCV-0079'],
    },
    fixable:
      'Sets `authentication.anonymous.enabled: false` (or `--anonymous-auth=false`) where it is written as true.',
  },
  create(context) {
    return {
      object(o) {
        for (const k of kubeletsIn(o)) {
          const s = k.setting(['authentication', 'anonymous', 'enabled'], 'anonymous-auth');
          const on = settingBool(s);
          const name = settingName(k, 'authentication.anonymous.enabled', 'anonymous-auth');
          if (on === true)
            reportKubelet(
              context,
              k,
              s,
              'authentication.anonymous.enabled',
              `the kubelet accepts anonymous requests (${name} is true); set it to false [CIS 4.2.1]`,
              undefined,
              kubeletSettingFix(s, 'anonymous-auth', false),
            );
          else if (on === undefined && k.defaults === 'flags')
            reportKubelet(
              context,
              k,
              s,
              'authentication.anonymous.enabled',
              'the kubelet accepts anonymous requests: --anonymous-auth defaults to true; add --anonymous-auth=false [CIS 4.2.1]',
            );
        }
      },
    };
  },
});
