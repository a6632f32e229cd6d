// writeFileAtomic on its own: how it opens the temporary file (exclusively, a random name in the
// same folder), and what it refuses. `openSync` is observed, not replaced.
import * as fs from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { WriteError, writeFileAtomic } from '../../src/cli/write.js';
import { tempTree } from '../core/helpers.js';

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return { ...real, openSync: vi.fn(real.openSync) };
});

describe('writeFileAtomic', () => {
  it('creates the temporary file with wx under a new random name in the same folder each time', () => {
    const dir = tempTree({ 'a.yaml': 'old\n' });
    const open = vi.mocked(fs.openSync);
    open.mockClear();
    writeFileAtomic(join(dir, 'a.yaml'), 'one\n');
    writeFileAtomic(join(dir, 'a.yaml'), ['t', 'wo\n']);
    const calls = open.mock.calls.map(([p, flags]) => ({ p: String(p), flags }));
    expect(calls).toHaveLength(2);
    for (const c of calls) {
      expect(c.flags).toBe('wx');
      expect(c.p).toMatch(
        new RegExp(
          `^${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\.a\\.yaml\\.[0-9a-f]{16}\\.kubeharden-tmp$`,
        ),
      );
    }
    expect(calls[0]!.p).not.toBe(calls[1]!.p);
    expect(fs.readFileSync(join(dir, 'a.yaml'), 'utf8')).toBe('two\n');
    expect(fs.readdirSync(dir)).toEqual(['a.yaml']);
  });

  it('refuses a link or a folder at the target, and leaves the link target alone', () => {
    const dir = tempTree({ 'target.txt': 'keep\n', 'sub/x': '' });
    fs.symlinkSync(join(dir, 'target.txt'), join(dir, 'link.txt'));
    expect(() => writeFileAtomic(join(dir, 'link.txt'), 'x')).toThrow(WriteError);
    expect(() => writeFileAtomic(join(dir, 'sub'), 'x')).toThrow(/not a regular file/);
    expect(fs.readFileSync(join(dir, 'target.txt'), 'utf8')).toBe('keep\n');
  });

  it('says in one line why a folder cannot be written', () => {
    expect(() => writeFileAtomic('/nonexistent-folder-kubeharden/x.sarif', 'x')).toThrow(
      'cannot write /nonexistent-folder-kubeharden/x.sarif: the folder does not exist',
    );
  });
});

describe('writeFileAtomic on a stream', () => {
  it('writes /dev/null in place (a device has nothing to rename over)', () => {
    expect(() => writeFileAtomic('/dev/null', ['a', 'b'])).not.toThrow();
    expect(fs.lstatSync('/dev/null').isCharacterDevice()).toBe(true);
  });
});
