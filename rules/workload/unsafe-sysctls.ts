import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, items, pairSpan, str } from '../../src/load/index.js';
import { pss } from '../references.js';

// The sysctls Pod Security Standards (baseline) allow: namespaced and isolated from other pods.
const SAFE = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);

export default defineRule({
  meta: {
    id: 'unsafe-sysctls',
    title: 'Unsafe sysctl',
    severity: 'high',
    category: 'pod-security',
    fires:
      '`spec.securityContext.sysctls` names a sysctl outside the Pod Security safe set (`kernel.shm_rmid_forced`, `net.ipv4.ip_local_port_range`, `net.ipv4.ip_unprivileged_port_start`, `net.ipv4.tcp_syncookies`, `net.ipv4.ping_group_range`, `net.ipv4.ip_local_reserved_ports`, `net.ipv4.tcp_keepalive_time`, `net.ipv4.tcp_fin_timeout`, `net.ipv4.tcp_keepalive_intvl`, `net.ipv4.tcp_keepalive_probes`). Slash-separated names (`net/ipv4/...`) are read as the kubelet reads them.',
    silent:
      'Safe sysctls, no sysctls; pods with `spec.os.name: windows` (sysctls are Linux-only and Pod Security exempts Windows pods).',
    rationale:
      'Unsafe sysctls are not isolated per pod: they change kernel behaviour for the whole node, can disable security mechanisms or starve other workloads. The seed advice: restrict what pods can do.',
    remediation:
      "Remove the sysctl, or tune it on the node (and allow it explicitly with the kubelet's `--allowed-unsafe-sysctls` only where truly needed).",
    references: [pss('baseline', 'Sysctls')],
    presets: ['recommended', 'pss-baseline', 'pss-restricted'],
    peers: {
      'kube-linter': ['unsafe-sysctls'],
      kics: ['9127f0d9-2310-42e7-866f-5fd9d20dcbad'],
      trivy: ['KSV-0026'],
    },
  },
  create(context) {
    return {
      podSpec(pod) {
        if (pod.isWindows) return;
        items(get(pod.securityContext, 'sysctls')).forEach((item, i) => {
          const pair = getPair(item, 'name');
          const name = str(pair?.value);
          if (!pair || name === undefined || SAFE.has(name.replaceAll('/', '.'))) return;
          context.report({
            object: pod.object,
            span: pairSpan(pair),
            path: pod.sub('securityContext', 'sysctls', i, 'name'),
            message: `sysctl ${name} is not in the Pod Security safe set and may affect the whole node; remove it or tune it on the node`,
          });
        });
      },
    };
  },
});
