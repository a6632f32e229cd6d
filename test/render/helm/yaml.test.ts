import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { int64 } from '../../../src/render/gotemplate/values.js';
import { parseValues } from '../../../src/render/helm/values.js';
import { formatFloatG, toJson, toYaml } from '../../../src/render/helm/yaml.js';

const dir = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'helm', 'toyaml');
const read = (n: string) => readFileSync(join(dir, n), 'utf8');

describe('toYaml and toJson match helm v4.1.4 byte for byte', () => {
  // Expected files are `helm template` output of `{{ toYaml .Values }}` and `{{ toJson .Values }}`.
  const values = parseValues({ file: 'values.yaml', text: read('values.yaml') });
  it('toYaml: quoting (YAML 1.1 yes/on/y, numbers, timestamps), block scalars, folding, key order', () => {
    expect(`${toYaml(values)}\n`).toBe(read('toyaml.expected'));
  });
  it('toJson: sorted keys, HTML escaping, Go float text', () => {
    expect(`${toJson(values)}\n`).toBe(read('tojson.expected'));
  });
});

describe('Go number formatting', () => {
  it.each([
    [1000000, '1e+06'],
    [1234567.5, '1.2345675e+06'],
    [0.000001, '1e-06'],
    [0.0001, '0.0001'],
    [3.14, '3.14'],
    [100, '100'],
    [123456, '123456'],
    [1e21, '1e+21'],
  ])('%s prints as %s', (n, s) => {
    expect(formatFloatG(n)).toBe(s);
  });
  it('int64 from --set stays an integer in toYaml', () => {
    expect(toYaml(new Map([['a', int64(1000000n)]]))).toBe('a: 1000000');
  });
  it('top-level scalars', () => {
    expect(toYaml('foo')).toBe('foo');
    expect(toYaml('a\nb')).toBe('|-\n  a\n  b');
    expect(toYaml(null)).toBe('null');
    expect(toYaml([])).toBe('[]');
  });
});
