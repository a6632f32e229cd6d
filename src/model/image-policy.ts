// Image signature policies of every engine kubeharden reads (Kyverno, Sigstore policy-controller,
// Connaisseur, Ratify on Gatekeeper, Portieris), read into one shape: does the policy enforce, does
// it apply in a namespace, does it cover an image. Each engine's own matching is reproduced:
// Kyverno's wildcard over its normalised image string, policy-controller's glob over
// go-containerregistry's fully-qualified name. What the tree cannot tell is `unknown`, and callers
// treat unknown as covered (a rule must stay quiet where it cannot know).
import { get, items, str, type YNode } from '../load/index.js';
import type { Model } from './index.js';
import type { K8sObject } from './object.js';

export type Tri = 'yes' | 'no' | 'unknown';

export type SignatureEngine =
  | 'Kyverno verifyImages'
  | 'Kyverno ImageValidatingPolicy'
  | 'Sigstore policy-controller'
  | 'Connaisseur'
  | 'Ratify (Gatekeeper)'
  | 'Portieris';

export interface SignaturePolicy {
  readonly object: K8sObject;
  readonly engine: SignatureEngine;
  /** Blocks admission of an image that fails verification (not audit, warn or dry-run). */
  readonly enforcing: boolean;
  /** Whether it applies to pods of a namespace (undefined: the namespace is not written). */
  appliesIn(namespace: string | undefined): Tri;
  /** Whether one of its image patterns matches the image as written in the pod spec. */
  covers(image: string): Tri;
  /** Its image patterns, for messages. */
  readonly patterns: readonly string[];
}

// --- image names as each engine sees them ---------------------------------------------------------

function splitDigest(image: string): { name: string; digest?: string } {
  const at = image.indexOf('@');
  return at < 0 ? { name: image } : { name: image.slice(0, at), digest: image.slice(at + 1) };
}

function splitTag(name: string): { repo: string; tag?: string } {
  const slash = name.lastIndexOf('/');
  const colon = name.indexOf(':', slash + 1);
  return colon < 0 ? { repo: name } : { repo: name.slice(0, colon), tag: name.slice(colon + 1) };
}

/**
 * Kyverno's image string (pkg/utils/image): `docker.io/` is prefixed when the first path component
 * is not a host (no `.` or `:`, not `localhost`, lower-case) — without `library/` — and the result
 * is `registry/path@digest` when a digest is written, else `registry/path:tag` (tag `latest`).
 */
export function kyvernoImageString(image: string): string {
  const slash = image.indexOf('/');
  const first = slash < 0 ? '' : image.slice(0, slash);
  const full =
    slash < 0 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)
      ? `docker.io/${image}`
      : image;
  const { name, digest } = splitDigest(full);
  const { repo, tag } = splitTag(name);
  return digest ? `${repo}@${digest}` : `${repo}:${tag ?? 'latest'}`;
}

/**
 * go-containerregistry's `Reference.Name()` as policy-controller matches it: Docker Hub is
 * `index.docker.io`, one-word Docker Hub repositories get `library/`, and the result is
 * `registry/repo@digest` or `registry/repo:tag` (tag `latest`).
 */
export function sigstoreImageName(image: string): string {
  const { name, digest } = splitDigest(image);
  const { repo, tag } = splitTag(name);
  const slash = repo.indexOf('/');
  const first = slash < 0 ? '' : repo.slice(0, slash);
  let registry = 'index.docker.io';
  let path = repo;
  if (slash >= 0 && (/[.:]/.test(first) || first === 'localhost')) {
    registry = first === 'docker.io' ? 'index.docker.io' : first;
    path = repo.slice(slash + 1);
  }
  if (registry === 'index.docker.io' && !path.includes('/')) path = `library/${path}`;
  return digest ? `${registry}/${path}@${digest}` : `${registry}/${path}:${tag ?? 'latest'}`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}

