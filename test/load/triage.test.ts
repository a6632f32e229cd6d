// Files that do not parse: data files and unrendered templates are skipped with a notice, one
// syntax error is reported per file, and nothing kubectl would apply is ever skipped.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/engine/index.js';
import { lint, lintFiles } from '../../src/lint.js';
import { getIn, loadText, str } from '../../src/load/index.js';

const config = defaultConfig(process.cwd());
const ruleIds = (path: string, text: string) =>
  lintFiles([loadText(path, text)], config).findings.map((f) => f.ruleId);

const JSON_LINES = '{"id": 1, "name": "a"}\n{"id": 2, "name": "b"}\n{"id": 3, "tags": ["x"]}\n';
// Rows that are arrays: not a JSON stream to kubectl (it must start with `{`), not YAML either.
const ARRAY_LINES = '[1, "a", true]\n[2, "b", false]\n[3, "c", null]\n';

describe('files that show no sign of being a manifest', () => {
  it('a JSON-lines data file gives no finding: read as kubectl reads it, its objects are not Kubernetes', () => {
    const file = loadText('data/import.json', JSON_LINES);
    expect(file.problems).toEqual([]);
    expect(file.documents).toHaveLength(3);
    expect(ruleIds('data/import.json', JSON_LINES)).toEqual([]);
  });

  it('a data file that does not parse is skipped with a notice, not high syntax errors', () => {
    const file = loadText('data/rows.json', ARRAY_LINES);
    expect(file.problems).toEqual([]);
    expect(file.notice).toMatch(/no sign of being a Kubernetes manifest/);
    expect(ruleIds('data/rows.json', ARRAY_LINES)).toEqual([]);
  });

  it('the notice reaches the run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeharden-triage-'));
    try {
      writeFileSync(join(dir, 'rows.json'), ARRAY_LINES);
      const result = await lint({ paths: [dir], cwd: dir });
      expect(result.findings).toEqual([]);
      expect(result.notices.some((n) => /rows\.json: does not parse as YAML/.test(n))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const [name, text] of [
    ['a kind word', '["kind", "Pod"]\n["x", 1]\n'],
    ['an apiVersion word in any case', 'APIVERSION = 3\n  bad: [\n'],
    ['a \\u escape that could spell one', '["\\u006bind", "Pod"]\n["x", 1]\n'],
    ['an escaped line break that joins two halves', '"api\\\n  Version": v1\n{"x": 1}\n'],
    ['a binary key', '? !!binary a2luZA==\n: Pod\n{x\n'],
  ] as const) {
    it(`is not skipped when it holds ${name}: one syntax error, high`, () => {
      const file = loadText('m.yaml', text);
      expect(file.notice).toBeUndefined();
      expect(file.problems.filter((p) => p.code === 'yaml-syntax-error')).toHaveLength(1);
    });
  }
});

describe('one syntax error per file', () => {
  it('the first parser error is reported, and says how many followed', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p\nspec: [\n  a: b\n c\n';
    const problems = loadText('m.yaml', text).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]!.code).toBe('yaml-syntax-error');
    expect(problems[0]!.message).toMatch(/the parser reported \d+ more errors? after this one/);
    expect(ruleIds('m.yaml', text)).toEqual(['yaml-syntax-error']);
  });

  it('duplicate keys are still each reported', () => {
    const text = 'apiVersion: v1\nkind: Pod\nkind: Pod\nmetadata: {}\nmetadata: {}\n';
    expect(loadText('m.yaml', text).problems.map((p) => p.code)).toEqual(['duplicate-key', 'duplicate-key']);
  });
});

