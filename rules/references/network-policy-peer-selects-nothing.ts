import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, items, pairs, str } from '../../src/load/index.js';
import { readLabelSelector, selectsAll } from '../../src/model/index.js';
import { ownsNamespace, selectsAnyPod, treeKnowsPods, writtenNamespace } from '../../src/model/references.js';

const NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * The one namespace a peer's `namespaceSelector` picks when it only matches the automatic
 * `kubernetes.io/metadata.name` label; undefined otherwise (it may pick any namespace).
 */
function namedNamespace(nsSelector: ReturnType<typeof get>): string | undefined {
  const labels = pairs(get(nsSelector, 'matchLabels'));
  if (labels.length !== 1 || items(get(nsSelector, 'matchExpressions')).length) return undefined;
  return labels[0]!.key.value === NAME_LABEL ? str(labels[0]!.value) : undefined;
}

export default defineRule({
  meta: {
    id: 'network-policy-peer-selects-nothing',
    title: 'Network policy peer selects no pods',
    severity: 'low',
    category: 'network',
    fires:
      'A Kubernetes NetworkPolicy `from`/`to` peer whose `podSelector` has conditions and matches no pod template of the namespace it looks in — the policy’s own, or the one a `namespaceSelector` names through `kubernetes.io/metadata.name` when the tree holds that Namespace object — when the tree knows that namespace’s pods (it defines workloads there and no custom resource an operator could turn into pods).',
    silent:
      'Select-all peers (`podSelector: {}`), peers whose `namespaceSelector` can pick several namespaces or names a namespace whose Namespace object is not in the tree, kube-system and the other platform namespaces unless the tree owns them, `ipBlock` peers, and namespaces where the tree runs no workloads (an unwritten namespace counts only workloads also left unwritten in the same folder). A policy’s own `spec.podSelector` is `network-policy-selects-nothing`’s.',
    assumes: 'A peer with only `podSelector` looks in the policy’s namespace.',
    rationale:
      'A peer that matches nothing usually means a label was renamed: the allowed traffic is silently blocked, and the usual fix under pressure is to loosen the policy to everything. The seed advice: allow only necessary communication, with policies that say precisely which pods may talk.',
    remediation: 'Fix the peer’s selector to the labels of the pods that should be allowed.',
    references: [
      {
        title: 'Kubernetes docs: Network Policies (behaviour of to and from selectors)',
        url: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/',
      },
    ],
    presets: ['recommended'],
    peers: { 'kube-linter': ['dangling-networkpolicypeer-podselector'] },
    kinds: ['NetworkPolicy'],
  },
  create(context) {
    return {
      object(o) {
        if (o.group !== 'networking.k8s.io') return;
        const spec = get(o.root, 'spec');
        for (const [dir, key] of [
          ['ingress', 'from'],
          ['egress', 'to'],
        ] as const) {
          items(get(spec, dir)).forEach((rule, i) => {
            items(get(rule, key)).forEach((peer, j) => {
              const podSelector = getPair(peer, 'podSelector');
              if (!podSelector) return;
              const sel = readLabelSelector(podSelector.value);
              if (selectsAll(sel)) return;
              const nsSelector = get(peer, 'namespaceSelector');
              const ns = nsSelector === undefined ? writtenNamespace(o) : namedNamespace(nsSelector);
              if (nsSelector !== undefined && ns === undefined) return;
              // Another namespace's pods are only known when the tree owns that namespace.
              if (
                nsSelector !== undefined &&
                ns !== writtenNamespace(o) &&
                !ownsNamespace(context.model, ns!)
              )
                return;
              if (!treeKnowsPods(context.model, ns, o)) return;
              if (selectsAnyPod(context.model, ns, sel)) return;
              context.report({
                object: o,
                span: podSelector.key,
                path: o.path('spec', dir, i, key, j, 'podSelector'),
                message: `NetworkPolicy ${o.name}: the ${dir} peer's podSelector matches no pod template${ns ? ` in namespace ${ns}` : ''}, so this rule allows nothing; fix the selector to the labels of the pods that should be allowed`,
              });
            });
          });
        }
      },
    };
  },
});
