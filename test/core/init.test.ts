import { cpSync, existsSync, lstatSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { InitError, initConfigText, runInit } from '../../src/cli/init.js';
import { main } from '../../src/cli/main.js';
import { parseConfig } from '../../src/engine/index.js';
import { ROOT, tempTree } from './helpers.js';

const PEERS = join(ROOT, 'fixtures', 'peers');

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

describe('kubeharden init --from kube-linter', () => {
  const text = initConfigText({
    dir: PEERS,
    rules: builtinRules,
    from: { linter: 'kube-linter', file: join(PEERS, 'kube-linter', '.kube-linter.yaml') },
  });
  const config = parseConfig(text, '.kubeharden.yaml', '.', builtinRules);

  it('writes a configuration kubeharden accepts, keeping the default set and translating include/exclude', () => {
    expect(config.extends).toEqual(['recommended']);
    expect(config.rules).toEqual({
      'image-tag-latest': 'off',
      'replicas-too-few': { severity: 'low', options: { min: 3 } },
      'required-labels': { severity: 'low', options: { keys: ['owner'] } },
    });
    expect(config.exclude).toEqual(['charts/**', '**/testdata/**']);
  });

  it('keeps a rule on when another enabled kube-linter check still needs it, and lists what it cannot translate', () => {
    const notes = text.slice(text.indexOf('# Not translated:')).split('\n').filter(Boolean);
    expect(notes).toEqual([
      '# Not translated:',
      '#   kube-linter check sorted-keys (included): not planned: formatting preference: key order does not change what the cluster gets',
      '#   kube-linter check no-readiness-probe is excluded but probes-missing also answers a check left enabled, so it stays on',
      '#   kube-linter check unset-cpu-requirements is excluded but resource-requests-missing also answers a check left enabled, so it stays on',
      '#   kube-linter check unset-cpu-requirements is excluded but resource-limits-missing also answers a check left enabled, so it stays on',
      '#   kube-linter check no-node-affinity (excluded): not planned: a placement preference, not a defect: most workloads need no node affinity',
      '#   kube-linter check not-a-check (excluded): not a built-in kube-linter check',
      '#   kube-linter custom check forbid-host-aliases (template forbidden-service-types) is not translated; write it as a policy or ask for a rule',
    ]);
  });

  it('follows addAllBuiltIn and doNotAutoAddDefaults', () => {
    const dir = tempTree({
      'all.yaml': 'checks:\n  addAllBuiltIn: true\n  exclude: [no-liveness-probe, no-readiness-probe]\n',
      'only.yaml': 'checks:\n  doNotAutoAddDefaults: true\n  include: [privileged-container, host-pid]\n',
    });
    const read = (file: string) =>
      parseConfig(
        initConfigText({ dir, rules: builtinRules, from: { linter: 'kube-linter', file: join(dir, file) } }),
        '.kubeharden.yaml',
        '.',
        builtinRules,
      );
    expect(read('all.yaml')).toMatchObject({ extends: ['all'], rules: { 'probes-missing': 'off' } });
    expect(read('only.yaml')).toMatchObject({
      extends: [],
      rules: { 'privileged-container': 'critical', 'host-pid': 'high' },
    });
  });
});

describe('kubeharden init --from polaris', () => {
  const repo = join(PEERS, 'polaris', 'repo');
  const text = initConfigText({
    dir: repo,
    rules: builtinRules,
    from: { linter: 'polaris', file: join(repo, 'polaris.yaml') },
  });
  const config = parseConfig(text, '.kubeharden.yaml', '.', builtinRules);

  it('maps ignore/warning/danger to off/medium/high, the strictest when several checks meet in one rule', () => {
    expect(config.rules).toMatchObject({
      'priority-class-missing': 'off',
      'image-pull-policy-not-always': 'off',
      'capabilities-not-dropped': 'off',
      'replicas-too-few': 'medium',
      'image-tag-latest': 'high',
      'host-ipc': 'high',
      'privileged-container': 'high',
      'probes-missing': 'high',
      'resource-limits-missing': 'medium',
    });
  });

  it('turns a custom registry allow-list into untrusted-image-registry allowedRegistries', () => {
    expect(config.rules['untrusted-image-registry']).toEqual({
      severity: 'high',
      options: { allowedRegistries: ['registry.example.com', 'ghcr.io/acme', 'quay.io'] },
    });
  });

  it('turns exemptions into overrides on the files holding the matching objects, or comments', () => {
    expect(config.overrides).toEqual([
      { files: ['system/node-exporter.yaml'], rules: { 'host-network': 'off', 'host-pid': 'off' } },
      { files: ['deploy/batch.yaml'], rules: { 'probes-missing': 'off' } },
    ]);
    expect(text).toContain(
      '#   Polaris exemption 3 (controllers vault; checks runAsPrivileged): no matching objects in this repository; not translated',
    );
    expect(text).toContain(
      '#   Polaris exemption 4 (namespace legacy; all checks): not translated; exempt those objects with the kubeharden.io/ignore annotation',
    );
    expect(text).toContain(
      '#   Polaris exemption 5 (controllers web; checks runAsRootAllowed): limited to containers istio-proxy, which a per-file override cannot express; exempt them with # kubeharden-ignore comments',
    );
    expect(text).toContain(
      '#   Polaris custom check loggingSidecar is not translated (only image registry allow-lists are)',
    );
  });
});

describe('kubeharden init (writing)', () => {
  it('writes a default configuration and refuses to overwrite it without --force', async () => {
    const dir = tempTree({ 'app.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n' });
    expect(await cli(['init', '--dir', dir])).toEqual({
      code: 0,
      stdout: `wrote ${join(dir, '.kubeharden.yaml')}\n`,
      stderr: '',
    });
    expect(readFileSync(join(dir, '.kubeharden.yaml'), 'utf8')).toContain('\nextends: [recommended]\n');
    writeFileSync(join(dir, '.kubeharden.yaml'), 'extends: []\n');
    const again = await cli(['init', '--dir', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(
      `kubeharden: ${join(dir, '.kubeharden.yaml')} already exists; pass --force to replace it\n`,
    );
    expect(readFileSync(join(dir, '.kubeharden.yaml'), 'utf8')).toBe('extends: []\n');
    expect((await cli(['init', '--dir', dir, '--force'])).code).toBe(0);
    expect(readFileSync(join(dir, '.kubeharden.yaml'), 'utf8')).toContain('extends: [recommended]');
  });

  it('never writes through a symbolic link: --force replaces the link, not its target', () => {
    const dir = tempTree({ 'elsewhere.txt': 'keep me\n' });
    symlinkSync(join(dir, 'elsewhere.txt'), join(dir, '.kubeharden.yaml'));
    expect(() => runInit({ dir, rules: builtinRules }, false)).toThrow(InitError);
    runInit({ dir, rules: builtinRules }, true);
    expect(lstatSync(join(dir, '.kubeharden.yaml')).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(dir, 'elsewhere.txt'), 'utf8')).toBe('keep me\n');
  });

  it('translates a peer file given on the command line', async () => {
    const dir = tempTree({});
    cpSync(join(PEERS, 'polaris', 'repo'), dir, { recursive: true });
    const r = await cli(['init', '--dir', dir, '--from', 'polaris', join(dir, 'polaris.yaml')]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, '.kubeharden.yaml'), 'utf8')).toContain('        - ghcr.io/acme\n');
  });

  it('explains bad input instead of failing with a stack trace', async () => {
    const dir = tempTree({ 'bad.yaml': 'checks: [\n', 'list.yaml': '- a\n' });
    const run = async (args: string[]) => {
      const r = await cli(['init', '--dir', dir, ...args]);
      return `${r.code} ${r.stderr.trim()}`;
    };
    expect(await run(['--from', 'kubeval', 'x.yaml'])).toBe(
      '2 kubeharden: --from: unknown linter "kubeval"; use one of kube-linter, polaris',
    );
    expect(await run(['--from', 'polaris'])).toBe(
      '2 kubeharden: --from polaris needs the configuration file to translate',
    );
    expect(await run(['--from', 'polaris', join(dir, 'missing.yaml')])).toBe(
      `2 kubeharden: cannot read ${join(dir, 'missing.yaml')}: ENOENT`,
    );
    expect(await run(['--from', 'kube-linter', join(dir, 'bad.yaml')])).toMatch(
      /^2 kubeharden: .*bad\.yaml is not valid YAML: /,
    );
    expect(await run(['--from', 'kube-linter', join(dir, 'list.yaml')])).toBe(
      `2 kubeharden: ${join(dir, 'list.yaml')}: expected a mapping at the top level`,
    );
    expect(existsSync(join(dir, '.kubeharden.yaml'))).toBe(false);
    expect((await cli(['init', '--dir', join(dir, 'nope')])).stderr).toBe(
      `kubeharden: ${join(dir, 'nope')}: no such folder\n`,
    );
  });
});
