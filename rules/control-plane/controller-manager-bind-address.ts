import { withPeers } from '../peers.js';
import { bindAddressRule } from './bind-address.js';

export default withPeers(
  bindAddressRule('controller-manager-bind-address', 'kube-controller-manager', '1.3.7'),
  {
    checkov: ['CKV_K8S_113'],
    kics: ['46a2e9ec-6a5f-4faa-9d39-4ea44d5d87a2'],
    kubescape: ['C-0150'],
    trivy: ['KCV-0039'],
  },
);
