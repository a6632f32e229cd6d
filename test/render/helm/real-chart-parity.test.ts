// What rendering real charts against helm v4.1.4 turned up (istio's istio-discovery, rook's charts,
// external-secrets, kyverno): each case as helm printed it.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderChart } from '../../../src/render/helm/render.js';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A repository (a folder with .git) holding `files`; returns its path. */
function repository(files: Record<string, string>): string {
  root = mkdtempSync(join(tmpdir(), 'kh-helm-parity-'));
  mkdirSync(join(root, '.git'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

const CHART = 'apiVersion: v2\nname: c\nversion: 0.1.0\n';

describe('tpl', () => {
  it('returns what it printed without `<no value>`, as helm does (include keeps it)', () => {
    const dir = repository({
      'c/Chart.yaml': CHART,
      'c/templates/_h.tpl': '{{- define "c.h" }}{{ .Values.missing }}{{- end }}\n',
      'c/templates/cm.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: x
data:
  tpl: {{ len (tpl "{{ .Values.missing }}" .) | quote }}
  include: {{ len (include "c.h" .) | quote }}
  empty: {{ eq (tpl "{{ ((.Values.global).tracer) }}" .) "" | quote }}
`,
    });
    const r = renderChart(join(dir, 'c'));
    expect(r.error).toBeUndefined();
    expect(r.text).toContain('  tpl: "0"\n  include: "10"\n  empty: "true"\n');
  });
});

describe('links in a chart', () => {
  const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n';

  it('a template linked from elsewhere in the repository is rendered, as helm renders it', () => {
    const dir = repository({ 'c/Chart.yaml': CHART, 'shared/pod.yaml': POD });
    mkdirSync(join(dir, 'c/templates'));
    symlinkSync('../../shared/pod.yaml', join(dir, 'c/templates/pod.yaml'));
    const r = renderChart(join(dir, 'c'));
    expect(r.error).toBeUndefined();
    expect(r.text).toBe(`---\n# Source: c/templates/pod.yaml\n${POD}`);
  });

  it('a template linked from outside the repository fails the render, never silently', () => {
    const dir = repository({ 'c/Chart.yaml': CHART, 'c/templates/cm.yaml': POD });
    const outside = mkdtempSync(join(tmpdir(), 'kh-helm-outside-'));
    try {
      writeFileSync(join(outside, 'pod.yaml'), POD);
      symlinkSync(join(outside, 'pod.yaml'), join(dir, 'c/templates/pod.yaml'));
      expect(renderChart(join(dir, 'c')).error?.message).toMatch(
        /^templates\/pod\.yaml is a link to .*pod\.yaml, outside the repository: helm would read it, kubeharden does not/,
      );
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe("helm v4.1.4's wording", () => {
  it('of a dependency missing from charts/', () => {
    const dir = repository({
      'c/Chart.yaml': `${CHART}dependencies:\n- name: gone\n  version: 0.1.0\n  repository: https://example.invalid\n`,
      'c/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
    });
    // As `kubeharden render` and helm: no looking for it elsewhere.
    expect(renderChart(join(dir, 'c'), { resolveLocalDependencies: false }).error?.message).toBe(
      'an error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: gone',
    );
  });

  it('of a template that is not a mapping', () => {
    const dir = repository({ 'c/Chart.yaml': CHART, 'c/templates/x.yaml': 'just a string\n' });
    expect(renderChart(join(dir, 'c')).error?.message.split('\n')[0]).toBe(
      'YAML parse error on c/templates/x.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type util.SimpleHead',
    );
  });
});

describe("the chart's apiVersion, as helm 4 picks its loader", () => {
  it.each([
    ['v1', undefined],
    ['v2', undefined],
    ['', undefined],
    ['v3', 'invalid chart apiVersion'],
    ['v4', 'unsupported chart version'],
    ['V2', 'unsupported chart version'],
  ])('apiVersion %j: %s', (apiVersion, error) => {
    const dir = repository({
      'c/Chart.yaml': `apiVersion: ${apiVersion}\nname: c\nversion: 0.1.0\n`,
      'c/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
    });
    expect(renderChart(join(dir, 'c')).error?.message).toBe(error);
  });
});

describe('a values.yaml that does not load, in the words of helm 4', () => {
  it.each([
    [
      'just a string',
      'error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type map[string]interface {}',
    ],
    [
      '- 1\n- 2',
      'error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}',
    ],
    ['a: [1', "error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'"],
    ['a: b: c', 'error converting YAML to JSON: yaml: mapping values are not allowed in this context'],
    // Each document on its own: the second document's first line has no number.
    [
      'a: 1\n---\nb: c: d',
      'error converting YAML to JSON: yaml: mapping values are not allowed in this context',
    ],
    ['{ {- x -}}', 'error converting YAML to JSON: yaml: did not find expected node content'],
    ['a:\n  - x\n  y: 2', "error converting YAML to JSON: yaml: line 2: did not find expected '-' indicator"],
    ['- a\n- b\nc: 1', "error converting YAML to JSON: yaml: line 2: did not find expected '-' indicator"],
  ])('%j', (values, message) => {
    const dir = repository({
      'c/Chart.yaml': CHART,
      'c/values.yaml': `${values}\n`,
      'c/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
    });
    expect(renderChart(join(dir, 'c')).error?.message).toBe(
      `cannot load values.yaml: cannot unmarshal yaml document: ${message}`,
    );
  });
});
