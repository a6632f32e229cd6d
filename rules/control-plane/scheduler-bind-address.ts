import { withPeers } from '../peers.js';
import { bindAddressRule } from './bind-address.js';

export default withPeers(bindAddressRule('scheduler-bind-address', 'kube-scheduler', '1.4.2'), {
  checkov: ['CKV_K8S_115'],
  kubescape: ['C-0152'],
  trivy: ['KCV-0041'],
});
