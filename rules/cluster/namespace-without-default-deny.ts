import { defineRule } from '../../src/engine/rule.js';
import { NetworkPolicyIndex, type PolicyView } from '../../src/model/index.js';

/** The default-deny policies among those applied with a group of objects without a namespace. */
function groupIsolation(
  policies: readonly PolicyView[],
  namespace: string,
): { ingress?: PolicyView; egress?: PolicyView } {
  const ingress = policies.find((p) => p.selection.allIn(namespace) && p.ingress && !p.allowsAllIngress);
  const egress = policies.find((p) => p.selection.allIn(namespace) && p.egress && !p.allowsAllEgress);
  return { ...(ingress ? { ingress } : {}), ...(egress ? { egress } : {}) };
}

import { cis, k8sDocs, nsa } from '../references.js';
import {
  anchorNote,
  inEntry,
  namespaceAnchor,
  namespaceName,
  namespacesWithWorkloads,
} from './lib/namespaces.js';

export default defineRule({
  meta: {
    id: 'namespace-without-default-deny',
    title: 'Namespace without default-deny NetworkPolicy',
    severity: 'medium',
    category: 'network',
    fires:
      'A namespace that runs workloads in the tree has no policy selecting all of its pods that isolates ingress, or none that isolates egress (the message says which). Kubernetes NetworkPolicies with `podSelector: {}` (or `{matchLabels: {}}`), Calico NetworkPolicy/GlobalNetworkPolicy selecting `all()` and Cilium (Clusterwide)NetworkPolicy with `endpointSelector: {}` count, wherever in the tree they are. Reported on the Namespace object when the tree has it, else on the first workload of the namespace.',
    silent:
      'A select-all policy that isolates the direction, with or without rules allowing specific traffic (such as DNS). A cluster-wide Calico or Cilium default deny covers every namespace.',
    assumes:
      'Without a policy selecting a pod, all traffic to and from it is allowed. `policyTypes` defaults to Ingress, plus Egress when egress rules are written.',
    rationale:
      'Without a default deny, any compromised pod can reach every other pod and the outside world. The seed advice: use NetworkPolicy to restrict communication inside the cluster, deny all traffic by default and allow only what is necessary.',
    remediation:
      'Add a NetworkPolicy with `podSelector: {}` and `policyTypes: [Ingress, Egress]` to the namespace, then allow the traffic each workload needs (DNS included).',
    references: [
      cis('5.3.2', 'Ensure that all Namespaces have Network Policies defined'),
      nsa('Network separation and hardening: network policies'),
      k8sDocs(
        'Network Policies: default policies',
        'concepts/services-networking/network-policies/#default-policies',
      ),
    ],
    presets: ['recommended'],
    peers: { kubescape: ['C-0049', 'C-0054', 'C-0206'] },
  },
  create(context) {
    return {
      done() {
        const index = NetworkPolicyIndex.of(context.model);
        for (const ns of namespacesWithWorkloads(context.model)) {
          const at = namespaceAnchor(ns);
          context.guard(at.object, () => {
            const iso =
              ns.group === undefined
                ? index.isolation(ns.namespace)
                : groupIsolation(
                    [
                      ...index.inNamespace(ns.namespace).filter((p) => inEntry(context.model, ns, p.object)),
                      ...index.clusterWide,
                    ],
                    ns.namespace,
                  );
            const missing = [iso.ingress ? undefined : 'ingress', iso.egress ? undefined : 'egress'].filter(
              (d): d is string => d !== undefined,
            );
            if (!missing.length) return;
            const what = missing.join(' and ');
            context.report({
              object: at.object,
              span: at.span,
              path: at.path,
              message: `${namespaceName(ns)} runs ${ns.pods.length} workload(s) but has no NetworkPolicy selecting all pods that denies ${what} by default${anchorNote(at)}; add a policy with podSelector: {} and policyTypes [${missing.map((m) => (m === 'ingress' ? 'Ingress' : 'Egress')).join(', ')}]`,
            });
          });
        }
      },
    };
  },
});
