// Kustomize overlays on a thread of their own. Each overlay is built and then linted as a model of
// its own, apart from the main model, so a second core can build them, lint them and map their
// findings back while this thread loads and lints every other file. On 2 cores the two threads
// slow each other down (docs/performance.md has the figures), so the gain is small there; it grows
// with the cores, as the thread then builds and lints at full speed.
//
// The thread is one node:worker_threads Worker, not a pool: there is one task, and it must start
// the moment the thread does (a pool hands a task over only once this thread, busy loading files,
// has heard the new thread is ready). The task builds the overlays, tells this thread what they
// consumed (the files not to load on their own), then lints them and sends their findings, plain
// data. Anything that goes wrong on the way is caught, and lint() then does the work itself, so
// which thread did it never shows in a report (tests compare the two). Like the loading threads,
// only the bundled CLI has the thread's file (dist/chunks/overlay-worker.js); elsewhere (sources,
// the Action's single file) overlays are built on the main thread.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Finding } from './engine/index.js';
import type { OverlayJob, OverlaysBuilt } from './lint.js';
import type { RenderResult } from './render/index.js';

/** What the thread sends, in order: what was built, then the findings (or why it failed). */
export type OverlayMessage =
  | { readonly built: OverlaysBuilt }
  | { readonly findings: Finding[] }
  | { readonly failed: string };

export interface OverlayThread {
  /** What the build consumed, as soon as it is known; rejects when the thread failed first. */
  readonly built: Promise<OverlaysBuilt>;
  readonly findings: Promise<Finding[]>;
  /** Ends the thread; waited for, as its memory is handed back only once it has exited. */
  close(): Promise<void>;
}

/** What a build of overlays tells the loading thread (see OverlaysBuilt). */
export function overlaysBuilt(render: RenderResult): OverlaysBuilt {
  return { consumed: [...render.consumed], inputs: render.inputs, notices: render.notices };
}

/**
 * Below this many overlays they are built on the main thread: starting a thread (a V8 isolate that
 * loads the renderer and every rule) costs about what building and linting a dozen small ones does.
 */
const MIN_OVERLAYS = 16;
/**
 * Nor when the main thread has too little else to do meanwhile (files outside the overlays'
 * folders): it would only wait. Measured on 2 cores: 100 overlays and no other file, 1.15x the
 * wall-clock time with the thread; 269 overlays beside 3,988 other files, 0.96x.
 */
const MIN_OTHER_FILES = 500;

const WORKER_FILE = fileURLToPath(new URL('./overlay-worker.js', import.meta.url));

/**
 * Starts the overlay thread for `job`, or returns undefined when the overlays are better built here:
 * one core, few overlays, few files besides (`otherFiles`: those this thread loads meanwhile), or
 * no thread file (sources, the Action's single file).
 * `KUBEHARDEN_OVERLAY_THREAD=1` starts it whatever the count and cores (tests), `=0` never.
 */
export async function startOverlayThread(
  job: OverlayJob,
  otherFiles: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<OverlayThread | undefined> {
  const forced = env.KUBEHARDEN_OVERLAY_THREAD;
  if (forced === '0') return undefined;
  const pays =
    job.kustomizations.length >= MIN_OVERLAYS && otherFiles >= MIN_OTHER_FILES && availableParallelism() >= 2;
  if (forced !== '1' && !pays) return undefined;
  if (!existsSync(WORKER_FILE)) return undefined;
  let worker: Worker;
  try {
    worker = new Worker(WORKER_FILE, { workerData: job });
  } catch {
    // The job could not be sent (a config an embedder built with something not cloneable): built here.
    return undefined;
  }
  let settleBuilt: { resolve(b: OverlaysBuilt): void; reject(e: Error): void } | undefined;
  let settleFindings: { resolve(f: Finding[]): void; reject(e: Error): void } | undefined;
  const built = new Promise<OverlaysBuilt>((resolve, reject) => {
    settleBuilt = { resolve, reject };
  });
  const findings = new Promise<Finding[]>((resolve, reject) => {
    settleFindings = { resolve, reject };
  });
  const fail = (why: string) => {
    const e = new Error(`the overlay thread failed: ${why}`);
    settleBuilt?.reject(e);
    settleFindings?.reject(e);
  };
  const receive = (m: OverlayMessage) => {
    if ('built' in m) settleBuilt?.resolve(m.built);
    else if ('findings' in m) settleFindings?.resolve(m.findings);
    else fail(m.failed);
  };
  // Node hands over every message a thread sent before it says the thread exited.
  worker.on('message', receive);
  worker.on('error', (e) => fail(e.message));
  worker.on('exit', (code) => fail(`it exited (${code})`));
  // Neither is always awaited (a failed build is redone here): no unhandled rejection.
  built.catch(() => {});
  findings.catch(() => {});
  let closed: Promise<void> | undefined;
  return {
    built,
    findings,
    close() {
      closed ??= worker.terminate().then(
        () => {},
        () => {},
      );
      return closed;
    },
  };
}
