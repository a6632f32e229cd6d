// A rendered template that is not YAML fails as helm template fails, with go-yaml's line for a key
// without ':': the first line after the key's that is not blank (a comment counts), else the next
// one. Each expected line is what helm v4.1.4 printed for the same template (the shared Helm
// conformance case "chart with template with invalid yaml" says line 11 for a key on line 10).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { renderChart } from '../../../src/render/helm/render.js';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function errorOf(template: string): string | undefined {
  root = mkdtempSync(join(tmpdir(), 'kh-helm-yamlerr-'));
  mkdirSync(join(root, 'templates'));
  writeFileSync(join(root, 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
  writeFileSync(join(root, 'templates', 'x.yaml'), template);
  return renderChart(root, {}).error?.message.split('\n')[0];
}

const HEAD = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: "1"\n';

it.each([
  ['at the end of the stream: the line after the key', `${HEAD}invalid\n`, 8],
  ['the same when the last line is not ended', `${HEAD}invalid`, 8],
  ['the same with blank lines after it', `${HEAD}invalid\n\n\n`, 8],
  ['past blank lines, at a comment', `${HEAD}invalid\n\n# note\nb: 2\n`, 9],
  ['at a comment on the next line', `${HEAD}invalid\n  # indented note\n\nb: 2\n`, 8],
])('%s', (_, template, line) => {
  expect(errorOf(template)).toBe(
    `YAML parse error on c/templates/x.yaml: error converting YAML to JSON: yaml: line ${line}: could not find expected ':'`,
  );
});
