import { defineRule } from '../../src/engine/rule.js';
import { kubeletsIn, settingBool, settingText } from '../../src/model/index.js';
import { cis, nsa } from '../references.js';
import { reportKubelet, settingName } from './kubelet-support.js';
import { KUBELET_KINDS } from './support.js';

export default defineRule({
  meta: {
    id: 'kubelet-authorization-mode',
    title: 'Kubelet authorizes every request',
    severity: 'critical',
    category: 'node',
    kinds: KUBELET_KINDS,
    fires:
      'A kubelet with `authorization.mode: AlwaysAllow` (`--authorization-mode=AlwaysAllow`), or with webhook token authentication off (`authentication.webhook.enabled: false`, `--authentication-token-webhook=false`); for a kubelet container configured by flags only, also when they are unset (flag defaults: AlwaysAllow, webhook off).',
    silent:
      'A KubeletConfiguration leaving them unset (v1beta1 file defaults: Webhook authorization, webhook authentication on).',
    assumes: 'Flag defaults: `--authorization-mode=AlwaysAllow`, `--authentication-token-webhook=false`.',
    rationale:
      'With AlwaysAllow any client that authenticates to the kubelet may exec into every container on the node; without webhook authentication, service-account tokens cannot be checked against the API server.',
    remediation: 'Set `authorization.mode: Webhook` and `authentication.webhook.enabled: true`.',
    references: [
      cis('4.2.2', 'Ensure that the --authorization-mode argument is not set to AlwaysAllow'),
      nsa('Kubelet security'),
    ],
    presets: ['recommended'],
    peers: {
      checkov: ['CKV_K8S_139'],
      kics: ['f1f4d8da-1ac4-47d0-b1aa-91e69d33f7d5'],
      kubescape: ['C-0173'],
      trivy: ['KCV-0080'],
    },
  },
  create(context) {
    return {
      object(o) {
        for (const k of kubeletsIn(o)) {
          const mode = k.setting(['authorization', 'mode'], 'authorization-mode');
          const modeText = settingText(mode);
          const modeName = settingName(k, 'authorization.mode', 'authorization-mode');
          if (modeText === 'AlwaysAllow')
            reportKubelet(
              context,
              k,
              mode,
              'authorization.mode',
              `the kubelet allows every request (${modeName}: AlwaysAllow); use Webhook [CIS 4.2.2]`,
            );
          else if (modeText === undefined && k.defaults === 'flags')
            reportKubelet(
              context,
              k,
              mode,
              'authorization.mode',
              'the kubelet allows every request: --authorization-mode defaults to AlwaysAllow; add --authorization-mode=Webhook [CIS 4.2.2]',
            );
          const webhook = k.setting(['authentication', 'webhook', 'enabled'], 'authentication-token-webhook');
          const on = settingBool(webhook);
          const webhookName = settingName(
            k,
            'authentication.webhook.enabled',
            'authentication-token-webhook',
          );
          if (on === false || (on === undefined && k.defaults === 'flags'))
            reportKubelet(
              context,
              k,
              webhook,
              'authentication.webhook.enabled',
              `the kubelet does not check bearer tokens with the API server (${webhookName} ${on === false ? 'is false' : 'defaults to false'}); enable it [CIS 4.2.2]`,
            );
        }
      },
    };
  },
});
