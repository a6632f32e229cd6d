// Loading many files on several cores. Loading (read, decode, scan, build the tree) is most of a
// large lint, and each file is independent, so worker threads (a tinypool pool) load a share of
// the files while the main thread loads the rest: every thread takes the next file from one shared
// counter, so a thread slowed by a big file simply takes fewer. A worker keeps each file's text
// and sends back only its tree rows (moved, not copied) and its distinct values, which is what
// makes the threads pay: copying the texts back would cost about what parsing them saves.
// On 2 cores they do not pay even so (measured; see SERIAL_UP_TO_CORES): the load is serial there
// unless KUBEHARDEN_LOAD_THREADS asks for workers.
//
// Only the bundled CLI has the worker files (dist/chunks/load-worker.js and tinypool's
// entry/worker.js); anywhere else (the Action's single-file bundle, tests run from the sources)
// the load is serial. Which thread loaded a file changes nothing in it: tests compare the two.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { LoadOptions, SourceFile } from './index.js';
import { type LoadShare, type LoadTask, readReleased, unpackShare } from './share.js';

export interface FileToLoad {
  readonly absPath: string;
  readonly path: string;
}

/**
 * Below this many files a load is serial: starting a worker (a new V8 isolate that loads the
 * loader's code) costs about what loading a few dozen small files does.
 */
const MIN_PARALLEL_FILES = 64;
/** More workers than this seldom pay: the main thread's share, and its model and rules, remain. */
const MAX_WORKERS = 3;

/**
 * Reads and loads every file, each let go of its text once loaded (see releaseText), in order.
 * For tests and measurements, `KUBEHARDEN_LOAD_THREADS` sets the number of worker threads (0:
 * serial) whatever the file count, `KUBEHARDEN_LOAD_WORKERS_ONLY=1` leaves every file to them, and
 * `KUBEHARDEN_LOAD_STATS=1` says on standard error how many files each kind of thread loaded.
 */
