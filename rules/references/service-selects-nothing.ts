import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, str, stringMap } from '../../src/load/index.js';
import { selectorFromLabels } from '../../src/model/index.js';
import { selectsAnyPod, treeKnowsPods, writtenNamespace } from '../../src/model/references.js';

export default defineRule({
  meta: {
    id: 'service-selects-nothing',
    title: 'Service selects no pods',
    severity: 'medium',
    category: 'exposure',
    fires:
      'A Service with a non-empty `spec.selector` that matches the labels of no pod template that may run in its namespace, when the tree knows that namespace’s pods: it defines workloads in the same namespace (an unwritten namespace counts only workloads also left unwritten in the same folder) and no custom resource there that an operator could turn into pods.',
    silent:
      'kube-system, kube-public and kube-node-lease unless the tree holds their Namespace object; Services without a selector (backed by hand-made Endpoints or EndpointSlices), `ExternalName` Services, namespaces where the tree runs no workloads, and namespaces holding custom resources (a Prometheus, a database operator’s cluster) whose pods the tree does not show.',
    assumes:
      'A Service’s selector is a plain label map: every pair must be on the pod. Labels the controller adds count as on the pod: `statefulset.kubernetes.io/pod-name` (`<name>-<i>`, i below the replica count), `apps.kubernetes.io/pod-index`, `controller-revision-hash`, `pod-template-hash`, `pod-template-generation`, `batch.kubernetes.io/job-name`/`job-name` and `batch.kubernetes.io/controller-uid`/`controller-uid`. Helm hooks (`helm.sh/hook`, such as test pods) are not backends.',
    rationale:
      'A Service that selects nothing has no endpoints: traffic fails, and the typo usually hides a label drift that also breaks NetworkPolicies and PodDisruptionBudgets written for the same labels. The seed advice: restrict which pods talk to each other — which only works when labels and selectors agree.',
    remediation: 'Fix the selector (or the pod template labels) so the Service selects the pods it fronts.',
    references: [
      {
        title: 'Kubernetes docs: Service',
        url: 'https://kubernetes.io/docs/concepts/services-networking/service/',
      },
    ],
    presets: ['recommended'],
    peers: {
      'kube-linter': ['dangling-service'],
      'kube-score': ['service-targets-pod'],
      kics: ['3ca03a61-3249-4c16-8427-6f8e47dda729'],
      kubescape: ['C-0293'],
    },
  },
  create(context) {
    return {
      done() {
        const { model } = context;
        for (const svc of model.ofKind('Service')) {
          if (svc.apiVersion !== 'v1') continue;
          const spec = get(svc.root, 'spec');
          if (str(get(spec, 'type')) === 'ExternalName') continue;
          const selector = getPair(spec, 'selector');
          const labels = stringMap(selector?.value);
          if (!selector || Object.keys(labels).length === 0) continue;
          const ns = writtenNamespace(svc);
          if (!treeKnowsPods(model, ns, svc)) continue;
          const sel = selectorFromLabels(labels);
          if (selectsAnyPod(model, ns, sel)) continue;
          context.guard(svc, () => {
            context.report({
              object: svc,
              span: selector.key,
              path: svc.path('spec', 'selector'),
              message: `Service ${svc.name} selects ${Object.entries(labels)
                .map(([k, v]) => `${k}=${v}`)
                .join(
                  ', ',
                )}, which no pod template${ns ? ` in namespace ${ns}` : ''} carries, so it has no endpoints; fix the selector or the pod labels`,
            });
          });
        }
      },
    };
  },
});
