// The full composer (compose.ts) runs in time linear in the file: a file that needs it (one tag,
// one duplicate key) used to take minutes with 20,000 aliases or an 80,000-key map, because the
// `yaml` package compared each key with all earlier ones and walked the whole document for each
// alias. Duplicates are now found with a hash set and aliases resolved in one pass; these tests
// check that they are found exactly as the package's own check finds them.

import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { composeYamlText, parseYamlText } from '../../src/load/compose.js';
import { get, getIn, sameNode, size, str } from '../../src/load/index.js';

/** Positions of the duplicate keys the package itself reports (uniqueKeys: true), the reference. */
function packageDuplicates(text: string): number[] {
  return parseAllDocuments(text, { version: '1.1', uniqueKeys: true })
    .flatMap((d) => d.errors)
    .filter((e) => e.code === 'DUPLICATE_KEY')
    .map((e) => e.pos[0]);
}

describe('duplicate keys in the full composer', () => {
  const cases: Record<string, string> = {
    'plain and quoted': '"a": 1\na: 2\n',
    'YAML 1.1 numbers: 1 and 01 are one key': '1: a\n"1": b\n01: c\n',
    'explicit key': '? a\n: 1\na: 2\n',
    'flow map': '{a: 1, b: 2, a: 3}\n',
    'nested, in order': 'x:\n  a: 1\n  a: 2\ny: 1\ny: 2\n',
    'merge keys are not duplicates': 'a: &a {x: 1}\nb: &b {y: 1}\nc:\n  <<: *a\n  <<: *b\n',
    '.nan never repeats': '.nan: 1\n.nan: 2\n',
    'timestamps never repeat': '2001-01-01: 1\n2001-01-01: 2\n',
    'null keys': '~: 1\nnull: 2\n',
    'booleans (YAML 1.1)': 'yes: 1\ntrue: 2\non: 3\n',
    'inside an anchored map used twice': 'a: &m {k: 1, k: 2}\nb: *m\n',
    'with a tag elsewhere': 't: !!str 1\nk: 1\nk: 2\n',
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`${name}: found where the package finds them`, () => {
      const found = composeYamlText(text).problems.filter((p) => p.code === 'duplicate-key');
      expect(found.map((p) => p.start)).toEqual(packageDuplicates(text));
      for (const p of found) expect(p.message).toBe('Map keys must be unique');
    });
  }
});

describe('large files that need the full composer', () => {
  it('an 80,000-key map with a tag and a duplicate key: the duplicate is found and the last value wins', () => {
    const lines = ['tagged: !!str 1'];
    for (let i = 0; i < 80_000; i++) lines.push(`k${i}: v${i}`);
    lines.push('k5: last');
    const text = `${lines.join('\n')}\n`;
    const result = parseYamlText(text);
    expect(result.problems.map((p) => [p.code, p.start])).toEqual([
      ['duplicate-key', text.lastIndexOf('k5: last')],
    ]);
    const root = result.documents[0]!.root;
    expect(size(root)).toBe(80_002);
    expect(str(get(root, 'k5'))).toBe('last');
    expect(str(get(root, 'k79999'))).toBe('v79999');
    // Before: minutes (quadratic). A minute is a bound here, never a measurement.
  }, 60_000);

  it('20,000 aliases with a tag: every alias resolves to its anchor', () => {
    const lines = ['base: &b {x: 1}', 'other: &o {y: 2}', 'tagged: !!str 1', 'list:'];
    for (let i = 0; i < 20_000; i++) lines.push(i % 2 ? '- *o' : '- *b');
    const result = parseYamlText(`${lines.join('\n')}\n`);
    expect(result.problems).toEqual([]);
    const root = result.documents[0]!.root;
    expect(size(get(root, 'list'))).toBe(20_000);
    expect(sameNode(getIn(root, ['list', 19_998]), get(root, 'base'))).toBe(true);
    expect(sameNode(getIn(root, ['list', 19_999]), get(root, 'other'))).toBe(true);
  }, 60_000);

  it('an alias names the closest anchor before it, as the package resolves it', () => {
    const text = 'a: &x 1\nb: *x\nc: &x 2\nd: *x\ne: !!str t\n';
    const root = composeYamlText(text).documents[0]!.root;
    expect(['b', 'd'].map((k) => (get(root, k) as { value: unknown }).value)).toEqual([1, 2]);
  });
});
