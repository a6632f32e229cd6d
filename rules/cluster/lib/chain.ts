// The chain binding → role → rule behind a grant, as related locations (messages stay short).
import type { RelatedLocation } from '../../../src/engine/rule.js';
import { pairSpan } from '../../../src/load/index.js';
import { type BindingView, type RoleView, roleDisplayName } from '../../../src/model/index.js';
import type { FlaggedGrant } from './rbac-checks.js';
import { ruleSpanFor } from './role-rule.js';

/** Related locations of several chains, each place once. */
export function uniqueLocations(list: readonly RelatedLocation[]): RelatedLocation[] {
  const seen = new Set<string>();
  return list.filter((r) => {
    const k = `${r.object.file.path}\u0000${r.span.start}\u0000${r.span.end}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function chainLocations(binding: BindingView, role: RoleView, flag: FlaggedGrant): RelatedLocation[] {
  const out: RelatedLocation[] = [
    {
      object: binding.object,
      span: binding.roleRefNamePair ? pairSpan(binding.roleRefNamePair) : binding.roleRefSpan,
      message: `${binding.object.displayName} binds ${roleDisplayName(role)}`,
    },
  ];
  if (role.object && flag.rule.role !== role) {
    out.push({
      object: role.object,
      span: role.object.anchor,
      message: `${roleDisplayName(role)} aggregates ${roleDisplayName(flag.rule.role)}`,
    });
  }
  const ruleRole = flag.rule.role;
  if (ruleRole.object && flag.rule.node) {
    out.push({
      object: ruleRole.object,
      span: ruleSpanFor(flag.check, flag.rule.node),
      message: `${roleDisplayName(ruleRole)} rules[${flag.rule.index}] grants ${flag.detail}`,
    });
  }
  return out;
}

/** Messages stay under this many characters; details that do not fit are in related locations. */
export const MESSAGE_BUDGET = 400;

/**
 * Joins the parts of a message list within `budget` characters: the detailed forms when they fit,
 * else the short forms, else as many short forms as fit and `N more`.
 */
export function fitList(
  parts: readonly { short: string; long: string }[],
  budget: number,
  /** A compact form of the whole list, tried before dropping items. */
  compact?: string,
): string {
  const long = parts.map((p) => p.long).join('; ');
  if (long.length <= budget) return long;
  const short = parts.map((p) => p.short).join('; ');
  if (short.length <= budget) return short;
  if (compact !== undefined && compact.length <= budget) return compact;
  const kept: string[] = [];
  let used = 0;
  for (const [i, p] of parts.entries()) {
    const more = ` and ${parts.length - i} more (see related locations)`;
    if (used + p.short.length + 2 + more.length > budget) {
      return `${kept.join('; ')}${more}`;
    }
    kept.push(p.short);
    used += p.short.length + 2;
  }
  return kept.join('; ');
}
