// The fix API rules use: edits expressed on the document (field paths and values), never as text.
// The engine (apply.ts) turns them into minimal text edits that keep everything else as it was.

/** A value a fix writes: a scalar, or a map or sequence of them when parents must be created. */
export type FixValue = string | number | boolean | readonly FixValue[] | { readonly [key: string]: FixValue };

/** An item `add` appends: a scalar, or a map of scalars (`{name: anonymous-auth, value: "false"}`). */
export type ListItem = string | number | boolean | { readonly [key: string]: string | number | boolean };

/** One change to a document. `path` is a field path from the document root, as findings name them. */
export type DocEdit =
  /** Set a field, creating the missing parents as maps. */
  | { readonly op: 'set'; readonly path: string; readonly value: FixValue }
  /** Add an item to the sequence at `path` unless an equal item is there; creates the sequence. */
  | { readonly op: 'add'; readonly path: string; readonly item: ListItem }
  /** Remove a field (nothing when it is not there). */
  | { readonly op: 'remove'; readonly path: string }
  /** Rename a key, keeping its value; refused when the map already has the new key. */
  | { readonly op: 'rename'; readonly path: string; readonly to: string }
  /**
   * Replace the scalar at `[start, end)` of the text with `value`. Rules never make this: it is how
   * the engine points the fix of a rendered finding at the values-file or patch line that wrote the
   * node (rendered.ts). `path` names the field in messages.
   */
  | {
      readonly op: 'replace';
      readonly path: string;
      readonly start: number;
      readonly end: number;
      readonly value: string | number | boolean;
    };

/** What a rule attaches to a finding: a one-line description (shown in SARIF and diffs) and its edits. */
export interface FixSpec {
  readonly description: string;
  readonly edits: readonly DocEdit[];
}

export const setField = (path: string, value: FixValue): DocEdit => ({ op: 'set', path, value });
export const addItem = (path: string, item: ListItem): DocEdit => ({
  op: 'add',
  path,
  item,
});
export const removeField = (path: string): DocEdit => ({ op: 'remove', path });
export const renameKey = (path: string, to: string): DocEdit => ({ op: 'rename', path, to });

/** A fix of one edit, the common case: `fix: fixWith('set readOnlyRootFilesystem: true', setField(...))`. */
export function fixWith(description: string, ...edits: DocEdit[]): FixSpec {
  return { description, edits };
}

/**
 * Splits a field path (`spec.containers[0].securityContext`, `metadata.annotations["a.b/c"]`) into
 * steps. Paths are made by `joinPath`, which quotes any key that is not a plain identifier.
 */
export function parseFieldPath(path: string): (string | number)[] {
  const steps: (string | number)[] = [];
  let i = 0;
  while (i < path.length) {
    const ch = path[i]!;
    if (ch === '.') {
      i++;
      continue;
    }
    if (ch === '[') {
      if (path[i + 1] === '"') {
        // A JSON string up to its closing quote.
        let j = i + 2;
        while (j < path.length && path[j] !== '"') j += path[j] === '\\' ? 2 : 1;
        steps.push(JSON.parse(path.slice(i + 1, j + 1)) as string);
        i = j + 2;
      } else {
        const close = path.indexOf(']', i);
        if (close < 0) throw new Error(`bad field path ${path}`);
        steps.push(Number(path.slice(i + 1, close)));
        i = close + 1;
      }
      continue;
    }
    let j = i;
    while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
    steps.push(path.slice(i, j));
    i = j;
  }
  return steps;
}
