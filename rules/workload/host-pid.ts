import { withPeers } from '../peers.js';
import { hostNamespaceRule } from '../shared/host-namespace.js';

export default withPeers(
  hostNamespaceRule({
    id: 'host-pid',
    field: 'hostPID',
    title: "Pod uses the node's process namespace",
    what: 'process (PID)',
    risk: 'A pod in the host PID namespace sees every process on the node, can read their environment and command lines (secrets included) and, with ptrace, attach to them.',
    cis: ['5.2.3', 'Minimize the admission of containers wishing to share the host process ID namespace'],
  }),
  {
    'kube-linter': ['host-pid'],
    polaris: ['hostPIDSet'],
    checkov: ['CKV_K8S_17'],
    kics: ['302736f4-b16c-41b8-befe-c0baffa0bd9d'],
    kubescape: ['C-0038', 'C-0275'],
    trivy: ['KSV-0010'],
  },
);
