import { fixWith, setField } from '../../src/engine/fix/types.js';
import { defineRule, type RelatedLocation } from '../../src/engine/rule.js';
import { bool, getPair, pairSpan } from '../../src/load/index.js';
import { RbacGraph } from '../../src/model/index.js';
import { cis, nsa } from '../references.js';

export default defineRule({
  meta: {
    id: 'service-account-token-automount',
    title: 'Service account token mounted automatically',
    severity: 'medium',
    category: 'workload',
    fires:
      "The pod spec does not set `automountServiceAccountToken: false`, and neither does its ServiceAccount (`serviceAccountName`, else `default`, in the pod's namespace) when that ServiceAccount is in the scanned tree. A pod that sets `true` is reported even if its ServiceAccount says false: the pod's field wins. Reported at low severity when a RoleBinding or ClusterRoleBinding in the tree grants that ServiceAccount a role: the pod calls the API by design, and the question is only whether it could use a projected token instead.",
    silent:
      'The pod sets `automountServiceAccountToken: false`, or leaves it unset and its ServiceAccount in the scanned tree sets it to false.',
    assumes:
      'Unset on both the pod and the ServiceAccount means the token is mounted at /var/run/secrets/kubernetes.io/serviceaccount. A ServiceAccount that is not in the scanned tree is assumed to leave it unset. A pod without `metadata.namespace` uses a ServiceAccount of that name without a namespace, else the only one of that name in the tree.',
    rationale:
      'Every process in the pod can read the mounted token and call the API server as the ServiceAccount; most workloads never talk to the API, so the token is only useful to an intruder. The seed advice: ensure the default service token is not used, by setting automountServiceAccountToken: false in pods.',
    remediation:
      'Set `automountServiceAccountToken: false` on the pod spec (or on its ServiceAccount). Pods that call the API can mount a projected, audience-bound token explicitly.',
    references: [
      cis('5.1.6', 'Ensure that Service Account Tokens are only mounted where necessary'),
      nsa('Pod security: Protecting Pod service account tokens'),
    ],
    presets: ['recommended'],
    peers: {
      polaris: ['automountServiceAccountToken'],
      checkov: ['CKV_K8S_38'],
      kics: ['48471392-d4d0-47c0-b135-cdec95eb3eef'],
      kubescape: ['C-0034', 'C-0190', 'C-0261'],
      trivy: ['KSV-0036'],
    },
    fixable:
      'Sets `automountServiceAccountToken: false` on the pod spec. A pod that calls the Kubernetes API then needs a projected token volume instead.',
  },
  create(context) {
    return {
      podSpec(pod) {
        const own = pod.field('automountServiceAccountToken');
        const ownValue = bool(own?.pair.value);
        if (ownValue === false) return;
        const saName = pod.serviceAccountName ?? 'default';
        if (own && ownValue === true) {
          context.report({
            object: pod.object,
            span: pairSpan(own.pair),
            path: own.path,
            message: `the pod mounts the token of ServiceAccount "${saName}" (automountServiceAccountToken: true, which overrides the ServiceAccount); set it to false unless the pod calls the API`,
            fix: fixWith('set automountServiceAccountToken: false', setField(own.path, false)),
          });
          return;
        }
        const ns = pod.object.namespace;
        const sa = ns === undefined ? undefined : context.model.resolve('ServiceAccount', ns, saName);
        const saPair = getPair(sa?.root, 'automountServiceAccountToken');
        if (sa && bool(saPair?.value) === false) return;
        const related: RelatedLocation[] = sa
          ? [
              {
                object: sa,
                span: saPair ? pairSpan(saPair) : sa.anchor,
                message: saPair
                  ? `ServiceAccount "${saName}" sets automountServiceAccountToken: true`
                  : `ServiceAccount "${saName}" does not set automountServiceAccountToken`,
              },
            ]
          : [];
        const where = sa
          ? 'nor does its ServiceAccount'
          : 'and its ServiceAccount is not in the scanned files';
        // Bound to a role: the pod calls the API on purpose, so the token is needed in some form.
        const binding =
          ns === undefined
            ? undefined
            : RbacGraph.of(context.model).grantsForServiceAccount(sa?.namespace ?? ns, saName)[0]?.binding;
        if (binding) {
          related.push({
            object: binding.object,
            span: binding.roleRefSpan,
            message: `${binding.object.displayName} grants ServiceAccount "${saName}" a role`,
          });
        }
        context.report({
          object: pod.object,
          span: pod.anchor,
          path: pod.sub('automountServiceAccountToken'),
          ...(binding ? { severity: 'low' as const } : {}),
          message: binding
            ? `the pod mounts the API token of ServiceAccount "${saName}", which ${binding.object.displayName} binds to a role, so the pod likely calls the API by design; if so, consider a projected token with a short expiry and audience, else set automountServiceAccountToken: false`
            : `the pod mounts the API token of ServiceAccount "${saName}": it does not set automountServiceAccountToken: false, ${where}; set automountServiceAccountToken: false on the pod spec`,
          fix: fixWith(
            'set automountServiceAccountToken: false on the pod spec',
            setField(pod.sub('automountServiceAccountToken'), false),
          ),
          related,
        });
      },
    };
  },
});
