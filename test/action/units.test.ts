// The Action's pure parts: changed lines from a patch, where a comment may sit, and the suggestion
// a fix turns into.
import { describe, expect, it } from 'vitest';
import { planComment, readFindingMarker, suggestedLines } from '../../src/action/comments.js';
import { parsePatch, placeComment, touchesChange } from '../../src/action/diff.js';
import { type Finding, type FindingFix, setField } from '../../src/engine/index.js';
import { loadText } from '../../src/load/index.js';

const PATCH = [
  '@@ -1,4 +1,5 @@',
  ' a',
  '-b',
  '+B',
  '+B2',
  ' c',
  ' d',
  '@@ -10,3 +11,3 @@ spec:',
  ' j',
  '-k',
  '+K',
  ' l',
  '\\ No newline at end of file',
].join('\n');

describe('parsePatch', () => {
  const diff = parsePatch(PATCH);

  it('finds the added head lines', () => {
    expect([...diff.added]).toEqual([2, 3, 12]);
  });

  it('knows which head lines sit in which hunk (added and context lines)', () => {
    expect([...diff.hunkOf]).toEqual([
      [1, 0],
      [2, 0],
      [3, 0],
      [4, 0],
      [5, 0],
      [11, 1],
      [12, 1],
      [13, 1],
    ]);
  });

  it('tells whether a range touches a change', () => {
    expect(touchesChange(diff, 1, 1)).toBe(false);
    expect(touchesChange(diff, 1, 2)).toBe(true);
    expect(touchesChange(diff, 6, 11)).toBe(false);
  });

  it('places a comment on a range in one hunk, else on the first line inside the diff', () => {
    expect(placeComment(diff, 2, 4)).toEqual({ startLine: 2, line: 4 });
    expect(placeComment(diff, 3, 3)).toEqual({ line: 3 });
    expect(placeComment(diff, 4, 12)).toEqual({ line: 4 });
    expect(placeComment(diff, 7, 10)).toBeUndefined();
  });
});

function setFix(path: string, value: string | boolean): FindingFix {
  return { description: 'fix it', edits: [setField(path, value)], documentStart: 0 };
}

function finding(over: Partial<Finding> & Pick<Finding, 'location'>): Finding {
  return {
    ruleId: 'privileged-container',
    severity: 'critical',
    message: 'container "x" <b>runs</b> privileged',
    related: [],
    fingerprint: 'abc123',
    ...over,
  };
}

describe('suggestions', () => {
  const text = 'kind: Pod\nspec:\n  privileged: true\n  other: 1\n';
  const file = loadText('pod.yaml', text);
  const at = (start: number, end: number, startLine: number, endLine: number) => ({
    file: 'pod.yaml',
    startOffset: start,
    endOffset: end,
    startLine,
    startColumn: 1,
    endLine,
    endColumn: 1,
  });

  it('rewrites the fix span inside its line, keeping indentation', () => {
    const s = text.indexOf('true');
    expect(suggestedLines(file, at(s, s + 4, 3, 3), 'false')).toBe('  privileged: false');
  });

  it('keeps the Windows line ending out of the suggestion', () => {
    const crlf = loadText('w.yaml', 'a: 1\r\nb: true\r\n');
    const s = crlf.text.indexOf('true');
    expect(suggestedLines(crlf, at(s, s + 4, 2, 2), 'false')).toBe('b: false');
  });

  it('puts the comment on the fix lines with a suggestion block, escaping HTML in the message', () => {
    const diff = parsePatch('@@ -1,3 +1,4 @@\n kind: Pod\n spec:\n+  privileged: true\n   other: 1');
    const s = text.indexOf('true');
    const loc = at(s, s + 4, 3, 3);
    const plan = planComment([finding({ location: loc, fix: setFix('spec.privileged', false) })], diff, file);
    expect(plan?.line).toBe(3);
    expect(plan?.startLine).toBeUndefined();
    expect(plan?.body).toContain('container "x" &lt;b&gt;runs&lt;/b&gt; privileged');
    expect(plan?.body).toContain('\n```suggestion\n  privileged: false\n```\n');
    expect(readFindingMarker(plan!.body)).toEqual({ fingerprints: ['abc123'], state: 'open' });
  });

  it('uses a longer fence when the suggestion holds backticks', () => {
    const t = loadText('pod.yaml', 'cmd: x\n');
    const diff = parsePatch('@@ -0,0 +1 @@\n+cmd: x');
    const loc = at(5, 6, 1, 1);
    const plan = planComment([finding({ location: loc, fix: setFix('cmd', '```') })], diff, t);
    expect(plan?.body).toContain('\n````suggestion\ncmd: "```"\n````\n');
  });

  it('has no suggestion when the fix lines are outside the diff', () => {
    const diff = parsePatch('@@ -1,2 +1,2 @@\n-kind: Job\n+kind: Pod\n spec:');
    const plan = planComment(
      [finding({ location: at(0, 4, 1, 1), fix: setFix('spec.privileged', false) })],
      diff,
      file,
    );
    expect(plan?.line).toBe(1);
    expect(plan?.body).not.toContain('suggestion');
  });
});
