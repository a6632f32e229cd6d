// Differential test of the loader's three paths: the scanner (scan.ts), the CST path (cst.ts) and the
// full composer (compose.ts). Wherever the scanner or the CST path answers, its trees (types, values,
// quoted flags, start/end offsets, shared alias targets) and document spans must equal what the full
// composer gives; wherever one cannot vouch for that, it must step aside. (test/load/scan.test.ts
// tests the scanner against the other two at length.)
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../scripts/bench-corpus.mjs';
import { composeYamlText, DEFAULT_PARSE_LIMITS, parseYamlText } from '../../src/load/compose.js';
import { parseYamlFast } from '../../src/load/cst.js';
import { get, getIn, loadText, sameNode } from '../../src/load/index.js';
import { TreeBuilder } from '../../src/load/nodes.js';
import { scanYamlText } from '../../src/load/scan.js';
import { shape, shapeOf } from './shape.js';

const root = join(import.meta.dirname, '../..');

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    // A chart's templates/ are not YAML until rendered (the render stage reads them).
    if (e.isDirectory()) {
      if (!(e.name === 'templates' && existsSync(join(dir, 'Chart.yaml')))) yamlFiles(p, out);
    } else if (/\.(ya?ml|json)$/.test(e.name)) out.push(p);
  }
  return out;
}

/**
 * The fast path answered, and its answer is exactly the full path's; so is the scanner's when it
 * answers. Returns whether the scanner answered.
 */
function expectSame(text: string, label: string): boolean {
  const fast = parseYamlFast(text, DEFAULT_PARSE_LIMITS);
  const full = composeYamlText(text, DEFAULT_PARSE_LIMITS);
  expect(fast, `${label}: the fast path stepped aside`).not.toBeNull();
  expect(full.problems, `${label}: the full path found problems the fast path did not`).toEqual([]);
  expect(shapeOf(fast), label).toStrictEqual(shapeOf(full));
  const scanned = scanYamlText(text, DEFAULT_PARSE_LIMITS);
  if (scanned) expect(shapeOf(scanned), `${label} (scanner)`).toStrictEqual(shapeOf(full));
  return scanned !== null;
}

