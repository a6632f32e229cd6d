import { withPeers } from '../peers.js';
import { profilingRule } from './profiling.js';

export default withPeers(profilingRule('scheduler-profiling', 'kube-scheduler', '1.4.1'), {
  checkov: ['CKV_K8S_114'],
  kubescape: ['C-0151'],
  trivy: ['KCV-0040'],
});
