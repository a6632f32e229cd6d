import { fixWith, setField } from '../../src/engine/fix/types.js';
import { defineRule } from '../../src/engine/rule.js';
import { get, getPair } from '../../src/load/index.js';
import type { K8sObject } from '../../src/model/index.js';
import { k8sDocs } from '../references.js';
import { compareMinor, deprecationOf } from './versions.js';

export default defineRule({
  meta: {
    id: 'removed-api-version',
    title: 'API version no longer served',
    severity: 'high',
    category: 'api-versions',
    fires:
      'An object whose apiVersion and kind the target Kubernetes version (`kubernetesVersion` in config, `--kubernetes-version`) no longer serves, per the deprecation table shipped in `data/api-deprecations.json` (v1.16 to today).',
    silent:
      'API versions still served by the target version (deprecated ones are `deprecated-api-version`); kinds the table does not know (CRDs).',
    assumes: 'The target version defaults to the newest stable Kubernetes release kubeharden knows.',
    rationale:
      'The API server rejects objects in an API version it no longer serves, so the manifest will not apply on an upgraded cluster, often discovered during the upgrade itself. The seed advice: keep Kubernetes up to date, which means keeping manifests current with it.',
    remediation:
      'Change apiVersion to the replacement (and migrate fields where the note says so); `kubectl convert` can help.',
    references: [k8sDocs('Deprecated API Migration Guide', 'reference/using-api/deprecation-guide/')],
    presets: ['recommended'],
    peers: {
      'kube-linter': ['no-extensions-v1beta'],
      'kube-score': ['stable-version'],
      kics: ['94b76ea5-e074-4ca2-8a03-c5a606e30645'],
      trivy: ['KSV-0107'],
    },
    fixable:
      'Sets `apiVersion` to its replacement when that is a pure version change (same kind, same fields); other migrations are left to you.',
  },
  create(context) {
    return {
      object(o) {
        const row = deprecationOf(o.apiVersion, o.kind);
        if (!row?.removedIn || compareMinor(context.kubernetesVersion, row.removedIn) < 0) return;
        const pair = getPair(o.root, 'apiVersion');
        if (!pair) return;
        const replacement = row.replacement
          ? `use ${row.replacement}${row.note ? ` (${row.note})` : ''}`
          : (row.note ?? 'there is no replacement');
        context.report({
          object: o,
          span: pair.value,
          path: o.path('apiVersion'),
          message: `${o.apiVersion} ${o.kind} is not served since Kubernetes ${row.removedIn} (deprecated in ${row.deprecatedIn}; target ${context.kubernetesVersion}), so it will not apply; ${replacement}`,
          ...(row.replacement && pureVersionChange(o, row.apiVersion, row.note)
            ? {
                fix: fixWith(
                  `set apiVersion: ${row.replacement}`,
                  setField(o.path('apiVersion'), row.replacement),
                ),
              }
            : {}),
        });
      },
    };
  },
});

// extensions/v1beta1 and apps/v1beta1 defaulted a workload's selector from its template labels;
// apps/v1 requires it written, so without one the change is more than a version.
const SELECTOR_DEFAULTED = new Set(['extensions/v1beta1', 'apps/v1beta1']);
const WORKLOADS = new Set(['Deployment', 'DaemonSet', 'ReplicaSet', 'StatefulSet']);

/** True when only `apiVersion` changes: no migration note, and no field the old version defaulted. */
function pureVersionChange(o: K8sObject, apiVersion: string, note: string | undefined): boolean {
  if (note) return false;
  if (SELECTOR_DEFAULTED.has(apiVersion) && WORKLOADS.has(o.kind) && !get(get(o.root, 'spec'), 'selector'))
    return false;
  return true;
}
