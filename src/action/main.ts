// Entry of the bundled Action (dist/action.js): the runner starts it with `node`.
import { cannotRun, runAction } from './run.js';
import { processRunner } from './runner.js';

const runner = processRunner();
try {
  process.exitCode = await runAction(runner, process.env);
} catch (err) {
  process.exitCode = cannotRun(runner, `internal error: ${err instanceof Error ? err.message : String(err)}`);
}
