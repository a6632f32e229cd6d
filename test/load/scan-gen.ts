// A fast-check generator of manifests in the YAML styles people write (test/load/scan.test.ts): the
// structure (maps, sequences, scalars of every style) comes from fast-check; layout choices (indent
// width, indented or not sequences, comments, blank lines, document markers, line breaks) come from a
// seeded choice stream, so every case is reproducible from its seed.
import fc from 'fast-check';

export type GenNode =
  | { readonly t: 'map'; readonly entries: readonly (readonly [string, GenNode])[] }
  | { readonly t: 'seq'; readonly items: readonly GenNode[] }
  | { readonly t: 'scalar'; readonly text: string }
  | { readonly t: 'words'; readonly words: readonly string[]; readonly quote: '' | "'" | '"' }
  | { readonly t: 'block'; readonly header: string; readonly lines: readonly string[] }
  | { readonly t: 'flow'; readonly text: string };

const PLAIN = [
  'x',
  'nginx:1.25',
  'registry.example.com:5000/app@sha256:0123abcd',
  'yes',
  'No',
  'on',
  'OFF',
  'y',
  'n',
  '~',
  'null',
  'Null',
  'true',
  'False',
  '1',
  '-1',
  '+4',
  '0',
  '012',
  '0o17',
  '0x1F',
  '0b101',
  '1_000',
  '1:30',
  '190:20:30',
  '1.5',
  '-2.5e3',
  '1e3',
  'e1',
  '.5',
  '.inf',
  '-.Inf',
  '.nan',
  '.NaN',
  '2001-12-14',
  '2001-12-14t21:59:43.10-05:00',
  '2001-12-14 21:59:43.10 -5',
  '100m',
  '512Mi',
  'a b c',
  'http://x.example/y?z=1#frag',
  'a#b',
  'a:b',
  'key=value',
  'x,y',
  'a[0]',
  '{{not}}',
  '日本語',
  'émoji 😀',
  '-x',
  '?x',
  ':x',
  '<<',
  '=',
  '...x',
  '---x',
  "it's",
  'a "q" b',
  'trailing!',
  '%percent',
  'a\\b',
];
const SINGLE = ["'x'", "''", "'yes'", "'it''s'", "'a: b'", "'# not a comment'", "'1'", "' lead'", "'é'"];
const DOUBLE = [
  '"x"',
  '""',
  '"on"',
  '"12"',
  '"tab\\there"',
  '"line\\nbreak"',
  '"q\\"uote"',
  '"back\\\\slash"',
  '"\\u00e9\\x41\\U0001F600"',
  '"\\/\\0\\a\\b\\e\\f\\r\\v\\N\\_\\L\\P\\ "',
  '"a: b"',
  '"- x"',
  '"#c"',
  '"trail "',
];
const KEYS = [
  'apiVersion',
  'kind',
  'metadata',
  'name',
  'namespace',
  'labels',
  'spec',
  'containers',
  'image',
  'a b',
  'x.y/z',
  'app.kubernetes.io/name',
  '"quoted"',
  "'single'",
  '"with: colon"',
  '1',
  '2',
  'true',
  'null',
  '0x10',
  '1.5',
  '"1"',
  'k-1',
  'key_2',
  'ключ',
  '"a\\tb"',
];
const FLOW = [
  '[]',
  '{}',
  '[ ]',
  '[a, b]',
  '["a", \'b\', 1, yes]',
  '[a,b,]',
  '[ x , y ]',
  '{a: 1, b: "x"}',
  '{a: 1,}',
  '{a: , b: c}',
  '{"a": 1, \'b\': [1]}',
  '{a: "1", b: on}',
  '[1.5, .inf, ~, null]',
  '[a b, c]',
  '{x: y}',
  '[[a, b], {c: d}, []]',
  '{key: app, operator: In, values: [web, "db"]}',
  '[{a: 1}, {}]',
];
/**
 * Flow collections over lines: each `\n` starts a line indented past the parent collection, at
 * its column (only right for a closing bracket) or one past it, as the seed picks.
 */
const FLOW_LINES = [
  '[\n"a",\n"b"\n]',
  '[\n# why\n"-x", "y", # after\nz,\n]',
  '[a,\nb] # c',
  '[\n]',
  '{\n}',
  '{\na: 1,\nb: "x",\n}',
  '{a: 1,\n\nb: [c,\nd]}',
  '["one\ntwo", \'three\n\nfour\']',
  '["join\\\nme", x]',
  '[x\n# c\n, y]',
  '[x\n,y\n]',
  '[\n[a,\nb],\n{c: d}\n]',
  '{k: [\n1, 2\n], j: {\nx: y}}',
  '[a\nb]',
  '[one two\n\nthree, "q"\n- four\n]',
  '{k: v\nw, j: yes\nno}',
  '[a\nb: c]',
  '{a:\nb}',
  '[a: b,\nc]',
  '[x,\n---\n]',
];
const BLOCK_LINES = [
  'line',
  'two words',
  '# not a comment',
  'key: value',
  '- item',
  '  more indented',
  '',
  '"quoted"',
  'trailing  ',
  'tab\there',
  'ünïcode',
];
const HEADERS = [
  '|',
  '|-',
  '|+',
  '>',
  '>-',
  '>+',
  '|2',
  '|1-',
  '>2',
  '|+2',
  '| # c',
  '>- # c',
  '|2-',
  '>1+',
  '|-3',
  '>2 # c',
];
/** Lines before a block scalar's first content line: blank, or only spaces (wider or not). */
const LEADING = [[], [], [''], ['', ''], [' '], ['      '], ['', '     ', '']];

