// One share of a parallel load (load/parallel.ts): the files a thread loaded, packed to cross to
// the main thread. The trees' rows move (transferred, not copied); the values of the loading
// thread's table are copied once each, however many files use them; the texts stay behind (each
// file's text was let go after loading, and is read again from disk when a report needs it).
import {
  type FileProblem,
  type HelmSource,
  type IgnoreDirective,
  type LoadedDocument,
  type LoadOptions,
  type NonUtf8Encoding,
  readSource,
  releasedSource,
  releaseText,
  type SourceFile,
} from './index.js';
import { adoptTrees, adoptValues, rowsOf, type TreeStore } from './nodes.js';
import type { ReleasedDiskText } from './reread.js';
import type { ScalarValue } from './tree.js';

/** What a loading thread is given: the files, and the shared counters it takes them by. */
export interface LoadTask {
  /** [absolute path, display path] of every file of the load. */
  readonly files: readonly (readonly [string, string])[];
  /** next[0]: the index of the next file nobody has taken (Atomics.add on a SharedArrayBuffer). */
  readonly next: Int32Array;
  /** taken[0]: how many files threads other than the main one have taken. */
  readonly taken: Int32Array;
  readonly options: LoadOptions;
}

interface PackedDocument {
  readonly index: number;
  readonly start: number;
  readonly end: number;
  readonly contentStart: number;
  readonly helmSource?: HelmSource;
  /** Index into the file's stores, or -1 for a document without a tree. */
  readonly store: number;
  readonly root: number;
}

interface PackedFile {
  /** Index of the file in LoadTask.files. */
  readonly at: number;
  readonly path: string;
  readonly lineStarts: Int32Array;
  readonly documents: readonly PackedDocument[];
  readonly problems: readonly FileProblem[];
  readonly ignores: readonly IgnoreDirective[];
  readonly notice?: string;
  readonly encoding?: NonUtf8Encoding;
  readonly stores: readonly Int32Array[];
  /** A file read as text; absent for one that was not (unreadable, too large, not text). */
  readonly disk?: ReleasedDiskText;
}

export interface LoadShare {
  readonly files: readonly PackedFile[];
  /** The loading thread's value table: the trees' scalar refs index it. */
  readonly values: readonly ScalarValue[];
}

/** Reads one file and lets its text go: what every thread of a load does with each file. */
export function readReleased(absPath: string, path: string, options: LoadOptions): SourceFile {
  const file = readSource(absPath, path, options);
  releaseText(file);
  return file;
}

/** Packs a loaded file; `moved` collects the buffers to transfer. */
export function packFile(at: number, file: SourceFile, moved: ArrayBuffer[]): PackedFile {
  const stores: TreeStore[] = [];
  const documents = file.documents.map((d): PackedDocument => {
    let store = -1;
    let root = -1;
    if (d.root) {
      const rows = rowsOf(d.root);
      store = stores.indexOf(rows.store);
      if (store < 0) store = stores.push(rows.store) - 1;
      root = rows.id;
    }
    const packed = { index: d.index, start: d.start, end: d.end, contentStart: d.contentStart, store, root };
    return d.helmSource ? { ...packed, helmSource: d.helmSource } : packed;
  });
  // A file's line starts are an Int32Array of its own (computeLineStarts), which its released
  // text shares: moved once, and the same array again on the other side.
  const lineStarts =
    file.lineStarts instanceof Int32Array && ownsBuffer(file.lineStarts)
      ? file.lineStarts
      : Int32Array.from(file.lineStarts);
  const released = file.disk?.releasedState();
  const disk = released && { ...released, lineStarts };
  // A finished tree owns its rows' buffer exactly; anything else is copied rather than moved, so
  // that moving never takes a buffer this thread still writes to.
  const data = stores.map((s) => (ownsBuffer(s.data) ? s.data : s.data.slice()));
  for (const d of data) moved.push(d.buffer as ArrayBuffer);
  moved.push(lineStarts.buffer as ArrayBuffer);
  return {
    at,
    path: file.path,
    lineStarts,
    documents,
    problems: file.problems,
    ignores: file.ignores,
    ...(file.notice ? { notice: file.notice } : {}),
    ...(file.encoding ? { encoding: file.encoding } : {}),
    stores: data,
    ...(disk ? { disk } : {}),
  };
}

function ownsBuffer(a: Int32Array): boolean {
  return a.byteOffset === 0 && a.byteLength === a.buffer.byteLength;
}

/** The files of a share, as this thread's SourceFiles (their values joined to this thread's table). */
export function unpackShare(share: LoadShare): { readonly at: number; readonly file: SourceFile }[] {
  const ids = adoptValues(share.values);
  return share.files.map((f) => {
    const roots = f.stores.map((data, s) =>
      adoptTrees(
        data,
        f.documents.filter((d) => d.store === s).map((d) => d.root),
        ids,
      ),
    );
    const next = f.stores.map(() => 0);
    const documents = f.documents.map((d): LoadedDocument => {
      const root = d.store < 0 ? null : roots[d.store]![next[d.store]!++]!;
      const doc = { index: d.index, root, start: d.start, end: d.end, contentStart: d.contentStart };
      return d.helmSource ? { ...doc, helmSource: d.helmSource } : doc;
    });
    const rest = {
      path: f.path,
      lineStarts: f.lineStarts,
      documents,
      problems: f.problems,
      ignores: f.ignores,
      ...(f.notice ? { notice: f.notice } : {}),
      ...(f.encoding ? { encoding: f.encoding } : {}),
    };
    return { at: f.at, file: f.disk ? releasedSource(rest, f.disk) : { ...rest, text: '' } };
  });
}
