import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, isMap, pairSpan, str } from '../../src/load/index.js';

export default defineRule({
  meta: {
    id: 'openshift-route-insecure',
    title: 'OpenShift Route serves plain HTTP',
    severity: 'medium',
    category: 'exposure',
    fires:
      'An OpenShift Route (`route.openshift.io`, or the OpenShift 3 `v1` Route) without `spec.tls`, or with `spec.tls.insecureEdgeTerminationPolicy: Allow`.',
    silent:
      'Routes with `spec.tls` and `insecureEdgeTerminationPolicy` unset, `None` or `Redirect`; Routes of other API groups.',
    assumes: 'Unset `insecureEdgeTerminationPolicy` means None: the router refuses plain HTTP.',
    rationale:
      'Without TLS the router serves the application over plain HTTP, where credentials and session cookies can be read and altered on the way; `Allow` keeps a plain-HTTP door open beside the TLS one. The seed advice: encrypt traffic and do not expose more than you should.',
    remediation:
      'Add `spec.tls` with `termination: edge`, `reencrypt` or `passthrough`, and set `insecureEdgeTerminationPolicy: Redirect` (or leave it unset).',
    references: [
      {
        title: 'OpenShift: Secured routes',
        url: 'https://docs.openshift.com/container-platform/latest/networking/routes/secured-routes.html',
      },
    ],
    presets: ['recommended'],
    kinds: ['Route'],
  },
  create(context) {
    return {
      object(o) {
        if (o.group !== 'route.openshift.io' && o.apiVersion !== 'v1') return;
        const tls = get(get(o.root, 'spec'), 'tls');
        if (!isMap(tls)) {
          // A missing (or null) tls: point at spec.tls when written, else at the nearest ancestor.
          const at = o.locate(['spec', 'tls']);
          context.report({
            object: o,
            span: at.span,
            path: o.path('spec', 'tls'),
            message: `Route ${o.name} has no spec.tls, so the router serves it over plain HTTP; add spec.tls with termination edge, reencrypt or passthrough`,
          });
          return;
        }
        const policy = getPair(tls, 'insecureEdgeTerminationPolicy');
        if (!policy || str(policy.value) !== 'Allow') return;
        context.report({
          object: o,
          span: pairSpan(policy),
          path: o.path('spec', 'tls', 'insecureEdgeTerminationPolicy'),
          message: `Route ${o.name} also serves plain HTTP (insecureEdgeTerminationPolicy: Allow); set it to Redirect`,
        });
      },
    };
  },
});
