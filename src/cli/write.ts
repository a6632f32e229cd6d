// Every file kubeharden writes (`--fix`, `-o`, the Action's SARIF file) goes through here: never
// through a link, into a temporary file created exclusively (random name, `wx`) in the same folder,
// then renamed over the target, so a reader sees the old file or the new one, never half of one.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  lstatSync,
  openSync,
  renameSync,
  type Stats,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A write that did not happen; the message is one line for the user. */
export class WriteError extends Error {}

// Small batches: a string over about 128 KB is allocated in V8's large-object space, which only a
// full collection frees; 1 MiB batches of a large report cost more than the writes they saved.
const BATCH_CHARS = 1 << 15;

function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'ENOENT':
      return 'the folder does not exist';
    default:
      return e.code ?? (err instanceof Error ? err.message : String(err));
  }
}

/** lstat that says undefined for a file that does not exist. */
function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new WriteError(`cannot write ${path}: ${reason(err)}`);
  }
}

/**
 * Writes `content` (a string or chunks of one) to `path` atomically. An existing file keeps its
 * mode; a link, a folder or anything else but a regular file, a device or a FIFO is refused.
 */
export function writeFileAtomic(path: string, content: string | Iterable<string>): void {
  const st = lstatOrUndefined(path);
  if (st?.isSymbolicLink())
    throw new WriteError(`${path} is a symbolic link; kubeharden does not write through links`);
  // `-o /dev/null`, `-o /dev/stdout` or a FIFO: a stream, written in place (nothing to rename over).
  if (st && (st.isCharacterDevice() || st.isFIFO())) {
    writeStream(path, content);
    return;
  }
  if (st && !st.isFile()) throw new WriteError(`${path} is not a regular file; not written`);
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(8).toString('hex')}.kubeharden-tmp`);
  let fd: number;
  try {
    fd = openSync(tmp, 'wx', st ? st.mode & 0o7777 : 0o666);
  } catch (err) {
    throw new WriteError(`cannot write ${path}: ${reason(err)}`);
  }
  let open = true;
  try {
    // The umask narrowed the mode given to open; the file keeps exactly the mode it had.
    if (st) fchmodSync(fd, st.mode & 0o7777);
    writeContent(fd, content);
    fsyncSync(fd);
    open = false;
    closeSync(fd);
    renameSync(tmp, path);
  } catch (err) {
    if (open) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // nothing to clean
    }
    throw err instanceof WriteError ? err : new WriteError(`cannot write ${path}: ${reason(err)}`);
  }
}

function writeContent(fd: number, content: string | Iterable<string>): void {
  if (typeof content === 'string') {
    writeSync(fd, content);
    return;
  }
  let batch = '';
  for (const chunk of content) {
    batch += chunk;
    if (batch.length >= BATCH_CHARS) {
      writeSync(fd, batch);
      batch = '';
    }
  }
  if (batch) writeSync(fd, batch);
}

function writeStream(path: string, content: string | Iterable<string>): void {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (err) {
    throw new WriteError(`cannot write ${path}: ${reason(err)}`);
  }
  try {
    writeContent(fd, content);
  } catch (err) {
    throw new WriteError(`cannot write ${path}: ${reason(err)}`);
  } finally {
    closeSync(fd);
  }
}
