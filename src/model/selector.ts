import { get, items, str, stringMap, type YNode } from '../load/index.js';

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
}

/** A Kubernetes label selector (`matchLabels` and `matchExpressions`). */
export interface LabelSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly matchExpressions: readonly LabelSelectorRequirement[];
}

/** Reads a `LabelSelector` node. An absent or empty selector selects everything, as the API defines it. */
export function readLabelSelector(node: YNode | undefined): LabelSelector {
  const matchLabels = stringMap(get(node, 'matchLabels'));
  const matchExpressions: LabelSelectorRequirement[] = [];
  for (const e of items(get(node, 'matchExpressions'))) {
    const key = str(get(e, 'key'));
    const operator = str(get(e, 'operator'));
    if (!key || !operator) continue;
    const values = items(get(e, 'values'))
      .map((v) => (v.type === 'scalar' && v.value !== null ? String(v.value) : undefined))
      .filter((v): v is string => v !== undefined);
    matchExpressions.push({ key, operator, values });
  }
  return { matchLabels, matchExpressions };
}

/** Reads a plain label map selector (a Service's `spec.selector`). */
export function selectorFromLabels(labels: Readonly<Record<string, string>>): LabelSelector {
  return { matchLabels: labels, matchExpressions: [] };
}

export function selectsAll(sel: LabelSelector): boolean {
  return Object.keys(sel.matchLabels).length === 0 && sel.matchExpressions.length === 0;
}

export function matchesSelector(sel: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels)) if (labels[k] !== v) return false;
  for (const r of sel.matchExpressions) {
    const has = Object.hasOwn(labels, r.key);
    const val = labels[r.key];
    switch (r.operator) {
      case 'In':
        if (!has || !r.values.includes(val!)) return false;
        break;
      case 'NotIn':
        if (has && r.values.includes(val!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        // An unknown operator is rejected by the API server; such a selector matches nothing.
        return false;
    }
  }
  return true;
}
