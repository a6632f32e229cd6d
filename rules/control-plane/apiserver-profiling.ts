import { withPeers } from '../peers.js';
import { profilingRule } from './profiling.js';

export default withPeers(profilingRule('apiserver-profiling', 'kube-apiserver', '1.2.16'), {
  checkov: ['CKV_K8S_90'],
  kics: ['2f491173-6375-4a84-b28e-a4e2b9a58a69'],
  kubescape: ['C-0129'],
  trivy: ['KCV-0018'],
});
