// Flagged grants per role and per ServiceAccount, cached for one run of a rule.
import type { BindingView, Model, RoleView } from '../../../src/model/index.js';
import { namespaceText, RbacGraph } from '../../../src/model/index.js';
import { type FlaggedGrant, flagRules } from './rbac-checks.js';

export interface FlaggedChain {
  readonly binding: BindingView;
  readonly role: RoleView;
  readonly flag: FlaggedGrant;
}

export class GrantFlagger {
  readonly graph: RbacGraph;
  private readonly byRole = new Map<RoleView, readonly FlaggedGrant[]>();
  private readonly byRoleInNamespace = new Map<RoleView, readonly FlaggedGrant[]>();
  private readonly bySa = new Map<string, readonly FlaggedChain[]>();

  constructor(model: Model) {
    this.graph = RbacGraph.of(model);
  }

  /**
   * The dangerous grants of a role once resolved (aggregation included), as bound by `binding`: a
   * RoleBinding (or a Role) grants nothing cluster-scoped. Computed once per role and scope.
   */
  forRole(role: RoleView, binding?: BindingView): readonly FlaggedGrant[] {
    const namespaceOnly = role.kind === 'Role' || binding?.kind === 'RoleBinding';
    const cache = namespaceOnly ? this.byRoleInNamespace : this.byRole;
    let flags = cache.get(role);
    if (!flags) {
      flags = flagRules(this.graph.effectiveRules(role), undefined, { namespaceOnly });
      cache.set(role, flags);
    }
    return flags;
  }

  /**
   * The first chain granting each dangerous permission to a ServiceAccount (direct subject or one
   * of its groups), ordered as the checks are; computed once per ServiceAccount.
   */
  forServiceAccount(namespace: string, name: string): readonly FlaggedChain[] {
    const key = `${namespace}/${name}`;
    const cached = this.bySa.get(key);
    if (cached) return cached;
    const first = new Map<string, FlaggedChain>();
    const seen = new Set<string>();
    for (const g of this.graph.grantsForServiceAccount(namespace, name)) {
      const pairKey = `${g.binding.object.ordinal}`;
      if (seen.has(pairKey)) continue;
      seen.add(pairKey);
      for (const flag of this.forRole(g.role, g.binding)) {
        if (!first.has(flag.check.id)) first.set(flag.check.id, { binding: g.binding, role: g.role, flag });
      }
    }
    const out = [...first.values()];
    this.bySa.set(key, out);
    return out;
  }
}

/** `in namespace x` for a RoleBinding, `cluster-wide` for a ClusterRoleBinding. */
export function scopeText(b: BindingView): string {
  return b.kind === 'ClusterRoleBinding' ? 'cluster-wide' : `in ${namespaceText(b.namespace ?? '')}`;
}
