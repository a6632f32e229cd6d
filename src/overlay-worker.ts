// The overlay thread (overlay-thread.ts): builds the overlays of the job it was started with, says
// what they consumed as soon as that is known, then lints them and sends their findings. The rules
// are loaded only once the build is sent: the loading thread waits for that, not for them.
import { parentPort, workerData } from 'node:worker_threads';
import { displayPath } from './discover/index.js';
import type { OverlayJob } from './lint.js';
import { type OverlayMessage, overlaysBuilt } from './overlay-thread.js';
import { renderAll } from './render/index.js';

const job = workerData as OverlayJob;
const send = (m: OverlayMessage) => parentPort?.postMessage(m);
try {
  // What lint() asks of renderAll for overlays alone (the Kustomize renderer reads no more of it).
  const render = await renderAll({
    charts: [],
    kustomizations: job.kustomizations,
    kustomizeReport: job.config.kustomize.report,
    displayPath: (p) => displayPath(p, job.cwd),
  });
  send({ built: overlaysBuilt(render) });
  const { lintBuiltOverlays } = await import('./lint.js');
  send({ findings: lintBuiltOverlays(render, job) });
} catch (err) {
  send({ failed: err instanceof Error ? err.message : String(err) });
}
