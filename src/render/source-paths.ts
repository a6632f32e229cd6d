// Where a fix of a built overlay is moved to a base file (engine/rendered.ts), the file's map or
// list at an offset is found again by its field path. The `yaml` package answers every file; this
// answers the ones the loader's scanner vouches for, with the same result, at a fraction of the
// cost (the package composed each of them once more). Null when it cannot say: ask the package.
import { DEFAULT_PARSE_LIMITS } from '../load/compose.js';
import { scanYamlText } from '../load/scan.js';
import type { YNode } from '../load/tree.js';

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
  // Merge keys and line breaks other than LF are read differently by the two paths: not vouched.
  if (text.includes('<<') || text.includes('\r')) return null;
  const scanned = scanYamlText(text, DEFAULT_PARSE_LIMITS);
  if (!scanned || scanned.problems.length > 0 || scanned.collectionKeys) return null;
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