/** Inputs the fast path handles; each is also checked with CRLF line ends. */
const HANDLED: Record<string, string> = {
  'block map and seq':
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: x\n',
  'seq without indentation under a key': 'a:\n- 1\n- b: 2\n  c: 3\n- - nested\n  - seq\n',
  'flow collections': 'a: {b: 1, c: [x, "y", \'z\'], d: {}}\ne: [ ]\nf: [1, 2,]\ng: {h: i,}\n',
  'multi-line flow collections with comments':
    'a: [\n  one,  # first\n  two\n]\nb: {\n  c: 1,\n  # between\n  d: 2\n}  # after\n',
  'block scalars':
    'a: |\n  line 1\n  line 2\nb: >\n  folded\n  text\n\nc: |-\n  kept\nd: >+\n  keep\n\ne: |2\n    indented\nf: |\n\ng: last\n',
  'block scalar at the end': 'a: |\n  x\n  y\n\n\n',
  'plain multi-line scalars':
    'a: this is\n  folded over\n  three lines\nb: "quoted\n  too"\nc: \'single\n\n  quoted\'\n',
  'quoted keys and values':
    '"a": 1\n\'b\': "2"\n"with space": x\n\'it\'\'s\': "esc\\t\\u00e9\\n"\n"<<": not a merge\n',
  'comments everywhere':
    '# head\na: 1 # one\n# between\nb:\n  # inside\n  c: 2\n  # trailing in b\n# trailing at top\nd:\n- x # item\n# after seq\n',
  'empty values': 'a:\nb: # comment\nc:\n  d:\ne:\n-\n- # c\n- x\nf: ""\ng: \'\'\n',
  'YAML 1.1 scalars':
    'n: [~, null, Null, NULL, ""]\nb: [yes, Yes, YES, no, No, NO, on, On, ON, off, Off, OFF, y, Y, n, N, true, True, TRUE, false, False, FALSE]\ni: [0, 12, -3, +4, 0x1F, 0x_1f, 017, 0o17, 0b101, 1_000, 1:30, -0]\nf: [1.5, -2.5e3, .5, 1., .inf, -.Inf, +.INF, .nan, .NaN, 1:30.5, 1_0.5]\nt: [2001-12-14, 2001-12-14t21:59:43.10-05:00, 2001-12-14 21:59:43.10 -5]\ns: [yess, nope, 0x, 08, 1e, "yes", \'12\', 12abc, a:b, http://x]\n',
  'keys that are numbers and booleans': '1: one\ntrue: yes\n0x10: hex\nnull: x\n1.5: f\n',
  'anchors and aliases':
    'base: &base\n  a: 1\n  b: [x, y]\nref: *base\nlist:\n- &item {k: v}\n- *item\nscalar: &s hello\nagain: *s\nredefined: &s other\nlatest: *s\nempty: &e\nuse: *e\n',
  'nested anchor redefinition': 'a: &x {b: &x 1}\nc: *x\n',
  'merge keys':
    'defaults: &d\n  a: 1\n  b: 2\nmore: &m {c: 3, a: 9}\none:\n  <<: *d\n  b: override\nmany:\n  <<: [*d, *m]\n  z: 0\ninline:\n  <<: {p: 1, q: 2}\n  q: own\nflow: {<<: *d, c: 4}\nseqsource:\n  <<: [*d]\n',
  'merge of a non-map is ignored': 'l: &l [1, 2]\nm:\n  <<: *l\n  a: 1\nn:\n  <<:\n  b: 2\n',
  'multi-document stream':
    '# lead\n---\na: 1\n---\n# Source: chart/templates/x.yaml\nkind: X\n---\n---\n- b\n...\n# after end\n---\nc: 3\n...\n',
  'empty document and comments only': '---\n# nothing here\n---\n',
  'comment-only file': '# just a comment\n# another\n',
  'empty file': '',
  'document start with content on the line': '--- # comment\na: 1\n--- [1, 2]\n--- text\n',
  'root scalar and root seq': 'just text\n',
  json: '{\n  "apiVersion": "v1",\n  "kind": "ConfigMap",\n  "data": {"a": "1", "n": 2, "t": true, "z": null},\n  "list": [1, 2.5, "x"]\n}\n',
  'compact maps in sequences':
    'containers:\n  - name: a\n    ports:\n      - containerPort: 80\n        protocol: TCP\n  - name: b\n',
  'unicode and long lines': `a: "héllo wörld ✓"\nb: ${'x'.repeat(5000)}\nc: 日本語\n`,
  'no trailing newline': 'a: 1\nb: [x]',
  'trailing spaces': 'a: 1   \nb:   \n  c: 2  \n',
  'byte-order mark': '\uFEFFa: 1\n',
  'keys with odd characters': 'a b: 1\nx.y/z: 2\n"": empty\n',
  'values that look like indicators': 'a: -1\nb: "- x"\nc: a - b\nd: x#y\ne: "#"\nf: [a#b]\n',
  // go-yaml's other line breaks (breaks.ts): both paths parse the same view of the text.
  'U+2028, U+2029, NEL and lone CR end comments and lines':
    'a: 1 # x\u2028b: 2 # y\u2029c:\u0085  d: [1,\r    2]\re: "p\u0085 q" # z\rf: |\u2028  lit\u2029  eral\n',
  'byte-order mark after a document separator': 'a: 1\n---\n\uFEFFb: 2\n--- # c\n\uFEFF- x\n',
  'byte-order mark inside a document is text': 'a: 1\n\uFEFFb: 2\nc: "\uFEFF"\n',
  // go-yaml ignores indentation inside quotes and flow collections (lexer.ts).
  'quoted and flow continuations at or left of the key column':
    'data:\n  k: \'a\n  b\'\n  j: "x\ny"\n  l: [a,\n  "b",\nc]\n  m: {p: 1,\nq: [2,\n3]}\n  n: x\nlist:\n- command: [ "/bin/sh",\n  "-ce",\n  "a &&\n  b" ]\n  args: z\n',
};

/** Inputs the fast path must leave to the full composer (errors, or features it does not cover). */
const DELEGATED: Record<string, string> = {
  'syntax error': 'a: {b: 1\n',
  'bad indentation': 'a:\n  b: 1\n c: 2\n',
  'duplicate key': 'a: 1\nb: 2\na: 3\n',
  'duplicate key in a flow map': 'a: {x: 1, x: 2}\n',
  tags: 'a: !!str 1\nb: !custom x\n',
  'tag on a collection': 'a: !!map {b: 1}\n',
  directives: '%YAML 1.1\n---\na: 1\n',
  'explicit key': '? a\n: 1\n',
  'complex key': '[a, b]: 1\n',
  'alias to an unknown anchor': 'a: *nope\n',
  'alias inside its own anchor': 'a: &x\n  b: *x\n',
  'anchor on a key': '&k a: 1\n',
  'pair inside a flow sequence': 'a: [b: 1]\n',
  'tab as indentation': 'a:\n\tb: 1\n',
  'multi-line implicit key': 'a\n b: 1\n',
  'lone dash in a flow sequence': 'a: [x, -, y]\n',
  'too deep': `${'['.repeat(300)}${']'.repeat(300)}\n`,
};

