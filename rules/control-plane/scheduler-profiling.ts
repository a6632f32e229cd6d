import { profilingRule } from './profiling.js';

export default profilingRule('scheduler-profiling', 'kube-scheduler', '1.4.1');
