import { defineRule } from '../../src/engine/rule.js';
import { get, getPair } from '../../src/load/index.js';
import { readLabelSelector, selectsAll } from '../../src/model/index.js';
import { selectsAnyPod, treeKnowsPods, writtenNamespace } from '../../src/model/references.js';

export default defineRule({
  meta: {
    id: 'pdb-selects-nothing',
    title: 'PodDisruptionBudget selects no pods',
    severity: 'low',
    category: 'workload',
    fires:
      'A PodDisruptionBudget (`policy`) whose `spec.selector` (matchLabels and matchExpressions) matches no pod template that may run in its namespace, when the tree knows that namespace’s pods (workloads defined there, no custom resource there that an operator could turn into pods).',
    silent:
      'kube-system, kube-public and kube-node-lease unless the tree holds their Namespace object; an empty selector (`{}` selects every pod of the namespace in policy/v1), a missing selector, namespaces without workloads in the tree, and namespaces with operator-managed custom resources; an unwritten namespace counts only workloads also left unwritten in the same folder.',
    assumes: 'Label selector semantics are the API’s.',
    rationale:
      'A budget that selects nothing protects nothing: a node drain can take every replica down at once. The seed advice: keep the cluster upgradable (drain nodes one at a time) without losing the service.',
    remediation: 'Fix the selector so it matches the pod template labels of the workload it protects.',
    references: [
      {
        title: 'Kubernetes docs: Specifying a Disruption Budget',
        url: 'https://kubernetes.io/docs/tasks/run-application/configure-pdb/',
      },
    ],
    presets: ['recommended'],
  },
  create(context) {
    return {
      done() {
        const { model } = context;
        for (const pdb of model.ofKind('PodDisruptionBudget')) {
          if (pdb.group !== 'policy') continue;
          const selector = getPair(get(pdb.root, 'spec'), 'selector');
          if (!selector) continue;
          const sel = readLabelSelector(selector.value);
          if (selectsAll(sel)) continue;
          const ns = writtenNamespace(pdb);
          if (!treeKnowsPods(model, ns, pdb)) continue;
          if (selectsAnyPod(model, ns, sel)) continue;
          context.guard(pdb, () => {
            context.report({
              object: pdb,
              span: selector.key,
              path: pdb.path('spec', 'selector'),
              message: `PodDisruptionBudget ${pdb.name} selects no pod template${ns ? ` in namespace ${ns}` : ''}, so it protects nothing from eviction; fix its selector to match the workload's pod labels`,
            });
          });
        }
      },
    };
  },
});
