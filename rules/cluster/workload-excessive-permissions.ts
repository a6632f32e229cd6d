import { defineRule } from '../../src/engine/rule.js';
import { bool, get, pairSpan } from '../../src/load/index.js';
import { UNSET_NAMESPACE } from '../../src/model/index.js';
import { cis, nsa } from '../references.js';
import { chainLocations, fitList, MESSAGE_BUDGET, uniqueLocations } from './lib/chain.js';
import { GrantFlagger, scopeText } from './lib/grants.js';

export default defineRule({
  meta: {
    id: 'workload-excessive-permissions',
    title: 'Workload’s ServiceAccount holds dangerous permissions',
    severity: 'high',
    category: 'rbac',
    fires:
      'A workload’s ServiceAccount (`serviceAccountName`, else `default`) gains, through any RoleBinding or ClusterRoleBinding in the tree naming it or one of its groups (`system:serviceaccounts`, `system:serviceaccounts:<ns>`, `system:authenticated`), a permission the RBAC rules flag, or one that only this rule and binding-excessive-permissions report: creating PersistentVolumes, writing role bindings, services/status or ConfigMaps, deleting workloads, Secrets or events. Reported on `serviceAccountName` (or the pod spec), with each chain binding → role → rule as related locations. A pod without a namespace is matched with subjects naming its ServiceAccount in any namespace unless the tree has that ServiceAccount there.',
    silent:
      'Pods with `automountServiceAccountToken: false` (or whose ServiceAccount in the tree sets it and the pod does not override it): the token is not in the pod. ServiceAccounts bound to nothing dangerous.',
    assumes:
      'A ServiceAccount subject without `namespace` means the binding’s namespace. The token is mounted unless automounting is turned off.',
    rationale:
      'A compromised container acts with its ServiceAccount’s token: if that account can read Secrets or create pods, so can the attacker. The seed advice: give service accounts only the permissions their pods need, and do not use the default token.',
    remediation:
      'Give the workload its own ServiceAccount bound to a minimal Role, or set `automountServiceAccountToken: false` when it does not talk to the API server.',
    references: [
      cis('5.1.5', 'Ensure that default service accounts are not actively used'),
      cis('5.1.6', 'Ensure that Service Account Tokens are only mounted where necessary'),
      nsa('Authentication and authorization: least privilege RBAC'),
    ],
    presets: ['recommended'],
    peers: {
      checkov: ['CKV2_K8S_4', 'CKV2_K8S_5'],
      kubescape: ['C-0007', 'C-0031', 'C-0037', 'C-0267', 'C-0272', 'C-0278'],
      trivy: ['KSV-0049', 'KSV-0051', 'KSV-0052', 'KSV-0055', 'KSV-0115'],
    },
  },
  create(context) {
    return {
      done() {
        const { model } = context;
        const flagger = new GrantFlagger(model);
        if (flagger.graph.bindings.length === 0) return;
        for (const pod of model.podSpecs()) {
          context.guard(pod.object, () => {
            const ns = pod.object.namespace;
            if (!ns) return;
            const saName = pod.serviceAccountName ?? 'default';
            const podMount = bool(get(pod.node, 'automountServiceAccountToken'));
            if (podMount === false) return;
            if (podMount === undefined) {
              const sa = model.resolve('ServiceAccount', ns, saName);
              if (sa && bool(get(sa.root, 'automountServiceAccountToken')) === false) return;
            }
            const chains = flagger.forServiceAccount(ns, saName);
            if (!chains.length) return;
            const field = pod.field('serviceAccountName') ?? pod.field('serviceAccount');
            const parts = chains.map((c) => ({
              short: `${c.flag.check.what} ${scopeText(c.binding)}`,
              long: `${c.flag.check.what} ${scopeText(c.binding)} (${c.flag.detail}, via ${c.binding.object.displayName})`,
            }));
            // `read Secrets, create workloads cluster-wide; run commands … in namespace x`
            const byScope = new Map<string, string[]>();
            for (const c of chains) {
              const scope = scopeText(c.binding);
              byScope.set(scope, [...(byScope.get(scope) ?? []), c.flag.check.what]);
            }
            const compact = [...byScope].map(([scope, whats]) => `${whats.join(', ')} ${scope}`).join('; ');
            const head = `${pod.object.displayName} runs as ServiceAccount ${ns === UNSET_NAMESPACE ? '' : `${ns}/`}${saName}${field ? '' : ' (the default)'}, which can `;
            const tail =
              '; give it a dedicated ServiceAccount bound to a minimal Role, or turn off automountServiceAccountToken';
            context.report({
              object: pod.object,
              span: field ? pairSpan(field.pair) : pod.anchor,
              path: field ? field.path : pod.sub('serviceAccountName'),
              message: `${head}${fitList(parts, MESSAGE_BUDGET - head.length - tail.length - 1, compact)}${tail}`,
              related: uniqueLocations(chains.flatMap((c) => chainLocations(c.binding, c.role, c.flag))),
            });
          });
        }
      },
    };
  },
});
