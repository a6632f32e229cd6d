// The tree store (nodes.ts): nodes are views of rows, made on access, built in buffers shared by
// every builder and copied out when a file is done.
import { describe, expect, it } from 'vitest';
import { composeYamlText, DEFAULT_PARSE_LIMITS } from '../../src/load/compose.js';
import { parseYamlFast } from '../../src/load/cst.js';
import { get, getIn, items, loadText, pairs, sameNode, size, str, toPlain } from '../../src/load/index.js';
import {
  expandedSize,
  settleLoadSession,
  shiftOffsets,
  startLoadSession,
  TreeBuilder,
} from '../../src/load/nodes.js';
import { scanYamlText } from '../../src/load/scan.js';
import { scanJsonText } from '../../src/load/scan-json.js';
import { shape, shapeOf } from './shape.js';

describe('tree store', () => {
  it('a finished file keeps its values and offsets while later files reuse the build buffers', () => {
    const first = loadText('a.yaml', 'kind: First\nlist: [one, "two", 3]\nnested: {deep: {value: yes}}\n');
    // Bigger than the first, through both loader paths (the second has a tag, so it is composed).
    const big = Array.from({ length: 5000 }, (_, i) => `key${i}: value-${i}`).join('\n');
    const second = loadText('b.yaml', `${big}\n`);
    const third = loadText('c.yaml', 'tagged: !!str 12\nother: x\n');
    expect(toPlain(first.documents[0]!.root)).toEqual({
      kind: 'First',
      list: ['one', 'two', 3],
      nested: { deep: { value: true } },
    });
    const two = getIn(first.documents[0]!.root, ['list', 1]);
    expect(two && [two.start, two.end, two.type === 'scalar' && two.quoted]).toEqual([24, 29, true]);
    expect(str(get(second.documents[0]!.root, 'key4999'))).toBe('value-4999');
    expect(toPlain(third.documents[0]!.root)).toEqual({ tagged: '12', other: 'x' });
  });

  it('views of one node are different objects that sameNode tells apart from other nodes', () => {
    const root = loadText('a.yaml', 'a: &x {b: 1}\nc: *x\nd: {b: 1}\n').documents[0]!.root;
    expect(get(root, 'a')).not.toBe(get(root, 'a'));
    expect(sameNode(get(root, 'a'), get(root, 'a'))).toBe(true);
    expect(sameNode(get(root, 'a'), get(root, 'c'))).toBe(true);
    expect(sameNode(get(root, 'a'), get(root, 'd'))).toBe(false);
    expect(sameNode(undefined, undefined)).toBe(true);
    expect(sameNode(get(root, 'a'), undefined)).toBe(false);
    // The same text in another file is another node.
    const again = loadText('a.yaml', 'a: &x {b: 1}\nc: *x\nd: {b: 1}\n').documents[0]!.root;
    expect(sameNode(get(root, 'a'), get(again, 'a'))).toBe(false);
  });

  it('sizes and indexed access without building lists; the last of repeated keys wins', () => {
    const { documents } = composeYamlText('m: {a: 1, b: 2}\ns: [x, w, z]\nv: 1\n');
    const root = documents[0]!.root;
    expect([size(get(root, 'm')), size(get(root, 's')), size(get(root, 'v')), size(undefined)]).toEqual([
      2, 3, 0, 0,
    ]);
    expect(getIn(root, ['s', 2])).toMatchObject({ value: 'z' });
    for (const i of [3, -1, 1.5]) expect(getIn(root, ['s', i])).toBeUndefined();
    expect(items(get(root, 's')).map(str)).toEqual(['x', 'w', 'z']);
    expect(pairs(get(root, 'm')).map((p) => [p.key.value, p.value.start])).toEqual([
      ['a', 7],
      ['b', 13],
    ]);
    // Kubernetes decodes a repeated key as its last value; the loader reports the duplicate, and
    // the tree answers as the API server would.
    const dup = composeYamlText('k: 1\nk: 2\n').documents[0]!.root;
    expect(getIn(dup, ['k'])).toMatchObject({ value: 2 });
  });

  it('a builder cannot be used once another has begun (its buffers are gone)', () => {
    const abandoned = new TreeBuilder();
    const kept = abandoned.scalar('x', false, 0, 1);
    const current = new TreeBuilder();
    expect(() => abandoned.scalar('y', false, 0, 1)).toThrow(/after another one began/);
    expect(() => current.map([{ key: current.scalar('k', false, 0, 1), value: kept }], 0, 4)).toThrow(
      /another tree store/,
    );
    current.finish();
  });
});

