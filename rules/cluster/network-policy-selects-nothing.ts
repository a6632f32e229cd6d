import { defineRule } from '../../src/engine/rule.js';
import { getPair, pairSpan } from '../../src/load/index.js';
import {
  NetworkPolicyIndex,
  namespacesMayMatch,
  namespaceText,
  operatorPods,
  UNSET_NAMESPACE,
} from '../../src/model/index.js';
import { k8sDocs } from '../references.js';
import { candidatePods, namespacesWithWorkloads, workloadsIn } from './lib/namespaces.js';

const SELECTOR_KEYS = ['podSelector', 'endpointSelector', 'selector'];

export default defineRule({
  meta: {
    id: 'network-policy-selects-nothing',
    title: 'NetworkPolicy selects no workload',
    severity: 'low',
    category: 'network',
    fires:
      'A namespaced policy (Kubernetes, Calico or Cilium) whose pod selector has conditions matches no workload of its namespace in the scanned tree, while the tree does run workloads there. Reported on the selector.',
    silent:
      'Select-all policies; namespaces where the tree runs no workload (the workloads live elsewhere); cluster-wide policies; selectors matching the pods an operator creates from a custom resource in the namespace (prometheus-operator’s Prometheus, PrometheusAgent, Alertmanager and ThanosRuler, ECK’s Elasticsearch and Kibana, with their documented pod labels and `podMetadata`/`podTemplate` labels).',
    assumes:
      'The scanned tree holds the workloads of the namespaces it deploys to. Workloads without `metadata.namespace` may be applied to any namespace, so they count for every policy, and a policy without one counts every workload.',
    rationale:
      'A selector that matches nothing usually means a label was renamed: the workloads it was meant to protect are not isolated. The seed advice: allow only necessary communication, which needs policies that apply.',
    remediation: 'Fix the selector to the workload’s pod template labels, or remove the stale policy.',
    references: [k8sDocs('Network Policies', 'concepts/services-networking/network-policies/')],
    presets: ['recommended'],
    peers: {
      'kube-linter': ['dangling-networkpolicy'],
      'kube-score': ['networkpolicy-targets-pod'],
      kics: ['85ab1c5b-014e-4352-b5f8-d7dea3bb4fd3'],
      kubescape: ['C-0299'],
    },
  },
  create(context) {
    return {
      done() {
        const index = NetworkPolicyIndex.of(context.model);
        for (const p of index.all) {
          if (p.namespace === undefined || !p.selection.restricted) continue;
          const ns = p.namespace;
          context.guard(p.object, () => {
            // Workloads of namespaces that may be the policy's: its own, and unset ones (either side).
            const namespaces =
              ns === UNSET_NAMESPACE
                ? namespacesWithWorkloads(context.model).map((n) => n.namespace)
                : [ns, UNSET_NAMESPACE];
            let workloads = 0;
            for (const n of namespaces) workloads += workloadsIn(context.model, n)?.pods.length ?? 0;
            if (workloads === 0) return;
            // The policy's own namespace is passed: the namespaces were matched above.
            for (const n of namespaces) {
              const candidates = candidatePods(context.model, n, p.selection.requiredLabel);
              if (candidates.some((pod) => p.selection.selects(ns, pod.labels))) return;
            }
            const operated = operatorPods(context.model).find(
              (op) => namespacesMayMatch(op.namespace, ns) && p.selection.selects(ns, op.labels),
            );
            if (operated) return;
            const spec = getPair(p.object.root, 'spec')?.value;
            const key = SELECTOR_KEYS.find((k) => getPair(spec, k));
            const pair = key ? getPair(spec, key) : undefined;
            context.report({
              object: p.object,
              span: pair ? pairSpan(pair) : p.object.anchor,
              path: p.object.path('spec', key ?? 'podSelector'),
              message: `${p.object.displayName} selects none of the ${workloads} workload(s) of ${namespaceText(ns)} in the tree, so it protects nothing; fix the selector to match the pod labels`,
            });
          });
        }
      },
    };
  },
});
