import { defineRule } from '../../src/engine/rule.js';
import { NetworkPolicyIndex, namespaceText } from '../../src/model/index.js';
import { cis, nsa } from '../references.js';
import { inEntry, namespacesWithWorkloads, podLabelsSpan } from './lib/namespaces.js';

export default defineRule({
  meta: {
    id: 'pod-not-isolated',
    title: 'Workload selected by no NetworkPolicy',
    severity: 'medium',
    category: 'network',
    fires:
      'A workload in a namespace that has NetworkPolicies (Kubernetes, Calico or Cilium) in the tree, none of which (nor any cluster-wide Calico/Cilium policy) selects its pod labels. Reported on the pod template’s labels.',
    silent:
      'Namespaces with no policies at all (namespace-without-default-deny reports those), and pods selected by any policy, including a select-all one. Calico selectors beyond the simple forms (`||`, parentheses) are assumed to select the pod.',
    assumes: 'A pod no policy selects accepts and sends any traffic.',
    rationale:
      'Policies written for some workloads suggest the namespace is meant to be segmented; a workload left out is reachable from anywhere. The seed advice: restrict pod-to-pod communication to limit lateral movement.',
    remediation:
      'Add a NetworkPolicy selecting the workload’s labels, or a default-deny policy for the namespace.',
    references: [
      cis('5.3.2', 'Ensure that all Namespaces have Network Policies defined'),
      nsa('Network separation and hardening: network policies'),
    ],
    presets: ['recommended'],
    peers: {
      'kube-linter': ['non-isolated-pod'],
      polaris: ['missingNetworkPolicy'],
      'kube-score': ['pod-networkpolicy'],
      checkov: ['CKV2_K8S_6'],
      kics: ['0401f71b-9c1e-4821-ab15-a955caa621be'],
      kubescape: ['C-0030', 'C-0260'],
    },
  },
  create(context) {
    return {
      done() {
        const index = NetworkPolicyIndex.of(context.model);
        for (const ns of namespacesWithWorkloads(context.model)) {
          // Objects without a namespace: only the policies applied with them (same folder or kustomization).
          const policies = index
            .inNamespace(ns.namespace)
            .filter((p) => inEntry(context.model, ns, p.object));
          if (policies.length === 0) continue;
          for (const pod of ns.pods) {
            context.guard(pod.object, () => {
              if (
                ns.group === undefined
                  ? index.isolates(ns.namespace, pod.labels)
                  : [...policies, ...index.clusterWide].some(
                      (p) => (p.ingress || p.egress) && p.selection.selects(ns.namespace, pod.labels),
                    )
              )
                return;
              const at = podLabelsSpan(pod);
              context.report({
                object: pod.object,
                span: at.span,
                path: at.path,
                message: `${pod.object.displayName} is selected by none of the ${policies.length} NetworkPolicies of ${namespaceText(ns.namespace)}, so all its traffic is allowed; add a policy selecting its labels or a default deny`,
              });
            });
          }
        }
      },
    };
  },
});
