// A loading thread of a parallel load (load/parallel.ts), run by tinypool: takes files by the
// shared counter until none is left, and sends back what it loaded, its tree rows moved.
import Tinypool, { kTransferable, kValue } from 'tinypool';
import { startLoadSession } from './nodes.js';
import { type LoadShare, type LoadTask, readReleased, SharePacker } from './share.js';

export default function loadShare(task: LoadTask): LoadShare {
  // The values and row slabs of this share alone (the slabs are moved to the main thread).
  const table = startLoadSession();
  const packer = new SharePacker();
  for (;;) {
    const at = Atomics.add(task.next, 0, 1);
    if (at >= task.files.length) break;
    Atomics.add(task.taken, 0, 1);
    if (Atomics.load(task.skip, at) === 1) continue;
    const [absPath, path] = task.files[at]!;
    packer.add(at, readReleased(absPath, path, task.options));
  }
  // tinypool transfers (rather than copies) what a result marked movable lists.
  return Tinypool.move({
    [kTransferable]: packer.buffers,
    [kValue]: packer.share(table.values),
  }) as unknown as LoadShare;
}
