// Differential tests of the loader's scanner (scan.ts): wherever it answers, its documents, trees
// (types, values, quoted flags, start/end offsets) and problems must equal what the older paths give
// (cst.ts, then the composer); wherever it cannot vouch for that, it must step aside. And it must
// answer for ordinary manifests, or the fast path would silently never run.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../scripts/bench-corpus.mjs';
import type { ParseResult } from '../../src/load/compose.js';
import { composeYamlText, DEFAULT_PARSE_LIMITS, parseYamlText } from '../../src/load/compose.js';
import { parseYamlFast } from '../../src/load/cst.js';
import { scanYamlText } from '../../src/load/scan.js';
import { genManifest, renderManifest } from './scan-gen.js';
import { shapeOf } from './shape.js';

const root = join(import.meta.dirname, '../..');

/** What the loader gave before the scanner: the CST path, else the composer. */
function olderPaths(text: string): ParseResult {
  return parseYamlFast(text, DEFAULT_PARSE_LIMITS) ?? composeYamlText(text, DEFAULT_PARSE_LIMITS);
}

/** The scanner answers, and exactly as the older paths do. */
function expectScanned(text: string, label: string): void {
  const scanned = scanYamlText(text, DEFAULT_PARSE_LIMITS);
  expect(scanned, `${label}: the scanner stepped aside`).not.toBeNull();
  expect(shapeOf(scanned), label).toStrictEqual(shapeOf(olderPaths(text)));
}

/** The scanner answers as the older paths do, or steps aside; returns whether it answered. */
function expectSameOrAside(text: string, label: string): boolean {
  const scanned = scanYamlText(text, DEFAULT_PARSE_LIMITS);
  if (scanned === null) return false;
  expect(shapeOf(scanned), label).toStrictEqual(shapeOf(olderPaths(text)));
  return true;
}

const TYPED_WORDS =
  'y Y yes Yes YES true True TRUE on On ON n N no No NO false False FALSE off Off OFF null Null NULL yES oN nULL tRUE none falsey yess offf only Nulls'.split(
    ' ',
  );

