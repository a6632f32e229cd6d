// The Kustomize builder reads YAML on two paths: the loader's scanner (fast) and the `yaml` package
// (every input). Where the scanner vouches for a text, both must give the same nodes, origins
// included (a finding's location comes from them); where it does not, the package decides.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composedDocs, type KNode, parseYamlDocs, scannedDocs } from '../../../src/render/kustomize/knode.js';

function canon(n: KNode | undefined): unknown {
  if (!n) return null;
  if (n.k === 'scalar') return ['scalar', n.v, n.tag, n.o];
  if (n.k === 'seq') return ['seq', n.o, n.items.map(canon)];
  return ['map', n.o, [...n.m].map(([k, v]) => [k, canon(v)]), [...n.ko]];
}
const view = (docs: ReturnType<typeof composedDocs>) => docs.map((d) => [d.start, d.end, canon(d.node)]);

/** Texts the scanner reads, with what decides origins: range ends after comments, blocks, empty values. */
const VOUCHED: Record<string, string> = {
  'scalars of every style': "a: b\nc: 'it''s'\nd: \"q\"\ne: 1.5\nf: true\ng: ~\nh: 2024-01-02\ni: 0x1F\n",
  'trailing comment on the last value': 'a:\n  b: c   # why\nd: 1\n',
  'nested maps and lists': 'a:\n  - b: c\n    d: e\n\n  - f\ng:\n- x\n- y  \n',
  'flow collections': 'a: [1, "two", three]\nb: {c: d, e: [f]}\nc: []\n',
  'block scalars, clipped and stripped': 'a: |\n  x\n  y\nb: >-\n  z\n\nc:\n  d: |\n    deep\n  e: no\n',
  'a block scalar at the end without a line break': 'a:\n  b: |\n    x',
  'empty values': 'a:\n  b:\n  c: \nd:\n',
  'several documents': '---\na: 1\n---\n- x\n---\nb: 2\n',
};

/** Texts the scanner leaves to the package (an anchor, a tag, a comment after a collection, …). */
const NOT_VOUCHED: Record<string, string> = {
  anchor: 'a: &x 1\nb: *x\n',
  tag: 'a: !!str 1\n',
  'merge key': 'a: {b: 1}\nc:\n  <<: {d: 2}\n',
  escape: 'a: "x\\ty"\n',
  'multi-line plain scalar': 'a: one\n  two\n',
  'comment lines closing a map': 'a:\n  b: c\n  # closing words\nd: 1\n',
  'comment after an empty value': 'a:\n  b: # none\nc: 1\n',
  'kept block scalar': 'a: |+\n  x\n\nb: 1\n',
  'CRLF line breaks': 'a: 1\r\nb: 2\r\n',
  'duplicate key': 'a: 1\na: 2\n',
};

describe('Kustomize YAML reading: scanner and yaml package agree', () => {
  it.each(Object.entries(VOUCHED))('%s: read by the scanner, same nodes and origins', (_name, text) => {
    const fast = scannedDocs(text, 'f.yaml');
    expect(fast).toBeDefined();
    expect(view(fast ?? [])).toEqual(view(composedDocs(text, 'f.yaml')));
  });

  it.each(Object.entries(NOT_VOUCHED))('%s: left to the yaml package', (_name, text) => {
    expect(scannedDocs(text, 'f.yaml')).toBeUndefined();
  });

  it('an origin covers what the package covers: a map to its last line break, a block scalar too', () => {
    const text = 'a:\n  b: c # x\nd: |\n  e\n';
    const [doc] = scannedDocs(text, 'f.yaml') ?? [];
    const root = doc?.node;
    expect(root?.k).toBe('map');
    if (root?.k !== 'map') return;
    expect(root.m.get('a')?.o).toEqual({ file: 'f.yaml', start: 5, end: 14 });
    expect(root.m.get('d')?.o).toEqual({ file: 'f.yaml', start: 17, end: 23 });
    expect(root.ko.get('a')).toEqual({ file: 'f.yaml', start: 0, end: 14 });
  });

  it('syntax errors keep the package message', () => {
    expect(() => parseYamlDocs('a: [1, 2\nb: 1\n', 'bad.yaml')).toThrow(/^bad\.yaml: YAML syntax error: /);
  });

  it('every YAML file of the examples and the Kustomize fixtures reads the same on both paths', () => {
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ya?ml|json)$/.test(e.name)) files.push(p);
      }
    };
    walk(join(__dirname, 'fixtures'));
    walk(join(__dirname, '../../../examples'));
    let vouched = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8').replace(/^\uFEFF/, '');
      const fast = scannedDocs(text, f);
      if (!fast) continue;
      vouched++;
      expect(view(fast), f).toEqual(view(composedDocs(text, f)));
    }
    expect(files.length).toBeGreaterThan(20);
    expect(vouched).toBeGreaterThan(files.length / 2);
  });
});
