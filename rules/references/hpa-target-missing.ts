import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, str } from '../../src/load/index.js';
import { findCompatible, treeKnows, writtenNamespace } from '../../src/model/references.js';

export default defineRule({
  meta: {
    id: 'hpa-target-missing',
    title: 'Autoscaler targets a workload that does not exist',
    severity: 'low',
    category: 'workload',
    fires:
      'A HorizontalPodAutoscaler (`autoscaling`, any version) or KEDA ScaledObject (`keda.sh`) whose `scaleTargetRef` names a kind and name the tree does not define in its namespace, when the tree can know: it defines that kind in that namespace, or owns the namespace. A ScaledObject’s target kind defaults to Deployment.',
    silent:
      'Targets in namespaces where the tree defines no object of that kind and does not own the namespace; an unwritten namespace matches any, and only objects also left unwritten in the same folder (applied together) tell the tree it can know.',
    assumes: 'The autoscaler reports `FailedGetScale` and scales nothing while its target is missing.',
    rationale:
      'An autoscaler pointing at nothing leaves the real workload unscaled under load, which is how denial of service turns into an outage. The seed advice: keep the cluster’s configuration consistent and monitored.',
    remediation:
      'Fix `scaleTargetRef` (kind, name and apiVersion) to name the workload, or delete the autoscaler.',
    references: [
      {
        title: 'Kubernetes docs: Horizontal Pod Autoscaling',
        url: 'https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/',
      },
    ],
    presets: ['recommended'],
    peers: {
      'kube-linter': ['dangling-horizontalpodautoscaler'],
      'kube-score': ['horizontalpodautoscaler-has-target'],
      kics: ['2f652c42-619d-4361-b361-9f599688f8ca'],
      kubescape: ['C-0300'],
    },
    kinds: ['HorizontalPodAutoscaler', 'ScaledObject'],
  },
  create(context) {
    return {
      object(o) {
        const isHpa = o.kind === 'HorizontalPodAutoscaler' && o.group === 'autoscaling';
        const isKeda = o.kind === 'ScaledObject' && o.group === 'keda.sh';
        if (!isHpa && !isKeda) return;
        const ref = get(get(o.root, 'spec'), 'scaleTargetRef');
        const namePair = getPair(ref, 'name');
        const name = str(namePair?.value);
        const kind = str(get(ref, 'kind')) ?? (isKeda ? 'Deployment' : undefined);
        if (!namePair || !name || !kind) return;
        const ns = writtenNamespace(o);
        if (findCompatible(context.model, kind, ns, name).length > 0) return;
        if (!treeKnows(context.model, [kind], ns, o)) return;
        context.report({
          object: o,
          span: namePair.value,
          path: o.path('spec', 'scaleTargetRef', 'name'),
          message: `${o.kind} ${o.name} scales ${kind} ${name}, which the tree does not define${ns ? ` in namespace ${ns}` : ''}; fix scaleTargetRef or remove the autoscaler`,
        });
      },
    };
  },
});
