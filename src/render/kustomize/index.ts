// Kustomize overlays → rendered text with a source map (the render stage's Kustomize half).
import { resolve } from 'node:path';
import { BuildError, Builder, finalize, newContext } from './build.js';

export type KustomizeBuildResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly error: string };

/** `kustomize build DIR`, for debugging and conformance: the printed YAML or the error. */
export function kustomizeBuild(
  dir: string,
  options: { root?: string; cwd?: string } = {},
): KustomizeBuildResult {
  const abs = resolve(dir);
  const ctx = newContext(resolve(options.root ?? abs), options.cwd ?? process.cwd());
  try {
    const list = new Builder(ctx).build(abs);
    // Like `kustomize build` without --enable-helm: a kustomization that inflates charts fails.
    const helm = ctx.notices.find((n) => n.includes('helmChart'));
    if (helm) return { ok: false, error: helm };
    return { ok: true, text: finalize(list).text };
  } catch (e) {
    if (e instanceof BuildError) return { ok: false, error: `${e.at.file}: ${e.message}` };
    throw e;
  }
}