describe('fast path: identical trees where it answers', () => {
  for (const [name, text] of Object.entries(HANDLED)) {
    it(name, () => {
      expectSame(text, name);
      if (text.includes('\n')) expectSame(text.replace(/\n/g, '\r\n'), `${name} (CRLF)`);
    });
  }

  it('the scanner answers for most of these (the rest use anchors, flow over lines, root scalars)', () => {
    const answered = Object.entries(HANDLED).filter(([name, text]) => expectSame(text, name));
    expect(answered.length).toBeGreaterThan(Object.keys(HANDLED).length / 2);
  });

  it('every YAML file under fixtures/ and examples/', () => {
    const files = [...yamlFiles(join(root, 'fixtures')), ...yamlFiles(join(root, 'examples'))];
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
      const full = composeYamlText(text, DEFAULT_PARSE_LIMITS);
      // A fixture may be broken on purpose: then the fast path must step aside.
      if (full.problems.length > 0) {
        expect(parseYamlFast(text, DEFAULT_PARSE_LIMITS), file).toBeNull();
        expect(scanYamlText(text, DEFAULT_PARSE_LIMITS), file).toBeNull();
      } else expectSame(text, file);
    }
  });

  const dir = mkdtempSync(join(tmpdir(), 'kubeharden-cst-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('a generated repository of manifests and a CRD install bundle (the benchmark corpus)', () => {
    const corpus = generateCorpus(dir, { documents: 300, seed: 7, bundleMegabytes: 0.3 });
    expect(corpus.bundles).toBeGreaterThan(0);
    let scanned = 0;
    for (const file of corpus.paths) if (expectSame(readFileSync(file, 'utf8'), file)) scanned++;
    expect(scanned).toBeGreaterThan(corpus.paths.length * 0.9);
  });
});