/** Manifests as people write them: the scanner must answer for each (also with CRLF line ends). */
const ANSWERED: Record<string, string> = {
  pod: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    app: web\nspec:\n  containers:\n  - name: c\n    image: nginx:1.25\n    ports:\n    - containerPort: 80\n      protocol: TCP\n',
  'indented sequences, indent 4':
    'spec:\n    containers:\n        -   name: c\n            args:\n                - --flag\n                - "--other=1"\n',
  'sequences not indented under keys': 'a:\n- 1\n- b: 2\n  c: 3\n- - nested\n  - seq\nd: x\n',
  'flow collections of scalars':
    'a: {b: 1, c: "x", d: \'y\'}\ne: [ ]\nf: [1, 2,]\ng: {h: i,}\nk: []\nl: {}\nm: {n: , o: p}\n',
  'block scalars with chomping':
    'a: |\n  line 1\n\n  line 2\nb: >\n  folded\n  text\n\n  para\nc: |-\n  kept\nd: >+\n  keep\n\n\ne: |+\n\nf: |\n\ng: last\n',
  'folded scalars with more-indented lines and tabs':
    'a: >\n  x\n    y\n  z\nb: >\n  x\n\n    y\n\n\n  z\n   \nc: >-\n  x\n  \ty\n  z\nd: >+\n  a\n   b\n\n\ne: >\n\n  x\n   y\n  z\n\n',
  'block scalar indentation indicator': 'a:\n  b: |2\n      two extra\n     one extra\n  c: x\n',
  'block scalar at the end without a line break': 'a: |\n  x\n  y',
  'literal lines that look like YAML':
    'script: |\n  #!/bin/sh\n  key: value\n  - item\n    indented\n  "quoted"\n  \tx\nnext: 1\n',
  'plain multi-line scalars':
    'description: this is\n  folded over\n  - three lines with a dash\n\n  and a "blank" line\nb: x\n',
  'quoted multi-line scalars':
    "a: \"one\n  two\\\n  three\n\n  four \\\n  five\"\nb: 'single\n\n  quoted '' here'\n",
  'double-quoted escapes':
    'a: "tab\\tnl\\nq\\"bs\\\\ \\u00e9\\x41\\U0001F600 \\/\\0\\a\\b\\e\\f\\r\\v\\N\\_\\L\\P\\ "\n',
  'comments everywhere':
    '# head\na: 1 # one\n# between\nb:\n  # inside\n  c: 2\n    # deeper after a scalar\n  # trailing in b\n# trailing at top\nd:\n- x # item\n  # deeper\n# after seq\ne: [1] # flow\n   # deeper\n',
  'trailing comments of nested collections':
    'a:\n  b:\n    c: 1\n    # at c\n  # at b\n# at top\nd:\n  - x\n  # at the sequence\ne:\n  f: # empty\n# after an empty value\ng:\n  - # empty item\n  # after it\n',
  'empty values': 'a:\nb: # comment\nc:\n  d:\ne:\n-\n- # c\n- x\nf: ""\ng: \'\'\nh:   \n',
  'YAML 1.1 scalars':
    'n: ~\nn2: null\nb1: yes\nb2: No\nb3: on\nb4: OFF\nb5: y\nb6: n\ni1: 012\ni2: 0o17\ni3: 0x1F\ni4: 0b101\ni5: 1_000\ni6: 1:30\ni7: -0\nf1: 1.5\nf2: -2.5e3\nf3: .inf\nf4: -.Inf\nf5: .nan\nf6: 1:30.5\nt1: 2001-12-14\nt2: 2001-12-14t21:59:43.10-05:00\ns1: e1\ns2: 08\ns3: 1e\ns4: "yes"\ns5: \'12\'\n',
  'words the YAML 1.1 schema types, and near misses, as values and keys': `${TYPED_WORDS.map((w, i) => `k${i}: ${w}\n`).join('')}keys:\n${TYPED_WORDS.map((w) => `- ${w}: x\n`).join('')}`,
  'keys that are numbers, booleans and nulls':
    '1: one\ntrue: yes\n0x10: hex\nnull: x\n1.5: f\n"1": quoted one\n',
  'multi-document stream':
    '# lead\n---\na: 1\n---\n# Source: chart/templates/x.yaml\nkind: X\n---\n---\n- b\n...\n# after end\n---\nc: 3\n...\n',
  'document ends with an empty value': 'apiVersion: v1\nkind: List\nitems:\n---\na:\n---\n',
  'empty documents': '---\n# nothing here\n---\n--- # c\n---',
  'comment-only file': '# just a comment\n# another\n',
  'empty file': '',
  'unicode and long lines': `a: "héllo wörld ✓"\nb: ${'x'.repeat(5000)}\nc: 日本語\n😀: emoji key\n`,
  'no trailing newline': 'a: 1\nb: [x]',
  'trailing spaces': 'a: 1   \nb:   \n  c: 2  \n',
  'keys with odd characters': 'a b: 1\nx.y/z: 2\n"": empty\n\'q\': 3\napp.kubernetes.io/name: x\n',
  'values that look like indicators':
    'a: -1\nb: "- x"\nc: a - b\nd: x#y\ne: "#"\nf: [a#b]\ng: a:b\nh: ?x\ni: -x\n',
  'indented root map': '  a: 1\n  b:\n    c: 2\n',
  'go-yaml line breaks: U+2028, U+2029, NEL and lone CR':
    'a: 1 # x\u2028b: 2 # y\u2029c:\u0085  d: [1, 2]\re: "p\u0085 q" # z\rf: |\u2028  lit\u2029  eral\ng: "s\u2028t"\nh: plain\u2028  more\n',
  'byte-order mark after a document separator': 'a: 1\n---\n\uFEFFb: 2\n',
  'quoted continuations at or left of the key column': 'data:\n  k: \'a\n  b\'\n  j: "x\ny"\n  n: x\n',
  'indentation indicators: content at the parent column plus the indicator':
    'a: |2\n    two extra\n   one extra\nb: >1\n  x\n y\n\n  z\nc:\n- |1\n  x\n - |2-\n    y\n   z\n- k: |2+\n    kept\n\n\nd: x\n',
  'indentation indicator after leading blank lines (istio style)':
    'spec:\n  mode:\n    description: |2-\n\n\n      Valid Options: REGISTRY_ONLY, ALLOW_ANY\n    enum:\n    - REGISTRY_ONLY\n',
  'indentation indicator with leading lines of only spaces, wider than it':
    'a: |2\n      \n\n  x\nb: >2\n\n     \n  x\n  y\nc: |2-\n   \n  x\n     \n\nd: >2+\n  x\n     \n\n',
  'empty block scalars with an indentation indicator':
    'a: |2\n\nb: |2+\n     \n\nc: >1-\n   \nd:\n- |1+\n\n   \n- x\ne: |3\n',
  'indentation indicator and chomping: strip, clip, keep, more-indented lines':
    'a: >2-\n    more\n  x\n  y\n\n    more\n  z\n\n\nb: |1+\n  x\n\n \nc: >-2\n  a\n\n   b\n  c\nd: 1\n',
  'flow sequences over lines (args, comments, trailing comma)':
    'spec:\n  containers:\n  - name: c\n    args: [\n      # why these flags\n      "-entrypoint", "ko://x/entrypoint",\n      "-nop", plain, # after\n      \'single\',\n    ]\n    command: [sh,\n      -c] # c\n      # deeper\n    image: x\n',
  'flow maps over lines, nested, and empty collections over lines':
    'a: {\n  b: 1,\n  c: "x",\n  d: [1,\n    2], e: {f: g},\n}\nh: [\n]\ni: {\n\n}\nj:\n  [x,\n  y]\n',
  'flow collections nested on one line':
    'sel:\n- {key: istio, operator: In, values: [pilot]}\n- [[a, b], {c: d}, [], {}]\nx: {a: {b: {c: [1]}}}\n',
  'quoted scalars folded over lines inside flow collections':
    'a: ["one\n  two", \'three\n\n  four\', "five\\\n   six", x]\nb:\n  c: {k: "v\n    w"}\n',
  'plain scalars folded over lines inside flow collections':
    'a: [one two\n  three\n\n  four, x\n  # ends it\n  ]\nb:\n  c: {k: v\n    - w, j: yes\n    no}\n',
  'comments between flow entries, before commas and on their own lines':
    'a: [x # c\n  , y\n  # own line\n  ,\n  z]\nb: [ # first\n  1]\n',
  'many keys (a set finds duplicates)': Array.from({ length: 200 }, (_, i) => `k${i}: ${i}\n`).join(''),
};

