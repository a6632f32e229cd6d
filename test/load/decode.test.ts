// Inputs that must not hide a manifest from the linter while kubectl applies it: go-yaml's other
// line breaks, byte-order marks at the start of a later document, UTF-16, and bytes that cannot be
// decoded, are too large or cannot be read. Each expectation below was checked against kubectl 1.35
// (`kubectl label --local -f FILE probe=1 -o json`, offline); the tests do not need kubectl.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/engine/index.js';
import { lint, lintFiles } from '../../src/lint.js';
import { yamlParseView } from '../../src/load/breaks.js';
import {
  computeLineStarts,
  decodeManifestBytes,
  getIn,
  loadSource,
  loadText,
  positionAt,
  size,
  str,
} from '../../src/load/index.js';

const PRIVILEGED_POD = (sep: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27 # ok${sep}    securityContext: {privileged: true}\n`;

function privilegedFindings(path: string, text: string) {
  return lintFiles([loadText(path, text)], defaultConfig(process.cwd())).findings.filter(
    (f) => f.ruleId === 'privileged-container',
  );
}

function bytesLoaded(bytes: Uint8Array, maxFileBytes = 1 << 20) {
  return loadSource('m.yaml', bytes, { maxFileBytes });
}

describe("go-yaml's line breaks end a line, also inside comments", () => {
  // kubectl turns `# note<LS>  namespace: evil` into a second key; the `yaml` package (YAML 1.2) sees one comment.
  for (const [name, sep] of [
    ['LINE SEPARATOR U+2028', '\u2028'],
    ['PARAGRAPH SEPARATOR U+2029', '\u2029'],
    ['NEXT LINE U+0085', '\u0085'],
    ['a lone CR', '\r'],
  ] as const) {
    it(`${name}: the key after it is read, and the privileged pod is reported on its own line`, () => {
      const text = PRIVILEGED_POD(sep);
      const file = loadText('m.yaml', text);
      expect(file.problems).toEqual([]);
      const sc = getIn(file.documents[0]!.root, ['spec', 'containers', 0, 'securityContext', 'privileged']);
      expect(sc?.type === 'scalar' && sc.value).toBe(true);
      const offset = text.indexOf('securityContext');
      expect(sc!.start).toBe(text.indexOf('true'));
      // The hidden line is line 9, column 5, as go-yaml counts it.
      expect(positionAt(file.lineStarts, offset)).toEqual({ line: 9, column: 5 });
      const findings = privilegedFindings('m.yaml', text);
      expect(findings).toHaveLength(1);
      expect(findings[0]!.location.startLine).toBe(9);
    });
  }

  it('a namespace hidden after a comment in metadata is the object namespace', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a # note\u2028  namespace: evil\n';
    const file = loadText('m.yaml', text);
    expect(str(getIn(file.documents[0]!.root, ['metadata', 'namespace']))).toBe('evil');
  });

  it('CRLF is still one line break, and a document separator after a lone CR is one too', () => {
    expect(Array.from(computeLineStarts('a\r\nb\rc\u2028d\u0085e\u2029f\ng'))).toEqual([
      0, 3, 5, 7, 9, 11, 13,
    ]);
    const file = loadText('m.yaml', 'a: 1\r---\rb: 2\r');
    expect(file.documents.map((d) => getIn(d.root, ['b']) !== undefined)).toEqual([false, true]);
  });

  it('quoted scalars fold a NEL or lone CR as go-yaml does; they never read as one line', () => {
    const file = loadText('m.yaml', 'a: "p\u0085 q"\nb: \'p\r q\'\nc: "p\u2028 q"\n');
    expect(file.problems).toEqual([]);
    const root = file.documents[0]!.root;
    expect([str(getIn(root, ['a'])), str(getIn(root, ['b']))]).toEqual(['p q', 'p q']);
    // go-yaml keeps U+2028 itself in the value, and drops the indentation after it.
    expect(str(getIn(root, ['c']))).toBe('p\u2028q');
    // A continuation at column 0, which go-yaml accepts too (lexer.ts), folds the same way.
    const col0 = loadText('m.yaml', 'kind: Pod\nx: "p\u0085q"\n');
    expect(col0.problems).toEqual([]);
    expect(str(getIn(col0.documents[0]!.root, ['x']))).toBe('p q');
  });

  it('an ignore directive ended by U+2028 covers the line after it, not its own', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n    # kubeharden-ignore privileged-container -- lab\u2028    securityContext: {privileged: true}\n';
    const file = loadText('m.yaml', text);
    expect(file.ignores.map((i) => [i.line, i.targetLine, i.ruleIds, i.reason])).toEqual([
      [9, 10, ['privileged-container'], 'lab'],
    ]);
  });
});

