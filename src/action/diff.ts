// Changed lines of a pull request, from the patches GitHub returns for its files (the checkout is
// shallow, so git cannot tell). Only the head side (RIGHT) matters: findings sit in head files.

export interface FileDiff {
  /** Lines added in the head version. */
  readonly added: ReadonlySet<number>;
  /** Head lines a review comment may sit on (added or context), with the hunk each belongs to. */
  readonly hunkOf: ReadonlyMap<number, number>;
  /** False when GitHub sent no patch (binary or very large): then no line can carry a comment. */
  readonly hasPatch: boolean;
}

const HUNK_HEADER = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

export function parsePatch(patch: string): FileDiff {
  const added = new Set<number>();
  const hunkOf = new Map<number, number>();
  let hunk = -1;
  let line = 0;
  for (const text of patch.split('\n')) {
    const header = HUNK_HEADER.exec(text);
    if (header) {
      hunk++;
      line = Number(header[1]);
      continue;
    }
    if (hunk < 0) continue;
    const mark = text.charAt(0);
    if (mark === '+') {
      added.add(line);
      hunkOf.set(line, hunk);
      line++;
    } else if (mark === ' ') {
      hunkOf.set(line, hunk);
      line++;
    }
    // '-' lines exist only in the base; '\' is "No newline at end of file".
  }
  return { added, hunkOf, hasPatch: true };
}

/** A file GitHub sent without a patch: every line counts as changed, none can be commented. */
export function wholeFileChanged(): FileDiff {
  return { added: new Set(), hunkOf: new Map(), hasPatch: false };
}

export function touchesChange(diff: FileDiff, startLine: number, endLine: number): boolean {
  if (!diff.hasPatch) return true;
  for (let l = startLine; l <= endLine; l++) if (diff.added.has(l)) return true;
  return false;
}

export interface CommentPlace {
  readonly line: number;
  readonly startLine?: number;
}

/**
 * Where a review comment on lines start..end may sit: the whole range when both ends are in the
 * same hunk, otherwise the first line of the range inside the diff. Undefined when none is.
 */
export function placeComment(diff: FileDiff, startLine: number, endLine: number): CommentPlace | undefined {
  const a = diff.hunkOf.get(startLine);
  const b = diff.hunkOf.get(endLine);
  if (a !== undefined && a === b) {
    return endLine > startLine ? { startLine, line: endLine } : { line: startLine };
  }
  for (let l = startLine; l <= endLine; l++) if (diff.hunkOf.has(l)) return { line: l };
  return undefined;
}

/** True when every line start..end is in one hunk (a suggestion must replace exactly those). */
export function rangeInOneHunk(diff: FileDiff, startLine: number, endLine: number): boolean {
  const h = diff.hunkOf.get(startLine);
  if (h === undefined) return false;
  for (let l = startLine; l <= endLine; l++) if (diff.hunkOf.get(l) !== h) return false;
  return true;
}
