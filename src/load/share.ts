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
import { adoptTrees, adoptValues, placeInts, rowsOf, type TreeStore } from './nodes.js';
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
  /** skip[i] = 1: file i is not wanted after all (the render stage read it): leave it. */
  readonly skip: Uint8Array;
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

/** Ints in one of a share's buffers (a slab of many files' rows, or a large file's own). */
interface IntsRef {
  readonly buffer: number;
  /** In ints. */
  readonly offset: number;
  readonly length: number;
}

interface PackedFile {
  /** Index of the file in LoadTask.files. */
  readonly at: number;
  readonly path: string;
  readonly lineStarts: IntsRef;
  readonly documents: readonly PackedDocument[];
  readonly problems: readonly FileProblem[];
  readonly ignores: readonly IgnoreDirective[];
  readonly notice?: string;
  readonly encoding?: NonUtf8Encoding;
  readonly stores: readonly IntsRef[];
  /** A file read as text; absent for one that was not (unreadable, too large, not text). */
  readonly disk?: Omit<ReleasedDiskText, 'lineStarts'>;
}

export interface LoadShare {
  readonly files: readonly PackedFile[];
  /** What the rows and line starts are in, each moved once. */
  readonly buffers: readonly ArrayBuffer[];
  /** The loading thread's value table: the trees' scalar refs index it. */
  readonly values: readonly ScalarValue[];
}

/** Reads one file and lets its text go: what every thread of a load does with each file. */
export function readReleased(absPath: string, path: string, options: LoadOptions): SourceFile {
  const file = readSource(absPath, path, options);
  releaseText(file);
  return file;
}

/**
 * Packs the files a thread loads into a share. Every buffer their rows and line starts are in must
 * be theirs alone, which holds for files loaded after startLoadSession(): the slabs are new, and a
 * large file's rows have a buffer of their own. The buffers are then moved, each once.
 */
export class SharePacker {
  readonly buffers: ArrayBuffer[] = [];
  private readonly files: PackedFile[] = [];
  private readonly bufferIds = new Map<ArrayBuffer, number>();

  add(at: number, file: SourceFile): void {
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
      const packed = {
        index: d.index,
        start: d.start,
        end: d.end,
        contentStart: d.contentStart,
        store,
        root,
      };
      return d.helmSource ? { ...packed, helmSource: d.helmSource } : packed;
    });
    // Into the slab: the file's own small array would stay behind in this thread's allocator.
    const lineStarts = placeInts(
      file.lineStarts instanceof Int32Array ? file.lineStarts : Int32Array.from(file.lineStarts),
    );
    const released = file.disk?.releasedState();
    // Without its line starts (the same array as the file's): no copy of them is sent.
    const disk = released && {
      path: released.path,
      absPath: released.absPath,
      digest: released.digest,
      length: released.length,
      keptLines: released.keptLines,
    };
    this.files.push({
      at,
      path: file.path,
      lineStarts: this.ref(lineStarts),
      documents,
      problems: file.problems,
      ignores: file.ignores,
      ...(file.notice ? { notice: file.notice } : {}),
      ...(file.encoding ? { encoding: file.encoding } : {}),
      stores: stores.map((s) => this.ref(s.data)),
      ...(disk ? { disk } : {}),
    });
  }

  /** The share, with the loading thread's value table. */
  share(values: readonly ScalarValue[]): LoadShare {
    return { files: this.files, buffers: this.buffers, values };
  }

  private ref(a: Int32Array): IntsRef {
    const buffer = a.buffer as ArrayBuffer;
    let id = this.bufferIds.get(buffer);
    if (id === undefined) {
      id = this.buffers.push(buffer) - 1;
      this.bufferIds.set(buffer, id);
    }
    return { buffer: id, offset: a.byteOffset >> 2, length: a.length };
  }
}

/** The files of a share, as this thread's SourceFiles (their values joined to this thread's table). */
export function unpackShare(share: LoadShare): { readonly at: number; readonly file: SourceFile }[] {
  const ids = adoptValues(share.values);
  const view = (r: IntsRef) => new Int32Array(share.buffers[r.buffer]!, r.offset * 4, r.length);
  return share.files.map((f) => {
    const lineStarts = view(f.lineStarts);
    const roots = f.stores.map((ref, s) =>
      adoptTrees(
        view(ref),
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
      lineStarts,
      documents,
      problems: f.problems,
      ignores: f.ignores,
      ...(f.notice ? { notice: f.notice } : {}),
      ...(f.encoding ? { encoding: f.encoding } : {}),
    };
    return {
      at: f.at,
      file: f.disk ? releasedSource(rest, { ...f.disk, lineStarts }) : { ...rest, text: '' },
    };
  });
}
