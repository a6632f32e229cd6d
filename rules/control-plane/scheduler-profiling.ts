import { withPeers } from '../peers.js';
import { profilingRule } from './profiling.js';

export default withPeers(profilingRule('scheduler-profiling', 'kube-scheduler', '1.4.1'), {
  checkov: ['CKV_K8S_114'],
  kics: ['2f491173-6375-4a84-b28e-a4e2b9a58a69'],
  kubescape: ['C-0151'],
  trivy: ['KCV-0040'],
});
