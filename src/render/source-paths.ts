// Where a fix of a built overlay is moved to a base file (engine/rendered.ts), the file's map or
// list at an offset is found again by its field path. The `yaml` package answers every file; this
// answers the ones the loader's scanner vouches for, with the same result, at a fraction of the
// cost (the package composed each of them once more). Null when it cannot say: ask the package.
import { DEFAULT_PARSE_LIMITS } from '../load/compose.js';
import { scanYamlText } from '../load/scan.js';
import type { ScalarValue, YNode } from '../load/tree.js';

export interface CollectionPath {
  readonly path: (string | number)[];
  /** Where the document's content starts. */
  readonly documentStart: number;
}

/** A plain key that reads as the same string under YAML 1.1 and as written (no bool, null, number). */
const SAFE_PLAIN_KEY = /^[A-Za-z_][\w./-]*$/;
const YAML11_WORDS = /^(y|n|yes|no|on|off|true|false|null)$/i;

class Unsure extends Error {}

/**
 * The field path (from its document's root) of the map or list that starts at `offset`, or whose
 * key does; undefined when there is none; null when the scanner cannot vouch for the answer.
 */
export function scannedCollectionPath(
  text: string,
  offset: number,
  kind: 'map' | 'seq',
): CollectionPath | undefined | null {
  const scanned = scannedText(text);
  if (!scanned) return null;
  try {
    for (const doc of scanned.documents) {
      const root = doc.root;
      if (!root || offset < root.start || offset > doc.end) continue;
      const path = find(text, root, offset, [], kind);
      if (path) return { path, documentStart: root.start };
    }
    return undefined;
  } catch (err) {
    if (err instanceof Unsure) return null;
    throw err;
  }
}

/** A scalar of a document: its span and YAML 1.1 value. */
export interface ScannedScalar {
  readonly start: number;
  readonly end: number;
  readonly value: ScalarValue;
}

/**
 * The non-null, single-line-headed scalar at `steps` in the document whose content starts at
 * `contentStart`, as the fix editor (engine/fix/apply.ts) would walk to it; undefined when the
 * walk ends elsewhere (a missing field, a map or list, a step through a scalar), where the editor
 * would insert or refuse; null when the scanner cannot vouch for the answer (then ask the editor).
 */
export function scannedScalarAt(
  text: string,
  contentStart: number,
  steps: readonly (string | number)[],
): ScannedScalar | undefined | null {
  const doc = scannedDocument(text, contentStart);
  if (!doc) return null;
  const at = walk(text, doc.root, steps);
  if (!at) return at;
  const node = at.node;
  if (at.rest.length > 0 || node.type !== 'scalar') return undefined;
  // A null (the editor fills it in) or a block scalar (its header's span rules): the editor decides.
  const first = text.charCodeAt(node.start);
  if (node.value === null || first === 124 /* | */ || first === 62 /* > */) return null;
  return { start: node.start, end: node.end, value: node.value };
}

/** The deepest map or list on a field path, and the steps below it that do not exist. */
export interface ScannedAncestor {
  readonly start: number;
  /** After its last character that is not a blank. */
  readonly end: number;
  readonly kind: 'map' | 'seq';
  readonly rest: readonly (string | number)[];
}

/**
 * The deepest node of `steps` that exists in the document whose content starts at `contentStart`,
 * when it is a map or list, with the steps below it that do not exist, as the fix editor walks
 * (engine/fix/apply.ts existingAncestor); undefined when the editor's walk refuses or ends on a
 * scalar; null when the scanner cannot vouch for the answer. Comments are left to the editor: the
 * `yaml` package counts a comment after a collection's last item into its range.
 */
export function scannedAncestor(
  text: string,
  contentStart: number,
  steps: readonly (string | number)[],
): ScannedAncestor | undefined | null {
  const doc = scannedDocument(text, contentStart);
  if (!doc) return null;
  const hash = text.indexOf('#', doc.root.start);
  if (hash >= 0 && hash < doc.end) return null;
  const at = walk(text, doc.root, steps);
  if (!at) return at;
  const node = at.node;
  if (node.type === 'scalar') return node.value === null ? null : undefined;
  const end = node.start + text.slice(node.start, node.end).trimEnd().length;
  return { start: node.start, end, kind: node.type, rest: at.rest };
}

