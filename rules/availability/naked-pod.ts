import { defineRule } from '../../src/engine/rule.js';
import { get } from '../../src/load/index.js';
import { componentsIn } from '../../src/model/index.js';
import { k8sDocs } from '../references.js';

export default defineRule({
  meta: {
    id: 'naked-pod',
    title: 'Bare Pod outside a controller',
    severity: 'low',
    category: 'workload',
    fires: 'A `kind: Pod` object that no controller owns: no `metadata.ownerReferences`.',
    silent:
      'Static Pod manifests of control-plane components (recognised by their command or image); Helm test hooks (`helm.sh/hook: test` or `test-success`); Pods with `ownerReferences`; pod templates of Deployments, Jobs and the like.',
    rationale:
      'A bare Pod is not recreated when its node fails or is drained, and it cannot be updated in place: it is the workload nobody notices is gone.',
    remediation:
      'Run it as a Deployment (long-running), a Job (to completion) or a DaemonSet (one per node).',
    references: [
      k8sDocs(
        'Configuration best practices: Naked Pods',
        'concepts/configuration/overview/#naked-pods-vs-replicasets-deployments-and-jobs',
      ),
    ],
    presets: ['recommended'],
    peers: { kubescape: ['C-0073'] },
    kinds: ['Pod'],
  },
  create(context) {
    return {
      object(o) {
        if (o.kind !== 'Pod' || o.apiVersion !== 'v1') return;
        if (get(o.metadata, 'ownerReferences') !== undefined) return;
        const hook = o.annotations['helm.sh/hook'] ?? '';
        if (/\btest(-success)?\b/.test(hook)) return;
        if (componentsIn(o).length > 0) return;
        context.report({
          object: o,
          span: o.anchor,
          path: o.path('kind'),
          message: `Pod "${o.name}" is not managed by a controller, so nothing recreates it when its node fails or drains; run it as a Deployment, Job or DaemonSet`,
        });
      },
    };
  },
});
