// The shared body of the per-role RBAC rules: each reports one dangerous kind of grant, once per
// Role/ClusterRole in the tree, on the first rule entry that grants it.
import { defineRule, type Report, type Rule, type RuleMeta } from '../../../src/engine/rule.js';
import { getPair, items, pairSpan, type Span, type YMap } from '../../../src/load/index.js';
import { type K8sObject, type PolicyRule, RbacGraph, roleDisplayName } from '../../../src/model/index.js';
import { type DangerCheck, dangerCheck, flagRules } from './rbac-checks.js';

/** The most precise node of a rule entry for a check: a `*` item for wildcards, else `resources`. */
export function ruleSpanFor(check: DangerCheck, node: YMap): Span {
  if (check.id === 'rbac-wildcard') {
    for (const field of ['verbs', 'resources', 'apiGroups', 'nonResourceURLs']) {
      const star = items(getPair(node, field)?.value).find((n) => n.type === 'scalar' && n.value === '*');
      if (star) return star;
    }
  }
  const p = getPair(node, 'resources') ?? getPair(node, 'verbs');
  return p ? pairSpan(p) : node;
}

export interface RoleRuleOptions {
  /** Adjusts a finding (severity, message tail) given the role object. */
  readonly refine?: (
    role: K8sObject,
    graph: RbacGraph,
  ) => Partial<Pick<Report, 'severity'>> & { note?: string };
  readonly advice: string;
}

export function roleCheckRule(
  meta: Omit<RuleMeta, 'category' | 'kinds' | 'severity'>,
  options: RoleRuleOptions,
): Rule {
  const check = dangerCheck(meta.id);
  return defineRule({
    meta: { ...meta, severity: check.severity, category: 'rbac', kinds: ['Role', 'ClusterRole'] },
    create(context) {
      return {
        object(o) {
          if (o.group !== 'rbac.authorization.k8s.io') return;
          const graph = RbacGraph.of(context.model);
          const role = graph.roleOfObject(o);
          if (!role) return;
          // An aggregated ClusterRole's own rules are overwritten by the controller; its components report.
          if (role.aggregation) return;
          const [flag] = flagRules(role.ownRules, [check], { namespaceOnly: role.kind === 'Role' });
          if (!flag?.rule.node) return;
          const rule: PolicyRule = flag.rule;
          const extra = options.refine?.(o, graph) ?? {};
          context.report({
            object: o,
            span: ruleSpanFor(check, rule.node!),
            path: o.path('rules', rule.index),
            message: `${roleDisplayName(role)} grants ${flag.detail} (rules[${rule.index}]), which lets its holders ${check.what}${extra.note ?? ''}; ${options.advice}`,
            ...(extra.severity ? { severity: extra.severity } : {}),
          });
        },
      };
    },
  });
}
