import { withPeers } from '../peers.js';
import { profilingRule } from './profiling.js';

export default withPeers(profilingRule('controller-manager-profiling', 'kube-controller-manager', '1.3.2'), {
  checkov: ['CKV_K8S_107'],
  kics: ['2f491173-6375-4a84-b28e-a4e2b9a58a69'],
  kubescape: ['C-0145'],
  trivy: ['KCV-0034'],
});
