// What the fix tests check after `--fix`: which data changed, compared as parsed objects.
import { parseAllDocuments } from 'yaml';
import { type Finding, parseFieldPath } from '../../src/engine/index.js';

/** Each document of a YAML (1.1, as the loader reads it) or JSON text as plain data. */
export function parseDocs(text: string): unknown[] {
  return parseAllDocuments(text.replace(/^\uFEFF/, ''), { version: '1.1', merge: true }).map((d) =>
    d.toJS({ maxAliasCount: -1 }),
  );
}

/** Paths (`a.b[0].c`) where two values differ; a whole added or removed subtree is one path. */
export function changedPaths(a: unknown, b: unknown, at = ''): string[] {
  if (Object.is(a, b)) return [];
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  if (Array.isArray(a) && Array.isArray(b)) {
    const out: string[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= a.length || i >= b.length) out.push(`${at}[${i}]`);
      else out.push(...changedPaths(a[i], b[i], `${at}[${i}]`));
    }
    return out;
  }
  if (isObj(a) && isObj(b) && !Array.isArray(a) && !Array.isArray(b)) {
    const out: string[] = [];
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const p = at ? `${at}.${k}` : k;
      if (!(k in a) || !(k in b)) out.push(p);
      else out.push(...changedPaths(a[k], b[k], p));
    }
    return out;
  }
  return [at];
}

/** The field paths a finding's fix may change (its edits' paths, and a rename's new key). */
export function fixPaths(f: Finding): string[] {
  const out: string[] = [];
  for (const e of f.fix?.edits ?? []) {
    const steps = parseFieldPath(e.path);
    out.push(dotted(steps));
    if (e.op === 'rename') out.push(dotted([...steps.slice(0, -1), e.to]));
  }
  return out;
}

export function dotted(steps: readonly (string | number)[]): string {
  return steps.map((s, i) => (typeof s === 'number' ? `[${s}]` : i ? `.${s}` : s)).join('');
}

/** True when `path` is one of `allowed` or inside one (a created parent holds new children). */
export function covered(path: string, allowed: readonly string[]): boolean {
  return allowed.some(
    (p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`) || p.startsWith(`${path}.`),
  );
}