describe('value table', () => {
  it('stores each distinct value once, across files, and keeps -0 apart from 0', () => {
    const table = startLoadSession();
    const long = `description: ${'a long field description, repeated in every CRD version '.repeat(3)}\n`;
    const a = loadText('a.yaml', `${long}port: 0\nneg: -0\n`);
    const before = table.size;
    const b = loadText('b.yaml', `${long}port: 0\n`);
    // The second file adds no value: its key, its long description and its number are known.
    expect(table.size).toBe(before);
    const neg = get(a.documents[0]!.root, 'neg');
    expect(neg?.type === 'scalar' && Object.is(neg.value, -0)).toBe(true);
    const description = str(get(b.documents[0]!.root, 'description'));
    expect(description).toMatch(/^a long field description/);
    expect(table.values.filter((v) => v === description)).toHaveLength(1);
    expect(get(b.documents[0]!.root, 'port')).toMatchObject({ value: 0 });
  });

  it('once settled, the table still stores values and the trees read the same, its index gone', () => {
    const table = startLoadSession();
    const before = loadText('a.yaml', 'kind: Pod\nname: a-value-longer-than-a-dozen-characters\n');
    settleLoadSession();
    const size = table.size;
    // Values seen a moment ago are still found (the recent-string cache); new ones are stored.
    const after = loadText('b.yaml', 'kind: Pod\nfresh: another-value-longer-than-a-dozen\n');
    expect(table.size).toBe(size + 2);
    expect(toPlain(before.documents[0]!.root)).toEqual({
      kind: 'Pod',
      name: 'a-value-longer-than-a-dozen-characters',
    });
    expect(toPlain(after.documents[0]!.root)).toEqual({
      kind: 'Pod',
      fresh: 'another-value-longer-than-a-dozen',
    });
  });

  it('a new table leaves the trees of the old one as they were', () => {
    startLoadSession();
    const old = loadText('a.yaml', 'kind: Old\nvalue: first\n');
    const fresh = startLoadSession();
    const next = loadText('b.yaml', 'value: second\nkind: New\n');
    expect(toPlain(old.documents[0]!.root)).toEqual({ kind: 'Old', value: 'first' });
    expect(toPlain(next.documents[0]!.root)).toEqual({ value: 'second', kind: 'New' });
    expect(fresh.values).toEqual(['value', 'second', 'kind', 'New']);
  });
});

describe('map keys kept in their entries', () => {
  // Keys whose end follows from their start and value are kept in the map's entry; the rest (a
  // quoted key with an escape, a key that is not a string) are rows of their own. Either way a key
  // must show what a key row showed: the CST path, which writes every key as a row, is the reference.
  const YAML =
    'plain: 1\n"double": 2\n\'single\': 3\n"esc\\u0041ped": 4\n\'it\'\'s\': 5\n10: x\ntrue: y\nflow: {inner: a, "q": b, 7: c}\nnested:\n  deep key: z\n';

  it('show the same start, end, value and quote as key rows, on the scanner and the JSON path', () => {
    const scanned = scanYamlText(YAML, DEFAULT_PARSE_LIMITS);
    expect(scanned).not.toBeNull();
    expect(shapeOf(scanned)).toEqual(shapeOf(parseYamlFast(YAML, DEFAULT_PARSE_LIMITS)));
    const root = scanned!.documents[0]!.root!;
    const keys = pairs(root).map((p) => [p.key.value, p.key.quoted, YAML.slice(p.key.start, p.key.end)]);
    expect(keys).toEqual([
      ['plain', false, 'plain'],
      ['double', true, '"double"'],
      ['single', true, "'single'"],
      ['escAped', true, '"esc\\u0041ped"'],
      ["it's", true, "'it''s'"],
      [10, false, '10'],
      [true, false, 'true'],
      ['flow', false, 'flow'],
      ['nested', false, 'nested'],
    ]);
    const json = '{"a": 1, "b\\"c": {"d": [true]}}';
    const fromJson = scanJsonText(json, DEFAULT_PARSE_LIMITS);
    expect(fromJson).not.toBeNull();
    expect(shapeOf(fromJson)).toEqual(shapeOf(parseYamlFast(json, DEFAULT_PARSE_LIMITS)));
  });

  it('a key view is the same node each time, and lookups by key see every kind of key', () => {
    const root = scanYamlText(YAML, DEFAULT_PARSE_LIMITS)!.documents[0]!.root!;
    expect(sameNode(pairs(root)[0]!.key, pairs(root)[0]!.key)).toBe(true);
    expect(sameNode(pairs(root)[0]!.key, pairs(root)[1]!.key)).toBe(false);
    expect(sameNode(pairs(root)[0]!.key, pairs(root)[0]!.value)).toBe(false);
    const lookedUp = ['plain', 'double', 'single', 'escAped', "it's", 'nested'].map(
      (k) => get(root, k)?.start,
    );
    const valueAt = [': 1', ': 2', ': 3', ': 4', ': 5'].map((v) => YAML.indexOf(v) + 2);
    expect(lookedUp).toEqual([...valueAt, YAML.indexOf('deep key')]);
    expect(str(getIn(root, ['flow', 'q']))).toBe('b');
  });

  it('move with their map, and count once each in the expanded size', () => {
    const { documents } = scanYamlText(YAML, DEFAULT_PARSE_LIMITS)!;
    const root = documents[0]!.root!;
    const before = shape(root);
    shiftOffsets(root, 100);
    const moved = (n: unknown): unknown =>
      Array.isArray(n)
        ? n.map(moved)
        : n && typeof n === 'object'
          ? Object.fromEntries(
              Object.entries(n).map(([k, v]) => [
                k,
                k === 'start' || k === 'end' ? (v as number) + 100 : moved(v),
              ]),
            )
          : n;
    expect(shape(root)).toEqual(moved(before));
    // The root, 9 entries of it (key and value), 3 in the flow map and 1 in the nested one.
    expect(expandedSize(root)).toBe(1 + 9 * 2 + 3 * 2 + 2);
  });
});
