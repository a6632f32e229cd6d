import { hostNamespaceRule } from '../shared/host-namespace.js';

export default hostNamespaceRule({
  id: 'host-pid',
  field: 'hostPID',
  title: "Pod uses the node's process namespace",
  what: 'process (PID)',
  risk: 'A pod in the host PID namespace sees every process on the node, can read their environment and command lines (secrets included) and, with ptrace, attach to them.',
  cis: ['5.2.3', 'Minimize the admission of containers wishing to share the host process ID namespace'],
});
