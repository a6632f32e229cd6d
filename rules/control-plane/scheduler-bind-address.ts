import { bindAddressRule } from './bind-address.js';

export default bindAddressRule('scheduler-bind-address', 'kube-scheduler', '1.4.2');
