// Parses container image references the way the container runtimes normalise them:
// `[registry[:port]/]repository[:tag][@digest]`, with Docker Hub as the default registry and
// `library/` as the default namespace of one-word Docker Hub names.

export const DEFAULT_REGISTRY = 'docker.io';

export interface ImageRef {
  /** The text as written. */
  readonly raw: string;
  /** Registry host (with port), normalised: `docker.io` when none is written. */
  readonly registry: string;
  /** Repository path inside the registry: `library/nginx` for a bare `nginx` on Docker Hub. */
  readonly repository: string;
  readonly tag?: string;
  /** `sha256:...`, when pinned. */
  readonly digest?: string;
}

/** The full name without tag or digest: `docker.io/library/nginx`. */
export function imageName(ref: ImageRef): string {
  return `${ref.registry}/${ref.repository}`;
}

/**
 * Parses an image reference. Returns undefined for an empty string; anything else yields a
 * reference (malformed text still splits somewhere, which is what the runtime would try to pull).
 */
export function parseImageRef(raw: string): ImageRef | undefined {
  let rest = raw.trim();
  if (rest === '') return undefined;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1) || undefined;
    rest = rest.slice(0, at);
  }
  // The tag is after the last colon that follows the last slash (a colon before it is a port).
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  if (colon >= 0) {
    tag = rest.slice(colon + 1) || undefined;
    rest = rest.slice(0, colon);
  }
  let registry = DEFAULT_REGISTRY;
  let repository = rest;
  const firstSlash = rest.indexOf('/');
  if (firstSlash >= 0) {
    const first = rest.slice(0, firstSlash);
    // The first component is a registry when it looks like a host: a dot, a port, or localhost.
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first.toLowerCase();
      repository = rest.slice(firstSlash + 1);
    }
  }
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = DEFAULT_REGISTRY;
  if (registry === DEFAULT_REGISTRY && !repository.includes('/')) repository = `library/${repository}`;
  return {
    raw,
    registry,
    repository,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/**
 * True when `pattern` covers the image: the pattern is a registry (`ghcr.io`), a registry and a
 * repository prefix ending at a path boundary (`ghcr.io/acme`, `docker.io/library/nginx`), or a
 * bare Docker Hub name normalised like an image (`nginx` means `docker.io/library/nginx`). A
 * trailing `/*` or `/` is allowed and means the same as the prefix.
 */
export function imageMatches(ref: ImageRef, pattern: string): boolean {
  const trimmed = pattern.trim().replace(/\/\*?$/, '');
  if (trimmed === '') return false;
  const normalised = normalisePattern(trimmed);
  const name = imageName(ref);
  return name === normalised || name.startsWith(`${normalised}/`);
}

function normalisePattern(pattern: string): string {
  const slash = pattern.indexOf('/');
  const first = slash >= 0 ? pattern.slice(0, slash) : pattern;
  const isHost = first.includes('.') || first.includes(':') || first === 'localhost';
  if (isHost) {
    const host = first.toLowerCase();
    const canonical = host === 'index.docker.io' || host === 'registry-1.docker.io' ? DEFAULT_REGISTRY : host;
    return slash >= 0 ? `${canonical}${pattern.slice(slash)}` : canonical;
  }
  // No host: a Docker Hub repository (`nginx` → `docker.io/library/nginx`, `bitnami` stays an org).
  return slash >= 0 ? `${DEFAULT_REGISTRY}/${pattern}` : `${DEFAULT_REGISTRY}/library/${pattern}`;
}