/** Inputs the scanner must leave to the other paths (they are errors, or outside its subset). */
const ASIDE: Record<string, string> = {
  'syntax error': 'a: {b: 1\n',
  'bad indentation': 'a:\n  b: 1\n c: 2\n',
  'more indented after a value': 'a: 1\n  b: 2\n',
  'duplicate key': 'a: 1\nb: 2\na: 3\n',
  'duplicate key among many': `${Array.from({ length: 40 }, (_, i) => `k${i}: ${i}\n`).join('')}k7: again\n`,
  'duplicate key in a flow map': 'a: {x: 1, x: 2}\n',
  'equal YAML 1.1 keys': '1: a\n01: b\n',
  tags: 'a: !!str 1\n',
  anchors: 'a: &x 1\nb: *x\n',
  'merge key': 'a: {b: 1}\nc:\n  <<: {d: 2}\n',
  directives: '%YAML 1.1\n---\na: 1\n',
  'explicit key': '? a\n: 1\n',
  'complex key': '[a, b]: 1\n',
  'flow collection as a key inside a flow collection': 'a: [b, [c]: d]\n',
  'pair of a flow sequence after a plain scalar over lines': 'a: [b\n  c: d]\n',
  'plain scalar over lines inside a flow collection, continued at the parent column': 'x:\n  a: [b\n  c]\n',
  'flow entry at the parent column': 'a: [b,\nc]\n',
  'quoted continuation at the parent column inside a flow collection': 'x:\n  a: ["b\n  c"]\n',
  'closing bracket of an inner flow collection at the parent column': 'a: [[b\n]]\n',
  'flow value on the line after its key': 'a: {b:\n  c}\n',
  'comment without a space inside a flow collection': 'a: [#c\n  b]\n',
  'document marker inside a flow collection': 'a: [b,\n---\n]\n',
  'unterminated flow collection over lines': 'a: [b,\n  c\n',
  'indentation indicator with no line indented that far': 'a: |2\n x\n',
  'indentation indicator of zero': 'a: |0\n  x\n',
  'two indentation indicators': 'a: |22\n  x\n',
  'pair inside a flow sequence': 'a: [b: 1]\n',
  'tab as indentation': 'a:\n\tb: 1\n',
  'tab before a comment': 'a: 1\t# c\n',
  'multi-line implicit key': 'a\n b: 1\n',
  'sequence on a key line': 'a: - b\n',
  'two keys on a line': 'a: b: c\n',
  'content on a document start line': '--- a: 1\n',
  'document end without a document': '...\n',
  'a document that is a scalar': 'just text\n',
  'a document that is a flow collection': '[1, 2]\n',
  'a control character': 'a: "\x01"\n',
  'a byte-order mark inside the text': 'a: 1\n\uFEFFb: 2\n',
  'too deep': Array.from({ length: 250 }, (_, i) => `${' '.repeat(i)}k:\n`).join(''),
  'unterminated quote': 'a: "x\n',
  'invalid escape': 'a: "\\q"\n',
  'folded scalar less indented than its first line': 'a: >\n    y\n  x\n',
};

