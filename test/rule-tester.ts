// RuleTester: each rule's specification is a table of manifests where it must stay silent (`valid`)
// and manifests where it fires (`invalid`), with the exact findings expected. Adding a case is one entry.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import {
  defaultConfig,
  type Finding,
  type Rule,
  type RuleSetting,
  type Severity,
} from '../src/engine/index.js';
import { lintFiles } from '../src/lint.js';
import { loadText } from '../src/load/index.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

export interface CaseInput {
  /** Shown as the test's name; defaults to the first lines of the manifest. */
  readonly name?: string;
  /** One manifest, linted as `manifest.yaml`. */
  readonly code?: string;
  /** A fixture file under `fixtures/`, linted under its own path. */
  readonly fixture?: string;
  /** Several files (path → text), for cross-resource rules. */
  readonly files?: Readonly<Record<string, string>>;
  /** The rule's options. */
  readonly options?: Record<string, unknown>;
  /** Other rules to enable alongside (for ignore/interplay cases). */
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  readonly kubernetesVersion?: string;
}

export interface ExpectedFinding {
  /** Defaults to the rule under test. */
  readonly ruleId?: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** A fragment the message must contain, or a pattern it must match. */
  readonly message?: string | RegExp;
  readonly severity?: Severity;
  /** The file, for multi-file cases; defaults to the single file. */
  readonly file?: string;
  /** Expected field path. */
  readonly path?: string;
  /** Expect the finding to be suppressed (kept, marked dismissed). */
  readonly suppressed?: boolean;
}

export interface InvalidCase extends CaseInput {
  readonly errors: readonly ExpectedFinding[];
}

/** Lints a case with only `rule` enabled (and any `rules` it names); returns every finding. */
export function lintCase(rule: Rule, c: CaseInput): Finding[] {
  const sources: [string, string][] = [];
  if (c.code !== undefined) sources.push(['manifest.yaml', c.code]);
  if (c.fixture) sources.push([`fixtures/${c.fixture}`, readFileSync(join(FIXTURES, c.fixture), 'utf8')]);
  for (const [p, t] of Object.entries(c.files ?? {})) sources.push([p, t]);
  const files = sources.map(([p, t]) => loadText(p, t));
  const rules = [...builtinRules.filter((r) => r.meta.id !== rule.meta.id), rule];
  const config = {
    ...defaultConfig(process.cwd()),
    extends: [],
    rules: { ...(c.rules ?? {}), [rule.meta.id]: c.options ? { options: c.options } : rule.meta.severity },
    kubernetesVersion: c.kubernetesVersion ?? defaultConfig('.').kubernetesVersion,
  };
  // With an explicit severity in config every finding would take it; a bare options entry keeps the
  // rule's own per-finding severities, which is what the cases assert.
  if (!c.options) config.rules = { ...(c.rules ?? {}), [rule.meta.id]: { options: {} } };
  return lintFiles(files, config, config.kubernetesVersion, rules).findings;
}

function caseName(c: CaseInput, i: number): string {
  if (c.name) return c.name;
  const src = c.code ?? c.fixture ?? Object.keys(c.files ?? {}).join(', ');
  return `#${i + 1}: ${src.replace(/\s+/g, ' ').slice(0, 70)}`;
}

export function ruleTester(
  rule: Rule,
  cases: { readonly valid: readonly CaseInput[]; readonly invalid: readonly InvalidCase[] },
): void {
  const id = rule.meta.id;
  describe(id, () => {
    describe('valid', () => {
      cases.valid.forEach((c, i) => {
        it(caseName(c, i), () => {
          const findings = lintCase(rule, c);
          expect(findings.filter((f) => f.ruleId === 'rule-error').map((f) => f.message)).toEqual([]);
          expect(findings.filter((f) => f.ruleId === id && !f.suppression).map(describeFinding)).toEqual([]);
        });
      });
    });
    describe('invalid', () => {
      cases.invalid.forEach((c, i) => {
        it(caseName(c, i), () => {
          const findings = lintCase(rule, c);
          expect(findings.filter((f) => f.ruleId === 'rule-error').map((f) => f.message)).toEqual([]);
          const ids = new Set([id, ...c.errors.map((e) => e.ruleId ?? id)]);
          const actual = findings.filter((f) => ids.has(f.ruleId));
          const expected = c.errors;
          expect(actual.map(describeFinding), 'number of findings').toHaveLength(expected.length);
          expected.forEach((e, j) => {
            const a = actual[j]!;
            const got = {
              ruleId: a.ruleId,
              line: a.location.startLine,
              column: a.location.startColumn,
              endLine: a.location.endLine,
              endColumn: a.location.endColumn,
              ...(e.severity ? { severity: a.severity } : {}),
              ...(e.file ? { file: a.location.file } : {}),
              ...(e.path ? { path: a.path } : {}),
              ...(e.suppressed !== undefined ? { suppressed: a.suppression !== undefined } : {}),
            };
            const want = {
              ruleId: e.ruleId ?? id,
              line: e.line,
              column: e.column,
              endLine: e.endLine,
              endColumn: e.endColumn,
              ...(e.severity ? { severity: e.severity } : {}),
              ...(e.file ? { file: e.file } : {}),
              ...(e.path ? { path: e.path } : {}),
              ...(e.suppressed !== undefined ? { suppressed: e.suppressed } : {}),
            };
            expect(got, `finding ${j + 1}: ${a.message}`).toEqual(want);
            if (typeof e.message === 'string') expect(a.message).toContain(e.message);
            else if (e.message) expect(a.message).toMatch(e.message);
          });
        });
      });
    });
  });
}

export function describeFinding(f: Finding): string {
  const l = f.location;
  return `${l.file}:${l.startLine}:${l.startColumn}-${l.endLine}:${l.endColumn} ${f.severity} ${f.ruleId} ${f.message}`;
}

/**
 * A Pod with one container `app`: `containerFields` go under the container (indented four spaces,
 * e.g. its securityContext), `podFields` under the pod spec before `containers` (two spaces).
 */
export function podManifest(containerFields: string, podFields = ''): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
${podFields}  containers:
  - name: app
    image: app:1.0
${containerFields}`;
}
