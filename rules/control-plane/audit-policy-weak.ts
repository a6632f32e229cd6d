import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, items, pairSpan, str, type YNode } from '../../src/load/index.js';
import { cis, nsa } from '../references.js';

const SENSITIVE: readonly { group: string; resource: string; label: string }[] = [
  { group: '', resource: 'secrets', label: 'Secrets' },
  { group: '', resource: 'configmaps', label: 'ConfigMaps' },
  { group: 'authentication.k8s.io', resource: 'tokenreviews', label: 'TokenReviews' },
];
const BODY_LEVELS = new Set(['Request', 'RequestResponse']);

/** Does an audit rule match requests for this resource (ignoring users, verbs and namespaces)? */
function matchesResource(rule: YNode, group: string, resource: string): boolean {
  const resources = get(rule, 'resources');
  if (!items(resources).length) return !items(get(rule, 'nonResourceURLs')).length;
  return items(resources).some((gr) => {
    if ((str(get(gr, 'group')) ?? '') !== group && str(get(gr, 'group')) !== '*') return false;
    const names = items(get(gr, 'resources')).map((n) => str(n));
    return names.length === 0 || names.includes(resource) || names.includes('*');
  });
}

/** A rule with no conditions besides resources: nothing after it sees the requests it matches. */
function unconditional(rule: YNode): boolean {
  const conditions = ['users', 'userGroups', 'verbs', 'namespaces', 'nonResourceURLs'];
  if (conditions.some((c) => items(get(rule, c)).length)) return false;
  return !items(get(rule, 'resources')).some((gr) => items(get(gr, 'resourceNames')).length);
}

function matchesEverything(rule: YNode): boolean {
  return (
    unconditional(rule) && !items(get(rule, 'resources')).length && !items(get(rule, 'omitStages')).length
  );
}

export default defineRule({
  meta: {
    id: 'audit-policy-weak',
    title: 'Audit policy records too little, or records secrets',
    severity: 'high',
    category: 'cluster-policy',
    kinds: ['Policy'],
    fires:
      'An audit.k8s.io `Policy` with no rules, whose catch-all rule is `level: None`, or with no catch-all rule at all (unmatched requests are not logged); or one that logs Secrets, ConfigMaps or TokenReviews at `Request`/`RequestResponse` level (first matching rule wins, as in the API server).',
    silent:
      'A policy that logs Secrets, ConfigMaps and TokenReviews at `Metadata` before any body-level rule, and ends with a catch-all at Metadata or above.',
    assumes: 'Requests no rule matches are logged at level None (not at all).',
    rationale:
      'Request and response bodies of Secrets and TokenReviews contain the secret values and tokens themselves: logging them copies every credential into the log store. A policy that logs nothing useful leaves no trail. The seed advice: turn on audit logging.',
    remediation:
      'Start the rules with `- level: Metadata` for secrets, configmaps and tokenreviews, and end with a catch-all such as `- level: Metadata` (or `Request` for the rest).',
    references: [
      cis('3.2.1', 'Ensure that a minimal audit policy is created'),
      cis('3.2.2', 'Ensure that the audit policy covers key security concerns'),
      nsa('Audit logging and threat detection'),
    ],
    presets: ['recommended'],
    peers: { kics: ['1828a670-5957-4bc5-9974-47da228f75e2'], kubescape: ['C-0160', 'C-0161'] },
  },
  create(context) {
    return {
      object(o) {
        if (o.group !== 'audit.k8s.io') return;
        const rulesPair = getPair(o.root, 'rules');
        const rules = items(rulesPair?.value);
        if (!rules.length) {
          context.report({
            object: o,
            span: rulesPair ? pairSpan(rulesPair) : (getPair(o.root, 'kind')?.key ?? o.anchor),
            path: o.path('rules'),
            message:
              'the audit policy has no rules, so nothing is logged; add rules ending with a catch-all such as `- level: Metadata` [CIS 3.2.1]',
          });
          return;
        }
        const claimed = new Set<string>();
        rules.forEach((rule, i) => {
          const levelPair = getPair(rule, 'level');
          const level = str(levelPair?.value);
          const exposed: string[] = [];
          for (const s of SENSITIVE) {
            if (claimed.has(s.label) || !matchesResource(rule, s.group, s.resource)) continue;
            if (level && BODY_LEVELS.has(level)) exposed.push(s.label);
            if (unconditional(rule)) claimed.add(s.label);
          }
          if (exposed.length && levelPair)
            context.report({
              object: o,
              span: pairSpan(levelPair),
              path: o.path('rules', i, 'level'),
              message: `rule ${i + 1} logs ${exposed.join(', ')} at level ${level}, which writes their contents (secret values, tokens) into the audit log; log them at Metadata in an earlier rule [CIS 3.2.2]`,
            });
        });
        const catchAll = rules.findIndex(matchesEverything);
        if (catchAll < 0) {
          context.report({
            object: o,
            span: rulesPair!.key,
            path: o.path('rules'),
            message:
              'the audit policy has no catch-all rule, so requests no rule matches are not logged; end with `- level: Metadata` [CIS 3.2.2]',
          });
        } else if (str(get(rules[catchAll], 'level')) === 'None') {
          const levelPair = getPair(rules[catchAll], 'level');
          context.report({
            object: o,
            span: levelPair ? pairSpan(levelPair) : rules[catchAll]!,
            path: o.path('rules', catchAll, 'level'),
            message: `the catch-all rule ${catchAll + 1} has level None, so every request not matched before it goes unlogged; use level Metadata [CIS 3.2.2]`,
          });
        }
      },
    };
  },
});
