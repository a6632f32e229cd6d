import { defineRule } from '../../src/engine/rule.js';
import { getPair, pairSpan } from '../../src/load/index.js';
import { k8sDocs } from '../references.js';

export default defineRule({
  meta: {
    id: 'pod-security-policy',
    title: 'PodSecurityPolicy (removed in Kubernetes 1.25)',
    severity: 'medium',
    category: 'admission',
    fires: 'A PodSecurityPolicy object (`policy/v1beta1` or `extensions/v1beta1`).',
    silent: 'Pod Security Admission labels and policy engine objects.',
    assumes:
      'PodSecurityPolicy was removed in Kubernetes 1.25: the object is rejected, and on older clusters it is deprecated.',
    rationale:
      'A policy that no longer exists protects nothing: on 1.25+ the cluster runs without the restrictions the repository appears to set. The seed advice recommends Pod Security Admission.',
    remediation:
      'Migrate to Pod Security Admission namespace labels (or a policy engine) and delete the PodSecurityPolicy.',
    references: [
      k8sDocs(
        'Migrate from PodSecurityPolicy to the built-in PodSecurity admission controller',
        'tasks/configure-pod-container/migrate-from-psp/',
      ),
    ],
    presets: ['recommended'],
    kinds: ['PodSecurityPolicy'],
  },
  create(context) {
    return {
      object(o) {
        if (o.group !== 'policy' && o.group !== 'extensions') return;
        const kind = getPair(o.root, 'kind');
        context.report({
          object: o,
          span: kind ? pairSpan(kind) : o.anchor,
          path: o.path('kind'),
          message: `PodSecurityPolicy ${o.name} was removed in Kubernetes 1.25 and enforces nothing on current clusters; migrate to Pod Security Admission labels on the namespaces`,
        });
      },
    };
  },
});
