import type { Stats } from 'node:fs';

/** What a non-regular file is, for messages: "a FIFO", "a character device"… */
export function fileKind(
  st: Pick<
    Stats,
    | 'isFIFO'
    | 'isCharacterDevice'
    | 'isBlockDevice'
    | 'isSocket'
    | 'isDirectory'
    | 'isSymbolicLink'
    | 'isFile'
  >,
): string {
  if (st.isFile()) return 'a regular file';
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isSymbolicLink()) return 'a link';
  return 'not a regular file';
}
