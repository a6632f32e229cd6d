import { withPeers } from '../peers.js';
import { bindAddressRule } from './bind-address.js';

export default withPeers(bindAddressRule('scheduler-bind-address', 'kube-scheduler', '1.4.2'), {
  checkov: ['CKV_K8S_115'],
  kics: ['46a2e9ec-6a5f-4faa-9d39-4ea44d5d87a2'],
  kubescape: ['C-0152'],
  trivy: ['KCV-0041'],
});
