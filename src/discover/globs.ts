// Config globs (`include`, `exclude`, `overrides[].files`): checked once when the config is read,
// compiled once per run. A glob is relative to the scanned folder and stays inside it, and its
// brace expansion is bounded: `{a,b}{a,b}…` or `{1..1000000}` would otherwise compile into millions
// of patterns (minimatch expands braces before matching).
import { Minimatch } from 'minimatch';

/** Patterns one glob may expand into. A real config uses a handful. */
export const MAX_GLOB_EXPANSION = 256;
const MAX_GLOB_LENGTH = 1000;

/** Why a glob cannot be used, or undefined when it can. */
export function globProblem(glob: string, where: 'files' | 'any' = 'files'): string | undefined {
  if (glob.length > MAX_GLOB_LENGTH) return `is longer than ${MAX_GLOB_LENGTH} characters`;
  if (where === 'files') {
    if (/^([/\\]|[A-Za-z]:[/\\])/.test(glob))
      return 'is an absolute path; globs are relative to the scanned folder and cannot leave it';
    // `..` as a whole path segment, also as a brace alternative (`{..,x}/a`).
    if (/(^|[/\\{,])\.\.($|[/\\},])/.test(glob))
      return 'reaches outside the scanned folder (".."); globs are relative to it and cannot leave it';
  }
  const n = braceExpansionCount(glob);
  if (n > MAX_GLOB_EXPANSION)
    return `expands its braces into ${n >= 1e9 ? 'more than a billion' : n.toLocaleString('en-US')} patterns (at most ${MAX_GLOB_EXPANSION})`;
  return undefined;
}

/** How many patterns brace expansion makes of a glob (an upper bound, saturating at 1e9). */
export function braceExpansionCount(glob: string): number {
  return sequence(glob, 0, false).count;
}

const CAP = 1e9;

/** A run of text and brace groups up to `,` or `}` (inside a group) or the end: the product. */
function sequence(s: string, start: number, inGroup: boolean): { count: number; end: number } {
  let count = 1;
  let i = start;
  while (i < s.length) {
    const ch = s[i];
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (inGroup && (ch === ',' || ch === '}')) break;
    if (ch === '{') {
      const g = group(s, i);
      if (g) {
        count = Math.min(CAP, count * g.count);
        i = g.end;
        continue;
      }
    }
    i++;
  }
  return { count, end: i };
}

/** A brace group at `open`: the sum of its alternatives, or a range's length; undefined if unclosed. */
function group(s: string, open: number): { count: number; end: number } | undefined {
  const close = matchingBrace(s, open);
  if (close < 0) return undefined;
  const body = s.slice(open + 1, close);
  const range = /^(-?\d+|[A-Za-z])\.\.(-?\d+|[A-Za-z])(?:\.\.(-?\d+))?$/.exec(body);
  if (range) {
    const a = Number.isNaN(Number(range[1])) ? range[1]!.charCodeAt(0) : Number(range[1]);
    const b = Number.isNaN(Number(range[2])) ? range[2]!.charCodeAt(0) : Number(range[2]);
    const step = Math.max(1, Math.abs(Number(range[3] ?? 1)) || 1);
    return { count: Math.min(CAP, Math.floor(Math.abs(b - a) / step) + 1), end: close + 1 };
  }
  let total = 0;
  let alternatives = 0;
  let i = open + 1;
  for (;;) {
    const r = sequence(s, i, true);
    total = Math.min(CAP, total + r.count);
    alternatives++;
    if (s[r.end] === ',') i = r.end + 1;
    else break;
  }
  // `{a}` is not expanded by minimatch: one pattern.
  return { count: alternatives > 1 ? total : 1, end: close + 1 };
}

function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const ch = s[i];
    if (ch === '\\') i++;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i;
  }
  return -1;
}

/**
 * One matcher for a list of globs, each compiled once. `baseName`: a glob without `/` matches a
 * file's name in any folder (as `.gitignore` patterns do); otherwise globs match the whole path.
 */
export function compileGlobs(globs: readonly string[], baseName: boolean): (path: string) => boolean {
  const matchers = globs
    .filter((g) => globProblem(g, 'any') === undefined)
    .map((g) => new Minimatch(g, { dot: true, matchBase: baseName && !g.includes('/') }));
  if (matchers.length === 0) return () => false;
  return (path) => matchers.some((m) => m.match(path));
}
