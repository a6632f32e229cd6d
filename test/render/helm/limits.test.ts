// Hostile charts: never a hang or a crash, always a clear error.
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ArchiveError, readChartArchive } from '../../../src/render/helm/archive.js';
import { renderChart } from '../../../src/render/helm/render.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** A ustar archive of the given entries (name → text). */
function tar(entries: Record<string, string>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text);
    const h = Buffer.alloc(512);
    h.write(name, 0, 100);
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

describe('chart archives', () => {
  it('reads entries, dropping the chart folder', () => {
    const files = readChartArchive(
      gzipSync(tar({ 'web/Chart.yaml': 'name: web\n', 'web/templates/a.yaml': 'a' })),
    );
    expect(files.map((f) => f.name)).toEqual(['Chart.yaml', 'templates/a.yaml']);
  });
  it('refuses an entry that escapes the chart folder', () => {
    expect(() => readChartArchive(gzipSync(tar({ 'web/../../etc/passwd': 'x' })))).toThrow(ArchiveError);
    expect(() => readChartArchive(gzipSync(tar({ '/etc/passwd': 'x' })))).toThrow('escapes the chart folder');
  });
  it('refuses too many entries and too many bytes', () => {
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`web/f${i}`, 'x']));
    expect(() => readChartArchive(gzipSync(tar(many)), { maxBytes: 1e6, maxEntries: 10 })).toThrow(
      'more than 10 entries',
    );
    const big = gzipSync(tar({ 'web/big': 'x'.repeat(100_000) }));
    expect(() => readChartArchive(big, { maxBytes: 10_000, maxEntries: 10 })).toThrow(
      'more than 10000 bytes',
    );
  });
  it('says so for bytes that are not gzip', () => {
    expect(() => readChartArchive(new Uint8Array([1, 2, 3]))).toThrow('not gzip');
  });
});

describe('runaway templates', () => {
  it('an include that calls itself ends with an error, not a hang', () => {
    const r = renderChart(join(ROOT, 'fixtures/helm/recursive'), { limits: { maxDepth: 50 } });
    expect(r.error).toBeDefined();
    expect(r.error?.template).toBe('recursive/templates/cm.yaml');
  });
});