/** Kyverno's wildcard: `*` is any run of characters (`/` included), `?` exactly one. */
export function kyvernoWildcard(pattern: string): RegExp {
  const body = [...pattern].map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : escapeRegExp(ch))).join('');
  return new RegExp(`^${body}$`, 's');
}

/**
 * policy-controller's glob (pkg/apis/glob): `*` is any run without `/`, `**` any run at all; a bare
 * `*` means `index.docker.io/library/*` and `*\/*` means `index.docker.io/*\/*`. Invalid globs
 * (characters outside `[a-zA-Z0-9-_:/*.]`) match nothing, as the controller rejects them.
 */
export function sigstoreGlob(glob: string): RegExp | undefined {
  let g = glob;
  if (g === '*/*') g = 'index.docker.io/*/*';
  if (g === '*') g = 'index.docker.io/library/*';
  if (!/^[a-zA-Z0-9\-_:/*.]+$/.test(g)) return undefined;
  const body = g.replace(/\./g, '\\.').replace(/\*\*/g, '#').replace(/\*/g, '[^/]*').replace(/#/g, '.*');
  return new RegExp(`^${body}$`);
}

export function sigstoreGlobMatches(glob: string, image: string): boolean {
  const re = sigstoreGlob(glob);
  if (!re) return false;
  const full = sigstoreImageName(image);
  // The controller also tries the name as written when the qualified one does not match.
  return re.test(full) || (full !== image && re.test(image));
}

// --- namespaces -----------------------------------------------------------------------------------

const namespaceObjects = new WeakMap<Model, Map<string, K8sObject>>();

function namespaceObject(model: Model, name: string): K8sObject | undefined {
  let m = namespaceObjects.get(model);
  if (!m) {
    m = new Map();
    for (const n of model.ofKind('Namespace')) if (n.apiVersion === 'v1' && !m.has(n.name)) m.set(n.name, n);
    namespaceObjects.set(model, m);
  }
  return m.get(name);
}

/** `yes`/`no` when the namespace's Namespace object is in the tree, else unknown. */
function namespaceLabel(
  model: Model,
  ns: string | undefined,
  test: (labels: Readonly<Record<string, string>>) => boolean,
): Tri {
  if (ns === undefined) return 'unknown';
  const obj = namespaceObject(model, ns);
  if (!obj) return 'unknown';
  return test(obj.labels) ? 'yes' : 'no';
}

function and(a: Tri, b: Tri): Tri {
  if (a === 'no' || b === 'no') return 'no';
  return a === 'yes' && b === 'yes' ? 'yes' : 'unknown';
}

function or(values: readonly Tri[]): Tri {
  if (values.includes('yes')) return 'yes';
  return values.includes('unknown') ? 'unknown' : 'no';
}

function not(a: Tri): Tri {
  return a === 'yes' ? 'no' : a === 'no' ? 'yes' : 'unknown';
}

function strings(node: YNode | undefined): string[] {
  return items(node)
    .map((n) => str(n))
    .filter((s): s is string => s !== undefined);
}

const POD_KINDS = new Set([
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
]);

/** Kyverno resource filter (`match.any[]` item or legacy `match`): does it take pods of `ns`? */
function kyvernoFilter(filter: YNode | undefined, ns: string | undefined): Tri {
  const resources = get(filter, 'resources');
  if (resources === undefined) return get(filter, 'subjects') || get(filter, 'roles') ? 'unknown' : 'no';
  const kinds = strings(get(resources, 'kinds'));
  if (kinds.length && !kinds.some((k) => k.includes('*') || POD_KINDS.has(k.split('/').pop() ?? k)))
    return 'no';
  let out: Tri = 'yes';
  const namespaces = strings(get(resources, 'namespaces'));
  if (namespaces.length) {
    out = ns === undefined ? 'unknown' : namespaces.some((p) => kyvernoWildcard(p).test(ns)) ? 'yes' : 'no';
  }
  if (get(resources, 'namespaceSelector') !== undefined || get(resources, 'selector') !== undefined)
    out = and(out, 'unknown');
  return out;
}

/** A Kyverno `match`/`exclude` block: `any` (OR), `all` (AND), or the legacy single filter. */
function kyvernoBlock(block: YNode | undefined, ns: string | undefined, empty: Tri): Tri {
  if (block === undefined) return empty;
  const any = items(get(block, 'any'));
  const all = items(get(block, 'all'));
  if (any.length) return or(any.map((f) => kyvernoFilter(f, ns)));
  if (all.length) return all.map((f) => kyvernoFilter(f, ns)).reduce(and, 'yes' as Tri);
  return kyvernoFilter(block, ns);
}

/** Namespaces Kyverno's Helm chart leaves out by default (webhook selector and resourceFilters). */
export const KYVERNO_SKIPPED = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

// --- readers --------------------------------------------------------------------------------------

function readKyverno(o: K8sObject): SignaturePolicy[] {
  const spec = get(o.root, 'spec');
  const policyAction = (str(get(spec, 'validationFailureAction')) ?? 'Audit').toLowerCase();
  const out: SignaturePolicy[] = [];
  for (const rule of items(get(spec, 'rules'))) {
    for (const vi of items(get(rule, 'verifyImages'))) {
      const patterns = [
        ...strings(get(vi, 'imageReferences')),
        ...(str(get(vi, 'image')) ? [str(get(vi, 'image'))!] : []),
      ];
      const skips = strings(get(vi, 'skipImageReferences'));
      const action = (str(get(vi, 'failureAction')) ?? policyAction).toLowerCase();
      const match = get(rule, 'match');
      const exclude = get(rule, 'exclude');
      out.push({
        object: o,
        engine: 'Kyverno verifyImages',
        enforcing: action === 'enforce',
        patterns,
        appliesIn(ns) {
          // Kyverno's default webhook namespaceSelector and resourceFilters skip these.
          if (ns !== undefined && KYVERNO_SKIPPED.has(ns)) return 'no';
          const own: Tri =
            o.kind === 'Policy'
              ? ns === undefined || o.explicitNamespace === undefined
                ? 'unknown'
                : ns === o.explicitNamespace
                  ? 'yes'
                  : 'no'
              : 'yes';
          return and(own, and(kyvernoBlock(match, ns, 'yes'), not(kyvernoBlock(exclude, ns, 'no'))));
        },
        covers(image) {
          const s = kyvernoImageString(image);
          if (skips.some((p) => kyvernoWildcard(p).test(s))) return 'no';
          return patterns.some((p) => kyvernoWildcard(p).test(s)) ? 'yes' : 'no';
        },
      });
    }
  }
  return out;
}

function readSigstore(model: Model, o: K8sObject, noMatchDenies: boolean): SignaturePolicy {
  const spec = get(o.root, 'spec');
  const globs = items(get(spec, 'images')).map((i) => ({
    glob: str(get(i, 'glob')),
    regex: str(get(i, 'regex')),
  }));
  return {
    object: o,
    engine: 'Sigstore policy-controller',
    enforcing: (str(get(spec, 'mode')) ?? 'enforce') === 'enforce',
    patterns: globs.map((g) => g.glob ?? g.regex ?? '').filter(Boolean),
    // The webhook only admits-checks namespaces labelled policy.sigstore.dev/include: "true".
    appliesIn: (ns) => namespaceLabel(model, ns, (l) => l['policy.sigstore.dev/include'] === 'true'),
    covers(image) {
      // With no-match-policy: deny, an image no policy matches is refused anyway.
      if (noMatchDenies) return 'yes';
      if (globs.some((g) => g.glob !== undefined && sigstoreGlobMatches(g.glob, image))) return 'yes';
      return globs.some((g) => g.regex !== undefined) ? 'unknown' : 'no';
    },
  };
}

/** Gatekeeper's namespace patterns: exact, or a `*` prefix/suffix wildcard. */
function gatekeeperNamespaceMatch(pattern: string, ns: string): boolean {
  return kyvernoWildcard(pattern).test(ns);
}

function readRatify(o: K8sObject): SignaturePolicy {
  const spec = get(o.root, 'spec');
  const match = get(spec, 'match');
  const namespaces = strings(get(match, 'namespaces'));
  const excluded = strings(get(match, 'excludedNamespaces'));
  return {
    object: o,
    engine: 'Ratify (Gatekeeper)',
    enforcing: (str(get(spec, 'enforcementAction')) ?? 'deny') === 'deny',
    patterns: ['every image'],
    appliesIn(ns) {
      if (get(match, 'namespaceSelector') !== undefined) return 'unknown';
      if (!namespaces.length && !excluded.length) return 'yes';
      if (ns === undefined) return 'unknown';
      if (excluded.some((p) => gatekeeperNamespaceMatch(p, ns))) return 'no';
      return !namespaces.length || namespaces.some((p) => gatekeeperNamespaceMatch(p, ns)) ? 'yes' : 'no';
    },
    covers: () => 'yes',
  };
}

/** Engines whose image rules live outside the objects (Connaisseur's Helm values) or are not evaluated here. */
function opaque(model: Model, o: K8sObject, engine: SignatureEngine, enforcing: boolean): SignaturePolicy {
  return {
    object: o,
    engine,
    enforcing,
    patterns: ['(not evaluated)'],
    appliesIn: (ns) =>
      engine === 'Connaisseur'
        ? not(
            namespaceLabel(model, ns, (l) => l['securesystemsengineering.connaisseur/webhook'] === 'ignore'),
          )
        : engine === 'Portieris' && o.kind === 'ImagePolicy'
          ? ns === undefined || o.explicitNamespace === undefined
            ? 'unknown'
            : ns === o.explicitNamespace
              ? 'yes'
              : 'no'
          : 'yes',
    covers: () => 'unknown',
  };
}

/** Every image signature policy in the tree, in scan order. */
export function signaturePolicies(model: Model): SignaturePolicy[] {
  const noMatchDenies = model
    .ofKind('ConfigMap')
    .some(
      (c) =>
        c.name === 'config-policy-controller' && str(get(get(c.root, 'data'), 'no-match-policy')) === 'deny',
    );
  const out: SignaturePolicy[] = [];
  for (const o of model.objects) {
    if (o.group === 'kyverno.io' && (o.kind === 'ClusterPolicy' || o.kind === 'Policy'))
      out.push(...readKyverno(o));
    else if (
      (o.group === 'policies.kyverno.io' || o.group === 'kyverno.io') &&
      (o.kind === 'ImageValidatingPolicy' || o.kind === 'NamespacedImageValidatingPolicy')
    ) {
      const actions = strings(get(get(o.root, 'spec'), 'validationActions'));
      out.push(
        opaque(model, o, 'Kyverno ImageValidatingPolicy', actions.length === 0 || actions.includes('Deny')),
      );
    } else if (o.group === 'policy.sigstore.dev' && o.kind === 'ClusterImagePolicy')
      out.push(readSigstore(model, o, noMatchDenies));
    else if (o.group === 'constraints.gatekeeper.sh' && o.kind === 'RatifyVerification')
      out.push(readRatify(o));
    else if (
      (o.kind === 'ValidatingWebhookConfiguration' || o.kind === 'MutatingWebhookConfiguration') &&
      o.name.includes('connaisseur')
    )
      out.push(opaque(model, o, 'Connaisseur', true));
    else if (
      o.group === 'portieris.cloud.ibm.com' &&
      (o.kind === 'ImagePolicy' || o.kind === 'ClusterImagePolicy')
    )
      out.push(opaque(model, o, 'Portieris', true));
  }
  return out;
}
