// Reads a chart archive (.tgz) into memory with limits: gunzip with node:zlib (bounded output), then
// a small ustar/GNU/pax reader. A hand-written reader rather than `tar-stream`: charts are read
// synchronously inside the render stage, the format subset Helm writes is small, and every limit
// (total bytes, entry count, path shape) is enforced at the one place entries are produced.
import { gunzipSync } from 'node:zlib';

export interface ArchiveLimits {
  /** Largest unpacked size in bytes. */
  readonly maxBytes: number;
  /** Most entries. */
  readonly maxEntries: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = { maxBytes: 50 * 1024 * 1024, maxEntries: 10_000 };

export interface ArchiveFile {
  /** Path inside the archive with the leading chart folder removed (as Helm's loader keeps it). */
  readonly name: string;
  readonly data: Uint8Array;
}

export class ArchiveError extends Error {}

/** Unpacks a gzipped chart archive; throws ArchiveError with a message for the user. */
export function readChartArchive(
  gz: Uint8Array,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): ArchiveFile[] {
  let tar: Buffer;
  try {
    tar = gunzipSync(gz, { maxOutputLength: limits.maxBytes });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/maxOutputLength|Cannot create a Buffer larger|too large/i.test(msg)) {
      throw new ArchiveError(`the archive unpacks to more than ${limits.maxBytes} bytes`);
    }
    throw new ArchiveError(`the archive is not gzip data (${msg})`);
  }
  const files: ArchiveFile[] = [];
  let off = 0;
  let longName: string | undefined;
  let paxPath: string | undefined;
  let entries = 0;
  while (off + 512 <= tar.length) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    if (++entries > limits.maxEntries)
      throw new ArchiveError(`the archive has more than ${limits.maxEntries} entries`);
    const size = parseOctal(header.subarray(124, 136));
    const type = String.fromCharCode(header[156]!);
    const dataStart = off + 512;
    const dataEnd = dataStart + size;
    if (dataEnd > tar.length) throw new ArchiveError('the archive is truncated');
    const data = tar.subarray(dataStart, dataEnd);
    off = dataStart + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = cString(data);
      continue;
    }
    if (type === 'x') {
      paxPath = parsePaxPath(data) ?? paxPath;
      continue;
    }
    if (type === 'g') continue;
    let name = longName ?? paxPath ?? headerName(header);
    longName = undefined;
    paxPath = undefined;
    if (type !== '0' && type !== '\0' && type !== '7') continue; // folders, links: not chart files
    name = name.replaceAll('\\', '/');
    const parts = name.split('/').filter((p) => p !== '' && p !== '.');
    if (name.startsWith('/') || parts.some((p) => p === '..')) {
      throw new ArchiveError(`the archive entry ${JSON.stringify(name)} escapes the chart folder`);
    }
    // Helm drops the first path element (the chart's folder inside the archive).
    if (parts.length < 2) continue;
    files.push({ name: parts.slice(1).join('/'), data: new Uint8Array(data) });
  }
  return files;
}

function parseOctal(b: Uint8Array): number {
  // GNU base-256 sizes (high bit set) are not needed for chart-sized files.
  const s = cString(b).trim();
  return s ? Number.parseInt(s, 8) || 0 : 0;
}

function cString(b: Uint8Array): string {
  const z = b.indexOf(0);
  return Buffer.from(z >= 0 ? b.subarray(0, z) : b).toString('utf8');
}

function headerName(h: Uint8Array): string {
  const name = cString(h.subarray(0, 100));
  const magic = cString(h.subarray(257, 263));
  const prefix = magic.startsWith('ustar') ? cString(h.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

function parsePaxPath(data: Uint8Array): string | undefined {
  const text = Buffer.from(data).toString('utf8');
  let path: string | undefined;
  for (const line of text.split('\n')) {
    const m = /^\d+ path=(.*)$/.exec(line);
    if (m) path = m[1];
  }
  return path;
}
