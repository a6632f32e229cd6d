import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { main, PEER_NAMES } from '../../src/cli/main.js';
import {
  effectiveRules,
  migratingMarkdown,
  PEER_INVENTORY,
  peerMapping,
  peersByRule,
} from '../../src/engine/peers.js';
import { PEER_LINTERS } from '../../src/engine/rule.js';
import { ROOT } from './helpers.js';

const ruleIds = new Set(builtinRules.map((r) => r.meta.id));

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    readStdin: () => '',
    isTTY: false,
  });
  return { code, stdout, stderr };
}

describe('peer inventory (data/peer-checks.json)', () => {
  it('covers every peer linter, each with its built-in checks', () => {
    expect(Object.keys(PEER_INVENTORY).sort()).toEqual([...PEER_LINTERS].sort());
    // Floors, so a truncated inventory fails: counts of the peers' built-in checks when inventoried.
    const floors: Record<string, number> = {
      'kube-linter': 63,
      polaris: 44,
      'kube-score': 39,
      checkov: 119,
      kics: 149,
      kubescape: 281,
      trivy: 169,
    };
    for (const peer of PEER_LINTERS)
      expect(PEER_INVENTORY[peer].checks.length, peer).toBeGreaterThanOrEqual(floors[peer]!);
  });

  it('gives each check a title and exactly one of rules, planned or notPlanned', () => {
    for (const peer of PEER_LINTERS) {
      const seen = new Set<string>();
      for (const c of PEER_INVENTORY[peer].checks) {
        const where = `${peer} ${c.id}`;
        expect(seen.has(c.id), `${where} listed twice`).toBe(false);
        seen.add(c.id);
        expect(c.title.trim(), where).not.toBe('');
        const kinds = [c.rules, c.planned, c.notPlanned].filter((x) => x !== undefined);
        expect(kinds.length, `${where}: one of rules/planned/notPlanned`).toBe(1);
        if (c.rules) {
          expect(c.rules.length, where).toBeGreaterThan(0);
          for (const id of c.rules) expect(ruleIds.has(id), `${where} maps to unknown rule ${id}`).toBe(true);
        }
        if (c.notPlanned !== undefined) expect(c.notPlanned.trim(), where).not.toBe('');
      }
    }
  });

  it('maps well-known checks to the rule that answers them', () => {
    const lookup = (peer: (typeof PEER_LINTERS)[number], id: string) =>
      effectiveRules(PEER_INVENTORY[peer].checks.find((c) => c.id === id)!, ruleIds);
    expect(lookup('checkov', 'CKV_K8S_16')).toEqual(['privileged-container']);
    expect(lookup('kube-linter', 'dangling-service')).toEqual(['service-selects-nothing']);
    expect(lookup('polaris', 'hostPIDSet')).toEqual(['host-pid']);
    expect(lookup('trivy', 'KSV-0017')).toEqual(['privileged-container']);
    expect(lookup('kubescape', 'C-0057')).toEqual(['privileged-container']);
    expect(PEER_INVENTORY.checkov.checks.find((c) => c.id === 'CKV_K8S_1')!.notPlanned).toMatch(
      /PodSecurityPolicy/,
    );
  });

  it('agrees with every rule’s `peers` metadata, both ways (run `node scripts/sync-peers.mjs`)', () => {
    const wanted = peersByRule(ruleIds);
    for (const r of builtinRules) {
      expect(r.meta.peers, `${r.meta.id}: peers metadata`).toEqual(wanted.get(r.meta.id));
    }
    for (const id of wanted.keys()) expect(ruleIds.has(id), id).toBe(true);
  });

  it('docs/migrating.md is generated from it and up to date (run `npm run docs`)', () => {
    expect(readFileSync(join(ROOT, 'docs', 'migrating.md'), 'utf8')).toBe(migratingMarkdown(builtinRules));
    const md = migratingMarkdown(builtinRules);
    for (const peer of PEER_LINTERS) {
      expect(md).toContain(`## ${peer}`);
      for (const c of PEER_INVENTORY[peer].checks) expect(md).toContain(`| \`${c.id}\` |`);
    }
  });
});

describe('kubeharden rules --peer', () => {
  it('names every peer linter in its help text', () => {
    expect(PEER_NAMES).toBe(PEER_LINTERS.join(', '));
  });

  it('prints one line per peer check: our rule, or why not', async () => {
    const r = await cli(['rules', '--peer', 'checkov']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(PEER_INVENTORY.checkov.checks.length + 1);
    expect(lines).toContain('CKV_K8S_16   privileged-container');
    expect(lines.find((l) => l.startsWith('CKV_K8S_1 '))).toMatch(
      /^CKV_K8S_1 +not planned: PodSecurityPolicy was removed/,
    );
    const rows = peerMapping('checkov', builtinRules);
    const covered = rows.filter((x) => x.status === 'covered').length;
    expect(lines.at(-1)).toBe(
      `${rows.length} checkov checks: ${covered} covered, ${rows.length - covered} not (yet) covered`,
    );
  });

  it('refuses an unknown linter with a clear message', async () => {
    const r = await cli(['rules', '--peer', 'kubeval']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`kubeharden: unknown linter "kubeval"; use one of ${PEER_NAMES}\n`);
  });
});
