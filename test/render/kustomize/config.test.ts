// Config `kustomize.report`: which overlays are built and reported.
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../../rules/index.js';
import { ConfigError, parseConfig } from '../../../src/engine/index.js';

const parse = (text: string) => parseConfig(text, '.kubeharden.yaml', '/repo', builtinRules);

describe('config kustomize.report', () => {
  it('defaults to leaves', () => {
    expect(parse('failOn: high\n').kustomize.report).toBe('leaves');
  });
  it('takes all or none', () => {
    expect(parse('kustomize:\n  report: all\n').kustomize.report).toBe('all');
    expect(parse('kustomize:\n  report: none\n').kustomize.report).toBe('none');
  });
  it('rejects another value, naming the key and its line', () => {
    expect(() => parse('kustomize:\n  report: some\n')).toThrow(ConfigError);
    expect(() => parse('kustomize:\n  report: some\n')).toThrow(
      /\.kubeharden\.yaml:2:11: invalid value for "kustomize\.report"/,
    );
  });
});
