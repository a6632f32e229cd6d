// The lines a file keeps when its text is let go (load/reread.ts): object-less findings are
// fingerprinted by the text of their line, so the kept lines must answer exactly as the text did,
// in this thread and after crossing from a loading thread (releasedState / fromReleased).
import { describe, expect, it } from 'vitest';
import { computeLineStarts, DiskText } from '../../src/load/index.js';

const TEXT = 'apiVersion: v1\n  kind: Pod  \nmetadata:\n  name: web\n# kubeharden-ignore all\nlast line';

function released(lines: number[]): DiskText {
  const disk = new DiskText(
    'a.yaml',
    '/nowhere/a.yaml',
    'digest',
    TEXT,
    computeLineStarts(TEXT),
    () => undefined,
  );
  disk.release(lines);
  return disk;
}

describe('kept lines', () => {
  it('answer the trimmed text of each line asked for, in any order, and nothing else', () => {
    const disk = released([5, 1, 2, 6, 5, 0, 99]);
    expect(disk.released).toBe(true);
    expect([1, 2, 5, 6].map((l) => disk.keptLine(l))).toEqual([
      'apiVersion: v1',
      'kind: Pod',
      '# kubeharden-ignore all',
      'last line',
    ]);
    for (const l of [0, 3, 4, 7, 99]) expect(disk.keptLine(l)).toBeUndefined();
  });

  it('cross threads as line/text pairs by line and answer the same on the other side', () => {
    const disk = released([6, 2, 1]);
    const state = disk.releasedState()!;
    expect(state.keptLines).toEqual([
      [1, 'apiVersion: v1'],
      [2, 'kind: Pod'],
      [6, 'last line'],
    ]);
    const again = DiskText.fromReleased(structuredClone(state), () => undefined);
    for (const l of [1, 2, 3, 6]) expect(again.keptLine(l)).toBe(disk.keptLine(l));
  });

  it('a file that keeps no line answers none', () => {
    const disk = released([]);
    expect(disk.keptLine(1)).toBeUndefined();
    expect(disk.releasedState()!.keptLines).toEqual([]);
  });
});
