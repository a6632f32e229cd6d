// Masterminds semver v3 (what Sprig's semver/semverCompare use): lenient version parsing and
// constraints (`>=1.21-0`, `~1.2`, `^1.2.3`, `1.2.x`, `1.2 - 1.4`, `||`, comma/space for AND).

export interface SemVer {
  readonly major: bigint;
  readonly minor: bigint;
  readonly patch: bigint;
  readonly pre: string;
  readonly metadata: string;
  readonly original: string;
}

const versionRe =
  /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;

export function parseSemver(v: string): SemVer {
  const m = versionRe.exec(v);
  if (!m) throw new Error('invalid semantic version');
  const num = (s: string | undefined) => (s ? BigInt(s.replace(/^\./, '')) : 0n);
  return {
    major: num(m[1]),
    minor: num(m[2]),
    patch: num(m[3]),
    pre: m[5] ?? '',
    metadata: m[8] ?? '',
    original: v,
  };
}

function comparePre(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn) return BigInt(x) < BigInt(y) ? -1 : 1;
    if (xn) return -1;
    if (yn) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

export function compareSemver(a: SemVer, b: SemVer): number {
  for (const k of ['major', 'minor', 'patch'] as const) {
    if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  }
  return comparePre(a.pre, b.pre);
}

interface Constraint {
  readonly op: string;
  readonly v: SemVer;
  /** Which parts were wildcards or missing: 0 = major missing (`*`), 1 = minor, 2 = patch, 3 = none. */
  readonly dirty: number;
  readonly hasPre: boolean;
}

const opRe = /^\s*(>=|=>|<=|=<|!=|>|<|=|~>|~|\^)?\s*(.*)$/;

function parseConstraint(s: string): Constraint {
  const m = opRe.exec(s)!;
  const op = m[1] ?? '';
  const ver = m[2]!.trim();
  const parts = ver.replace(/^v/, '').split(/[-+]/)[0]!.split('.');
  let dirty = 3;
  const fixed: string[] = [];
  for (let i = 0; i < 3; i++) {
    const p = parts[i];
    if (p === undefined || p === '' || p === 'x' || p === 'X' || p === '*') {
      dirty = Math.min(dirty, i);
      fixed.push('0');
    } else fixed.push(p);
  }
  if (parts.length > 3) throw new Error(`improper constraint: ${s}`);
  const rest = ver.replace(/^v/, '').slice(parts.slice(0, 3).join('.').length);
  let v: SemVer;
  try {
    v = parseSemver(fixed.join('.') + (dirty === 3 ? rest : ''));
  } catch {
    throw new Error(`improper constraint: ${s}`);
  }
  return { op, v, dirty, hasPre: v.pre !== '' };
}

function check(c: Constraint, v: SemVer): boolean {
  // A prerelease version only satisfies a constraint that itself has a prerelease.
  if (v.pre !== '' && !c.hasPre) return false;
  const cmp = compareSemver(v, c.v);
  const cv = c.v;
  switch (c.op) {
    case '':
    case '=':
      if (c.dirty < 3) {
        if (c.dirty === 0) return true;
        if (v.major !== cv.major) return false;
        if (c.dirty === 1) return true;
        return v.minor === cv.minor;
      }
      return cmp === 0;
    case '!=':
      if (c.dirty < 3) {
        if (c.dirty === 0) return false;
        if (v.major !== cv.major) return true;
        if (c.dirty === 1) return false;
        return v.minor !== cv.minor;
      }
      return cmp !== 0;
    case '>':
      if (c.dirty < 3) {
        if (c.dirty === 0) return false;
        if (v.major > cv.major) return true;
        if (v.major < cv.major) return false;
        if (c.dirty === 1) return false;
        return v.minor > cv.minor;
      }
      return cmp > 0;
    case '>=':
    case '=>':
      return cmp >= 0;
    case '<':
      return cmp < 0;
    case '<=':
    case '=<':
      if (c.dirty < 3) {
        if (c.dirty === 0) return true;
        if (v.major < cv.major) return true;
        if (v.major > cv.major) return false;
        if (c.dirty === 1) return true;
        return v.minor <= cv.minor;
      }
      return cmp <= 0;
    case '~':
    case '~>': {
      if (cmp < 0) return false;
      if (c.dirty === 0) return true;
      if (v.major !== cv.major) return false;
      if (c.dirty === 1) return true;
      return v.minor === cv.minor;
    }
    case '^': {
      if (cmp < 0) return false;
      if (c.dirty === 0) return true;
      if (cv.major > 0n || c.dirty === 1) return v.major === cv.major;
      if (cv.minor > 0n || c.dirty === 2) return v.major === 0n && v.minor === cv.minor;
      return v.major === 0n && v.minor === 0n && v.patch === cv.patch;
    }
  }
  throw new Error(`improper constraint: ${c.op}`);
}

/** Masterminds' Constraints.Check for a constraint string against a version string. */
export function semverCompare(constraint: string, version: string): boolean {
  const groups = constraint.split('||');
  const parsed: Constraint[][] = [];
  for (const g of groups) {
    const expanded = g
      .trim()
      // hyphen ranges: "1.2 - 1.4" → ">=1.2, <=1.4"
      .replace(/(\S+)\s+-\s+(\S+)/g, '>=$1, <=$2')
      // "op version" with spaces between
      .replace(/(>=|=>|<=|=<|!=|~>|>|<|=|~|\^)\s+/g, '$1');
    const parts = expanded
      .split(/\s*,\s*|\s+(?=[<>=!~^]|\d|v\d)/)
      .map((p) => p.trim())
      .filter((p) => p !== '');
    try {
      if (parts.length === 0) throw new Error('empty');
      parsed.push(parts.map(parseConstraint));
    } catch {
      throw new Error(`improper constraint: ${constraint}`);
    }
  }
  const v = parseSemver(version);
  return parsed.some((cs) => cs.every((c) => check(c, v)));
}