describe('scanner: answers for manifests, exactly as the older paths', () => {
  for (const [name, text] of Object.entries(ANSWERED)) {
    it(name, () => {
      expectScanned(text, name);
      if (text.includes('\n')) expectScanned(text.replace(/\n/g, '\r\n'), `${name} (CRLF)`);
    });
  }

  it('the full composer agrees too, for the styles the scanner learnt last (indicators, flow over lines)', () => {
    const names = Object.keys(ANSWERED).filter((name) => /indicator|flow/.test(name));
    expect(names.length).toBeGreaterThan(8);
    for (const name of names) {
      const text = ANSWERED[name]!;
      expect(shapeOf(scanYamlText(text, DEFAULT_PARSE_LIMITS)), name).toStrictEqual(
        shapeOf(composeYamlText(text, DEFAULT_PARSE_LIMITS)),
      );
    }
  });

  it('is the loader’s first path', () => {
    const text = ANSWERED.pod!;
    expect(shapeOf(parseYamlText(text))).toStrictEqual(shapeOf(scanYamlText(text, DEFAULT_PARSE_LIMITS)));
  });
});

describe('scanner: steps aside', () => {
  for (const [name, text] of Object.entries(ASIDE)) {
    it(name, () => {
      expect(scanYamlText(text, DEFAULT_PARSE_LIMITS)).toBeNull();
      // And the loader's answer is the older paths' answer, problems and positions included.
      expect(shapeOf(parseYamlText(text))).toStrictEqual(shapeOf(olderPaths(text)));
    });
  }

  it('respects the parse limits as the other paths do', () => {
    const text = 'a:\n  b:\n    c:\n      d: 1\n';
    expect(scanYamlText(text, { maxDepth: 200, maxExpandedNodes: 1_000_000 })).not.toBeNull();
    expect(scanYamlText(text, { maxDepth: 3, maxExpandedNodes: 1_000_000 })).toBeNull();
    expect(scanYamlText(text, { maxDepth: 200, maxExpandedNodes: 5 })).toBeNull();
  });

  // Linear time: each of these must finish, answered or stepped aside (no timing is asserted); the
  // same shapes at a smaller size must give the older paths' answer when the scanner answers.
  const pathological = (big: number): string[] => [
    '['.repeat(big),
    `a: ${'['.repeat(big)}`,
    `a: "${'\\"'.repeat(big / 2)}`,
    `a: '${"''".repeat(big / 2)}`,
    `a: ${' '.repeat(big)}b`,
    `${' '.repeat(big)}a: 1`,
    `a: b${' '.repeat(big)}#`,
    `a:${'\n'.repeat(big)}b: 1`,
    `a: |\n${'\n'.repeat(big)}`,
    `a: |\n${' \n'.repeat(big / 2)}`,
    `a: >\n${'  x\n\n'.repeat(big / 8)}`,
    `a: x\n${'  y\n\n'.repeat(big / 8)}`,
    `a: "x\n${'  y\n\n'.repeat(big / 8)}"`,
    `${'# c\n'.repeat(big / 4)}a: 1`,
    `a:\n${'    # c\n'.repeat(big / 8)}b: 1`,
    `a: {${Array.from({ length: big / 20 }, (_, i) => `k${i}: ${i}`).join(', ')}}`,
    `a: [${'x, '.repeat(big / 4)}]`,
    Array.from({ length: big / 20 }, (_, i) => `k${i}: ${i}`).join('\n'),
    `${'- '.repeat(150)}x\n`,
    '"'.repeat(big),
    `a: ${'"'.repeat(big)}`,
    `a: ${"'".repeat(big)}`,
    '---\n'.repeat(big / 4),
    `- ${'a: '.repeat(big / 3)}`,
    `a: [\n${'  x,\n'.repeat(big / 5)}]`,
    `a: [${'\n'.repeat(big)}]`,
    `a: [\n${'  # c\n'.repeat(big / 6)}]`,
    `a: ${'[\n '.repeat(big / 3)}`,
    `a: ${'{b: '.repeat(big / 4)}`,
    `a: ["${'x\n  '.repeat(big / 4)}"]`,
    `a: |2\n${'\n'.repeat(big)}  x`,
    `a: |2\n${'      \n'.repeat(big / 7)}  x`,
    `a: >1-\n${' x\n  y\n'.repeat(big / 7)}`,
  ];
  it('pathological inputs end', () => {
    expect(scanYamlText('['.repeat(1 << 20), DEFAULT_PARSE_LIMITS)).toBeNull();
    for (const text of pathological(1 << 18)) scanYamlText(text, DEFAULT_PARSE_LIMITS);
    for (const text of pathological(1 << 12)) expectSameOrAside(text, JSON.stringify(text.slice(0, 40)));
    // The ones that are ordinary YAML are read.
    expect(scanYamlText(`${'# c\n'.repeat(1 << 18)}a: 1`, DEFAULT_PARSE_LIMITS)).not.toBeNull();
    expect(scanYamlText(`a: [${'x, '.repeat(1 << 18)}]`, DEFAULT_PARSE_LIMITS)).not.toBeNull();
    expect(scanYamlText(`a: [\n${'  x,\n'.repeat(1 << 16)}]`, DEFAULT_PARSE_LIMITS)).not.toBeNull();
    expect(scanYamlText(`a: |2\n${'      \n'.repeat(1 << 16)}  x`, DEFAULT_PARSE_LIMITS)).not.toBeNull();
  });
});

