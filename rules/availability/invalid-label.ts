import { defineRule } from '../../src/engine/rule.js';
import { get, getIn, pairs, type YNode } from '../../src/load/index.js';
import type { K8sObject } from '../../src/model/index.js';
import { k8sDocs } from '../references.js';

// The API server's label syntax (apimachinery validation): a name part of at most 63 characters,
// alphanumerics with `-`, `_`, `.` inside; an optional DNS-subdomain prefix before a `/`.
const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const SUBDOMAIN_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function keyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined) {
    if (
      prefix.length === 0 ||
      prefix.length > 253 ||
      !prefix.split('.').every((l) => SUBDOMAIN_LABEL.test(l))
    )
      return 'its prefix must be a lower-case DNS subdomain of at most 253 characters';
  }
  if (name.length === 0 || name.length > 63) return 'its name part must be 1 to 63 characters';
  if (!NAME.test(name))
    return 'its name part must start and end with a letter or digit, with only letters, digits, `-`, `_` and `.` between';
  return undefined;
}

function valueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63) return 'a value must be at most 63 characters';
  if (!NAME.test(value))
    return 'a value must be empty or start and end with a letter or digit, with only letters, digits, `-`, `_` and `.` between';
  return undefined;
}

/** The label maps an object carries, with their field paths: its own, its pod template's, its selectors'. */
const LABEL_MAPS: readonly (readonly string[])[] = [
  ['metadata', 'labels'],
  ['spec', 'template', 'metadata', 'labels'],
  ['spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels'],
  ['spec', 'selector', 'matchLabels'],
];
const SELECTOR_LABEL_MAPS: readonly (readonly string[])[] = [...LABEL_MAPS, ['spec', 'selector']];

function labelMaps(o: K8sObject): { node: YNode; path: readonly (string | number)[] }[] {
  const candidates =
    o.kind === 'Service' || o.kind === 'ReplicationController' ? SELECTOR_LABEL_MAPS : LABEL_MAPS;
  const out: { node: YNode; path: readonly (string | number)[] }[] = [];
  for (const path of candidates) {
    const node = getIn(o.root, path);
    if (node?.type === 'map' && !(path.length === 2 && path[1] === 'selector' && get(node, 'matchLabels')))
      out.push({ node, path });
  }
  return out;
}

export default defineRule({
  meta: {
    id: 'invalid-label',
    title: 'Label the API server rejects',
    severity: 'medium',
    category: 'schema',
    fires:
      "A label key or value in `metadata.labels`, a pod template's labels, `spec.selector.matchLabels` or a Service's `spec.selector` that breaks the API server's syntax: a name part over 63 characters or with other characters than letters, digits, `-`, `_`, `.` (or not starting and ending with a letter or digit); a prefix that is not a lower-case DNS subdomain; a value over 63 characters or with such characters.",
    silent:
      'Empty values (allowed); non-string values (`invalid-field-type` reports those); annotations, whose values are free text.',
    rationale:
      'The API server rejects the whole object, so the workload, or the security fix in the same change, never reaches the cluster.',
    remediation:
      'Shorten the key or value to 63 characters and keep to letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit.',
    references: [
      k8sDocs(
        'Labels and Selectors: Syntax and character set',
        'concepts/overview/working-with-objects/labels/#syntax-and-character-set',
      ),
    ],
    presets: ['recommended'],
    peers: { 'kube-score': ['label-values'], kics: ['1123031a-f921-4c5b-bd86-ef354ecfd37a'] },
  },
  create(context) {
    // The same few label keys and values fill a tree: each is judged once per run.
    const keyProblems = new Map<string, string | undefined>();
    const valueProblems = new Map<string, string | undefined>();
    const judged = (
      table: Map<string, string | undefined>,
      s: string,
      judge: (s: string) => string | undefined,
    ) => {
      if (table.has(s)) return table.get(s);
      const why = judge(s);
      table.set(s, why);
      return why;
    };
    return {
      object(o) {
        if (!o.metadata) return;
        for (const { node, path } of labelMaps(o)) {
          for (const p of pairs(node)) {
            const key = p.key.value;
            if (typeof key !== 'string') continue;
            const keyWhy = judged(keyProblems, key, keyProblem);
            const value =
              p.value.type === 'scalar' && typeof p.value.value === 'string' ? p.value.value : undefined;
            const valueWhy = keyWhy
              ? undefined
              : value !== undefined
                ? judged(valueProblems, value, valueProblem)
                : undefined;
            const why = keyWhy ?? valueWhy;
            if (!why) continue;
            const shown = (s: string) => JSON.stringify(s.length > 70 ? `${s.slice(0, 67)}...` : s);
            context.report({
              object: o,
              span: keyWhy ? p.key : p.value,
              path: o.path(...path, key),
              message: keyWhy
                ? `label key ${shown(key)} is rejected by the API server: ${keyWhy}; rename it`
                : `label ${shown(key)} has value ${shown(value!)}, which the API server rejects: ${why}; change the value`,
            });
          }
        }
      },
    };
  },
});