describe('the parse view', () => {
  it('keeps every offset (same length), and leaves only LF and CR LF breaks', () => {
    const parts = [
      'a',
      ' ',
      ':',
      '#',
      '---',
      '\n',
      '\r',
      '\r\n',
      '\u2028',
      '\u2029',
      '\u0085',
      '\uFEFF',
      '"',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...parts), { maxLength: 30 }), (chunks) => {
        const text = chunks.join('');
        const view = yamlParseView(text);
        expect(view.length).toBe(text.length);
        expect(/\r(?!\n)|[\u0085\u2028\u2029]/.test(view)).toBe(false);
        // Only break characters, and marks at a document start, change.
        for (let i = 0; i < text.length; i++) {
          if (view[i] !== text[i]) expect('\r\n\u0085\u2028\u2029\uFEFF'.includes(text[i]!)).toBe(true);
        }
      }),
      { numRuns: 2000, seed: 5 },
    );
  });
});

describe('LINE and PARAGRAPH SEPARATOR stay in flow values, as in go-yaml (checked with kubectl)', () => {
  const cases: [string, string][] = [
    ['x: "p\u2028 q"\n', 'p\u2028q'],
    ['x: "p\u2028\n   q"\n', 'p\u2028\nq'],
    ['x: "p\u2029  \u2029 q"\n', 'p\u2029\u2029q'],
    ['x: p\u2028   q\n', 'p\u2028q'],
    ["x: 'it''s\u2028 ok'\n", "it's\u2028ok"],
    ['x: "a\\\u2028  b \\L c"\n', 'ab \u2028 c'],
    ['x: "tail \u2028 "\n', 'tail\u2028'],
    // A literal block scalar keeps each break as written (kubectl: "l1\u2028l2\n\nl3\u2029").
    ['x: |\n  l1\u2028  l2\n\n  l3\u2029\n', 'l1\u2028l2\n\nl3\u2029'],
  ];
  it('a continuation at column 0 keeps the separator, as go-yaml reads it', () => {
    const file = loadText('m.yaml', 'kind: Pod\nx: "p\u2028q"\n');
    expect(file.problems).toEqual([]);
    expect(str(getIn(file.documents[0]!.root, ['x']))).toBe('p\u2028q');
  });
  for (const [text, value] of cases) {
    it(JSON.stringify(text), () => {
      const file = loadText('m.yaml', `kind: Pod\n${text}`);
      expect(file.problems).toEqual([]);
      expect(str(getIn(file.documents[0]!.root, ['x']))).toBe(value);
    });
  }
});

describe('byte-order marks', () => {
  it('a mark at the start of a later document is not part of its first key', () => {
    const text =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n\uFEFFapiVersion: v1\nkind: Pod\nmetadata:\n  name: b\nspec:\n  hostPID: true\n';
    const file = loadText('m.yaml', text);
    expect(file.problems).toEqual([]);
    const second = file.documents[1]!;
    expect(str(getIn(second.root, ['apiVersion']))).toBe('v1');
    expect(second.root!.start).toBe(text.indexOf('\uFEFFapiVersion') + 1);
    expect(file.documents.map((d) => str(getIn(d.root, ['kind'])))).toEqual(['ConfigMap', 'Pod']);
    // The same with CRLF line ends and a comment on the separator line.
    const crlf = text.replace('---\n', '--- # next\r\n');
    expect(str(getIn(loadText('m.yaml', crlf).documents[1]!.root, ['apiVersion']))).toBe('v1');
  });

  it('a mark anywhere else is text, as go-yaml reads it', () => {
    // kubectl: key "\uFEFFdata" (checked), so the object has no `data` field.
    const file = loadText('m.yaml', 'a: 1\n\uFEFFdata: 2\n---\n# c\n\uFEFFkind: Pod\n');
    expect(size(file.documents[0]!.root)).toBe(2);
    expect(getIn(file.documents[0]!.root, ['data'])).toBeUndefined();
    expect(getIn(file.documents[0]!.root, ['\uFEFFdata'])).toBeDefined();
    expect(getIn(file.documents[1]!.root, ['\uFEFFkind'])).toBeDefined();
  });

  it('a second mark at the start of the file never yields a different tree silently', () => {
    // kubectl drops both; here the second one is a space: a one-key document reads the same, a
    // longer one is a syntax error (loud, high), never an object without its apiVersion.
    expect(str(getIn(loadText('m.yaml', '\uFEFF\uFEFFkind: Pod\n').documents[0]!.root, ['kind']))).toBe(
      'Pod',
    );
    const two = loadText('m.yaml', '\uFEFF\uFEFFapiVersion: v1\nkind: Pod\n');
    expect(two.problems.map((p) => p.code)).toContain('yaml-syntax-error');
  });
});

