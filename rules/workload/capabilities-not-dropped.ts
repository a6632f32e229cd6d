import { addItem, fixWith } from '../../src/engine/fix/types.js';
import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, pairSpan } from '../../src/load/index.js';
import { cis, nsa, pss } from '../references.js';
import { BASELINE_ALLOWED, capabilities, containerMissing } from '../shared/security.js';

export default defineRule({
  meta: {
    id: 'capabilities-not-dropped',
    title: 'Capabilities not dropped',
    severity: 'medium',
    category: 'pod-security',
    fires:
      "A container's `securityContext.capabilities.drop` does not include `ALL`; or it adds back a capability the restricted profile forbids although the baseline allows it (anything but `NET_BIND_SERVICE`, such as `CHOWN` or `SETUID`; capabilities beyond the baseline set are reported by `dangerous-capabilities`).",
    silent:
      '`drop: [ALL]`, in any case and with or without the `CAP_` prefix (`drop: ["all"]` counts, as the runtimes read it); pods with `spec.os.name: windows` (Linux-only, exempt from Pod Security).',
    assumes:
      "Without a drop list the runtime's default set applies (containerd and CRI-O grant about a dozen, including CHOWN, DAC_OVERRIDE, FOWNER, NET_RAW, SETUID and SETGID).",
    rationale:
      'The default capability set is far more than most processes need: NET_RAW allows spoofing on the pod network, DAC_OVERRIDE ignores file permissions. Dropping ALL and adding back only what is needed is least privilege. The seed advice: configure securityContext.',
    remediation:
      'Set `securityContext.capabilities.drop: [ALL]` on every container, and add back only what it needs (usually nothing, or `NET_BIND_SERVICE`).',
    references: [
      pss('restricted', 'Capabilities'),
      cis('5.2.10', 'Minimize the admission of containers with capabilities assigned'),
      nsa('Pod security: Pod security enforcement'),
    ],
    presets: ['recommended', 'pss-restricted'],
    peers: {
      'kube-linter': ['drop-net-raw-capability'],
      polaris: ['insecureCapabilities', 'linuxHardening'],
      checkov: ['CKV_K8S_28', 'CKV_K8S_37'],
      kics: [
        'dbbc6705-d541-43b0-b166-dd4be8208b54',
        '2f1a0619-b12b-48a0-825f-993bb6f01d58',
        '268ca686-7fb7-4ae9-b129-955a2a89064e',
      ],
      kubescape: ['C-0055'],
      trivy: ['KSV-0003', 'KSV-0004', 'KSV-0106'],
    },
    fixable:
      "Adds `ALL` to the container's `securityContext.capabilities.drop`, creating the list if needed; capabilities under `add` are kept.",
  },
  create(context) {
    return {
      container(c) {
        if (c.pod.isWindows) return;
        for (const cap of capabilities(c, 'add')) {
          if (cap.name === 'NET_BIND_SERVICE' || !BASELINE_ALLOWED.has(cap.name)) continue;
          context.report({
            object: c.object,
            span: cap.node,
            path: c.sub('securityContext', 'capabilities', 'add', cap.index),
            message: `container "${c.name}" adds back capability ${cap.name}; the restricted profile allows adding only NET_BIND_SERVICE, so remove it`,
          });
        }
        if (capabilities(c, 'drop').some((cap) => cap.name === 'ALL')) return;
        const dropPair = getPair(get(c.securityContext, 'capabilities'), 'drop');
        context.report({
          object: c.object,
          span: dropPair
            ? pairSpan(dropPair)
            : containerMissing(c, ['securityContext', 'capabilities', 'drop']),
          path: c.sub('securityContext', 'capabilities', 'drop'),
          message: `container "${c.name}" keeps the runtime's default capabilities: capabilities.drop does not include ALL; add drop: [ALL] and add back only what it needs`,
          fix: fixWith(
            'add ALL to capabilities.drop',
            addItem(c.sub('securityContext', 'capabilities', 'drop'), 'ALL'),
          ),
        });
      },
    };
  },
});
