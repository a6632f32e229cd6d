import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/engine/index.js';
import { lintFiles } from '../../src/lint.js';
import { get, loadSource, loadText, str } from '../../src/load/index.js';
import { Model } from '../../src/model/index.js';
import { describeFinding } from '../rule-tester.js';

const POD =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: x\n    securityContext:\n      privileged: true\n';

function findings(path: string, text: string) {
  return lintFiles([loadText(path, text)], defaultConfig('.')).findings;
}

function at(path: string, text: string, ruleId: string) {
  return findings(path, text)
    .filter((f) => f.ruleId === ruleId)
    .map((f) => [f.location.startLine, f.location.startColumn, f.location.endLine, f.location.endColumn]);
}

describe('positions', () => {
  it('LF, CRLF and a byte-order mark give the same lines and columns', () => {
    const lf = at('a.yaml', POD, 'privileged-container');
    expect(lf).toEqual([[10, 19, 10, 23]]);
    expect(at('a.yaml', POD.replace(/\n/g, '\r\n'), 'privileged-container')).toEqual(lf);
    expect(at('a.yaml', `\uFEFF${POD}`, 'privileged-container')).toEqual(lf);
    const bom = loadSource('a.yaml', new TextEncoder().encode(`\uFEFF${POD}`));
    expect(bom.text.startsWith('apiVersion')).toBe(true);
  });

  it('columns count UTF-16 code units as editors do', () => {
    const text = POD.replace('name: p', 'name: p\n  annotations: {note: "héllo wörld"}');
    expect(at('a.yaml', text, 'privileged-container')).toEqual([[11, 19, 11, 23]]);
  });
});

describe('broken input becomes findings', () => {
  it('a syntax error is reported at its position, and later documents are still linted', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a\n---\n${POD}`;
    const all = findings('a.yaml', text).map(describeFinding);
    expect(all.some((f) => /a\.yaml:4:1-.* yaml-syntax-error/.test(f))).toBe(true);
    expect(all.some((f) => f.includes('privileged-container'))).toBe(true);
  });

  it('a duplicate key is reported on the later key, and the last value wins', () => {
    const text = POD.replace(
      '    securityContext:\n',
      '    securityContext:\n      privileged: false\n    securityContext:\n',
    );
    expect(at('a.yaml', text, 'duplicate-key')).toEqual([[11, 5, 11, 20]]);
    expect(at('a.yaml', text, 'privileged-container')).toEqual([[12, 19, 12, 23]]);
  });

  it('binary, non-UTF-8, oversized and unreadable files are findings, not crashes', () => {
    const bin = loadSource('b.yaml', new Uint8Array([0x61, 0x00, 0x62]));
    expect(bin.problems.map((p) => p.code)).toEqual(['file-not-text']);
    // Invalid UTF-8 is decoded as kubectl decodes it (U+FFFD), and checked (test/load/decode.test.ts).
    const latin1 = loadSource('c.yaml', new Uint8Array([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
    expect(latin1.problems).toEqual([]);
    expect(latin1.text).toBe('a: \uFFFD\n');
    const big = loadSource('d.yaml', new Uint8Array(2048).fill(0x61), { maxFileBytes: 1024 });
    expect(big.problems[0]?.message).toMatch(/2\.0 KiB, over the 1\.0 KiB limit/);
    const unreadable = loadSource('e.yaml', null, { maxFileBytes: 10 }, 'permission denied');
    expect(unreadable.problems[0]).toMatchObject({
      code: 'file-unreadable',
      message: 'cannot read the file (permission denied), so nothing in it was checked',
    });
  });

  it('an alias bomb is bounded and reported, not expanded', () => {
    let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 9; i++)
      text += `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    const t0 = Date.now();
    const f = loadText('bomb.yaml', text);
    expect(f.problems.map((p) => p.code)).toEqual(['yaml-too-complex']);
    expect(f.problems[0]?.message).toMatch(/alias bomb/);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('absurdly deep nesting is reported, not a stack overflow', () => {
    // `kind:` makes it a possible manifest (a file without it would be skipped as data, triage.ts).
    const flow = loadText('flow.yaml', `kind: ${'['.repeat(5000)}${']'.repeat(5000)}`);
    expect(flow.problems.length).toBeGreaterThan(0);
    let block = 'apiVersion: v1\nkind: ConfigMap\ndata:\n';
    for (let i = 0; i < 300; i++) block += `${' '.repeat(i + 1)}k${i}:\n`;
    const f = loadText('deep.yaml', block);
    expect(f.problems.map((p) => [p.code, p.message])).toEqual([
      ['yaml-too-complex', 'the document nests deeper than 200 levels; it was skipped'],
    ]);
  });
});

describe('what counts as Kubernetes', () => {
  it('documents without apiVersion and kind are ignored silently', () => {
    const text = 'name: CI\non: [push]\njobs: {}\n---\nreplicaCount: 1\n';
    const m = new Model([loadText('w.yaml', text)]);
    expect(m.objects).toHaveLength(0);
    expect(findings('w.yaml', text)).toEqual([]);
  });

  it('List items are expanded with their paths', () => {
    const text = `apiVersion: v1\nkind: List\nitems:\n- ${POD.trimEnd().replace(/\n/g, '\n  ')}\n`;
    const list = findings('l.yaml', text).filter((f) => f.ruleId === 'privileged-container');
    expect(list.map((f) => [f.location.startLine, f.path])).toEqual([
      [13, 'items[0].spec.containers[0].securityContext.privileged'],
    ]);
  });

  it('JSON manifests work the same', () => {
    const json = JSON.stringify(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        spec: { containers: [{ name: 'c', image: 'x', securityContext: { privileged: true } }] },
      },
      null,
      2,
    );
    expect(at('p.json', json, 'privileged-container')).toEqual([[13, 25, 13, 29]]);
  });

  it('helm template output names the template each document came from', () => {
    const text = `---\n# Source: shop/templates/pod.yaml\n${POD}`;
    const f = findings('rendered.yaml', text).find((x) => x.ruleId === 'privileged-container');
    expect(f?.helmSource).toEqual({ chart: 'shop', template: 'templates/pod.yaml' });
  });

  it('YAML 1.1 scalars resolve as the API server decodes them', () => {
    const f = loadText('y.yaml', 'a: yes\nb: "yes"\nc: 0x1F\nd: 2001-12-14\n');
    const root = f.documents[0]!.root;
    expect(get(root, 'a')).toMatchObject({ value: true, quoted: false });
    expect(str(get(root, 'b'))).toBe('yes');
    expect(get(root, 'c')).toMatchObject({ value: 31 });
    expect(str(get(root, 'd'))).toBe('2001-12-14');
  });
});
