// Fixes of findings in rendered output (a Helm chart, a Kustomize overlay) over a copy of
// fixtures/fix-rendered: a value copied unchanged from a values file, a patch file, an inline patch
// or a base is fixed on that line; a field missing from an overlay's output is inserted in the
// plain file that writes its parent; everything else stays a suggestion. The dry-run diff is the
// committed fixtures/fix/rendered.diff (regenerate with UPDATE_FIXTURES=1 after a deliberate change).
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { applyFixes, stillFound } from '../../src/cli/fix.js';
import type { Finding } from '../../src/engine/index.js';
import { lint } from '../../src/lint.js';
import { toSarif } from '../../src/report/index.js';
import { changedPaths, parseDocs } from './helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SOURCE = join(ROOT, 'fixtures', 'fix-rendered');
const DIFF = join(ROOT, 'fixtures', 'fix', 'rendered.diff');

function copy(from = SOURCE): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubeharden-fix-rendered-'));
  cpSync(from, dir, { recursive: true });
  return dir;
}

const one = (findings: readonly Finding[], ruleId: string, file: string): Finding => {
  const found = findings.filter((f) => f.ruleId === ruleId && f.location.file === file);
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('fixes of rendered findings', () => {
  it('target the values, patch, inline-patch and base lines; insertions stay suggestions', async () => {
    const r = await lint({ paths: ['.'], cwd: copy() });
    const chart = 'chart/web/templates/deployment.yaml';
    const privileged = one(r.findings, 'privileged-container', chart);
    expect(privileged.fix).toMatchObject({
      target: 'chart/web/values.yaml',
      edits: [{ op: 'replace', value: false }],
    });
    expect(privileged.fix?.rendered).toBeUndefined();
    expect(one(r.findings, 'host-network', chart).fix?.target).toBe('chart/web/values.yaml');
    // From `toYaml` of a values map: the entry's own line.
    expect(one(r.findings, 'privilege-escalation-allowed', chart).fix?.target).toBe('chart/web/values.yaml');
    // A missing field would be inserted into the template: never; the fix is shown only.
    const missing = one(r.findings, 'capabilities-not-dropped', chart).fix!;
    expect(missing.rendered).toBe(true);
    expect(missing.target).toBeUndefined();

    const patch = 'kustomize/overlays/prod/privileged.yaml';
    expect(one(r.findings, 'privileged-container', patch).fix?.target).toBe(patch);
    const inline = 'kustomize/overlays/prod/kustomization.yaml';
    expect(one(r.findings, 'host-pid', inline).fix?.target).toBe(inline);
    const base = 'kustomize/base/deployment.yaml';
    expect(one(r.findings, 'host-ipc', base).fix?.target).toBe(base);
    // A missing field of an overlay's output: inserted where the base writes its parent map.
    expect(one(r.findings, 'writable-root-filesystem', base).fix).toMatchObject({
      target: base,
      edits: [{ op: 'set', path: 'spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem' }],
    });
  });

  it('shows the committed diff in a dry run, with a note for each suggestion, and writes nothing', async () => {
    const dir = copy();
    const r = await lint({ paths: ['.'], cwd: dir });
    const dry = applyFixes(r.findings, r.inputs, r.files, { write: false });
    if (process.env.UPDATE_FIXTURES) writeFileSync(DIFF, dry.diff);
    expect(dry.diff).toBe(readFileSync(DIFF, 'utf8'));
    expect(dry.applied).toBe(11);
    expect(dry.notes.every((n) => n.includes('found in rendered output'))).toBe(true);
    for (const f of r.inputs)
      expect(readFileSync(f.absPath, 'utf8')).toBe(readFileSync(join(SOURCE, f.path), 'utf8'));
  });

  it('the README shows a part of the committed diff, unchanged', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = [...readme.matchAll(/```diff\n([\s\S]*?)```/g)].find((m) =>
      m[1]!.includes('a/chart/web/values.yaml'),
    )?.[1];
    expect(block).toBeDefined();
    expect(readFileSync(DIFF, 'utf8')).toContain(block);
  });

  it('--fix edits only the fixed values; re-linting finds none of them; a second run changes nothing', async () => {
    const dir = copy();
    const before = await lint({ paths: ['.'], cwd: dir });
    const run = applyFixes(before.findings, before.inputs, before.files, { write: true });
    expect(run.errors).toEqual([]);
    expect([...run.filesChanged].sort()).toEqual([
      'chart/web/values.yaml',
      'kustomize/base/deployment.yaml',
      'kustomize/overlays/prod/kustomization.yaml',
      'kustomize/overlays/prod/privileged.yaml',
    ]);
    expect(run.retargeted.map((f) => f.ruleId).sort()).toEqual([
      'capabilities-not-dropped',
      'host-ipc',
      'host-network',
      'host-pid',
      'privilege-escalation-allowed',
      'privilege-escalation-allowed',
      'privileged-container',
      'privileged-container',
      'seccomp-profile-missing',
      'service-account-token-automount',
      'writable-root-filesystem',
    ]);

    const after = await lint({ paths: ['.'], cwd: dir });
    expect(stillFound(run.retargeted, after.findings)).toEqual([]);
    const key = (f: Finding) => `${f.ruleId} ${f.location.file} ${f.path}`;
    const left = new Set(after.findings.map(key));
    expect(run.retargeted.filter((f) => left.has(key(f))).map(key)).toEqual([]);
    // The rest is as it was: the suggestions are still reported, and no other data changed.
    expect(after.findings.filter((f) => f.fix?.rendered).length).toBe(
      before.findings.filter((f) => f.fix?.rendered).length,
    );
    const changed = (path: string) => {
      const old = parseDocs(readFileSync(join(SOURCE, path), 'utf8'));
      const now = parseDocs(readFileSync(join(dir, path), 'utf8'));
      return old.flatMap((d, i) => changedPaths(d, now[i]));
    };
    expect(changed('chart/web/values.yaml')).toEqual([
      'privileged',
      'hostNetwork',
      'securityContext.allowPrivilegeEscalation',
    ]);
    expect(changed('kustomize/overlays/prod/privileged.yaml')).toEqual([
      'spec.template.spec.containers[0].securityContext.privileged',
    ]);
    expect(changed('kustomize/base/deployment.yaml').sort()).toEqual([
      'spec.template.spec.automountServiceAccountToken',
      'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
      'spec.template.spec.containers[0].securityContext.capabilities',
      'spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem',
      'spec.template.spec.hostIPC',
      'spec.template.spec.securityContext',
    ]);
    // The inline patch is a string of the kustomization: only that string changed, one word of it.
    expect(changed('kustomize/overlays/prod/kustomization.yaml')).toEqual(['patches[1].patch']);
    expect(readFileSync(join(dir, 'chart/web/templates/deployment.yaml'), 'utf8')).toBe(
      readFileSync(join(SOURCE, 'chart/web/templates/deployment.yaml'), 'utf8'),
    );

    const once = before.inputs.map((f) => readFileSync(f.absPath, 'utf8'));
    const again = applyFixes(after.findings, after.inputs, after.files, { write: true });
    expect(again.applied).toBe(0);
    expect(before.inputs.map((f) => readFileSync(f.absPath, 'utf8'))).toEqual(once);
  });

  it('SARIF fixes point at the values and patch files', async () => {
    const r = await lint({ paths: ['.'], cwd: copy() });
    const run = toSarif({ findings: r.findings, rules: builtinRules, toolVersion: '1', files: r.files })
      .runs[0]!;
    const result = (ruleId: string, file: string) =>
      run.results!.find(
        (x) => x.ruleId === ruleId && x.locations?.[0]?.physicalLocation?.artifactLocation?.uri === file,
      )!;
    const values = result('privileged-container', 'chart/web/templates/deployment.yaml');
    expect(values.fixes?.[0]?.artifactChanges[0]).toEqual({
      artifactLocation: { uri: 'chart/web/values.yaml', uriBaseId: '%SRCROOT%' },
      replacements: [
        {
          deletedRegion: {
            startLine: 3,
            startColumn: 13,
            endLine: 3,
            endColumn: 17,
            charOffset: expect.any(Number),
            charLength: 4,
          },
          insertedContent: { text: 'false' },
        },
      ],
    });
    const patch = 'kustomize/overlays/prod/privileged.yaml';
    expect(result('privileged-container', patch).fixes?.[0]?.artifactChanges[0]?.artifactLocation.uri).toBe(
      patch,
    );
    // A suggestion only: no SARIF fix.
    expect(result('capabilities-not-dropped', 'chart/web/templates/deployment.yaml').fixes).toBeUndefined();
  });

  it('keeps an insertion under a map an inline patch wrote a suggestion', async () => {
    const dir = copy();
    const kustomization = join(dir, 'kustomize/overlays/prod/kustomization.yaml');
    writeFileSync(
      kustomization,
      `${readFileSync(kustomization, 'utf8')}      - op: add\n        path: /spec/template/spec/securityContext\n        value: {runAsNonRoot: true}\n`,
    );
    const r = await lint({ paths: ['kustomize'], cwd: dir });
    const inline = 'kustomize/overlays/prod/kustomization.yaml';
    const fix = one(r.findings, 'seccomp-profile-missing', inline).fix!;
    expect(fix.rendered).toBe(true);
    expect(fix.target).toBeUndefined();
  });

  it('keeps a value a template passes through default (or the like) a suggestion', async () => {
    const dir = copy();
    const template = join(dir, 'chart/web/templates/deployment.yaml');
    writeFileSync(
      template,
      readFileSync(template, 'utf8').replace(
        '{{ .Values.hostNetwork }}',
        '{{ .Values.hostNetwork | default true }}',
      ),
    );
    const r = await lint({ paths: ['chart'], cwd: dir });
    const fix = one(r.findings, 'host-network', 'chart/web/templates/deployment.yaml').fix!;
    expect(fix.rendered).toBe(true);
    expect(fix.target).toBeUndefined();
  });

  it('keeps a value whose values key is named otherwise a suggestion', async () => {
    const dir = copy();
    const template = join(dir, 'chart/web/templates/deployment.yaml');
    const values = join(dir, 'chart/web/values.yaml');
    writeFileSync(
      template,
      readFileSync(template, 'utf8').replace('{{ .Values.hostNetwork }}', '{{ .Values.debug }}'),
    );
    writeFileSync(values, `${readFileSync(values, 'utf8')}debug: true\n`);
    const r = await lint({ paths: ['chart'], cwd: dir });
    expect(one(r.findings, 'host-network', 'chart/web/templates/deployment.yaml').fix?.rendered).toBe(true);
  });

  it('never edits a values file outside the files linted; says so instead', async () => {
    const dir = copy();
    writeFileSync(join(dir, 'prod-values.yaml'), 'privileged: true\n');
    const before = await lint({
      paths: ['chart'],
      cwd: dir,
      helm: { valueFiles: [join(dir, 'prod-values.yaml')] },
    });
    const finding = one(before.findings, 'privileged-container', 'chart/web/templates/deployment.yaml');
    expect(finding.fix?.target).toBe('prod-values.yaml');
    const run = applyFixes(before.findings, before.inputs, before.files, {
      write: true,
      rules: new Set(['privileged-container']),
    });
    expect(run.applied).toBe(0);
    expect(run.notes).toEqual([
      'chart/web/templates/deployment.yaml:17: privileged-container: the fix edits prod-values.yaml, which is not among the files linted; not fixed (lint a folder holding it)',
    ]);
    expect(readFileSync(join(dir, 'prod-values.yaml'), 'utf8')).toBe('privileged: true\n');
  });

  it('says so when a fixed value is changed again on its way (the finding is still reported)', async () => {
    const dir = copy();
    const template = join(dir, 'chart/web/templates/deployment.yaml');
    // The default hides in a variable, out of the printing action's sight.
    writeFileSync(
      template,
      `{{- $p := .Values.privileged | default true }}\n${readFileSync(template, 'utf8').replace(
        '{{ .Values.privileged }}',
        '{{ $p }}',
      )}`,
    );
    const before = await lint({ paths: ['chart'], cwd: dir });
    const run = applyFixes(before.findings, before.inputs, before.files, {
      write: true,
      rules: new Set(['privileged-container']),
    });
    expect(run.applied).toBe(1);
    const after = await lint({ paths: ['chart'], cwd: dir });
    expect(stillFound(run.retargeted, after.findings)).toEqual([
      'chart/web/templates/deployment.yaml:18: privileged-container: chart/web/values.yaml was fixed but the finding is still reported (the value is changed again on its way to the output); fix it in chart/web/templates/deployment.yaml',
    ]);
  });
});