/** The structure of a manifest. */
export const genNode: fc.Arbitrary<GenNode> = fc.letrec<{ node: GenNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...PLAIN).map((text) => ({ t: 'scalar' as const, text })),
    fc.constantFrom(...SINGLE, ...DOUBLE).map((text) => ({ t: 'scalar' as const, text })),
    fc
      .record({
        words: fc.array(
          fc.constantFrom('alpha', 'beta', 'gamma', 'x', '1', 'a-b', 'c"d', "e'f", 'g\\h', ''),
          {
            minLength: 2,
            maxLength: 6,
          },
        ),
        quote: fc.constantFrom('' as const, "'" as const, '"' as const),
      })
      .map((r) => ({ t: 'words' as const, ...r })),
    fc
      .record({
        header: fc.constantFrom(...HEADERS),
        lines: fc.array(fc.constantFrom(...BLOCK_LINES), { maxLength: 5 }),
      })
      .map((r) => ({ t: 'block' as const, ...r })),
    fc.constantFrom(...FLOW, ...FLOW_LINES).map((text) => ({ t: 'flow' as const, text })),
    fc
      .array(fc.tuple(fc.constantFrom(...KEYS), tie('node')), { minLength: 1, maxLength: 5 })
      .map((entries) => ({ t: 'map' as const, entries })),
    fc.array(tie('node'), { minLength: 1, maxLength: 4 }).map((items) => ({ t: 'seq' as const, items })),
  ),
})).node;

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

interface Style {
  readonly width: number;
  readonly indentSeqs: boolean;
  readonly comments: number;
  readonly blanks: number;
  readonly random: () => number;
}

/** Renders a tree as block YAML lines (without line breaks); `col` is the node's column. */
class Renderer {
  readonly lines: string[] = [];
  constructor(private readonly st: Style) {}

