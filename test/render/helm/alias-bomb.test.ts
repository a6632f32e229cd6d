// A values file that is an alias bomb fails the chart's render at once, as Helm (go-yaml) refuses
// it, instead of being copied out for minutes and then passing silently.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { lint } from '../../../src/lint.js';

const BOMB = `${['a: &a ["x","x","x","x","x","x","x","x","x"]']
  .concat(
    ['b', 'c', 'd', 'e', 'f'].map((k, i) => {
      const prev = 'abcde'[i]!;
      return `${k}: &${k} [${Array(9).fill(`*${prev}`).join(',')}]`;
    }),
  )
  .concat([`g: [${Array(9).fill('*f').join(',')}]`])
  .join('\n')}\n`;

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function chart(values: string): string {
  root = mkdtempSync(join(tmpdir(), 'kh-helm-bomb-'));
  mkdirSync(join(root, 'c', 'templates'), { recursive: true });
  writeFileSync(join(root, 'c', 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
  writeFileSync(join(root, 'c', 'values.yaml'), values);
  writeFileSync(
    join(root, 'c', 'templates', 'cm.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  n: {{ len .Values.g | quote }}\n',
  );
  return root;
}

it('a values alias bomb is a helm-render-error', async () => {
  const r = await lint({ paths: ['.'], cwd: chart(BOMB) });
  expect(
    r.findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.startLine} ${f.message}`),
  ).toEqual([
    'helm-render-error c/Chart.yaml:1 chart c does not render: cannot load values.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: document contains excessive aliasing',
  ]);
});

it('a few aliases in values still render', async () => {
  const r = await lint({ paths: ['.'], cwd: chart('a: &a [1, 2]\ng: [*a, *a, *a]\n') });
  expect(r.findings.filter((f) => f.ruleId === 'helm-render-error')).toEqual([]);
});
