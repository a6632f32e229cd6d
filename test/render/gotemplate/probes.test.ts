// The 41 Go text/template + Sprig probes recorded from real Go 1.23.5 (../shared/conformance/go-template):
// output and error text must match exactly.
import { describe, expect, it } from 'vitest';
import { fromJS } from '../../../src/render/gotemplate/index.js';
import { readJson, render, sharedPath } from './helpers.js';

interface Probe {
  readonly name: string;
  readonly feature: string;
  readonly template: string;
  readonly partials: Record<string, string> | null;
  readonly go: { readonly output: string; readonly error: string | null };
}

const file = sharedPath('conformance/go-template/probes.json');

describe.skipIf(!file)('go-template conformance probes', () => {
  if (!file) return;
  const probes = readJson(file) as { data: unknown; cases: Probe[] };

  it('has 41 probes', () => {
    expect(probes.cases).toHaveLength(41);
  });

  for (const p of probes.cases) {
    it(`${p.name} (${p.feature})`, () => {
      const r = render(p.template, fromJS(probes.data));
      expect({ output: r.output, error: r.error }).toEqual({ output: p.go.output, error: p.go.error });
    });
  }
});

if (!file) {
  describe('go-template conformance probes', () => {
    it.skip('skipped: ../shared/conformance/go-template/probes.json is not present', () => {});
  });
}
