import { defineRule } from '../../src/engine/rule.js';
import { componentsIn } from '../../src/model/index.js';
import { cis } from '../references.js';
import { COMPONENT_KINDS, reportFlag } from './support.js';

export default defineRule({
  meta: {
    id: 'etcd-shared-ca',
    title: 'etcd trusts the Kubernetes client CA',
    severity: 'medium',
    category: 'control-plane',
    fires:
      'An etcd whose `--trusted-ca-file` is the same file a kube-apiserver in the scanned tree uses as `--client-ca-file` (the cluster CA).',
    silent: 'A separate etcd CA, as kubeadm generates (`/etc/kubernetes/pki/etcd/ca.crt`).',
    assumes: 'Files are compared by path, as written.',
    rationale:
      'If etcd trusts the cluster CA, every client certificate that CA signs (every kubelet, every admin) is also accepted by etcd, which then bypasses RBAC entirely. The seed advice: use a separate Certificate Authority for etcd.',
    remediation:
      'Issue etcd server, peer and API-server client certificates from a dedicated etcd CA and point `--trusted-ca-file` at it.',
    references: [cis('2.7', 'Ensure that a unique Certificate Authority is used for etcd')],
    presets: ['recommended'],
    peers: { kics: ['cb7e695d-6a85-495c-b15f-23aed2519303'], kubescape: ['C-0159'] },
  },
  create(context) {
    return {
      done() {
        const apiserverCAs = new Set<string>();
        const objects = context.model.ofKind(...COMPONENT_KINDS);
        for (const o of objects)
          for (const c of componentsIn(o))
            if (c.component === 'kube-apiserver') {
              const ca = c.value('client-ca-file');
              if (ca) apiserverCAs.add(ca);
            }
        if (!apiserverCAs.size) return;
        for (const o of objects)
          context.guard(o, () => {
            for (const c of componentsIn(o)) {
              if (c.component !== 'etcd') continue;
              const ca = c.value('trusted-ca-file');
              if (ca && apiserverCAs.has(ca))
                reportFlag(
                  context,
                  c,
                  'trusted-ca-file',
                  `etcd trusts ${ca}, the CA the API server uses for client certificates, so every cluster client certificate can reach etcd directly; use a separate etcd CA [CIS 2.7]`,
                );
            }
          });
      },
    };
  },
});
