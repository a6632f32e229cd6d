// The shared Kustomize conformance suite (../shared/conformance/kustomize): 40 overlays with the
// output of `kubectl kustomize` (kustomize v5.5.0). Every case must match byte for byte, and every
// must-fail case must fail.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kustomizeBuild } from '../../../src/render/kustomize/index.js';

// ../shared beside the repository (or beside a worktree's parent folder).
const SUITE =
  [
    resolve(import.meta.dirname, '../../../../shared/conformance/kustomize'),
    resolve(import.meta.dirname, '../../../../../shared/conformance/kustomize'),
  ].find((d) => existsSync(join(d, 'cases.json'))) ?? '../shared/conformance/kustomize';
const present = existsSync(join(SUITE, 'cases.json'));

interface Case {
  readonly name: string;
  readonly dir: string;
  readonly expected: string;
  readonly wantError?: boolean;
}

/** Cases known not to match, with why; empty since the builder matches all 40. */
const KNOWN_FAILURES: Record<string, string> = {};

describe.skipIf(!present)('kustomize conformance suite', () => {
  const cases: Case[] = present ? JSON.parse(readFileSync(join(SUITE, 'cases.json'), 'utf8')) : [];

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = kustomizeBuild(join(SUITE, c.dir), { root: join(SUITE, 'cases', c.name) });
    if (KNOWN_FAILURES[c.name]) return;
    if (c.wantError) {
      expect(result.ok).toBe(false);
      return;
    }
    expect(result.ok ? result.text : result.error).toBe(readFileSync(join(SUITE, c.expected), 'utf8'));
  });

  it('reaches all 40 cases (35 byte-equal builds, 5 must-fail)', () => {
    let passed = 0;
    for (const c of cases) {
      const r = kustomizeBuild(join(SUITE, c.dir), { root: join(SUITE, 'cases', c.name) });
      if (c.wantError ? !r.ok : r.ok && r.text === readFileSync(join(SUITE, c.expected), 'utf8')) passed++;
    }
    expect(cases.length).toBe(40);
    expect(passed).toBe(40 - Object.keys(KNOWN_FAILURES).length);
  });
});

describe.skipIf(present)('kustomize conformance suite (absent)', () => {
  it('is skipped: ../shared/conformance/kustomize is not here', () => {
    console.warn(`kustomize conformance skipped: ${SUITE} not found`);
  });
});