describe('scanner: generated manifests in varied styles', () => {
  it('give the older paths’ trees, or step aside', () => {
    let answered = 0;
    let runs = 0;
    fc.assert(
      fc.property(genManifest, (m) => {
        const text = renderManifest(m);
        runs++;
        if (expectSameOrAside(text, JSON.stringify(text))) answered++;
      }),
      { numRuns: 600, seed: 17 },
    );
    // Most generated manifests are in the scanner's subset: it must not silently step aside.
    expect(answered / runs).toBeGreaterThan(0.35);
  });

  it('random edits of manifests: whenever it answers, the older paths agree', () => {
    const seeds = Object.values(ANSWERED).filter((t) => t.length < 600);
    const chars = [
      ':',
      ' ',
      '\n',
      '#',
      '-',
      '"',
      "'",
      '|',
      '>',
      '[',
      ']',
      '{',
      '}',
      ',',
      '\t',
      '\r\n',
      '---',
      '...',
      'a',
      '\\',
      '\u2028',
    ];
    let answered = 0;
    fc.assert(
      fc.property(
        fc.nat(seeds.length - 1),
        fc.array(fc.tuple(fc.nat(), fc.nat(chars.length), fc.boolean()), { minLength: 1, maxLength: 4 }),
        (which, edits) => {
          let text = seeds[which]!;
          for (const [at, c, remove] of edits) {
            const i = at % (text.length + 1);
            text = remove
              ? text.slice(0, i) + text.slice(i + 1 + (c % 3))
              : text.slice(0, i) + (chars[c] ?? '') + text.slice(i);
          }
          if (expectSameOrAside(text, JSON.stringify(text))) answered++;
        },
      ),
      { numRuns: 800, seed: 5 },
    );
    expect(answered).toBeGreaterThan(200);
  });
});

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== '.git') yamlFiles(p, out);
    } else if (/\.(ya?ml|json)$/.test(e.name)) out.push(p);
  }
  return out;
}