export async function readSources(
  files: readonly FileToLoad[],
  options: LoadOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SourceFile[]> {
  const loaded = await (await startLoading(files, options, env)).finish();
  return loaded as SourceFile[];
}

/** A load under way: its workers (if any) have started on the files. */
export interface Loading {
  /**
   * Loads the first `count` files now, on this thread, while another thread renders (a serial
   * load; workers are loading already). A file finish() is then told to skip is dropped.
   */
  ahead(count: number): void;
  /**
   * Loads what is left, on this thread too, and returns the files in order; a file `skip` names
   * (by index) is not loaded, or not kept if a worker loaded it already, and is undefined.
   */
  finish(skip?: (index: number) => boolean): Promise<(SourceFile | undefined)[]>;
}

/**
 * Starts loading: the workers begin on the files at once, while this thread does other work (the
 * render stage) before it calls finish() and joins them. A serial load does it all in finish().
 */
export async function startLoading(
  files: readonly FileToLoad[],
  options: LoadOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Loading> {
  const workers = workerCount(files.length, env);
  if (workers === 0) {
    const loaded: (SourceFile | undefined)[] = new Array(files.length);
    let loadedAhead = 0;
    return {
      ahead(count) {
        for (; loadedAhead < Math.min(count, files.length); loadedAhead++)
          loaded[loadedAhead] = readReleased(files[loadedAhead]!.absPath, files[loadedAhead]!.path, options);
      },
      async finish(skip) {
        for (let i = 0; i < files.length; i++) {
          if (skip?.(i)) loaded[i] = undefined;
          else if (i >= loadedAhead) loaded[i] = readReleased(files[i]!.absPath, files[i]!.path, options);
        }
        return loaded;
      },
    };
  }
  const task: LoadTask = {
    files: files.map((f) => [f.absPath, f.path] as const),
    next: new Int32Array(new SharedArrayBuffer(4)),
    taken: new Int32Array(new SharedArrayBuffer(4)),
    skip: new Uint8Array(new SharedArrayBuffer(files.length)),
    options,
  };
  const { default: Tinypool } = await import('tinypool');
  // Created with its threads started, so the tasks below are posted at once: this thread is busy
  // (rendering, then loading its own share until none is left) and answers nothing meanwhile.
  const pool = new Tinypool({
    filename: WORKER_FILE,
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 0,
  });
  const shares = Array.from({ length: workers }, () => pool.run(task) as Promise<LoadShare>);
  return {
    ahead() {},
    async finish(skip) {
      const loaded: (SourceFile | undefined)[] = new Array(files.length);
      // Told before this thread takes any: a worker leaves a file marked skipped from then on.
      if (skip) for (let i = 0; i < files.length; i++) if (skip(i)) Atomics.store(task.skip, i, 1);
      const skipped = (i: number) => Atomics.load(task.skip, i) === 1;
      const done = new Uint8Array(files.length);
      for (;;) {
        if (env.KUBEHARDEN_LOAD_WORKERS_ONLY === '1') break;
        const at = Atomics.add(task.next, 0, 1);
        if (at >= files.length) break;
        if (skipped(at)) continue;
        loaded[at] = readReleased(files[at]!.absPath, files[at]!.path, options);
        done[at] = 1;
      }
      // Every file is taken. When the workers took none (a small load, done before they started),
      // nothing is waited for.
      if (Atomics.load(task.taken, 0) > 0 || env.KUBEHARDEN_LOAD_WORKERS_ONLY === '1') {
        const results = await Promise.allSettled(shares);
        for (const r of results) {
          if (r.status !== 'fulfilled') continue;
          for (const { at, file } of unpackShare(r.value)) {
            if (skipped(at)) continue;
            loaded[at] = file;
            done[at] = 1;
          }
        }
      } else for (const s of shares) s.catch(() => {});
      // Waited for: a worker's memory is handed back only once its thread has exited, which takes
      // this thread's event loop, and the model and rules that follow hold it for the rest of the
      // run (about 100 MB more at the peak of a 315 MB scan when not waited for).
      await pool.destroy().catch(() => {});
      const byWorkers = Atomics.load(task.taken, 0);
      // A worker that failed (it should not: loading turns every problem into data) leaves its
      // files to this thread.
      let retried = 0;
      for (let i = 0; i < files.length; i++)
        if (!done[i] && !skipped(i)) {
          loaded[i] = readReleased(files[i]!.absPath, files[i]!.path, options);
          retried++;
        }
      if (env.KUBEHARDEN_LOAD_STATS === '1')
        process.stderr.write(
          `kubeharden: loaded ${files.length} files with ${workers} worker threads: ${files.length - byWorkers} on the main thread, ${byWorkers} on workers, ${retried} again after a worker failed\n`,
        );
      return loaded;
    },
  };
}

const WORKER_FILE = fileURLToPath(new URL('./load-worker.js', import.meta.url));
// Where tinypool's own bundled code (a chunk beside this one) looks for its thread entry.
const POOL_ENTRY_FILE = fileURLToPath(new URL('./entry/worker.js', import.meta.url));

/**
 * At or below this many cores the load is serial unless told otherwise: measured on 2 cores
 * (docs/performance.md), a worker cost more than it saved on every corpus (its start, packing and
 * unpacking the trees, a second heap to collect): 5–11% more wall-clock time, 20–30% more CPU.
 */
const SERIAL_UP_TO_CORES = 2;

function workerCount(files: number, env: NodeJS.ProcessEnv): number {
  const cores = availableParallelism();
  const set = env.KUBEHARDEN_LOAD_THREADS;
  const forced = set !== undefined && /^\d+$/.test(set.trim()) ? Number(set) : undefined;
  if (forced === 0 || files === 0) return 0;
  if (forced === undefined && (files < MIN_PARALLEL_FILES || cores <= SERIAL_UP_TO_CORES)) return 0;
  if (!existsSync(WORKER_FILE) || !existsSync(POOL_ENTRY_FILE)) return 0;
  return Math.min(forced ?? cores - 1, MAX_WORKERS, files);
}