describe('encodings, decoded as kubectl decodes them', () => {
  const manifest =
    'apiVersion: v1\nkind: Pod # é\nmetadata:\n  name: "h€llo-😀"\nspec:\n  hostNetwork: true\n';
  const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(manifest, 'utf16le')]);
  const utf16be = Buffer.from(utf16le).swap16();
  const codePoints = [...manifest].map((c) => c.codePointAt(0)!);
  const utf32 = (le: boolean) => {
    const b = Buffer.alloc(4 + 4 * codePoints.length);
    for (const [i, c] of [0xfeff, ...codePoints].entries()) {
      if (le) b.writeUInt32LE(c, 4 * i);
      else b.writeUInt32BE(c, 4 * i);
    }
    return b;
  };

  for (const [name, bytes] of [
    ['UTF-8 with a mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(manifest)])],
    ['UTF-16 LE with a mark', utf16le],
    ['UTF-16 BE with a mark', utf16be],
  ] as const) {
    it(`${name}: the same text and trees as the UTF-8 file`, () => {
      const file = bytesLoaded(bytes);
      expect(file.problems).toEqual([]);
      expect(file.text).toBe(manifest);
      expect(file.encoding).toBe(
        name.startsWith('UTF-16') ? `utf-16${name.slice(7, 9).toLowerCase()}` : undefined,
      );
      expect(str(getIn(file.documents[0]!.root, ['metadata', 'name']))).toBe('h€llo-😀');
      expect(getIn(file.documents[0]!.root, ['spec', 'hostNetwork'])).toMatchObject({ value: true });
    });
  }

  for (const le of [true, false]) {
    it(`UTF-32 ${le ? 'LE' : 'BE'} is refused loudly (kubectl refuses it too)`, () => {
      const file = bytesLoaded(utf32(le));
      expect(file.documents).toEqual([]);
      expect(file.problems.map((p) => [p.code, /UTF-32/.test(p.message)])).toEqual([['file-not-text', true]]);
    });
  }

  it('invalid UTF-8 becomes U+FFFD and the file is still checked (kubectl applies it)', () => {
    const bytes = Buffer.concat([
      Buffer.from('apiVersion: v1\nkind: Pod # caf'),
      Buffer.from([0xe9]),
      Buffer.from('\nmetadata:\n  name: "a'),
      Buffer.from([0xe2, 0x82]),
      Buffer.from('b"\nspec:\n  hostPID: true\n'),
    ]);
    const file = bytesLoaded(bytes);
    expect(file.problems).toEqual([]);
    // kubectl 1.35 gives "a\uFFFDb": one replacement for the truncated sequence.
    expect(str(getIn(file.documents[0]!.root, ['metadata', 'name']))).toBe('a\uFFFDb');
    // Its text is not its bytes: --fix must know.
    expect(file.encoding).toBe('utf-8-replaced');
    expect(getIn(file.documents[0]!.root, ['spec', 'hostPID'])).toMatchObject({ value: true });
  });

  it('the fast UTF-8 paths decode every byte string as a WHATWG decoder does, with the same verdict', () => {
    const whatwg = new TextDecoder('utf-8', { ignoreBOM: true });
    const strict = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });
    const valid = (b: Uint8Array) => {
      try {
        strict.decode(b);
        return true;
      } catch {
        return false;
      }
    };
    // Mostly ASCII, some multi-byte characters, and stray or truncated sequences; a plain
    // Uint8Array (stdin) as well as a Buffer (a file).
    const byte = fc.oneof(
      fc.integer({ min: 1, max: 0x7f }),
      fc.constantFrom(
        0xc3,
        0xa9,
        0xe2,
        0x82,
        0xac,
        0xf0,
        0x9f,
        0x98,
        0x80,
        0xed,
        0xa0,
        0xc0,
        0xff,
        0xef,
        0xbb,
        0xbf,
      ),
    );
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 40 }), fc.boolean(), (list, asBuffer) => {
        if (list[0] === 0xff && list[1] === 0xfe) return;
        const bytes = asBuffer ? Buffer.from(list) : Uint8Array.from(list);
        const decoded = decodeManifestBytes(bytes);
        expect(decoded).toEqual(
          valid(bytes)
            ? { text: whatwg.decode(bytes) }
            : { text: whatwg.decode(bytes), encoding: 'utf-8-replaced' },
        );
      }),
      { numRuns: 2000 },
    );
    // A NUL byte anywhere in UTF-8 is refused, as the decoded NUL character was.
    expect(decodeManifestBytes(Uint8Array.from([0x61, 0, 0x62]))).toHaveProperty('problem');
  });

  it('NUL characters (binary, UTF-16 without a mark) are refused loudly', () => {
    expect(bytesLoaded(Buffer.from(manifest, 'utf16le')).problems.map((p) => p.code)).toEqual([
      'file-not-text',
    ]);
  });
});

