// The shared Helm conformance suite (../shared/conformance/helm): 21 charts with what `helm template`
// printed. Run through the same script as `npm run conformance:helm`, which must report every case
// byte for byte (one case had slipped to a wrong error line unnoticed while nothing ran it here).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
// ../shared beside the repository (or beside a worktree's parent folder).
const SUITE =
  [resolve(ROOT, '../shared/conformance/helm'), resolve(ROOT, '../../shared/conformance/helm')].find((d) =>
    existsSync(join(d, 'cases.json')),
  ) ?? '../shared/conformance/helm';
const present = existsSync(join(SUITE, 'cases.json'));

describe.skipIf(!present)('helm conformance suite', () => {
  it('renders every case as helm template does, byte for byte', () => {
    const cases = (JSON.parse(readFileSync(join(SUITE, 'cases.json'), 'utf8')) as unknown[]).length;
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts/conformance-helm.mjs'), SUITE, '--verbose'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.stdout).toContain(`${cases}/${cases} byte-for-byte`);
    expect(r.status).toBe(0);
  }, 120_000);
});
