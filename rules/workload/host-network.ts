import { withPeers } from '../peers.js';
import { hostNamespaceRule } from '../shared/host-namespace.js';

export default withPeers(
  hostNamespaceRule({
    id: 'host-network',
    field: 'hostNetwork',
    title: "Pod uses the node's network namespace",
    what: 'network',
    risk: 'A pod on the host network sees every interface of the node, can bind its ports, sniff its traffic and reach services that only listen on localhost (the kubelet, etcd on control-plane nodes), and NetworkPolicies no longer isolate it.',
    cis: ['5.2.5', 'Minimize the admission of containers wishing to share the host network namespace'],
  }),
  {
    'kube-linter': ['host-network'],
    polaris: ['hostNetworkSet'],
    checkov: ['CKV_K8S_19'],
    kics: ['6b6bdfb3-c3ae-44cb-88e4-7405c1ba2c8a'],
    kubescape: ['C-0041'],
    trivy: ['KSV-0009'],
  },
);
