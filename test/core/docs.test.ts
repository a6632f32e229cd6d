import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { CONFIG_SCHEMA, PEER_LINTERS, PRESET_NAMES } from '../../src/engine/index.js';
import { ruleMarkdown, rulesIndexMarkdown } from '../../src/report/index.js';
import { ROOT } from './helpers.js';

const DOCS = join(ROOT, 'docs', 'rules');

describe('rule catalogue', () => {
  it('rule ids are unique kebab-case and every rule has complete metadata', () => {
    const ids = builtinRules.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of builtinRules) {
      expect(r.meta.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      for (const k of ['title', 'fires', 'rationale', 'remediation'] as const)
        expect(r.meta[k], `${r.meta.id}.${k}`).not.toBe('');
      for (const p of r.meta.presets) expect(PRESET_NAMES).toContain(p);
    }
  });

  it('docs/rules is generated from metadata and up to date (run `npm run docs`)', () => {
    for (const r of builtinRules) {
      expect(readFileSync(join(DOCS, `${r.meta.id}.md`), 'utf8'), `docs/rules/${r.meta.id}.md`).toBe(
        ruleMarkdown(r),
      );
    }
    expect(readFileSync(join(DOCS, 'README.md'), 'utf8')).toBe(rulesIndexMarkdown(builtinRules));
    const pages = readdirSync(DOCS).filter((f) => f !== 'README.md');
    expect(pages.sort()).toEqual(builtinRules.map((r) => `${r.meta.id}.md`).sort());
  });

  it('peers are known linters with check ids, and a rule page lists them', () => {
    const known = new Set<string>(PEER_LINTERS);
    for (const r of builtinRules) {
      for (const [peer, ids] of Object.entries(r.meta.peers ?? {})) {
        expect(known.has(peer), `${r.meta.id}: peer ${peer}`).toBe(true);
        expect(ids?.length, `${r.meta.id}: ${peer} ids`).toBeGreaterThan(0);
      }
    }
    const page = ruleMarkdown(builtinRules.find((r) => r.meta.id === 'selector-mismatch')!);
    expect(page).toContain('## Equivalent checks in other linters');
    expect(page).toContain('| kube-linter | `mismatching-selector` |');
  });

  it('schema/kubeharden.schema.json is the schema the CLI validates configs with', () => {
    expect(JSON.parse(readFileSync(join(ROOT, 'schema', 'kubeharden.schema.json'), 'utf8'))).toEqual(
      CONFIG_SCHEMA,
    );
  });
});
