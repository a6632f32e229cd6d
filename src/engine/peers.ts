// The peer inventory (data/peer-checks.json): every built-in check of the linters users switch from,
// with kubeharden's equivalent. Rule `peers` metadata, `kubeharden rules --peer` and docs/migrating.md
// all derive from it, so they cannot disagree (test/core/peers.test.ts holds the rule files to it).
import inventory from '../../data/peer-checks.json' with { type: 'json' };
import { PEER_LINTERS, type PeerLinter, type Rule } from './rule.js';

export interface PeerCheck {
  readonly id: string;
  /** Our own short description of what the peer's check looks for. */
  readonly title: string;
  /** kubeharden rules that cover it. */
  readonly rules?: readonly string[];
  /** Work tracked in issue 14: a rule id to come, or a description of the extension. */
  readonly planned?: string;
  readonly notPlanned?: string;
}

export interface PeerInventory {
  readonly source: string;
  readonly checks: readonly PeerCheck[];
}

export const PEER_INVENTORY: Readonly<Record<PeerLinter, PeerInventory>> = inventory.peers as Record<
  PeerLinter,
  PeerInventory
>;

export function isPeerLinter(name: string): name is PeerLinter {
  return (PEER_LINTERS as readonly string[]).includes(name);
}

/** The rules a check maps to: its `rules`, or its `planned` rule once that rule exists. */
export function effectiveRules(check: PeerCheck, ruleIds: ReadonlySet<string>): readonly string[] {
  if (check.rules) return check.rules;
  if (check.planned && ruleIds.has(check.planned)) return [check.planned];
  return [];
}

export type PeerMap = Partial<Record<PeerLinter, readonly string[]>>;

/** Rule id → its peers entry, as the inventory says (peer order of PEER_LINTERS, check order of the file). */
export function peersByRule(ruleIds: ReadonlySet<string>): Map<string, PeerMap> {
  const out = new Map<string, Record<string, string[]>>();
  for (const peer of PEER_LINTERS) {
    for (const check of PEER_INVENTORY[peer].checks) {
      for (const ruleId of effectiveRules(check, ruleIds)) {
        const entry = out.get(ruleId) ?? {};
        out.set(ruleId, entry);
        const ids = entry[peer] ?? [];
        entry[peer] = ids;
        if (!ids.includes(check.id)) ids.push(check.id);
      }
    }
  }
  return out as Map<string, PeerMap>;
}

export interface PeerMappingRow {
  readonly peerCheck: string;
  readonly title: string;
  /** Our rules; empty when planned or not planned. */
  readonly rules: readonly string[];
  readonly status: 'covered' | 'planned' | 'not planned';
  readonly reason?: string;
}

export function peerMapping(peer: PeerLinter, rules: readonly Rule[]): PeerMappingRow[] {
  const ids = new Set(rules.map((r) => r.meta.id));
  return PEER_INVENTORY[peer].checks.map((check) => {
    const mapped = effectiveRules(check, ids);
    if (mapped.length) return { peerCheck: check.id, title: check.title, rules: mapped, status: 'covered' };
    if (check.planned)
      return { peerCheck: check.id, title: check.title, rules: [], status: 'planned', reason: check.planned };
    return {
      peerCheck: check.id,
      title: check.title,
      rules: [],
      status: 'not planned',
      reason: check.notPlanned ?? '',
    };
  });
}

/** `kubeharden rules --peer <peer>`: one line per peer check. */
export function peerMappingText(peer: PeerLinter, rules: readonly Rule[]): string {
  const rows = peerMapping(peer, rules);
  const w = Math.max(...rows.map((r) => r.peerCheck.length));
  const lines = rows.map((r) => {
    const target =
      r.status === 'covered'
        ? r.rules.join(', ')
        : r.status === 'planned'
          ? `planned: ${r.reason}`
          : `not planned: ${r.reason}`;
    return `${r.peerCheck.padEnd(w)}  ${target}`;
  });
  const covered = rows.filter((r) => r.status === 'covered').length;
  return `${lines.join('\n')}\n${rows.length} ${peer} checks: ${covered} covered, ${rows.length - covered} not (yet) covered\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** docs/migrating.md: one table per peer, every built-in check it has. */
export function migratingMarkdown(rules: readonly Rule[]): string {
  const lines = [
    '# Switching from another linter',
    '',
    '<!-- Generated from data/peer-checks.json by `npm run docs`; do not edit by hand. -->',
    '',
    'Every built-in check of kube-linter, Polaris, kube-score, Checkov (CKV_K8S/CKV2_K8S), KICS (Kubernetes queries), Kubescape (controls) and Trivy (Kubernetes checks), with the kubeharden rule that covers it, or why it is not covered. `kubeharden rules --peer <linter>` prints the same mapping.',
    '',
    'To keep the exemptions already written for a peer, list it under `suppressions.honor` in `.kubeharden.yaml` (kube-linter, Polaris, Checkov and KICS in-manifest ignores are understood); to translate a kube-linter or Polaris configuration, run `kubeharden init --from <linter> <file>`.',
    '',
    '| linter | checks | covered | planned | not planned |',
    '|---|---|---|---|---|',
  ];
  const tables: string[] = [];
  for (const peer of PEER_LINTERS) {
    const rows = peerMapping(peer, rules);
    const count = (s: PeerMappingRow['status']) => rows.filter((r) => r.status === s).length;
    lines.push(
      `| [${peer}](#${peer}) | ${rows.length} | ${count('covered')} | ${count('planned')} | ${count('not planned')} |`,
    );
    tables.push(
      `## ${peer}`,
      '',
      `Source: ${PEER_INVENTORY[peer].source}.`,
      '',
      '| check | what it looks for | kubeharden |',
      '|---|---|---|',
    );
    for (const r of rows) {
      const target =
        r.status === 'covered'
          ? r.rules.map((id) => `[\`${id}\`](rules/${id}.md)`).join(', ')
          : `${r.status}: ${cell(r.reason ?? '')}`;
      tables.push(`| \`${cell(r.peerCheck)}\` | ${cell(r.title)} | ${target} |`);
    }
    tables.push('');
  }
  return `${[...lines, '', ...tables].join('\n').trimEnd()}\n`;
}