  private chance(p: number): boolean {
    return this.st.random() < p;
  }
  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.st.random() * list.length)]!;
  }

  /** Comment and blank lines between entries, at assorted columns. */
  trivia(col: number): void {
    if (this.chance(this.st.blanks)) this.lines.push(this.pick(['', '', '   ']));
    if (this.chance(this.st.comments)) {
      const at = Math.max(0, col + this.pick([-4, -2, 0, 0, 1, 2, 4]));
      this.lines.push(`${' '.repeat(at)}# ${this.pick(['note', 'x: y', '- z', '#', ''])}`);
    }
  }

  private sameLineComment(): string {
    return this.chance(this.st.comments / 2) ? this.pick([' # c', '  # two', ' #']) : '';
  }

  /** Writes `node` after `prefix` (a key and `:`, or `- `) on a line at column `col`. */
  entry(prefix: string, node: GenNode, col: number, parentCol: number): void {
    const pad = ' '.repeat(col);
    const w = this.st.width;
    switch (node.t) {
      case 'scalar':
        this.lines.push(`${pad}${prefix} ${node.text}${this.sameLineComment()}`);
        return;
      case 'flow': {
        const [first, ...rest] = node.text.split('\n');
        this.lines.push(`${pad}${prefix} ${first}`);
        for (const l of rest) {
          const at = parentCol + this.pick([w, w, w, 1, 0, l.startsWith(']') || l.startsWith('}') ? 0 : w]);
          this.lines.push(l === '' ? '' : `${' '.repeat(at)}${l}`);
        }
        this.lines[this.lines.length - 1] += this.sameLineComment();
        return;
      }
      case 'words': {
        const q = node.quote;
        const words = node.words.map((x) =>
          q === "'" ? x.replace(/'/g, "''") : q === '"' ? x.replace(/["\\]/g, '\\$&') : x,
        );
        if (
          q === '' &&
          (words[0] === '' || /^[-?:,[\]{}#&*!|>'"%@`]/.test(words[0]!) || words.some((x) => /^#/.test(x)))
        )
          words[0] = `w${words[0]}`;
        const lines: string[] = [];
        let cur = '';
        for (const word of words) {
          cur += (cur ? ' ' : '') + word;
          if (this.chance(0.4)) {
            lines.push(cur);
            cur = '';
            if (this.chance(0.2)) lines.push('');
          }
        }
        if (cur || lines.length === 0) lines.push(cur);
        const cont = ' '.repeat(parentCol + w + (q ? this.pick([0, 0, 1]) : 0));
        const [first, ...rest] = lines;
        const out = [`${pad}${prefix} ${q}${first}`, ...rest.map((l) => (l === '' ? '' : `${cont}${l}`))];
        if (q) out[out.length - 1] += q;
        else if (out[out.length - 1]!.trim() === '' || out[out.length - 1]!.endsWith(' '))
          out[out.length - 1] += 'end';
        if (q === '"' && out.length > 1 && this.chance(0.3)) out[0] += ' \\';
        this.lines.push(...out);
        if (!q) this.lines[this.lines.length - 1] += this.sameLineComment();
        return;
      }
      case 'block': {
        this.lines.push(`${pad}${prefix} ${node.header}`);
        // With an indentation indicator the content is at the parent's column plus it (or more:
        // then the first line keeps the spaces past it); else at the layout's width.
        const given = /[1-9]/.exec(node.header);
        const ind = ' '.repeat(parentCol + (given ? Number(given[0]) + this.pick([0, 0, 0, 1, 2]) : w));
        this.lines.push(...this.pick(LEADING));
        for (const l of node.lines)
          this.lines.push(l === '' ? this.pick(['', ' ', `${ind}  `]) : `${ind}${l}`);
        return;
      }
      case 'map':
      case 'seq': {
        if (prefix.startsWith('-') && this.chance(0.7)) {
          // Compact: the first entry on the dash's line.
          this.block(node, col + prefix.length + 1, `${pad}${prefix} `);
          return;
        }
        if (node.t === 'map' && node.entries.length === 0) return;
        this.lines.push(`${pad}${prefix}${this.sameLineComment()}`);
        const inner = node.t === 'seq' && !prefix.startsWith('-') && !this.st.indentSeqs ? col : col + w;
        this.trivia(inner);
        this.block(node, inner, null);
        return;
      }
    }
  }

  /** A block collection at column `col`; `lead` replaces the first line's indentation. */
  block(node: GenNode, col: number, lead: string | null): void {
    const pad = ' '.repeat(col);
    const first = this.lines.length;
    if (node.t === 'map') {
      const seen = new Set<string>();
      for (const [key, value] of node.entries) {
        // Keys repeat only now and then (the scanner must step aside then).
        if (seen.has(key) && !this.chance(0.05)) continue;
        seen.add(key);
        this.entry(`${key}:`, value, col, col);
        this.trivia(col);
      }
    } else if (node.t === 'seq') {
      for (const item of node.items) {
        this.entry('-', item, col, col);
        this.trivia(col);
      }
    } else {
      this.entry('-', node, col, col);
    }
    if (lead !== null && this.lines.length > first)
      this.lines[first] = lead + this.lines[first]!.slice(pad.length);
  }
}

export interface GenManifest {
  readonly docs: readonly GenNode[];
  readonly seed: number;
}

export const genManifest: fc.Arbitrary<GenManifest> = fc.record({
  docs: fc.array(
    genNode.filter((n) => n.t === 'map' || n.t === 'seq'),
    { minLength: 1, maxLength: 3 },
  ),
  seed: fc.integer(),
});

/** The text of a generated stream, laid out by its seed. */
export function renderManifest({ docs, seed }: GenManifest): string {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const style: Style = {
    width: pick([2, 2, 4]),
    indentSeqs: random() < 0.5,
    comments: pick([0, 0.1, 0.3]),
    blanks: pick([0, 0.1, 0.3]),
    random,
  };
  const out: string[] = [];
  if (random() < 0.2) out.push('# leading comment');
  docs.forEach((doc, i) => {
    if (i > 0 || random() < 0.3) out.push(pick(['---', '---', '--- # doc', '---  ']));
    const r = new Renderer(style);
    r.block(doc, pick([0, 0, 0, 0, 2]), null);
    out.push(...r.lines);
    if (random() < 0.15) out.push(pick(['...', '... # end']));
    if (random() < 0.1) out.push(pick(['---', '---\n# empty']));
  });
  let text = out.join('\n') + pick(['\n', '\n', '', '\n\n', '\n# tail\n']);
  const breaks = random();
  if (breaks < 0.15) text = text.replace(/\n/g, '\r\n');
  else if (breaks < 0.25) {
    // go-yaml's other line breaks, here and there.
    text = text.replace(/\n/g, () => (random() < 0.1 ? pick(['\r', '\u0085', '\u2028', '\u2029']) : '\n'));
  }
  if (random() < 0.05) text = `\uFEFF${text}`;
  if (random() < 0.05) text = text.replace('\n---\n', '\n---\n\uFEFF');
  return text;
}
