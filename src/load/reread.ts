// A file's text costs one to two bytes per source byte, as much as its tree. A scan needs the text
// while the tree is built and later only for the few places findings show (code frames, fixes, a
// number written as `1.0`), so the text of a file read from disk is let go once it is loaded and
// read again when asked for. A content digest taken at load says whether the file read again is
// the file that was linted; when it is not, the text is empty and `stale` says why, so a report
// never shows a frame of text that findings were not made on.
import * as crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { SourceText } from './index.js';
import { ownCopy } from './strings.js';

/**
 * A digest of a file's bytes: equal digests, equal text (decoding is deterministic). The one-shot
 * `hash` (Node 20.12+) where it exists: most manifests are small, and a Hash object per file cost
 * more than the hashing.
 */
export function contentDigest(bytes: Uint8Array): string {
  return oneShot
    ? oneShot('sha1', bytes, 'base64')
    : crypto.createHash('sha1').update(bytes).digest('base64');
}

// Looked up, not imported by name: Node 20 before 20.12 has no `hash`, and an import of a missing
// name would fail to link.
const oneShot = (crypto as { hash?: typeof crypto.hash }).hash;

type Decode = (bytes: Uint8Array) => string | undefined;

/** What a DiskText let go is made of: enough to make it again in another thread (load/parallel.ts). */
export interface ReleasedDiskText {
  readonly path: string;
  readonly absPath: string;
  readonly digest: string;
  readonly length: number;
  readonly lineStarts: Int32Array;
  readonly keptLines: readonly (readonly [number, string])[];
}

/** The text of one file on disk: held until `release()`, then read again (and checked) on demand. */
export class DiskText implements SourceText {
  private held: string | null;
  private staleReason: string | undefined;
  /**
   * Trimmed texts of a few lines kept when the text was let go (finding fingerprints need them):
   * line, text, line, text, ... in one array (most files keep one line; a Map each cost about 150
   * bytes more, 5 MB on a scan of 34,000 files).
   */
  private keptLines: (number | string)[] | undefined;

  constructor(
    readonly path: string,
    readonly absPath: string,
    private readonly digest: string,
    text: string,
    readonly lineStarts: ArrayLike<number>,
    private readonly decode: Decode,
  ) {
    this.held = text;
    this.length = text.length;
  }

  /** A DiskText let go in another thread, made again from `releasedState()`. */
  static fromReleased(state: ReleasedDiskText, decode: Decode): DiskText {
    const disk = new DiskText(state.path, state.absPath, state.digest, '', state.lineStarts, decode);
    disk.held = null;
    (disk as { length: number }).length = state.length;
    if (state.keptLines.length > 0) disk.keptLines = state.keptLines.flat();
    return disk;
  }

  /** This text's state once let go, to send to another thread; undefined while it is held. */
  releasedState(): ReleasedDiskText | undefined {
    if (this.held !== null || !(this.lineStarts instanceof Int32Array)) return undefined;
    return {
      path: this.path,
      absPath: this.absPath,
      digest: this.digest,
      length: this.length,
      lineStarts: this.lineStarts,
      keptLines: keptPairs(this.keptLines),
    };
  }

  /** Length of the text, known without it. */
  readonly length: number;

  /** The text; empty when the file changed on disk since it was loaded (see `stale`). */
  get text(): string {
    if (this.held !== null) return this.held;
    return this.reread() ?? '';
  }

  /** Why the text cannot be shown (the file changed or vanished since it was linted), if so. */
  get stale(): string | undefined {
    if (this.held === null) this.reread();
    return this.staleReason;
  }

  /** Whether the text is held in memory now (tests). */
  get released(): boolean {
    return this.held === null;
  }

  /** Lets the text go, keeping the trimmed text of `lines` (1-based). */
  release(lines: Iterable<number> = []): void {
    if (this.held === null) return;
    const text = this.held;
    const wanted = [...new Set(lines)].filter((l) => l >= 1 && l <= this.lineStarts.length);
    if (wanted.length > 0) {
      const kept: (number | string)[] = [];
      for (const line of wanted.sort((a, b) => a - b)) {
        const s = this.lineStarts[line - 1]!;
        const e = line < this.lineStarts.length ? this.lineStarts[line]! : text.length;
        // A copy: a slice would keep the whole text alive.
        kept.push(line, ownCopy(text.slice(s, e).trim()));
      }
      this.keptLines = kept;
    }
    this.held = null;
  }

  /** The trimmed text of a line kept at release, if it was. */
  keptLine(line: number): string | undefined {
    const kept = this.keptLines;
    const at = kept ? keptIndex(kept, line) : -1;
    return at < 0 ? undefined : (kept![at + 1] as string);
  }

  private reread(): string | undefined {
    const cached = recent.get(this);
    if (cached !== undefined) {
      // Most recently used last.
      recent.delete(this);
      recent.set(this, cached);
      return cached;
    }
    if (this.staleReason !== undefined) return undefined;
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(this.absPath);
    } catch {
      this.staleReason = `${this.path} could not be read again after it was linted`;
      return undefined;
    }
    const text = contentDigest(bytes) === this.digest ? this.decode(bytes) : undefined;
    if (text === undefined) {
      this.staleReason = `${this.path} changed on disk after it was linted`;
      return undefined;
    }
    remember(this, text);
    return text;
  }
}

/** Where `line` is in a list of kept lines (line, text, ... by line), or -1. */
function keptIndex(kept: readonly (number | string)[], line: number): number {
  let lo = 0;
  let hi = kept.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = kept[2 * mid] as number;
    if (at === line) return 2 * mid;
    if (at < line) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function keptPairs(kept: readonly (number | string)[] | undefined): [number, string][] {
  const out: [number, string][] = [];
  if (kept) for (let i = 0; i < kept.length; i += 2) out.push([kept[i] as number, kept[i + 1] as string]);
  return out;
}

/**
 * Texts read again, most recent last. Reports visit findings file by file, so a few suffice; the
 * bound keeps a report of a large scan from holding every text again.
 */
const recent = new Map<DiskText, string>();
const RECENT_FILES = 4;
const RECENT_CHARS = 16 * 1024 * 1024;
let recentChars = 0;

function remember(file: DiskText, text: string): void {
  recent.set(file, text);
  recentChars += text.length;
  for (const [f, t] of recent) {
    if (recent.size <= 1 || (recent.size <= RECENT_FILES && recentChars <= RECENT_CHARS)) break;
    recent.delete(f);
    recentChars -= t.length;
  }
}
