// The pipeline, top-down: discover → load → model → rules → findings. Faces (CLI, Action, hook)
// call this and decide what to print; nothing here prints or exits.
import { resolve } from 'node:path';
import { builtinRules } from '../rules/index.js';
import { type DiscoveredFile, type Discovery, discover } from './discover/index.js';
import {
  type Config,
  defaultConfig,
  type Finding,
  fileSettingFor,
  findConfigFile,
  loadConfigFile,
  type Rule,
  resolveRules,
  runRules,
} from './engine/index.js';
import { loadText, readSource, type SourceFile, type SourceText } from './load/index.js';
import { Model } from './model/index.js';

export interface LintRequest {
  /** Files and folders to lint; `-` reads standard input. Default `.`. */
  readonly paths: readonly string[];
  readonly cwd?: string;
  /** An explicit config file; otherwise `.kubeharden.yaml` is looked up from the first path upwards. */
  readonly configPath?: string;
  /** A config already loaded (tests, the Action); wins over configPath. */
  readonly config?: Config;
  /** Text of standard input when `-` is among the paths. */
  readonly stdinText?: string;
  readonly kubernetesVersion?: string;
  /** Report findings only for files this accepts (the rest of the tree is context). */
  readonly reportFilter?: (path: string) => boolean;
  /** Extra folders loaded as context for cross-resource rules (findings there are not reported). */
  readonly contextPaths?: readonly string[];
}

export interface LintResult {
  readonly findings: Finding[];
  /** Text and line starts of every file read (for code frames and suggestions); not the trees. */
  readonly files: readonly SourceText[];
  readonly notices: readonly string[];
  readonly missing: readonly string[];
  /** The files found on disk for the paths given (not context), for `--fix`. */
  readonly inputs: readonly DiscoveredFile[];
  readonly config: Config;
  readonly rules: readonly Rule[];
}

export function loadConfigFor(request: Pick<LintRequest, 'paths' | 'cwd' | 'configPath' | 'config'>): Config {
  const cwd = request.cwd ?? process.cwd();
  if (request.config) return request.config;
  const configPath =
    request.configPath ?? findConfigFile(resolve(cwd, request.paths.find((p) => p !== '-') ?? '.'));
  return configPath ? loadConfigFile(resolve(cwd, configPath), builtinRules) : defaultConfig(cwd);
}

export function lint(request: LintRequest): LintResult {
  const cwd = request.cwd ?? process.cwd();
  const config = loadConfigFor(request);
  const discoverOpts = { cwd, include: config.include, exclude: config.exclude };
  const found: Discovery = discover(request.paths, discoverOpts);
  const files: SourceFile[] = [];
  const loadOpts = { maxFileBytes: config.maxFileBytes };
  const seen = new Set<string>();
  for (const f of found.files) {
    seen.add(f.absPath);
    files.push(readSource(f.absPath, f.path, loadOpts));
  }
  if (found.stdin) files.push(loadText('<stdin>', request.stdinText ?? ''));
  const reported = new Set(files.map((f) => f.path));
  for (const ctx of request.contextPaths ?? []) {
    for (const f of discover([ctx], discoverOpts).files) {
      if (seen.has(f.absPath)) continue;
      seen.add(f.absPath);
      files.push(readSource(f.absPath, f.path, loadOpts));
    }
  }
  const result = lintFiles(files, config, request.kubernetesVersion);
  // Findings are plain data: let the trees and the model go before reports are built.
  const texts: SourceText[] = files.map((f) => ({ path: f.path, text: f.text, lineStarts: f.lineStarts }));
  files.length = 0;
  const filter = request.reportFilter;
  const findings = result.findings.filter(
    (f) => reported.has(f.location.file) && (!filter || filter(f.location.file)),
  );
  return {
    findings,
    files: texts,
    config: result.config,
    rules: result.rules,
    notices: found.notices,
    missing: found.missing,
    inputs: found.files,
  };
}

/** Lints files already loaded (tests and embedders use this directly). */
export function lintFiles(
  files: readonly SourceFile[],
  config: Config,
  kubernetesVersion?: string,
  rules: readonly Rule[] = builtinRules,
): Omit<LintResult, 'notices' | 'missing' | 'inputs' | 'files'> & {
  files: readonly SourceFile[];
  model: Model;
} {
  const model = new Model(files);
  const active = resolveRules(rules, config);
  const fileSetting = fileSettingFor(rules, config);
  const findings = runRules({
    model,
    rules: active,
    knownRuleIds: new Set(rules.map((r) => r.meta.id)),
    kubernetesVersion: kubernetesVersion ?? config.kubernetesVersion,
    ...(fileSetting ? { fileSetting } : {}),
    ...(config.suppressions.honor.length ? { honorPeers: new Set(config.suppressions.honor) } : {}),
  });
  return { findings, files, config, rules, model };
}