describe('scanner: real files', () => {
  it('every file under examples/ and fixtures/', () => {
    const files = [...yamlFiles(join(root, 'examples')), ...yamlFiles(join(root, 'fixtures'))];
    expect(files.length).toBeGreaterThan(50);
    let answered = 0;
    for (const file of files) {
      if (expectSameOrAside(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), file)) answered++;
    }
    // Most of them are plain manifests (the rest: templates, anchors, broken on purpose).
    expect(answered / files.length).toBeGreaterThan(0.75);
  });

  const dir = mkdtempSync(join(tmpdir(), 'kubeharden-scan-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('the benchmark corpus: generated manifests and a CRD install bundle', () => {
    const corpus = generateCorpus(dir, { documents: 300, seed: 11, bundleMegabytes: 0.3 });
    expect(corpus.bundles).toBeGreaterThan(0);
    for (const file of corpus.paths) {
      const text = readFileSync(file, 'utf8');
      // JSON spreads its flow collections over lines: outside the subset.
      if (file.endsWith('.json')) expectSameOrAside(text, file);
      else expectScanned(text, file);
    }
  });

  // Real repositories, when a checkout is at hand (the benchmark fetches them; CI may not have them).
  const repos = process.env.KUBEHARDEN_REPOS ?? '/tmp/repos';
  it.skipIf(!existsSync(repos))(
    `files of real repositories under ${repos} (a sample of at most 2 MB)`,
    () => {
      const files = yamlFiles(repos).sort();
      // Every k-th file, so each repository is sampled, within a bounded run time.
      let budget = 2 << 20;
      const step = Math.max(1, Math.floor(files.length / 400));
      let answered = 0;
      let tried = 0;
      for (let i = 0; i < files.length && budget > 0; i += step) {
        const file = files[i]!;
        const size = statSync(file).size;
        if (size > 256 << 10) continue;
        budget -= size;
        tried++;
        if (expectSameOrAside(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), file)) answered++;
      }
      expect(answered / tried).toBeGreaterThan(0.6);
    },
  );
  // The benchmark's corpus of real files (npm run bench fetches it), when at hand: the files that use
  // an indentation indicator or a flow collection over lines must be read, exactly as before.
  const real = process.env.KUBEHARDEN_REAL ?? '/tmp/kh-real';
  it.skipIf(!existsSync(real))(`files of ${real} with indentation indicators or flow over lines`, () => {
    const indicator = /(?:^|[ :-])[|>][-+]?[1-9]/m;
    const flowOverLines = /[[{][ ]*(?:#.*)?\r?\n/;
    const texts = yamlFiles(real)
      .sort()
      .map((file) => ({ file, text: readFileSync(file, 'utf8').replace(/^\uFEFF/, '') }))
      // JSON has a scanner of its own (scan-json.ts).
      .filter(({ file, text }) => !file.endsWith('.json') && text.length < 1.5 * (1 << 20));
    // Those with an indicator first (few, one of them 1 MB), then flow over lines within a budget.
    const picked = [
      ...texts.filter(({ text }) => indicator.test(text)),
      ...texts.filter(({ text }) => !indicator.test(text) && flowOverLines.test(text)),
    ];
    let budget = 3 << 20;
    let tried = 0;
    let read = 0;
    for (const { file, text } of picked) {
      if (budget <= 0) break;
      budget -= text.length;
      tried++;
      if (expectSameOrAside(text, file)) read++;
    }
    expect(tried).toBeGreaterThan(0);
    expect(read / tried).toBeGreaterThan(0.9);
  });
  if (!existsSync(repos))
    it.skip(`real repositories: ${repos} is absent (set KUBEHARDEN_REPOS to a folder of checkouts)`, () => {});
});
