import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { defaultConfig } from '../../src/engine/index.js';
import { lintFiles } from '../../src/lint.js';
import { loadText } from '../../src/load/index.js';
import { sarifChunks, toJson, toSarif } from '../../src/report/index.js';
import { PRIVILEGED_POD, ROOT, runCli } from './helpers.js';

// Installed by scripts/test-tools.mjs (npm test runs it).
const MULTITOOL = join(
  ROOT,
  'test',
  'tools',
  'node_modules',
  '@microsoft',
  'sarif-multitool-linux',
  'Sarif.Multitool',
);
const haveValidator = existsSync(MULTITOOL) && process.platform === 'linux';

/** Runs the SARIF multitool with GitHub's and SARIF's rules; returns its error and warning lines. */
function validate(file: string): string[] {
  // Called directly, not through the npm shim, which passes its arguments through a shell.
  const r = spawnSync(MULTITOOL, ['validate', '--rule-kind', 'Gh;Sarif', file], {
    encoding: 'utf8',
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
  });
  expect(r.stdout, r.stderr).toContain('Analysis completed successfully');
  return r.stdout.split('\n').filter((l) => /: (error|warning) /.test(l));
}

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--if-stale']);
});

describe('SARIF', () => {
  it.skipIf(!haveValidator)(
    'the report on examples/ passes the SARIF multitool with GitHub rules, with zero errors',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'kubeharden-sarif-'));
      const out = join(dir, 'examples.sarif');
      runCli(['lint', 'examples', '--format', 'sarif', '--output', out]);
      const log = JSON.parse(readFileSync(out, 'utf8')) as Log;
      expect(log.runs[0]!.results!.length).toBeGreaterThan(3);
      expect(validate(out)).toEqual([]);
      // The same validator does reject a report GitHub would refuse, so the check above can fail.
      delete log.runs[0]!.tool.driver.rules![0]!.help;
      const bad = join(dir, 'bad.sarif');
      writeFileSync(bad, JSON.stringify(log));
      expect(validate(bad).join('\n')).toMatch(/error GH2012/);
    },
    // Two runs of a .NET validator over a report with fixes: slow on a busy 2-core machine.
    240_000,
  );

  it('results carry regions, logical locations, rule metadata and stable fingerprints', () => {
    const run = (text: string) => {
      const r = lintFiles([loadText('apps/pod.yaml', text)], defaultConfig('.'));
      return toSarif({ findings: r.findings, rules: builtinRules, toolVersion: '9.9.9' }).runs[0]!;
    };
    const a = run(PRIVILEGED_POD);
    const priv = a.results!.find((r) => r.ruleId === 'privileged-container')!;
    expect(priv.locations![0]).toEqual({
      physicalLocation: {
        artifactLocation: { uri: 'apps/pod.yaml', uriBaseId: '%SRCROOT%' },
        region: { startLine: 13, startColumn: 21, endLine: 13, endColumn: 25 },
      },
      logicalLocations: [
        {
          name: 'p',
          fullyQualifiedName: 'Pod/app/p:spec.containers[0].securityContext.privileged',
          kind: 'object',
        },
      ],
    });
    expect(priv.level).toBe('error');
    const rule = a.tool.driver.rules![priv.ruleIndex!]!;
    expect(rule.id).toBe('privileged-container');
    expect(rule.properties?.['security-severity']).toBe('9.5');
    expect(rule.help?.markdown).toContain('## How to fix it');
    expect(a.tool.driver.version).toBe('9.9.9');
    // Unrelated edits above the finding move its line but not its fingerprint.
    const b = run(`# a comment\n\n${PRIVILEGED_POD}`);
    const moved = b.results!.find((r) => r.ruleId === 'privileged-container')!;
    expect(moved.locations![0]!.physicalLocation!.region!.startLine).toBe(15);
    expect(moved.partialFingerprints).toEqual(priv.partialFingerprints);
  });

  it('suppressed findings stay in SARIF as in-source suppressions', () => {
    const text = PRIVILEGED_POD.replace(
      '        privileged: true',
      '        # kubeharden-ignore privileged-container -- agent\n        privileged: true',
    );
    const r = lintFiles([loadText('p.yaml', text)], defaultConfig('.'));
    const run = toSarif({ findings: r.findings, rules: builtinRules, toolVersion: '1' }).runs[0]!;
    expect(run.results!.find((x) => x.ruleId === 'privileged-container')!.suppressions).toEqual([
      { kind: 'inSource', status: 'accepted', justification: 'agent' },
    ]);
  });

  it('documents rendered by helm name their template as a related location', () => {
    const r = lintFiles(
      [loadText('out.yaml', `---\n# Source: shop/templates/pod.yaml\n${PRIVILEGED_POD}`)],
      defaultConfig('.'),
    );
    const run = toSarif({ findings: r.findings, rules: builtinRules, toolVersion: '1' }).runs[0]!;
    const res = run.results!.find((x) => x.ruleId === 'privileged-container')!;
    expect(res.message.text).toContain('(rendered from shop/templates/pod.yaml)');
    expect(res.relatedLocations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe(
      'shop/templates/pod.yaml',
    );
  });

  it('the streamed reports are exactly the pretty-printed documents', () => {
    const r = lintFiles(
      [loadText('a.yaml', PRIVILEGED_POD), loadText('b.yaml', PRIVILEGED_POD)],
      defaultConfig('.'),
    );
    expect(r.findings.length).toBeGreaterThan(3);
    const input = { findings: r.findings, rules: builtinRules, toolVersion: '1' };
    expect([...sarifChunks(input)].join('')).toBe(JSON.stringify(toSarif(input), null, 2));
    expect([...sarifChunks({ ...input, findings: [] })].join('')).toBe(
      JSON.stringify(toSarif({ ...input, findings: [] }), null, 2),
    );
    const json = toJson({ findings: r.findings, notices: ['n'], toolVersion: '1' });
    expect(JSON.parse(json).findings).toHaveLength(r.findings.length);
    expect(json).toBe(`${JSON.stringify(JSON.parse(json), null, 2)}\n`);
  });
});
