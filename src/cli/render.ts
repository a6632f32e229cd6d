// `kubeharden render [NAME] CHART`: prints what `helm template [NAME] CHART` prints, with its flags
// spelt the same way, for debugging a chart and for conformance. Loaded only by that command.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { renderChart } from '../render/helm/render.js';

export interface RenderFlags {
  values: string[];
  set: string[];
  setString: string[];
  setFile: string[];
  namespace?: string;
  kubeVersion?: string;
  apiVersions: string[];
  includeCrds?: boolean;
  skipCrds?: boolean;
  skipTests?: boolean;
  hooks?: boolean;
  showOnly: string[];
  outputDir?: string;
  nameTemplate?: string;
  releaseName?: boolean;
  isUpgrade?: boolean;
  helmCompat?: 'v4.1' | 'main';
}

export interface RenderIo {
  stdout(s: string): void | Promise<void>;
  stderr(s: string): void;
}

/** Runs the command; returns the exit code (1 when the chart does not render, as helm). */
export async function runRender(
  args: string[],
  flags: RenderFlags,
  io: RenderIo,
  cwd: string,
): Promise<number> {
  if (args.length > 2) {
    io.stderr(`Error: "kubeharden render" requires at most 2 arguments\n`);
    return 1;
  }
  const [name, chart] = args.length === 2 ? args : [undefined, args[0]];
  if (!chart) {
    io.stderr('Error: "kubeharden render" requires at least 1 argument\n');
    return 1;
  }
  const chartPath = resolve(cwd, chart);
  try {
    statSync(chartPath);
  } catch {
    io.stderr(`Error: path "${chart}" not found\n`);
    return 1;
  }
  // A kustomization folder prints what `kustomize build DIR` prints.
  if (args.length === 1) {
    const kustomize = await import('../render/kustomize/index.js');
    if (kustomize.isKustomizationDir(chartPath)) {
      const k = await kustomize.kustomizeBuildChecked(chartPath, {
        root: kustomize.repositoryRoot([chartPath]),
        cwd,
      });
      if (!k.ok) {
        io.stderr(`Error: ${k.error}\n`);
        return 1;
      }
      await io.stdout(k.text);
      return 0;
    }
  }
  const r = renderChart(chartPath, {
    ...(name ? { releaseName: name } : {}),
    ...(flags.nameTemplate && !name ? { nameTemplate: flags.nameTemplate } : {}),
    namespace: flags.namespace ?? 'default',
    valueFiles: flags.values.map((v) => resolve(cwd, v)),
    set: flags.set,
    setString: flags.setString,
    setFile: flags.setFile.map((s) => s),
    ...(flags.kubeVersion ? { kubeVersion: flags.kubeVersion } : {}),
    apiVersions: flags.apiVersions.flatMap((a) => a.split(',')).filter(Boolean),
    includeCrds: flags.includeCrds === true && flags.skipCrds !== true,
    skipTests: flags.skipTests === true,
    noHooks: flags.hooks === false,
    isUpgrade: flags.isUpgrade === true,
    ...(flags.helmCompat ? { helmCompat: flags.helmCompat } : {}),
    // `helm template` needs dependencies vendored; so does this command.
    resolveLocalDependencies: false,
  });
  if (r.error) {
    io.stderr(`Error: ${r.error.message}\n`);
    return 1;
  }
  if (flags.outputDir) {
    const seen = new Set<string>();
    const base = flags.releaseName ? join(flags.outputDir, name ?? 'release-name') : flags.outputDir;
    for (const f of r.files) {
      const file = join(resolve(cwd, base), f.name);
      mkdirSync(dirname(file), { recursive: true });
      const text = `---\n# Source: ${f.name}\n${f.text}\n`;
      writeFileSync(file, text, { flag: seen.has(file) ? 'a' : 'w' });
      if (!seen.has(file)) await io.stdout(`wrote ${join(base, f.name)}\n`);
      seen.add(file);
    }
    return 0;
  }
  if (flags.showOnly.length) {
    const shown = showOnly(r.text, flags.showOnly);
    if (typeof shown !== 'string') {
      io.stderr(`Error: could not find template ${shown.missing} in chart\n`);
      return 1;
    }
    await io.stdout(shown);
    return 0;
  }
  await io.stdout(r.text);
  return 0;
}

/** helm template --show-only: documents whose `# Source:` path (after the chart name) matches a glob. */
export function showOnly(text: string, patterns: readonly string[]): string | { missing: string } {
  const docs = text
    .replace(/^\s+/, '')
    .split(/^---[ \t]*/m)
    .filter((d) => d.trim() !== '')
    .map((d) => d.replace(/^\s+/, ''));
  let out = '';
  for (const p of patterns) {
    const re = new RegExp(
      `^${p
        .replace(/\\/g, '/')
        .replace(/[.+^${}()|\\]/g, '\\$&')
        .replaceAll('*', '[^/]*')
        .replaceAll('?', '[^/]')}$`,
    );
    let found = false;
    for (const d of docs) {
      const m = /# Source: [^/]+\/(.+)/.exec(d);
      if (!m || !re.test(m[1]!)) continue;
      out += `---\n${d}\n`;
      found = true;
    }
    if (!found) return { missing: p };
  }
  return out;
}
