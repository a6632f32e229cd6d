// A loading thread of a parallel load (load/parallel.ts), run by tinypool: takes files by the
// shared counter until none is left, and sends back what it loaded, its tree rows moved.
import Tinypool, { kTransferable, kValue } from 'tinypool';
import { startValueTable } from './nodes.js';
import { type LoadShare, type LoadTask, packFile, readReleased } from './share.js';

export default function loadShare(task: LoadTask): LoadShare {
  // The values this share's trees use, and nothing from an earlier task of this thread.
  const table = startValueTable();
  const files = [];
  const moved: ArrayBuffer[] = [];
  for (;;) {
    const at = Atomics.add(task.next, 0, 1);
    if (at >= task.files.length) break;
    Atomics.add(task.taken, 0, 1);
    const [absPath, path] = task.files[at]!;
    files.push(packFile(at, readReleased(absPath, path, task.options), moved));
  }
  const share: LoadShare = { files, values: table.values };
  // tinypool transfers (rather than copies) what a result marked movable lists.
  return Tinypool.move({
    [kTransferable]: moved,
    [kValue]: share,
  }) as unknown as LoadShare;
}
