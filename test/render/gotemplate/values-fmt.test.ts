// The Go value model and Go's fmt: expectations are Go's own outputs (checked against helm v4.1.4 where
// a template can show them).
import { describe, expect, it } from 'vitest';
import {
  byteLength,
  compareGoStrings,
  formatValue,
  fromJS,
  type GoValue,
  goKind,
  goStruct,
  goTypeName,
  int64,
  isTrue,
  SourcedString,
  sortedKeys,
  sprint,
  sprintf,
  sprintln,
  stringList,
  TypedInt,
} from '../../../src/render/gotemplate/index.js';

describe('value model', () => {
  it('keeps float64 (values files) and int (literals, --set) apart', () => {
    const v = fromJS({ a: 1000000, b: 1.5 }) as Map<string, GoValue>;
    expect(goTypeName(v.get('a')!)).toBe('float64');
    expect(formatValue(v.get('a')!)).toBe('1e+06');
    expect(formatValue(1000000n)).toBe('1000000');
    expect(goTypeName(1000000n)).toBe('int');
    expect(goTypeName(int64(3n))).toBe('int64');
    expect(formatValue(new TypedInt('int64', 2n ** 63n))).toBe('-9223372036854775808');
  });

  it('names types and kinds as %T and reflect do', () => {
    const cases: [GoValue, string, string][] = [
      [null, '<nil>', 'invalid'],
      [true, 'bool', 'bool'],
      ['s', 'string', 'string'],
      [new SourcedString('s', []), 'string', 'string'],
      [1n, 'int', 'int'],
      [1.5, 'float64', 'float64'],
      [[1n], '[]interface {}', 'slice'],
      [stringList(['a']), '[]string', 'slice'],
      [new Map(), 'map[string]interface {}', 'map'],
      [new Uint8Array([1]), '[]uint8', 'slice'],
      [goStruct('chart.Metadata', { Name: 'x' }, {}, true), 'chart.Metadata', 'ptr'],
    ];
    for (const [v, type, kind] of cases) expect([goTypeName(v), goKind(v)]).toEqual([type, kind]);
  });

  it('has Go truthiness', () => {
    expect([null, false, 0n, 0, '', [], new Map()].map(isTrue)).toEqual(Array(7).fill(false));
    expect([true, 1n, 0.5, ' ', [null], new Map([['a', null]]), goStruct('T', {})].map(isTrue)).toEqual(
      Array(7).fill(true),
    );
  });

  it('measures strings in UTF-8 bytes and sorts keys by byte order', () => {
    expect(byteLength('héllo')).toBe(6);
    expect(
      sortedKeys(
        new Map([
          ['b', 1n],
          ['B', 1n],
          ['a', 1n],
          ['\u{1F600}', 1n],
          ['\uFFFF', 1n],
        ]),
      ),
    ).toEqual(['B', 'a', 'b', '\uFFFF', '\u{1F600}']);
    expect(compareGoStrings('\uFFFF', '\u{1F600}')).toBeLessThan(0);
  });
});

describe('fmt', () => {
  const cases: [string, GoValue[], string][] = [
    ['%v', [1000000], '1e+06'],
    ['%v', [100000], '100000'],
    ['%v', [0.0001], '0.0001'],
    ['%v', [0.00001], '1e-05'],
    ['%v', [1e21], '1e+21'],
    ['%v', [123456789.0], '1.23456789e+08'],
    ['%v', [-0.5], '-0.5'],
    ['%.2f', [2.675], '2.67'],
    ['%.0f', [2.5], '2'],
    ['%.0f', [3.5], '4'],
    ['%.1f', [0.25], '0.2'],
    ['%5.2f', [1.5], ' 1.50'],
    ['%08.3f', [-3.5], '-003.500'],
    ['%e', [1e6], '1.000000e+06'],
    ['%g', [1e-7], '1e-07'],
    ['%.3g', [1234.5678], '1.23e+03'],
    ['%03d', [7n], '007'],
    ['%-5d|', [42n], '42   |'],
    ['%+d', [5n], '+5'],
    ['%x %X %o %#o %b', [255n, -255n, 8n, 8n, 5n], 'ff -FF 10 010 101'],
    ['%c %q %U', [65n, 65n, 65n], "A 'A' U+0041"],
    ['%q', ['a"b\n'], '"a\\"b\\n"'],
    ['%q', ['héllo'], '"héllo"'],
    ['%x', ['hi'], '6869'],
    ['% x', ['hi'], '68 69'],
    ['%.2s|%5s|%-5s|', ['hello', 'a', 'b'], 'he|    a|b    |'],
    ['%t %v', [true, false], 'true false'],
    ['%d', [3], '%!d(float64=3)'],
    ['%5.2f', [-2n], '%!f(int=  -02)'],
    ['%s', [3n], '%!s(int=3)'],
    ['%s', [null], '%!s(<nil>)'],
    ['%v', [null], '<nil>'],
    ['%d %d', [1n], '1 %!d(MISSING)'],
    ['%d', [1n, 'x'], '1%!(EXTRA string=x)'],
    ['100%%', [], '100%'],
    [
      '%v',
      [
        new Map<string, GoValue>([
          ['b', 2n],
          ['a', [1n, 'x']],
        ]),
      ],
      'map[a:[1 x] b:2]',
    ],
    ['%s', [[1n, 'two', null]], '[%!s(int=1) two <nil>]'],
    ['%#v', [[1n, 'two', null]], '[]interface {}{1, "two", interface {}(nil)}'],
    ['%T %T %T', [[1n], 1.5, null], '[]interface {} float64 <nil>'],
    ['%[2]d %[1]d', [1n, 2n], '2 1'],
    ['%*d', [5n, 3n], '    3'],
    ['%v', [new Uint8Array([104, 105])], '[104 105]'],
    ['%s', [new Uint8Array([104, 105])], 'hi'],
  ];
  it.each(cases.map(([f, a, w], i) => ({ i, f, a, w })))(
    'Sprintf case $i: $f',
    ({ f: format, a: args, w: want }) => {
      expect(sprintf(format, args)).toBe(want);
    },
  );

  it('spaces Sprint operands as Go does and Sprintln always', () => {
    expect(sprint([1n, 2n, 'a', 'b', 3n])).toBe('1 2ab3');
    expect(sprint([null, 1.5])).toBe('<nil> 1.5');
    expect(sprintln(['a', 1n])).toBe('a 1\n');
  });
});
