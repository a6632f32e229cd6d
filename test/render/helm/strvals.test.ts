import { describe, expect, it } from 'vitest';
import type { GoMap } from '../../../src/render/gotemplate/values.js';
import { parseSetInto } from '../../../src/render/helm/strvals.js';
import { coalesceValues, parseValues } from '../../../src/render/helm/values.js';
import { toJson } from '../../../src/render/helm/yaml.js';

const set = (...args: string[]) => {
  const m: GoMap = new Map();
  for (const a of args) parseSetInto(a, m);
  return toJson(m);
};

describe('--set parsing follows Helm strvals', () => {
  it.each([
    [['name=value'], '{"name":"value"}'],
    [['a.b=c,d=1'], '{"a":{"b":"c"},"d":1}'],
    [['list[0]=a,list[2]=c'], '{"list":["a",null,"c"]}'],
    [['list[0].name=x'], '{"list":[{"name":"x"}]}'],
    [['a=true,b=FALSE,c=null,d=0,e=007,f=-5'], '{"a":true,"b":false,"c":null,"d":0,"e":"007","f":-5}'],
    [['esc=a\\,b,dot\\.key=1'], '{"dot.key":1,"esc":"a,b"}'],
    [['arr={a,b,c}'], '{"arr":["a","b","c"]}'],
    [['big=99999999999999999999'], '{"big":"99999999999999999999"}'],
    [['a.b=1', 'a.c=2'], '{"a":{"b":1,"c":2}}'],
    [['name='], '{"name":""}'],
  ])('%j', (args, json) => {
    expect(set(...args)).toBe(json);
  });
  it('rejects a key without a value', () => {
    expect(() => set('name')).toThrow('key "name" has no value');
    expect(() => set('a,b=1')).toThrow('key "a" has no value (cannot end with ,)');
  });
  it('--set-string keeps text', () => {
    const m: GoMap = new Map();
    parseSetInto('n=10,b=true', m, 'string');
    expect(toJson(m)).toBe('{"b":"true","n":"10"}');
  });
});

describe('coalescing follows Helm (user values win, maps merge, null deletes)', () => {
  const chart = (text: string, deps: { name: string; values: GoMap; dependencies: [] }[] = []) => ({
    name: 'c',
    values: parseValues({ file: 'values.yaml', text }),
    dependencies: deps,
  });
  it('merges maps, keeps user scalars, deletes on null', () => {
    const c = chart('a: {p: 1, q: 2}\nb: 3\nc: 4\n');
    const user = parseValues({ file: 'u.yaml', text: 'a: {q: 20}\nc: null\n' });
    expect(toJson(coalesceValues(c, user))).toBe('{"a":{"p":1,"q":20},"b":3}');
  });
  it('passes globals to subcharts', () => {
    const sub = {
      name: 's',
      values: parseValues({ file: 's.yaml', text: 'k: v\n' }),
      dependencies: [] as [],
    };
    const c = chart('global: {g: 1}\ns: {k: w}\n', [sub]);
    expect(toJson(coalesceValues(c, new Map()))).toBe('{"global":{"g":1},"s":{"global":{"g":1},"k":"w"}}');
  });
  it('values from files are float64, with provenance lines', () => {
    const v = parseValues({ file: 'values.yaml', text: 'a:\n  b: 1000000\n' });
    expect((v.get('a') as GoMap).get('b')).toBe(1000000);
  });
});
