import { profilingRule } from './profiling.js';

export default profilingRule('controller-manager-profiling', 'kube-controller-manager', '1.3.2');