describe('unrendered templates outside Helm charts', () => {
  const goTemplate =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Values.name }}\nspec:\n  replicas: {{ .Values.replicas }}\n';
  const jinja =
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n{% if privileged %}\nspec:\n  hostPID: true\n{% endif %}\n';

  it('a Go template that parses to collection keys is skipped with a notice, not invalid-field-type', () => {
    const file = loadText('deploy/app.yaml', goTemplate);
    expect(file.documents[0]!.root).toBeNull();
    expect(file.notice).toMatch(/template markers/);
    expect(ruleIds('deploy/app.yaml', goTemplate)).toEqual([]);
  });

  it('a Jinja template that does not parse is skipped with a notice', () => {
    const file = loadText('roles/pod.yaml.j2', jinja);
    expect(file.problems).toEqual([]);
    expect(file.notice).toMatch(/template markers/);
  });

  it('documents of the same file that parse cleanly are still checked', () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostPID: true\n  containers:\n  - name: c\n    image: nginx:1.27\n---\n${goTemplate}`;
    const file = loadText('m.yaml', text);
    expect(file.documents.map((d) => d.root !== null)).toEqual([true, false]);
    expect(ruleIds('m.yaml', text)).toContain('host-pid');
  });

  it('a manifest that merely holds {{ }} in its values is checked as usual (kubectl applies it)', () => {
    const text =
      'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: r\nspec:\n  groups:\n  - name: g\n    rules:\n    - alert: Down\n      expr: up == 0\n      annotations:\n        summary: "{{ $labels.instance }} is down"\n        description: >-\n          {{ $labels.job }} has been down\n';
    const file = loadText('m.yaml', text);
    expect(file.notice).toBeUndefined();
    expect(str(getIn(file.documents[0]!.root, ['kind']))).toBe('PrometheusRule');
  });

  it('a syntax error in a document without markers is still reported', () => {
    const text = `${goTemplate}---\napiVersion: v1\nkind: Pod\nmetadata: {name: p\n`;
    const file = loadText('m.yaml', text);
    expect(file.notice).toMatch(/template markers/);
    expect(file.problems.map((p) => p.code)).toEqual(['yaml-syntax-error']);
    expect(file.problems[0]!.start).toBeGreaterThan(goTemplate.length);
  });
});

describe('never a bypass: a file kubectl would apply is never skipped', () => {
  const root = join(import.meta.dirname, '../..');
  const dir = mkdtempSync(join(tmpdir(), 'kubeharden-triage-fx-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function yamlFiles(d: string, out: string[] = []): string[] {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      // A chart's templates/ are not YAML until rendered (the render stage reads them).
      if (e.isDirectory()) {
        if (!(e.name === 'templates' && existsSync(join(d, 'Chart.yaml')))) yamlFiles(p, out);
      } else if (/\.(ya?ml|json)$/.test(e.name)) out.push(p);
    }
    return out;
  }

  it('every fixture and example that parses keeps all its documents and gets no notice', () => {
    const files = [...yamlFiles(join(root, 'fixtures')), ...yamlFiles(join(root, 'examples'))];
    expect(files.length).toBeGreaterThan(10);
    let checked = 0;
    for (const path of files) {
      const file = loadText(path, readFileSync(path, 'utf8'));
      if (file.problems.some((p) => p.code === 'yaml-syntax-error')) continue;
      checked++;
      expect(file.notice, path).toBeUndefined();
    }
    expect(checked).toBeGreaterThan(10);
  });
});

describe('JSON streams, read as kubectl reads a file that starts with {', () => {
  const pod = (name: string) =>
    `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "${name}"}, "spec": {"hostPID": true, "containers": [{"name": "c", "image": "nginx:1.27"}]}}`;

  it('JSON lines: every object is read, at its own offsets', () => {
    const text = `${pod('a')}\n${pod('b')}\n`;
    const file = loadText('pods.json', text);
    expect(file.problems).toEqual([]);
    expect(file.documents.map((d) => str(getIn(d.root, ['metadata', 'name'])))).toEqual(['a', 'b']);
    const second = getIn(file.documents[1]!.root, ['spec', 'hostPID'])!;
    expect(second.start).toBe(text.lastIndexOf('true'));
    const findings = lintFiles([file], config).findings.filter((f) => f.ruleId === 'host-pid');
    expect(findings.map((f) => f.location.startLine)).toEqual([1, 2]);
  });

  it('concatenated objects on one line, and an object followed by garbage', () => {
    expect(loadText('p.json', `${pod('a')}${pod('b')}`).documents).toHaveLength(2);
    const garbage = loadText('p.json', `${pod('a')}\n[1]\n${pod('b')}\n`);
    // kubectl applies `a`, then stops at `[1]`: the same object is read, and the stop is high.
    expect(garbage.documents.map((d) => str(getIn(d.root, ['metadata', 'name'])))).toEqual(['a']);
    expect(garbage.problems.map((p) => p.code)).toEqual(['yaml-syntax-error']);
    expect(garbage.problems[0]!.message).toMatch(/kubectl stops reading here/);
  });

  it('a JSON-lines data file without apiVersion or kind is still skipped with a notice', () => {
    const file = loadText('data.json', '{"id": 1}\n{"id": 2}\n');
    expect(file.problems).toEqual([]);
    expect(file.documents.every((d) => d.root === null || !getIn(d.root, ['kind']))).toBe(true);
  });
});
