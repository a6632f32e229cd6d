import { withPeers } from '../peers.js';
import { bindAddressRule } from './bind-address.js';

export default withPeers(
  bindAddressRule('controller-manager-bind-address', 'kube-controller-manager', '1.3.7'),
  { checkov: ['CKV_K8S_113'], kubescape: ['C-0150'], trivy: ['KCV-0039'] },
);
