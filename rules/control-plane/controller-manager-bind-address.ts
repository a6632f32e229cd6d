import { bindAddressRule } from './bind-address.js';

export default bindAddressRule('controller-manager-bind-address', 'kube-controller-manager', '1.3.7');