describe('fast path: steps aside for the full composer', () => {
  for (const [name, text] of Object.entries(DELEGATED)) {
    it(name, () => {
      expect(parseYamlFast(text, DEFAULT_PARSE_LIMITS)).toBeNull();
      expect(scanYamlText(text, DEFAULT_PARSE_LIMITS)).toBeNull();
      // And the loader's answer is the full path's, problems and positions included.
      expect(shapeOf(parseYamlText(text))).toStrictEqual(shapeOf(composeYamlText(text)));
    });
  }

  it('reports syntax errors and duplicate keys exactly as before', () => {
    expect(parseYamlText('a: 1\na: 2\n').problems).toEqual([
      { code: 'duplicate-key', message: 'Map keys must be unique', start: 5, end: 6 },
    ]);
    expect(parseYamlText('a: {b: 1\n').problems.map((p) => p.code)).toContain('yaml-syntax-error');
  });

  it('alias bombs are still caught by the full path', () => {
    let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 8; i++)
      text += `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    expect(parseYamlFast(text, DEFAULT_PARSE_LIMITS)).toBeNull();
    expect(parseYamlText(text).problems.map((p) => p.code)).toEqual(['yaml-too-complex']);
  });
});

// Mutation test: random small edits to varied documents (most of them become invalid, some only
// unusual). Whenever the fast path answers, the full path must agree and find no problem.
const MUTATION_SEEDS = [
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p # c\n  labels: {a: b, "c": \'d\'}\nspec:\n  containers:\n  - name: c\n    image: x\n    args: [a, "b", 1]\n    env:\n    - name: A\n      value: |\n        multi\n        line\n  volumes: []\n',
  'a: &x\n  b: 1\nc: *x\nd:\n  <<: *x\n  e: [*x, {f: g}]\n---\n- 1\n- - 2\n  - 3\n- k: v\n  l: >-\n    folded\n...\n',
  '# head\n---\nkey: "quoted\\n"\nother: \'single\'\nempty:\nnull: ~\nlist:\n- a\n-\n- {x: 1, y: [2, 3]}\n',
  'a: [\n  1,  # one\n  two\n]\nb: {\n  c: 1,\n  # mid\n  d: 2\n}  # after\ne: "x\n  y"\nf: plain\n  folded\n# end\n',
  '--- |\n  text\n--- >\n  more\n---\n{"a": [1, 2, {"b": null}], "c": "d"}\n',
  'x: !!str 1\n? k\n: v\n&a y: *a\nz: "\\u00e9"\n',
];
const MUTATION_CHARS = [
  ':',
  ' ',
  '\n',
  '#',
  '&',
  '*',
  '[',
  ']',
  '{',
  '}',
  ',',
  '-',
  '?',
  '!',
  '|',
  '>',
  '"',
  "'",
  '\t',
  'a',
  '\r\n',
  '...',
  '---',
  '<<',
  '%',
  '@',
  '\u2028',
  '\u0085',
  '\r',
  '\uFEFF',
];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('fast path: mutated documents', () => {
  it('whenever it answers, the full path agrees and finds no problem', () => {
    const random = mulberry32(42);
    let answered = 0;
    let scannedCount = 0;
    for (let i = 0; i < 1500; i++) {
      let text = MUTATION_SEEDS[i % MUTATION_SEEDS.length]!;
      const edits = 1 + Math.floor(random() * 4);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * text.length);
        if (random() < 0.4) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 3));
        else
          text =
            text.slice(0, at) + MUTATION_CHARS[Math.floor(random() * MUTATION_CHARS.length)] + text.slice(at);
      }
      const scanned = scanYamlText(text, DEFAULT_PARSE_LIMITS);
      const fast = parseYamlFast(text, DEFAULT_PARSE_LIMITS);
      if (scanned) {
        scannedCount++;
        expect(shapeOf(scanned), JSON.stringify(text)).toStrictEqual(shapeOf(fast ?? composeYamlText(text)));
      }
      if (!fast) continue;
      answered++;
      const full = composeYamlText(text, DEFAULT_PARSE_LIMITS);
      expect(full.problems, JSON.stringify(text)).toEqual([]);
      expect(shapeOf(fast), JSON.stringify(text)).toStrictEqual(shapeOf(full));
    }
    // The edits must leave enough valid documents for this to test anything.
    expect(answered).toBeGreaterThan(200);
    expect(scannedCount).toBeGreaterThan(20);
  });
});

describe('fast path: details', () => {
  it('nodes carry type and quoted, and the tree shape tells them apart', () => {
    const [doc] = parseYamlFast('a: "1"\nb: 1\nc: [x]\n', DEFAULT_PARSE_LIMITS)!.documents;
    const root = doc!.root!;
    expect(root.type).toBe('map');
    expect([get(root, 'a'), get(root, 'b')].map((n) => [n?.type, n?.type === 'scalar' && n.quoted])).toEqual([
      ['scalar', true],
      ['scalar', false],
    ]);
    expect(get(root, 'c')?.type).toBe('seq');
    const trees = new TreeBuilder();
    expect(shape(trees.scalar('x', true, 0, 1))).not.toStrictEqual(shape(trees.scalar('x', false, 0, 1)));
  });

  it('aliases share the anchored node, as the full path does', () => {
    const [doc] = parseYamlFast('a: &x {b: 1}\nc: *x\n', DEFAULT_PARSE_LIMITS)!.documents;
    expect(sameNode(get(doc!.root, 'c'), get(doc!.root, 'a'))).toBe(true);
    expect(sameNode(get(doc!.root, 'c'), doc!.root)).toBe(false);
  });

  it('merge keys: earlier sources win, own keys win over all', () => {
    const text = 'x: &x {a: 1, b: 1}\ny: &y {b: 2, c: 2}\nz:\n  <<: [*x, *y]\n  c: 3\n';
    const [doc] = parseYamlFast(text, DEFAULT_PARSE_LIMITS)!.documents;
    const z = get(doc!.root, 'z');
    expect(['a', 'b', 'c'].map((k) => (getIn(z, [k]) as { value: unknown }).value)).toEqual([1, 1, 3]);
  });

  it('puts process.env back, also when it steps aside', () => {
    const env = process.env;
    parseYamlFast('a: 1\n', DEFAULT_PARSE_LIMITS);
    parseYamlFast('a: {\n', DEFAULT_PARSE_LIMITS);
    expect(process.env).toBe(env);
  });

  it('the loader uses it: CRLF and byte-order mark files load the same trees', () => {
    const text = 'kind: Pod\nspec:\n  hostPID: yes\n';
    const lf = loadText('a.yaml', text);
    expect(
      shape(loadText('a.yaml', `\uFEFF${text.replace(/\n/g, '\r\n')}`).documents[0]!.root),
    ).toStrictEqual(
      shape(parseYamlFast(text.replace(/\n/g, '\r\n'), DEFAULT_PARSE_LIMITS)!.documents[0]!.root),
    );
    const hostPID = getIn(lf.documents[0]!.root, ['spec', 'hostPID']);
    expect(hostPID?.type === 'scalar' && [hostPID.value, hostPID.quoted]).toEqual([true, false]);
  });
});
