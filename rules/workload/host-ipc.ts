import { hostNamespaceRule } from '../shared/host-namespace.js';

export default hostNamespaceRule({
  id: 'host-ipc',
  field: 'hostIPC',
  title: "Pod uses the node's IPC namespace",
  what: 'IPC',
  risk: 'A pod in the host IPC namespace can read and write the shared memory and message queues of every process on the node.',
  cis: ['5.2.4', 'Minimize the admission of containers wishing to share the host IPC namespace'],
});
