// Entry of the bundled Action (dist/action.js): the runner starts it with `node`.
import { limitHeapGrowth } from '../cli/heap.js';
import { cannotRun, runAction } from './run.js';
import { processRunner } from './runner.js';

limitHeapGrowth();
const runner = processRunner();
try {
  process.exitCode = await runAction(runner, process.env);
} catch (err) {
  process.exitCode = cannotRun(runner, `internal error: ${err instanceof Error ? err.message : String(err)}`);
}
