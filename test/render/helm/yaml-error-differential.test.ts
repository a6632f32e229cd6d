// Differential test of broken YAML against the real helm v4.1.4 (unpacked from the devDependency as
// in test/render/gotemplate/oracle.ts; skipped with the reason when unavailable): a Deployment with
// one or two random mutations per copy (a colon dropped, a line indented or dedented, a tab, an
// unclosed quote or bracket, a reserved indicator, a stray word, a nested mapping, a lost '-').
// `helm template` must fail, or not, with the very first line kubeharden's renderer gives.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderChart } from '../../../src/render/helm/render.js';
import { helmBinary } from '../gotemplate/oracle.js';

const helm = helmBinary();

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
    tier: "front"
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: 'nginx:1.25'
        args: ["--port", "8080"]
        env:
          - name: A
            value: "x"
        securityContext:
          privileged: false
`;

const MUTATIONS: ((line: string) => string)[] = [
  (l) => l.replace(/:/, ''),
  (l) => l.replace(/^(\s*)/, '$1 '),
  (l) => l.replace(/^ /, ''),
  (l) => l.replace(/^(\s*)/, '\t'),
  (l) => l.replace(/"([^"]*)"/, '"$1'),
  (l) => l.replace(/'([^']*)'/, "'$1"),
  (l) => l.replace(/[\]}]/, ''),
  (l) => l.replace(/: /, ': @'),
  (l) => `${l}\n${l.replace(/\S.*/, 'oops')}`,
  (l) => l.replace(/- /, ''),
  (l) => l.replace(/: (\S)/, ': $1: x'),
  (l) => l.replace(/([[{])/, '$1: x'),
];

/** Deterministic copies of MANIFEST with one or two mutations each. */
function mutants(seed: number, count: number): string[] {
  let s = seed;
  const next = (n: number) => {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    return s % n;
  };
  const lines = MANIFEST.trimEnd().split('\n');
  return Array.from({ length: count }, () => {
    const out = [...lines];
    for (let k = 1 + next(2); k > 0; k--) {
      const i = next(out.length);
      out[i] = MUTATIONS[next(MUTATIONS.length)]!(out[i]!);
    }
    return `${out.join('\n')}\n`;
  });
}

/** The first line helm prints on failure, or 'ok'. */
function helmSays(dir: string): string {
  const r = spawnSync(helm.path!, ['template', dir], { encoding: 'utf8' });
  return r.status === 0 ? 'ok' : (r.stderr.split('\n')[0] ?? '').replace(/^Error: /, '');
}

describe.skipIf(!helm.path)('broken YAML fails as helm template fails', () => {
  it('on 100 mutated Deployments, word for word and line for line', () => {
    const root = mkdtempSync(join(tmpdir(), 'kh-helm-yamlfuzz-'));
    try {
      mkdirSync(join(root, 'templates'));
      writeFileSync(join(root, 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
      const diffs: string[] = [];
      let failures = 0;
      for (const text of mutants(7, 100)) {
        writeFileSync(join(root, 'templates', 'x.yaml'), text);
        const theirs = helmSays(root);
        const ours = renderChart(root, {}).error?.message.split('\n')[0] ?? 'ok';
        if (theirs !== 'ok') failures++;
        if (theirs !== ours) diffs.push(`${JSON.stringify(text)}\n  helm: ${theirs}\n  ours: ${ours}`);
      }
      // Most mutants are broken YAML: the comparison is about errors.
      expect(failures).toBeGreaterThan(40);
      expect(diffs).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);
});

if (!helm.path) it.skip(`broken YAML against helm: skipped, ${helm.reason}`, () => {});
