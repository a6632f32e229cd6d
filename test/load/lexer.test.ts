// go-yaml's indentation leniency (src/load/lexer.ts): quoted scalars and flow collections may continue
// on lines at (or left of) the parent key's column, as kubectl and helm read them; block content keeps
// the indentation rule, and document markers still end a quoted scalar.
import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';
import { composeYamlText } from '../../src/load/compose.js';
import { parseYamlFast } from '../../src/load/cst.js';
import { getIn, loadText, toPlain } from '../../src/load/index.js';
import { parseDocumentGo } from '../../src/load/lexer.js';
import { parseValues } from '../../src/render/helm/values.js';

const CM = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n${data}`;

describe('continuation lines at the key column load as go-yaml reads them', () => {
  const cases: [string, string, unknown][] = [
    ['single-quoted at the key column', "  k: 'a\n  b'\n", { k: 'a b' }],
    ['double-quoted at column 0, then a blank line', '  k: "a\n\nb"\n  j: x\n', { k: 'a\nb', j: 'x' }],
    ['flow sequence at the key column', '  k: [ "/bin/sh",\n  "-c" ]\n', { k: ['/bin/sh', '-c'] }],
    ['flow map and nested sequence at column 0', '  k: {a: [1,\n2],\nb: c}\n', { k: { a: [1, 2], b: 'c' } }],
    ['quoted scalar inside a flow sequence', '  k: [ "x &&\n  y" ]\n  j: z\n', { k: ['x && y'], j: 'z' }],
  ];
  for (const [name, data, expected] of cases) {
    it(name, () => {
      const text = CM(data);
      const file = loadText('c.yaml', text);
      expect(file.problems).toEqual([]);
      expect(toPlain(getIn(file.documents[0]!.root, ['data']))).toEqual(expected);
      // Both loader paths agree (the full composer is what the fast path is checked against).
      expect(composeYamlText(text).problems).toEqual([]);
    });
  }

  it('keeps exact offsets of the continued scalar', () => {
    const text = CM("  k: 'a\n  b'\n  j: x\n");
    const k = getIn(loadText('c.yaml', text).documents[0]!.root, ['data', 'k'])!;
    expect(text.slice(k.start, k.end)).toBe("'a\n  b'");
    const fast = parseYamlFast(text, { maxDepth: 200, maxExpandedNodes: 1000 });
    expect(fast).not.toBeNull();
  });
});

describe('what go-yaml refuses stays an error', () => {
  it('a document marker inside a quoted scalar', () => {
    const file = loadText('c.yaml', CM('  k: "a\n---\n  b"\n'));
    expect(file.problems.map((p) => p.code)).toContain('yaml-syntax-error');
  });
  it('a plain scalar continued at the key column', () => {
    const file = loadText('c.yaml', CM('  k: a\n  b\n'));
    expect(file.problems.map((p) => p.code)).toContain('yaml-syntax-error');
  });
  it('a block mapping less indented than its siblings', () => {
    const file = loadText('c.yaml', CM('  k: a\n j: b\n'));
    expect(file.problems.map((p) => p.code)).toContain('yaml-syntax-error');
  });
});

describe('the Helm renderer reads YAML with the same leniency', () => {
  it('a rendered template with a flow sequence continued at the key column', () => {
    const lc = new LineCounter();
    const doc = parseDocumentGo(
      'kind: Pod\nspec:\n  containers:\n    - command: [ "/bin/sh",\n    "-ce" ]\n',
      { schema: 'failsafe', uniqueKeys: false },
      lc,
    );
    expect(doc.errors).toEqual([]);
    expect(doc.toJS()).toEqual({ kind: 'Pod', spec: { containers: [{ command: ['/bin/sh', '-ce'] }] } });
  });
  it('a second document is still an error for a single-document read, where the package puts it', () => {
    const text = 'a: 1\n---\nb: 2\n';
    const doc = parseDocumentGo(text, { schema: 'failsafe' });
    const theirs = parseDocument(text, { schema: 'failsafe', prettyErrors: false });
    expect(doc.errors.map((e) => [e.code, e.pos])).toEqual(theirs.errors.map((e) => [e.code, e.pos]));
    expect(doc.errors.map((e) => e.code)).toEqual(['MULTIPLE_DOCS']);
  });
  it('a values file with a quoted value continued at the key column', () => {
    const values = parseValues({ file: '', text: "image:\n  tag: 'a\n  b'\n" });
    expect((values.get('image') as Map<string, unknown>).get('tag')).toBe('a b');
  });
});