describe('fails closed: every input that was not checked fails the default gate', () => {
  const config = defaultConfig(process.cwd());
  const severityOf = (file: ReturnType<typeof loadSource>) =>
    lintFiles([file], config).findings.map((f) => [f.ruleId, f.severity]);

  it('undecodable, too large and unreadable files are high findings', async () => {
    expect(severityOf(bytesLoaded(Buffer.from([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0])))).toEqual([
      ['file-not-text', 'high'],
    ]);
    expect(severityOf(bytesLoaded(Buffer.from('kind: Pod\n'), 4))).toEqual([['file-too-large', 'high']]);
    expect(severityOf(loadSource('m.yaml', null, { maxFileBytes: 100 }, 'EIO'))).toEqual([
      ['file-unreadable', 'high'],
    ]);
  });

  it('standard input: an unreadable stdin is a high finding; UTF-16 bytes are decoded', async () => {
    const unreadable = await lint({ paths: ['-'], cwd: process.cwd(), config, stdin: { error: 'EIO' } });
    expect(unreadable.findings.map((f) => [f.ruleId, f.severity, f.location.file])).toEqual([
      ['file-unreadable', 'high', '<stdin>'],
    ]);
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostPID: true\n  containers:\n  - name: c\n    image: nginx:1.27\n';
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(pod, 'utf16le')]);
    const decoded = await lint({ paths: ['-'], cwd: process.cwd(), config, stdin: utf16 });
    expect(decoded.findings.map((f) => f.ruleId)).toContain('host-pid');
    const tooLarge = await lint({
      paths: ['-'],
      cwd: process.cwd(),
      config: { ...config, maxFileBytes: 8 },
      stdin: Buffer.from(pod),
    });
    expect(tooLarge.findings.map((f) => [f.ruleId, f.severity])).toEqual([['file-too-large', 'high']]);
  });
});

describe('hostile comments stay linear', () => {
  it('ignore directives: 20,000 lines of the token without #, a 1 MB line, and 20,000 directives in a row', () => {
    const noHash = `a: 1\n${'k: kubeharden-ignore\n'.repeat(20_000)}`;
    expect(loadText('m.yaml', noHash).ignores).toEqual([]);
    // Longer than any directive: not one (and never matched in full).
    const longLine = `# kubeharden-ignore ${'a '.repeat(500_000)}!\nkind: Pod\n`;
    expect(loadText('m.yaml', longLine).ignores).toEqual([]);
    const many = `${'# kubeharden-ignore host-pid -- lab\n'.repeat(20_000)}kind: Pod\n`;
    const ignores = loadText('m.yaml', many).ignores;
    expect(ignores).toHaveLength(20_000);
    expect(ignores.every((i) => i.targetLine === 20_001 && i.ruleIds[0] === 'host-pid')).toBe(true);
    // Two on one line: the directive is the comment.
    const both = loadText('m.yaml', 'a: kubeharden-ignore # kubeharden-ignore host-pid\n').ignores;
    expect(both.map((i) => [i.line, i.ruleIds, i.scope])).toEqual([[1, ['host-pid'], 'line']]);
  });
});
