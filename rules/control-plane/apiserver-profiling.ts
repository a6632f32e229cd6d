import { withPeers } from '../peers.js';
import { profilingRule } from './profiling.js';

export default withPeers(profilingRule('apiserver-profiling', 'kube-apiserver', '1.2.16'), {
  checkov: ['CKV_K8S_90'],
  kubescape: ['C-0129'],
  trivy: ['KCV-0018'],
});
