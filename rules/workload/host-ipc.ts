import { withPeers } from '../peers.js';
import { hostNamespaceRule } from '../shared/host-namespace.js';

export default withPeers(
  hostNamespaceRule({
    id: 'host-ipc',
    field: 'hostIPC',
    title: "Pod uses the node's IPC namespace",
    what: 'IPC',
    risk: 'A pod in the host IPC namespace can read and write the shared memory and message queues of every process on the node.',
    cis: ['5.2.4', 'Minimize the admission of containers wishing to share the host IPC namespace'],
  }),
  {
    'kube-linter': ['host-ipc'],
    polaris: ['hostIPCSet'],
    checkov: ['CKV_K8S_18'],
    kics: ['cd290efd-6c82-4e9d-a698-be12ae31d536'],
    kubescape: ['C-0038', 'C-0276'],
    trivy: ['KSV-0008'],
  },
);
