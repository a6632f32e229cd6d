import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, items, pairSpan, str } from '../../src/load/index.js';
import { compareMinor } from '../control-plane/versions.js';
import { pss } from '../references.js';

// The sysctls Pod Security Standards (baseline) allow, namespaced and isolated from other pods, with
// the release whose policy version first allowed each (pod-security-admission's check_sysctls.go).
const SAFE_SINCE: Readonly<Record<string, string>> = {
  'kernel.shm_rmid_forced': '1.0',
  'net.ipv4.ip_local_port_range': '1.0',
  'net.ipv4.ip_unprivileged_port_start': '1.0',
  'net.ipv4.tcp_syncookies': '1.0',
  'net.ipv4.ping_group_range': '1.0',
  'net.ipv4.ip_local_reserved_ports': '1.27',
  'net.ipv4.tcp_keepalive_time': '1.29',
  'net.ipv4.tcp_fin_timeout': '1.29',
  'net.ipv4.tcp_keepalive_intvl': '1.29',
  'net.ipv4.tcp_keepalive_probes': '1.29',
  'net.ipv4.tcp_rmem': '1.32',
  'net.ipv4.tcp_wmem': '1.32',
};

/** The release that made a sysctl safe, or undefined when it is not in the safe set at all. */
function safeSince(name: string): string | undefined {
  return Object.hasOwn(SAFE_SINCE, name) ? SAFE_SINCE[name] : undefined;
}

export default defineRule({
  meta: {
    id: 'unsafe-sysctls',
    title: 'Unsafe sysctl',
    severity: 'high',
    category: 'pod-security',
    fires:
      '`spec.securityContext.sysctls` names a sysctl outside the Pod Security safe set of the target Kubernetes version (`kernel.shm_rmid_forced`, `net.ipv4.ip_local_port_range`, `net.ipv4.ip_unprivileged_port_start`, `net.ipv4.tcp_syncookies`, `net.ipv4.ping_group_range`; since 1.27 `net.ipv4.ip_local_reserved_ports`; since 1.29 `net.ipv4.tcp_keepalive_time`, `net.ipv4.tcp_fin_timeout`, `net.ipv4.tcp_keepalive_intvl`, `net.ipv4.tcp_keepalive_probes`; since 1.32 `net.ipv4.tcp_rmem`, `net.ipv4.tcp_wmem`). Slash-separated names (`net/ipv4/...`) are read as the kubelet reads them.',
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
          if (!pair || name === undefined) return;
          const since = safeSince(name.replaceAll('/', '.'));
          if (since && compareMinor(context.kubernetesVersion, since) >= 0) return;
          context.report({
            object: pod.object,
            span: pairSpan(pair),
            path: pod.sub('securityContext', 'sysctls', i, 'name'),
            message: since
              ? `sysctl ${name} is in the Pod Security safe set only since Kubernetes ${since} (target ${context.kubernetesVersion}), so the kubelet rejects the pod unless it allows the sysctl; remove it or raise the target`
              : `sysctl ${name} is not in the Pod Security safe set and may affect the whole node; remove it or tune it on the node`,
          });
        });
      },
    };
  },
});
