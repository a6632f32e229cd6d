import { defineRule } from '../../src/engine/rule.js';
import { cis, nsa, pss } from '../references.js';
import { BASELINE_ALLOWED, capabilities } from '../shared/security.js';

// Each of these is a known route to the node on its own.
const CRITICAL = new Set(['SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'BPF', 'ALL']);

export default defineRule({
  meta: {
    id: 'dangerous-capabilities',
    title: 'Container adds capabilities beyond the baseline set',
    severity: 'high',
    category: 'pod-security',
    fires:
      '`securityContext.capabilities.add` names a capability outside the Pod Security Standards baseline set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT). `SYS_ADMIN`, `NET_ADMIN`, `SYS_PTRACE`, `SYS_MODULE`, `BPF` and `ALL` are critical. Names compare case-insensitively, with or without the `CAP_` prefix, as the runtimes read them.',
    silent:
      'Capabilities from the baseline set; pods with `spec.os.name: windows` (capabilities are Linux-only, and Pod Security exempts Windows pods).',
    assumes:
      "The runtime's default capability set applies on top of `add`; that default is not reported here (see `capabilities-not-dropped`).",
    rationale:
      "Extra capabilities give root-like powers piecemeal: SYS_ADMIN is nearly root, SYS_MODULE loads kernel code, SYS_PTRACE reads other processes, NET_ADMIN rewrites the node's network. The seed advice: restrict what pods can do and configure securityContext.",
    remediation:
      'Drop the capability; if the process truly needs a privilege, grant the narrowest one from the baseline set, or redesign so a node agent does that work.',
    references: [
      pss('baseline', 'Capabilities'),
      cis('5.2.9', 'Minimize the admission of containers with added capabilities'),
      nsa('Pod security: Pod security enforcement'),
    ],
    presets: ['recommended', 'pss-baseline', 'pss-restricted'],
    peers: {
      polaris: ['dangerousCapabilities'],
      checkov: ['CKV_K8S_25', 'CKV_K8S_39'],
      kics: ['19ebaa28-fc86-4a58-bcfa-015c9e22fe40', '235236ee-ad78-4065-bd29-61b061f28ce0'],
      kubescape: ['C-0046'],
      trivy: ['KSV-0005', 'KSV-0022', 'KSV-0119', 'KSV-0120'],
    },
  },
  create(context) {
    return {
      container(c) {
        if (c.pod.isWindows) return;
        for (const cap of capabilities(c, 'add')) {
          if (BASELINE_ALLOWED.has(cap.name)) continue;
          const critical = CRITICAL.has(cap.name);
          context.report({
            object: c.object,
            span: cap.node,
            path: c.sub('securityContext', 'capabilities', 'add', cap.index),
            severity: critical ? 'critical' : 'high',
            message: `container "${c.name}" adds ${cap.name === 'ALL' ? 'every capability (ALL)' : `capability ${cap.name}`}, outside the Pod Security baseline set${critical ? ', which on its own can take over the node' : ''}; remove it from capabilities.add`,
          });
        }
      },
    };
  },
});
