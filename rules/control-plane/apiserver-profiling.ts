import { profilingRule } from './profiling.js';

export default profilingRule('apiserver-profiling', 'kube-apiserver', '1.2.16');
