import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main, wantsColor } from '../../src/cli/main.js';
import { CLEAN_POD, ONLY_PRIVILEGED, PRIVILEGED_POD, ROOT, runCli, tempTree } from './helpers.js';

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--if-stale']);
});

describe('kubeharden lint', () => {
  it('prints ESLint-stylish text with a code frame and exits 1 on a high finding', () => {
    const dir = tempTree({ 'pod.yaml': PRIVILEGED_POD, '.kubeharden.yaml': ONLY_PRIVILEGED });
    const r = runCli(['lint', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        'pod.yaml',
        '  13:21   critical  container "c" runs privileged, with every capability and host device; set privileged: false and add only the capabilities it needs  privileged-container',
        '      12 |       securityContext:',
        '    > 13 |         privileged: true',
        '         |                     ^^^^',
        '',
        'notice configuration: .kubeharden.yaml',
        '',
        '✖ 1 problem (1 critical)',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toBe('');
  });

  it('says where the time went under KUBEHARDEN_TIMINGS=1, on standard error only', () => {
    const dir = tempTree({ 'pod.yaml': PRIVILEGED_POD, '.kubeharden.yaml': ONLY_PRIVILEGED });
    const plain = runCli(['lint', '.', '--format', 'json'], { cwd: dir });
    const timed = runCli(['lint', '.', '--format', 'json'], { cwd: dir, env: { KUBEHARDEN_TIMINGS: '1' } });
    expect(timed.stdout).toBe(plain.stdout);
    expect(timed.stderr.replace(/\d+ ms/g, 'N ms')).toBe(
      [
        'discover',
        'render',
        'load',
        'model and rules',
        'alternative renders linted',
        'rendered findings mapped back',
        'report',
      ]
        .map((stage) => `kubeharden: timing ${stage}: N ms\n`)
        .join(''),
    );
    expect(plain.stderr).toBe('');
  });

  it('exits 0 on a clean tree and when findings are below --fail-on', () => {
    const clean = tempTree({ 'pod.yaml': CLEAN_POD, '.kubeharden.yaml': ONLY_PRIVILEGED });
    expect(runCli(['lint'], { cwd: clean })).toMatchObject({
      code: 0,
      stdout: 'notice configuration: .kubeharden.yaml\n\n✔ no problems\n',
    });
    const dir = tempTree({ 'pod.yaml': PRIVILEGED_POD, '.kubeharden.yaml': ONLY_PRIVILEGED });
    expect(runCli(['lint', '--fail-on', 'none'], { cwd: dir }).code).toBe(0);
    expect(runCli(['lint', '--fail-on', 'critical'], { cwd: dir }).code).toBe(1);
  });

  it('exits 2 with a clear message on usage and configuration errors, never a stack trace', () => {
    const dir = tempTree({
      'pod.yaml': CLEAN_POD,
      '.kubeharden.yaml': 'rules:\n  privileged-containr: off\n',
    });
    const bad = runCli(['lint'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^kubeharden: configuration error: .*\.kubeharden\.yaml:2:3: unknown rule "privileged-containr" \(did you mean "privileged-container"\?\)\n$/,
    );
    const ok = tempTree({ 'pod.yaml': CLEAN_POD, '.kubeharden.yaml': ONLY_PRIVILEGED });
    expect(runCli(['lint', 'missing-folder'], { cwd: ok })).toMatchObject({
      code: 2,
      stderr: 'kubeharden: no such file or folder: missing-folder\n',
    });
    const flag = runCli(['lint', '--format', 'xml'], { cwd: ok });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("argument 'xml' is invalid");
    expect(runCli(['lint', '--fail-on', 'urgent'], { cwd: ok }).code).toBe(2);
    for (const r of [bad, flag]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('reads manifests from stdin with -', () => {
    const r = runCli(['lint', '-', '--format', 'json', '--config', 'only.yaml'], {
      input: PRIVILEGED_POD,
      cwd: tempTree({ 'only.yaml': ONLY_PRIVILEGED }),
    });
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(
      json.findings.map((f: { ruleId: string; location: { file: string; startLine: number } }) => [
        f.ruleId,
        f.location.file,
        f.location.startLine,
      ]),
    ).toEqual([['privileged-container', '<stdin>', 13]]);
    expect(json.summary).toMatchObject({ critical: 1, total: 1, suppressed: 0 });
  });

  it('github format prints workflow commands', () => {
    const r = runCli(['lint', '-', '--format', 'github', '--config', 'only.yaml'], {
      input: PRIVILEGED_POD,
      cwd: tempTree({ 'only.yaml': ONLY_PRIVILEGED }),
    });
    expect(r.stdout).toBe(
      '::error file=<stdin>,line=13,col=21,endLine=13,endColumn=25,title=kubeharden privileged-container (critical)::container "c" runs privileged, with every capability and host device; set privileged: false and add only the capabilities it needs\n',
    );
  });

  it('--output writes the chosen format to a file while the terminal gets text', () => {
    const dir = tempTree({ 'pod.yaml': PRIVILEGED_POD, '.kubeharden.yaml': ONLY_PRIVILEGED });
    const r = runCli(['lint', '.', '--format', 'sarif', '--output', 'out.sarif'], { cwd: dir });
    expect(r.stdout).toContain('privileged-container');
    const sarif = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8'));
    expect(sarif.runs[0].results).toHaveLength(1);
  });

  it('broken, binary and non-Kubernetes files are findings or ignored, never crashes', () => {
    const dir = tempTree({
      'broken.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n',
      'workflow.yml': 'name: CI\non: push\n',
      'image.yaml': 'GIF89a\u0000\u0001',
    });
    const r = runCli(['lint', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('yaml-syntax-error');
    expect(r.stdout).toContain('the file holds NUL characters (binary');
    expect(r.stdout).not.toContain('workflow.yml');
    expect(r.stderr).toBe('');
  });

  it('--fix rewrites the file and the rerun is clean for that rule', () => {
    const dir = tempTree({ 'pod.yaml': PRIVILEGED_POD, '.kubeharden.yaml': ONLY_PRIVILEGED });
    const r = runCli(['lint', '.', '--fix'], { cwd: dir });
    expect(r.stderr).toBe('kubeharden: applied 1 fix in 1 file\n');
    expect(readFileSync(join(dir, 'pod.yaml'), 'utf8')).toBe(CLEAN_POD);
    expect(r.code).toBe(0);
  });

  it('never writes to the scanned tree without --fix', () => {
    const dir = tempTree({ 'pod.yaml': PRIVILEGED_POD, '.kubeharden.yaml': ONLY_PRIVILEGED });
    runCli(['lint', '.'], { cwd: dir });
    expect(readFileSync(join(dir, 'pod.yaml'), 'utf8')).toBe(PRIVILEGED_POD);
  });
});

describe('other commands', () => {
  it('--version, rules and explain', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(runCli(['--version']).stdout).toBe(`${pkg.version}\n`);
    // The short form, and the form commander answers (an option among others), print the same.
    expect(runCli(['-v']).stdout).toBe(`${pkg.version}\n`);
    expect(runCli(['--no-color', '--version'])).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    const rules = runCli(['rules']);
    expect(rules.stdout).toMatch(
      /^privileged-container\s+critical\s+pod-security\s+yes\s+recommended,pss-baseline,pss-restricted$/m,
    );
    const explain = runCli(['explain', 'run-as-root']);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toContain('run-as-root: Container may run as root');
    expect(runCli(['explain', 'nope'])).toMatchObject({
      code: 2,
      stderr: 'kubeharden: unknown rule "nope"; see `kubeharden rules`\n',
    });
  });
});

describe('partial runs with the whole tree as context', () => {
  it('--changed-since reports only files changed since a git ref', () => {
    const dir = tempTree({ 'old.yaml': PRIVILEGED_POD, '.kubeharden.yaml': ONLY_PRIVILEGED });
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'base');
    writeFileSync(join(dir, 'new.yaml'), PRIVILEGED_POD.replace('name: p', 'name: q'));
    const r = runCli(['lint', '.', '--changed-since', 'HEAD', '--format', 'json'], { cwd: dir });
    const files = JSON.parse(r.stdout).findings.map((f: { location: { file: string } }) => f.location.file);
    expect(files).toEqual(['new.yaml']);
    expect(runCli(['lint', '.', '--changed-since', 'no-such-ref'], { cwd: dir })).toMatchObject({ code: 2 });
  });

  it('--context loads another folder for cross-resource rules without reporting on it', () => {
    const pod = CLEAN_POD.replace('spec:\n', 'spec:\n  serviceAccountName: agent\n');
    const sa =
      'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: agent\n  namespace: app\nautomountServiceAccountToken: false\n';
    const dir = tempTree({
      'staged/pod.yaml': pod,
      'rest/sa.yaml': sa,
      'rest/other.yaml': PRIVILEGED_POD,
      '.kubeharden.yaml':
        'extends: []\nrules:\n  service-account-token-automount: {}\n  privileged-container: {}\n',
    });
    const ids = (args: string[]) =>
      JSON.parse(runCli(['lint', ...args, '--format', 'json'], { cwd: dir }).stdout).findings.map(
        (f: { ruleId: string; location: { file: string } }) => `${f.location.file} ${f.ruleId}`,
      );
    // Alone, the pod's ServiceAccount is unknown, so its token counts as mounted.
    expect(ids(['staged'])).toEqual(['staged/pod.yaml service-account-token-automount']);
    // With the rest of the tree as context the ServiceAccount opts out, and rest/ is not reported.
    expect(ids(['staged', '--context', 'rest'])).toEqual([]);
  });
});

describe('colour', () => {
  const capture = async (isTTY: boolean, args: string[]) => {
    let out = '';
    const dir = tempTree({ 'pod.yaml': PRIVILEGED_POD, '.kubeharden.yaml': ONLY_PRIVILEGED });
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      await main(['lint', '.', ...args], {
        stdout: (s) => {
          out += s;
        },
        stderr: () => {},
        readStdin: () => '',
        isTTY,
      });
    } finally {
      process.chdir(cwd);
    }
    return out;
  };

  it('colours the text report only on a terminal, and --no-color turns it off', async () => {
    expect(await capture(true, [])).toContain('\u001b[');
    expect(await capture(false, [])).not.toContain('\u001b[');
    expect(await capture(true, ['--no-color'])).not.toContain('\u001b[');
  });

  it('NO_COLOR set to anything non-empty disables colour', () => {
    expect(wantsColor(true, {})).toBe(true);
    expect(wantsColor(true, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor(true, { NO_COLOR: '' })).toBe(true);
    expect(wantsColor(false, {})).toBe(false);
  });
});
