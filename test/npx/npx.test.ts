// The npm package as users get it: `npm pack`, then `npx --yes ./kubeharden-<version>.tgz lint <dir>`
// in an empty folder, with npm offline (dependencies come from its cache or the run fails).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDist, ROOT } from '../action/build.js';

const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const offline = {
  ...process.env,
  npm_config_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  npm_config_loglevel: 'error',
};

describe('npx with the packed tarball', () => {
  let work: string;
  let tarball: string;

  beforeAll(() => {
    buildDist();
    work = mkdtempSync(join(tmpdir(), 'kubeharden-npx-'));
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
        cwd: ROOT,
        env: offline,
        encoding: 'utf8',
      }),
    ) as { filename: string; files: { path: string }[] }[];
    tarball = packed[0]!.filename;
    expect(tarball).toBe(`kubeharden-${version}.tgz`);
    const files = packed[0]!.files.map((f) => f.path);
    expect(files).toContain('bin/kubeharden.js');
    expect(files).toContain('dist/kubeharden.js');
    cpSync(join(ROOT, 'fixtures', 'action', 'head'), join(work, 'manifests'), { recursive: true });
  }, 180_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  function npx(args: string[]) {
    return spawnSync('npx', ['--yes', `./${tarball}`, ...args], {
      cwd: work,
      env: offline,
      encoding: 'utf8',
      timeout: 170_000,
    });
  }

  it('prints its version', { timeout: 180_000 }, () => {
    const r = npx(['--version']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(version);
    expect(r.status).toBe(0);
  });

  it('lints a folder and exits 1 on findings', { timeout: 180_000 }, () => {
    const r = npx(['lint', 'manifests', '--format', 'json']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as {
      findings: { ruleId: string; location: { file: string; startLine: number } }[];
    };
    expect(report.findings.map((f) => `${f.location.file}:${f.location.startLine} ${f.ruleId}`)).toEqual([
      'manifests/k8s/app.yaml:21 privileged-container',
      'manifests/k8s/app.yaml:25 run-as-root',
      'manifests/k8s/legacy.yaml:14 privileged-container',
      'manifests/k8s/worker.yaml:14 run-as-root',
    ]);
  });
});
