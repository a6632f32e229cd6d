// Exact CIDR set arithmetic for egress rules: does an allowed block, minus its `except` blocks,
// still contain some address of a target block? Works on address ranges as bigints, so IPv4 and
// IPv6 are exact at any prefix length.
import type { Cidr } from './network.js';

function bitsOf(c: Cidr): number {
  return c.family === 4 ? 32 : 128;
}

/** The first and last address of a block. */
export function cidrRange(c: Cidr): readonly [bigint, bigint] {
  const size = 1n << BigInt(bitsOf(c) - c.prefix);
  return [c.address, c.address + size - 1n];
}

/**
 * The first address of `target` that `allowed` contains and no `except` block contains, or
 * undefined when there is none (different families never meet).
 */
export function firstReachable(allowed: Cidr, except: readonly Cidr[], target: Cidr): bigint | undefined {
  if (allowed.family !== target.family) return undefined;
  const [as, ae] = cidrRange(allowed);
  const [ts, te] = cidrRange(target);
  // The overlap of the two ranges (Math.max/min do not take bigints).
  let start = as;
  if (ts > start) start = ts;
  let end = ae;
  if (te < end) end = te;
  if (start > end) return undefined;
  const holes = except
    .filter((e) => e.family === allowed.family)
    .map(cidrRange)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let cursor = start;
  for (const [hs, he] of holes) {
    if (he < cursor) continue;
    if (hs > cursor) break;
    cursor = he + 1n;
    if (cursor > end) return undefined;
  }
  return cursor <= end ? cursor : undefined;
}

/** Formats an address of a family as text (IPv6 in full, lower-case, with `::` compression). */
export function formatAddress(address: bigint, family: 4 | 6): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((address >> s) & 0xffn)).join('.');
  const groups: number[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(Number((address >> s) & 0xffffn));
  // Longest run of zero groups (two or more) becomes `::`.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}
