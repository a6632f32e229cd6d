import { defineRule } from '../../src/engine/rule.js';
import { kubeletsIn, settingText } from '../../src/model/index.js';
import { cis, nsa } from '../references.js';
import { reportKubelet, settingName } from './kubelet-support.js';
import { KUBELET_KINDS } from './support.js';

export default defineRule({
  meta: {
    id: 'kubelet-read-only-port',
    title: 'Kubelet read-only port open',
    severity: 'high',
    category: 'node',
    kinds: KUBELET_KINDS,
    fires:
      'A kubelet with `readOnlyPort` (`--read-only-port`) other than 0; a kubelet container configured by flags only without `--read-only-port=0` (the flag defaults to 10255).',
    silent:
      '`readOnlyPort: 0`, or a KubeletConfiguration leaving it unset (the v1beta1 file defaults it to 0).',
    assumes: 'Flag default 10255; KubeletConfiguration v1beta1 default 0.',
    rationale:
      'The read-only port serves pod specs, environment and node details over plain HTTP with no authentication to anyone who can reach the node.',
    remediation: 'Set `readOnlyPort: 0` (`--read-only-port=0`).',
    references: [
      cis('4.2.4', 'Verify that the --read-only-port argument is set to 0'),
      nsa('Kubelet security'),
    ],
    presets: ['recommended'],
    peers: {
      checkov: ['CKV_K8S_141'],
      kics: ['2940d48a-dc5e-4178-a3f8-bfbd80720b41'],
      kubescape: ['C-0175'],
      trivy: ['KCV-0082'],
    },
  },
  create(context) {
    return {
      object(o) {
        for (const k of kubeletsIn(o)) {
          const s = k.setting(['readOnlyPort'], 'read-only-port');
          const port = settingText(s);
          if (port === '0') continue;
          if (port === undefined && k.defaults !== 'flags') continue;
          reportKubelet(
            context,
            k,
            s,
            'readOnlyPort',
            port === undefined
              ? 'the kubelet serves its unauthenticated read-only port 10255 (the flag default); add --read-only-port=0 [CIS 4.2.4]'
              : `the kubelet serves an unauthenticated read-only port (${settingName(k, 'readOnlyPort', 'read-only-port')}: ${port}); set it to 0 [CIS 4.2.4]`,
          );
        }
      },
    };
  },
});
