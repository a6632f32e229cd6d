// The shipped data tables: API deprecations/removals and Kubernetes release dates. Indexed once.
import deprecations from '../../data/api-deprecations.json' with { type: 'json' };
import releases from '../../data/kubernetes-releases.json' with { type: 'json' };

export interface DeprecationRow {
  readonly apiVersion: string;
  readonly kinds: readonly string[];
  readonly deprecatedIn: string;
  readonly removedIn: string | null;
  readonly replacement: string | null;
  readonly note?: string;
  readonly source: string;
}

export interface ReleaseRow {
  readonly minor: string;
  readonly released: string;
  readonly endOfLife: string;
}

const byApiVersionKind = new Map<string, DeprecationRow>();
for (const row of deprecations.rows as readonly DeprecationRow[])
  for (const kind of row.kinds) byApiVersionKind.set(`${row.apiVersion}\u0000${kind}`, row);

export function deprecationOf(apiVersion: string, kind: string): DeprecationRow | undefined {
  return byApiVersionKind.get(`${apiVersion}\u0000${kind}`);
}

export const RELEASES: readonly ReleaseRow[] = releases.releases;
/** The date the release table describes: support status is judged as of this day, not the clock. */
export const RELEASES_AS_OF: string = releases.asOf;

/**
 * The minor number of `1.N`, `v1.N.P`, `1.N.P-eks-…` or kubeadm's `stable-1.N`; undefined for anything
 * else (`stable`, `latest`).
 */
export function minorOf(version: string): number | undefined {
  const m = /^(?:(?:stable|latest)-)?v?1\.(\d+)(?:\.\d+)?(?:[-+][\w.-]*)?$/.exec(version.trim());
  return m ? Number(m[1]) : undefined;
}

/** Compares two `1.N` versions by minor. */
export function compareMinor(a: string, b: string): number {
  return (minorOf(a) ?? 0) - (minorOf(b) ?? 0);
}

/** The release row of a version, and whether it is past end of life as of the table's date. */
export function supportStatus(
  version: string,
): { minor: string; row: ReleaseRow | undefined; endOfLife: boolean } | undefined {
  const n = minorOf(version);
  if (n === undefined) return undefined;
  const minor = `1.${n}`;
  const row = RELEASES.find((r) => r.minor === minor);
  const oldest = minorOf(RELEASES[0]!.minor)!;
  if (!row) return n < oldest ? { minor, row: undefined, endOfLife: true } : undefined;
  return { minor, row, endOfLife: row.endOfLife <= RELEASES_AS_OF };
}

/** The minors still patched as of the table's date, oldest first. */
export function supportedMinors(): string[] {
  return RELEASES.filter((r) => r.endOfLife > RELEASES_AS_OF && r.released <= RELEASES_AS_OF).map(
    (r) => r.minor,
  );
}
