import { defineRule } from '../../src/engine/rule.js';
import { kubeletsIn, settingBool, settingList, settingText } from '../../src/model/index.js';
import { cis } from '../references.js';
import { reportKubelet, settingName } from './kubelet-support.js';
import { KUBELET_KINDS, weakCiphers } from './support.js';

/** The kubelet's own eventRecordQPS default (KubeletConfiguration v1beta1). */
const DEFAULT_EVENT_QPS = 50;

/** A Go duration that is zero (`0`, `0s`, `0h0m0s`). */
function isZeroDuration(value: string): boolean {
  return /^[0hmsuµn.]+$/.test(value) && !/[1-9]/.test(value);
}

export default defineRule({
  meta: {
    id: 'kubelet-hardening',
    title: 'Kubelet node hardening settings',
    severity: 'low',
    category: 'node',
    kinds: KUBELET_KINDS,
    fires:
      "A kubelet without `protectKernelDefaults: true` (`--protect-kernel-defaults`), with `makeIPTablesUtilChains: false`, with `--streaming-connection-idle-timeout=0` (no timeout), with `tlsCipherSuites` outside the CIS list of strong suites or unset (Go's default TLS 1.2 suites include AES-CBC-SHA), with `--hostname-override`, with `eventRecordQPS` (`--event-qps`) above 0 and below the default 50, or with `podPidsLimit` (`--pod-max-pids`) unset, 0 or negative (no limit).",
    silent:
      '`streamingConnectionIdleTimeout: 0s` in a KubeletConfiguration: the v1beta1 defaulting treats a zero duration as unset and applies 4h. kubeletExtraArgs without `--protect-kernel-defaults` (the kubelet config file kubeadm writes is not in view).',
    assumes:
      '`protectKernelDefaults` defaults to false; `makeIPTablesUtilChains` to true; `podPidsLimit` to -1 (no limit); `eventRecordQPS` to 50. Unset settings are judged only where the defaults are known (a KubeletConfiguration, or kubelet flags without `--config`).',
    rationale:
      "protectKernelDefaults makes the kubelet fail rather than silently run on a node whose kernel tunables differ from what it needs; idle streaming connections (exec, attach, port-forward) left open forever are a resource and session-hijack risk; weak ciphers undermine the kubelet API's TLS.",
    remediation:
      "Set `protectKernelDefaults: true` (after tuning the node's sysctls), keep `makeIPTablesUtilChains: true`, give streaming connections a timeout, restrict `tlsCipherSuites` to ECDHE AES-GCM/ChaCha20 suites, set `podPidsLimit` (for example 4096), leave `eventRecordQPS` at 0 or its default, and drop `--hostname-override`.",
    references: [
      cis('4.2.5', 'Ensure that the --streaming-connection-idle-timeout argument is not set to 0'),
      cis('4.2.6', 'Ensure that the --protect-kernel-defaults argument is set to true'),
      cis('4.2.7', 'Ensure that the --make-iptables-util-chains argument is set to true'),
      cis('4.2.8', 'Ensure that the --hostname-override argument is not set'),
      cis(
        '4.2.9',
        'Ensure that the eventRecordQPS argument is set to a level which ensures appropriate event capture',
      ),
      cis('4.2.13', 'Ensure that the Kubelet only makes use of Strong Cryptographic Ciphers'),
      cis('4.2.14', 'Ensure that a limit is set on pod PIDs'),
    ],
    presets: ['recommended'],
    peers: {
      checkov: ['CKV_K8S_143', 'CKV_K8S_144', 'CKV_K8S_145', 'CKV_K8S_146', 'CKV_K8S_147', 'CKV_K8S_151'],
      kics: [
        '1a07a446-8e61-4e4d-bc16-b0781fcb8211',
        'bf36b900-b5ef-4828-adb7-70eb543b7cfb',
        '5f89001f-6dd9-49ff-9b15-d8cd71b617f4',
        '6cf42c97-facd-4fda-b8af-ea4529123355',
        'ed89b97d-04e9-4fd4-919f-ee5b27e555e9',
        '510d5810-9a30-443a-817d-5c1fa527b110',
      ],
      kubescape: ['C-0176', 'C-0177', 'C-0178', 'C-0179', 'C-0180', 'C-0184', 'C-0284'],
      trivy: ['KCV-0083', 'KCV-0084', 'KCV-0085', 'KCV-0086', 'KCV-0087', 'KCV-0092'],
    },
  },
  create(context) {
    return {
      object(o) {
        for (const k of kubeletsIn(o)) {
          const protect = k.setting(['protectKernelDefaults'], 'protect-kernel-defaults');
          const protectOn = settingBool(protect);
          if (protectOn === false || (protectOn === undefined && k.defaults !== 'unknown'))
            reportKubelet(
              context,
              k,
              protect,
              'protectKernelDefaults',
              `${settingName(k, 'protectKernelDefaults', 'protect-kernel-defaults')} is ${protectOn === false ? 'false' : 'not set (default false)'}; set it to true so the kubelet refuses kernel settings that differ from its defaults [CIS 4.2.6]`,
            );
          const chains = k.setting(['makeIPTablesUtilChains'], 'make-iptables-util-chains');
          if (settingBool(chains) === false)
            reportKubelet(
              context,
              k,
              chains,
              'makeIPTablesUtilChains',
              `${settingName(k, 'makeIPTablesUtilChains', 'make-iptables-util-chains')} is false, so the kubelet does not manage its iptables chains; set it to true [CIS 4.2.7]`,
            );
          const idle = k.setting(['streamingConnectionIdleTimeout'], 'streaming-connection-idle-timeout');
          const idleText = settingText(idle);
          if (idle && typeof idle.value === 'string' && idleText !== undefined && isZeroDuration(idleText))
            reportKubelet(
              context,
              k,
              idle,
              'streamingConnectionIdleTimeout',
              '--streaming-connection-idle-timeout=0 keeps idle exec/attach/port-forward sessions open forever; set a timeout such as 5m [CIS 4.2.5]',
            );
          const ciphers = k.setting(['tlsCipherSuites'], 'tls-cipher-suites');
          const suites = settingList(ciphers);
          const weak = weakCiphers(suites);
          if (suites.length === 0 && k.defaults !== 'unknown')
            reportKubelet(
              context,
              k,
              ciphers,
              'tlsCipherSuites',
              `${settingName(k, 'tlsCipherSuites', 'tls-cipher-suites')} is not set, so the kubelet offers Go's default TLS 1.2 suites, which include ECDHE suites with AES-CBC and SHA-1; list only ECDHE suites with AES-GCM or ChaCha20-Poly1305 [CIS 4.2.13]`,
            );
          else if (weak.length)
            reportKubelet(
              context,
              k,
              ciphers,
              'tlsCipherSuites',
              `the kubelet allows weak TLS cipher suites ${weak.join(', ')}; keep only ECDHE suites with AES-GCM or ChaCha20-Poly1305 [CIS 4.2.13]`,
            );
          const hostname = k.setting([], 'hostname-override');
          if (hostname)
            reportKubelet(
              context,
              k,
              hostname,
              'hostname-override',
              `--hostname-override=${settingText(hostname) ?? ''} makes the node's name differ from its hostname, which breaks the TLS identity between kubelet and API server; remove it unless the cloud provider requires it [CIS 4.2.8]`,
            );
          const qps = k.setting(['eventRecordQPS'], 'event-qps');
          const qpsValue = Number(settingText(qps));
          if (qps && Number.isFinite(qpsValue) && qpsValue > 0 && qpsValue < DEFAULT_EVENT_QPS)
            reportKubelet(
              context,
              k,
              qps,
              'eventRecordQPS',
              `${settingName(k, 'eventRecordQPS', 'event-qps')} is ${qpsValue}, so events beyond ${qpsValue} a second (evictions, failed mounts, image pulls) are dropped; set it to 0 (no limit) or at least ${DEFAULT_EVENT_QPS} [CIS 4.2.9]`,
            );
          const pids = k.setting(['podPidsLimit'], 'pod-max-pids');
          const pidsValue = Number(settingText(pids));
          if (pids ? Number.isFinite(pidsValue) && pidsValue <= 0 : k.defaults !== 'unknown')
            reportKubelet(
              context,
              k,
              pids,
              'podPidsLimit',
              `${settingName(k, 'podPidsLimit', 'pod-max-pids')} is ${pids ? `${pidsValue} (no limit)` : 'not set (default -1, no limit)'}, so one pod can fork until the node runs out of process IDs; set a limit such as 4096 [CIS 4.2.14]`,
            );
        }
      },
    };
  },
});
