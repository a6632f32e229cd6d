import { defineRule } from '../../src/engine/rule.js';
import { getPair } from '../../src/load/index.js';
import { k8sDocs } from '../references.js';
import { compareMinor, deprecationOf } from './versions.js';

export default defineRule({
  meta: {
    id: 'deprecated-api-version',
    title: 'Deprecated API version',
    severity: 'low',
    category: 'api-versions',
    fires:
      'An object whose apiVersion and kind are deprecated in the target Kubernetes version but still served, per `data/api-deprecations.json`; the message names the release that removes it (when announced) and the replacement.',
    silent:
      'API versions not yet deprecated in the target version, and those already removed (`removed-api-version` reports them).',
    assumes: 'The target version defaults to the newest stable Kubernetes release kubeharden knows.',
    rationale:
      'A deprecated API version will stop being served in a later release; migrating while both work avoids a broken upgrade. The seed advice: keep Kubernetes up to date.',
    remediation: 'Move to the replacement API version.',
    references: [k8sDocs('Deprecated API Migration Guide', 'reference/using-api/deprecation-guide/')],
    presets: ['recommended'],
    peers: {
      'kube-score': ['stable-version'],
      kics: ['94b76ea5-e074-4ca2-8a03-c5a606e30645'],
      trivy: ['KSV-0107'],
    },
  },
  create(context) {
    return {
      object(o) {
        const row = deprecationOf(o.apiVersion, o.kind);
        if (!row || compareMinor(context.kubernetesVersion, row.deprecatedIn) < 0) return;
        if (row.removedIn && compareMinor(context.kubernetesVersion, row.removedIn) >= 0) return;
        const pair = getPair(o.root, 'apiVersion');
        if (!pair) return;
        const removal = row.removedIn
          ? `it stops being served in ${row.removedIn}`
          : 'no removal is scheduled yet';
        const replacement = row.replacement ? `; use ${row.replacement}` : '';
        context.report({
          object: o,
          span: pair.value,
          path: o.path('apiVersion'),
          message: `${o.apiVersion} ${o.kind} is deprecated since Kubernetes ${row.deprecatedIn} (${removal})${replacement}${row.note ? ` (${row.note})` : ''}`,
        });
      },
    };
  },
});
