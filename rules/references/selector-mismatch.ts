import { defineRule } from '../../src/engine/rule.js';
import {
  get,
  getPair,
  items,
  pairSpan,
  pairs,
  str,
  stringMap as stringMapOf,
  text,
  type YNode,
} from '../../src/load/index.js';
import type { LabelSelectorRequirement } from '../../src/model/index.js';
import { matchesSelector, readLabelSelector, selectorFromLabels } from '../../src/model/index.js';

/** Kinds whose selector must select their own template, and where the selector is a label map. */
const LABEL_SELECTOR_KINDS: Record<string, string> = {
  Deployment: 'apps',
  StatefulSet: 'apps',
  DaemonSet: 'apps',
  ReplicaSet: 'apps',
  Job: 'batch',
};

/** One `matchExpressions` item, read as `readLabelSelector` reads it. */
function requirement(e: YNode): LabelSelectorRequirement | undefined {
  const key = str(get(e, 'key'));
  const operator = str(get(e, 'operator'));
  if (!key || !operator) return undefined;
  const values = items(get(e, 'values'))
    .map((v) => text(v))
    .filter((v): v is string => v !== undefined);
  return { key, operator, values };
}

export default defineRule({
  meta: {
    id: 'selector-mismatch',
    title: 'Workload selector does not match its pod template',
    severity: 'high',
    category: 'workload',
    fires:
      'A Deployment, StatefulSet, DaemonSet or ReplicaSet (`apps`), a Job with a `selector` (`batch`), or a ReplicationController whose `spec.selector` does not match `spec.template.metadata.labels`; also an empty `selector: {}` on the `apps` kinds. The API server refuses such an object ("selector does not match template labels"). The finding points at the first `matchLabels` entry (or `matchExpressions` item) the template fails.',
    silent:
      'A missing selector (a ReplicationController and a Job default it from the template; for the `apps` kinds the schema rules report a missing required field), and selectors the template labels satisfy.',
    assumes:
      'Selector semantics are the API’s: every `matchLabels` pair and every `matchExpressions` requirement must hold.',
    rationale:
      'A workload whose selector does not match its template is rejected by the API server, so the change never deploys — including the security settings it carries. The seed advice: keep the manifests correct and the configuration consistent so the hardening in Git is what runs.',
    remediation:
      'Make `spec.selector` a subset of `spec.template.metadata.labels` (selectors are immutable: change both together).',
    references: [
      {
        title: 'Kubernetes docs: Deployments (selector)',
        url: 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#selector',
      },
    ],
    presets: ['recommended'],
    peers: {
      'kube-linter': ['mismatching-selector'],
      'kube-score': [
        'deployment-pod-selector-labels-match-template-metadata-labels',
        'statefulset-pod-selector-labels-match-template-metadata-labels',
      ],
      kubescape: ['C-0296'],
    },
    kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'ReplicationController'],
  },
  create(context) {
    return {
      object(o) {
        const spec = get(o.root, 'spec');
        const selector = getPair(spec, 'selector');
        if (!selector) return;
        const templateLabels = stringMapOf(get(get(get(spec, 'template'), 'metadata'), 'labels'));
        const report = (span: { start: number; end: number }, path: string, what: string) =>
          context.report({
            object: o,
            span,
            path,
            message: `${o.kind} ${o.name}: ${what}, so the API server refuses it; make the selector a subset of spec.template.metadata.labels`,
          });
        if (o.kind === 'ReplicationController' && o.group === '') {
          const sel = selectorFromLabels(stringMapOf(selector.value));
          if (matchesSelector(sel, templateLabels)) return;
          const bad = pairs(selector.value).find(
            (p) => templateLabels[String(p.key.value)] !== text(p.value),
          );
          report(
            bad ? pairSpan(bad) : selector.key,
            o.path('spec', 'selector', ...(bad ? [String(bad.key.value)] : [])),
            'the selector does not match the template labels',
          );
          return;
        }
        if (LABEL_SELECTOR_KINDS[o.kind] !== o.group) return;
        const sel = readLabelSelector(selector.value);
        const matchLabels = get(selector.value, 'matchLabels');
        const expressions = get(selector.value, 'matchExpressions');
        if (items(expressions).length === 0 && pairs(matchLabels).length === 0) {
          if (o.group === 'apps') report(selector.key, o.path('spec', 'selector'), 'the selector is empty');
          return;
        }
        if (matchesSelector(sel, templateLabels)) return;
        for (const p of pairs(matchLabels)) {
          const key = String(p.key.value);
          const v = text(p.value);
          if (templateLabels[key] !== v) {
            report(
              pairSpan(p),
              o.path('spec', 'selector', 'matchLabels', key),
              templateLabels[key] === undefined
                ? `the selector requires label ${key}=${v} which the template does not carry`
                : `the selector requires ${key}=${v} but the template has ${key}=${templateLabels[key]}`,
            );
            return;
          }
        }
        items(expressions).some((e, i) => {
          const req = requirement(e);
          if (!req || matchesSelector({ matchLabels: {}, matchExpressions: [req] }, templateLabels))
            return false;
          report(
            e,
            o.path('spec', 'selector', 'matchExpressions', i),
            `the template labels fail the selector requirement ${req.key} ${req.operator}${req.values.length ? ` (${req.values.join(', ')})` : ''}`,
          );
          return true;
        });
      },
    };
  },
});