/** The scanned document whose content starts at `contentStart`; undefined when not vouched for. */
function scannedDocument(text: string, contentStart: number): { root: YNode; end: number } | undefined {
  for (const d of scannedText(text)?.documents ?? [])
    if (d.root?.start === contentStart) return { root: d.root, end: d.end };
  return undefined;
}

/**
 * Walks `steps` from `root` as the fix editor does: the deepest node reached and the steps left
 * below it (a missing key); undefined where the editor refuses (a step through a scalar, an index
 * into what is not a list, or past its end); null where it would fill in a null, or a key is one
 * the scanner cannot vouch for.
 */
function walk(
  text: string,
  root: YNode,
  steps: readonly (string | number)[],
): { node: YNode; rest: readonly (string | number)[] } | undefined | null {
  try {
    let node = root;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]!;
      if (node.type === 'scalar') return node.value === null ? null : undefined;
      if (typeof step === 'number') {
        const item = node.type === 'seq' ? node.items[step] : undefined;
        if (!item) return undefined;
        node = item;
        continue;
      }
      if (node.type !== 'map') return undefined;
      // The last pair with the key wins, as in the editor (and the API server's decoder).
      let found: YNode | undefined;
      for (const { key, value } of node.pairs)
        if (keyText(text, key.start, key.end, key.value) === step) found = value;
      if (!found) return { node, rest: steps.slice(i) };
      node = found;
    }
    return { node, rest: [] };
  } catch (err) {
    if (err instanceof Unsure) return null;
    throw err;
  }
}

type Scanned = NonNullable<ReturnType<typeof scanYamlText>>;

// Fixes of one overlay's objects move to the same few base and patch files one after another: each
// is scanned once while it is asked about, not once per fix.
const recentScans: { text: string; scanned: Scanned | null }[] = [];
const RECENT_SCANS = 8;

/** Lets the scanned texts go (at the end of a run's mapping of rendered findings). */
export function forgetScannedTexts(): void {
  recentScans.length = 0;
}

/** The text's documents as the scanner reads them; null when it cannot vouch for them. */
function scannedText(text: string): Scanned | null {
  const hit = recentScans.find((r) => r.text === text);
  if (hit) return hit.scanned;
  let scanned: Scanned | null = null;
  // Merge keys and line breaks other than LF are read differently by the two paths: not vouched.
  if (!text.includes('<<') && !text.includes('\r')) {
    const s = scanYamlText(text, DEFAULT_PARSE_LIMITS);
    if (s && s.problems.length === 0 && !s.collectionKeys) scanned = s;
  }
  recentScans.unshift({ text, scanned });
  if (recentScans.length > RECENT_SCANS) recentScans.pop();
  return scanned;
}

function find(
  text: string,
  node: YNode,
  offset: number,
  path: (string | number)[],
  kind: 'map' | 'seq',
): (string | number)[] | undefined {
  if (node.start === offset && node.type === kind) return path;
  if (node.type === 'map') {
    for (const { key, value } of node.pairs) {
      const step = keyText(text, key.start, key.end, key.value);
      if (key.start === offset && value.type === kind) return [...path, step];
      // A node's end here is its last character; the package's range[2] runs on over blanks and
      // comments after it, where no node or key starts.
      if (value.start <= offset && offset < value.end)
        return find(text, value, offset, [...path, step], kind);
    }
  } else if (node.type === 'seq') {
    const items = node.items;
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (item.start <= offset && offset < item.end) return find(text, item, offset, [...path, i], kind);
    }
  }
  return undefined;
}

/** The key as the `yaml` package's YAML 1.1 value prints; Unsure when it may not be that text. */
function keyText(text: string, start: number, end: number, value: unknown): string {
  const raw = text.slice(start, end);
  if (typeof value !== 'string') throw new Unsure();
  const c = raw.charCodeAt(0);
  if (c === 34 /* " */ || c === 39 /* ' */) {
    if (raw.includes('\\') || raw.includes('\n') || raw.length < 2 || raw.at(-1) !== raw[0])
      throw new Unsure();
    const inner = raw.slice(1, -1);
    return c === 39 ? inner.replaceAll("''", "'") : inner;
  }
  if (!SAFE_PLAIN_KEY.test(raw) || YAML11_WORDS.test(raw)) throw new Unsure();
  return raw;
}
