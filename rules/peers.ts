// Adds the `peers` entry to a rule made by a shared factory (the *-profiling, *-bind-address and host
// namespace rules), whose meta block is not written in the rule's own file. Written by scripts/sync-peers.mjs.
import type { PeerLinter, Rule } from '../src/engine/rule.js';

export function withPeers<O>(rule: Rule<O>, peers: Partial<Record<PeerLinter, readonly string[]>>): Rule<O> {
  return { ...rule, meta: { ...rule.meta, peers } };
}
