// `.kubeharden.yaml`: found from the scanned root upwards, validated against a JSON Schema, and
// resolved into the set of active rules. Errors name the bad key and its line.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { ErrorObject } from 'ajv';
import { minimatch } from 'minimatch';
import { isMap, isNode, isScalar, LineCounter, parseDocument } from 'yaml';
import { compileGlobs, globProblem } from '../discover/globs.js';
import { fileKind } from '../discover/kinds.js';
import { DEFAULT_MAX_FILE_BYTES } from '../load/index.js';
import { CONFIG_SCHEMA } from './config-schema.js';
import type { HonoredPeer } from './peer-suppressions.js';
import { PRESET_NAMES, type PresetName, type Rule, SEVERITIES, type Severity } from './rule.js';
import type { ActiveRule } from './run.js';
import * as validators from './validators.generated.js';

export { CONFIG_SCHEMA };
export const CONFIG_FILE_NAMES = ['.kubeharden.yaml', '.kubeharden.yml'];
/** The newest stable Kubernetes minor release this version of kubeharden knows. */
export const DEFAULT_KUBERNETES_VERSION = '1.37';

export type RuleSetting =
  | 'off'
  | Severity
  | { severity?: Severity | 'off'; options?: Record<string, unknown> };

export interface Config {
  readonly extends: readonly PresetName[];
  readonly rules: Readonly<Record<string, RuleSetting>>;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly overrides: readonly {
    readonly files: readonly string[];
    readonly rules: Readonly<Record<string, RuleSetting>>;
  }[];
  readonly failOn: Severity | 'none';
  readonly kubernetesVersion: string;
  readonly maxFileBytes: number;
  /**
   * Kustomize overlays built and reported: `leaves` (default: those no other kustomization includes),
   * `all`, or `none` (patch files are still recognised and skipped).
   */
  readonly kustomize: { readonly report: 'leaves' | 'all' | 'none' };
  /**
   * Per-chart render settings: `path` is a glob (from the config's folder) matching chart folders;
   * `values` files (relative to the config's folder) and `set` apply to every render of the chart.
   */
  readonly helm: { readonly charts: readonly HelmChartConfig[] };
  /** `suppressions.honor`: peers whose in-manifest ignores suppress the mapped findings. */
  readonly suppressions: { readonly honor: readonly HonoredPeer[] };
  /** Where the config came from (for messages), if a file. */
  readonly source?: string;
  /** Folder that relative globs in `overrides` are matched from. */
  readonly baseDir: string;
}

export interface HelmChartConfig {
  readonly path: string;
  readonly values?: readonly string[];
  readonly set?: readonly string[];
  readonly releaseName?: string;
  readonly namespace?: string;
  readonly kubeVersion?: string;
  readonly apiVersions?: readonly string[];
}

/** The settings of the first `helm.charts[]` entry whose glob matches the chart folder. */
export function helmSettingsFor(config: Config, chartDir: string): HelmChartConfig | undefined {
  const rel = relative(config.baseDir, chartDir).split(sep).join('/') || '.';
  const entry = config.helm.charts.find(
    (c) => minimatch(rel, c.path.replace(/^\.\//, '').replace(/\/$/, ''), { dot: true }) || c.path === rel,
  );
  if (!entry) return undefined;
  return {
    ...entry,
    ...(entry.values ? { values: entry.values.map((v) => resolve(config.baseDir, v)) } : {}),
  };
}

export class ConfigError extends Error {}

/** A configuration is a few hundred lines; anything near this is not one. */
const MAX_CONFIG_CHARS = 1 << 20;
/** The yaml library's measure of alias expansion; ordinary reuse of a rule list stays far below. */
const MAX_CONFIG_ALIASES = 100;
const NESTS_TOO_DEEP = 'the YAML nests too deeply to read (no configuration needs this depth)';

function tooDeep(err: unknown): string | undefined {
  return err instanceof RangeError && /call stack/i.test(err.message) ? NESTS_TOO_DEEP : undefined;
}

export function defaultConfig(baseDir: string): Config {
  return {
    extends: ['recommended'],
    rules: {},
    include: [],
    exclude: [],
    overrides: [],
    failOn: 'high',
    kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
    maxFileBytes: DEFAULT_MAX_FILE_BYTES,
    kustomize: { report: 'leaves' },
    helm: { charts: [] },
    suppressions: { honor: [] },
    baseDir,
  };
}

/**
 * Finds `.kubeharden.yaml` in `startDir` or the nearest folder above it, up to the root of the git
 * repository holding `startDir` (a folder with `.git`): a config in a parent folder belongs to
 * another project, or to nobody.
 */
export function findConfigFile(startDir: string): string | undefined {
  let dir = resolve(startDir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const p = join(dir, name);
      if (existsSync(p)) return p;
    }
    if (existsSync(join(dir, '.git'))) return undefined;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Reads and validates a config file. Throws ConfigError with the file, line and key on bad input. */
export function loadConfigFile(path: string, rules: readonly Rule[]): Config {
  let text: string;
  try {
    // Checked before opening: reading a FIFO or a device would block or never end.
    const st = statSync(path);
    if (!st.isFile()) throw new ConfigError(`config ${path} is ${fileKind(st)}, not a regular file; refused`);
    if (st.size > MAX_CONFIG_CHARS * 4)
      throw new ConfigError(
        `config ${path} is larger than ${MAX_CONFIG_CHARS} characters; a configuration is far smaller`,
      );
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(
      `cannot read config ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }
  return parseConfig(text, path, dirname(resolve(path)), rules);
}

export function parseConfig(text: string, source: string, baseDir: string, rules: readonly Rule[]): Config {
  if (text.length > MAX_CONFIG_CHARS)
    throw new ConfigError(
      `${source}: the file is larger than ${MAX_CONFIG_CHARS} characters; a configuration is far smaller`,
    );
  const lineCounter = new LineCounter();
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (err) {
    throw new ConfigError(`${source}: ${tooDeep(err) ?? `cannot parse: ${(err as Error).message}`}`);
  }
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const { line, col } = lineCounter.linePos(e.pos[0]);
    const message = /call stack/i.test(e.message) ? NESTS_TOO_DEEP : e.message.split('\n')[0];
    throw new ConfigError(`${source}:${line}:${col}: ${message}`);
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_CONFIG_ALIASES }) ?? {};
  } catch (err) {
    if (/alias count/i.test((err as Error).message))
      throw new ConfigError(
        `${source}: its aliases expand to more than ${MAX_CONFIG_ALIASES} times their anchors' size (an alias bomb?); write the settings out instead`,
      );
    throw new ConfigError(`${source}: ${tooDeep(err) ?? `cannot read: ${(err as Error).message}`}`);
  }
  const where = (instancePath: string, atKey = false): string => {
    const path = instancePath.split('/').slice(1).map(decodePointer);
    // Point at the key itself when the path ends at a map entry.
    const parent = path.length ? doc.getIn(path.slice(0, -1), true) : undefined;
    if (atKey && isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === path[path.length - 1]);
      if (pair && isScalar(pair.key) && pair.key.range) {
        const { line, col } = lineCounter.linePos(pair.key.range[0]);
        return `${source}:${line}:${col}`;
      }
    }
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) {
        const { line, col } = lineCounter.linePos(node.range[0]);
        return `${source}:${line}:${col}`;
      }
    }
    return source;
  };
  if (!validators.config(raw)) {
    throw new ConfigError(describeSchemaError(validators.config.errors?.[0], where));
  }
  const c = raw as {
    extends?: PresetName | PresetName[];
    rules?: Record<string, RuleSetting>;
    include?: string[];
    exclude?: string[];
    overrides?: { files: string[]; rules: Record<string, RuleSetting> }[];
    failOn?: Severity | 'none';
    kubernetesVersion?: string;
    maxFileBytes?: number;
    kustomize?: { report?: 'leaves' | 'all' | 'none' };
    helm?: { charts?: HelmChartConfig[] };
    suppressions?: { honor?: HonoredPeer[] };
  };
  const known = new Map(rules.map((r) => [r.meta.id, r]));
  const checkRules = (settings: Record<string, RuleSetting> | undefined, pointer: string): void => {
    for (const [id, setting] of Object.entries(settings ?? {})) {
      const rule = known.get(id);
      if (!rule) {
        const hint = suggest(id, [...known.keys()]);
        throw new ConfigError(
          `${where(`${pointer}/${encodePointer(id)}`, true)}: unknown rule "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}`,
        );
      }
      if (typeof setting === 'object' && setting.options)
        validateOptions(rule, setting.options, (p) => where(`${pointer}/${encodePointer(id)}/options${p}`));
    }
  };
  const checkGlobs = (
    globs: readonly string[] | undefined,
    pointer: string,
    scope: 'files' | 'any',
  ): void => {
    for (const [i, g] of (globs ?? []).entries()) {
      const problem = globProblem(g, scope);
      if (problem) throw new ConfigError(`${where(`${pointer}/${i}`)}: glob "${g}" ${problem}`);
    }
  };
  checkGlobs(c.include, '/include', 'files');
  checkGlobs(c.exclude, '/exclude', 'files');
  for (const [i, o] of (c.overrides ?? []).entries()) checkGlobs(o.files, `/overrides/${i}/files`, 'any');
  checkRules(c.rules, '/rules');
  for (const [i, o] of (c.overrides ?? []).entries()) checkRules(o.rules, `/overrides/${i}/rules`);
  const base = defaultConfig(baseDir);
  return {
    ...base,
    extends: c.extends === undefined ? base.extends : Array.isArray(c.extends) ? c.extends : [c.extends],
    rules: c.rules ?? {},
    include: c.include ?? [],
    exclude: c.exclude ?? [],
    overrides: c.overrides ?? [],
    failOn: c.failOn ?? base.failOn,
    kubernetesVersion: (c.kubernetesVersion ?? base.kubernetesVersion)
      .replace(/^v/, '')
      .split('.')
      .slice(0, 2)
      .join('.'),
    maxFileBytes: c.maxFileBytes ?? base.maxFileBytes,
    kustomize: { report: c.kustomize?.report ?? base.kustomize.report },
    helm: { charts: c.helm?.charts ?? [] },
    suppressions: { honor: c.suppressions?.honor ?? [] },
    source,
  };
}

function validateOptions(
  rule: Rule,
  options: Record<string, unknown>,
  where: (pointer: string) => string,
): void {
  // Validators are compiled at build time for the built-in rules' schemas; a rule from elsewhere
  // (an embedder's) with its own schema gets its options unchecked.
  const validate = rule.meta.optionsSchema ? validators.ruleOptions[rule.meta.id] : validators.noOptions;
  if (validate && !validate(options))
    throw new ConfigError(describeSchemaError(validate.errors?.[0], where, `options of ${rule.meta.id}`));
}

function describeSchemaError(
  e: ErrorObject | undefined,
  where: (p: string, atKey?: boolean) => string,
  what = 'config',
): string {
  if (!e) return `invalid ${what}`;
  const key = e.instancePath.split('/').slice(1).map(decodePointer).join('.') || '(top level)';
  if (e.keyword === 'additionalProperties') {
    const extra = String((e.params as { additionalProperty?: string }).additionalProperty);
    const allowed = Object.keys(
      (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {},
    );
    const hint = suggest(extra, allowed);
    return `${where(`${e.instancePath}/${encodePointer(extra)}`, true)}: unknown key "${extra}" in ${key === '(top level)' ? what : key}${hint ? ` (did you mean "${hint}"?)` : allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}`;
  }
  if (e.keyword === 'enum' || e.keyword === 'oneOf') {
    return `${where(e.instancePath)}: invalid value for "${key}": expected ${enumText(e)}`;
  }
  return `${where(e.instancePath)}: "${key}" ${e.message ?? 'is invalid'}`;
}

function enumText(e: ErrorObject): string {
  const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
  if (allowed) return `one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
  if (e.instancePath.startsWith('/rules') || e.instancePath.includes('/rules/'))
    return `"off", a severity (${SEVERITIES.join(', ')}) or {severity, options}`;
  if (e.instancePath === '/extends') return `a preset (${PRESET_NAMES.join(', ')}) or a list of them`;
  return 'a valid value';
}

function decodePointer(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}
function encodePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The closest candidate by edit distance, if close enough to be a typo. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 4)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** The rules a config turns on, with their severity and options. */
export function resolveRules(rules: readonly Rule[], config: Config): ActiveRule[] {
  const presets = new Set(config.extends);
  const out: ActiveRule[] = [];
  const overridden = new Set(config.overrides.flatMap((o) => Object.keys(o.rules)));
  for (const rule of rules) {
    const id = rule.meta.id;
    const inPreset =
      presets.has('all') || rule.meta.presets.some((p) => presets.has(p)) || rule.meta.category === 'parse';
    const setting = config.rules[id];
    const { severity, options } = readSetting(setting);
    const enabled = severity === 'off' ? false : setting !== undefined || inPreset;
    // A rule turned on only in some overrides still runs; the per-file filter keeps it to those files.
    if (!enabled && !overridden.has(id)) continue;
    out.push({
      rule: rule as Rule<unknown>,
      ...(severity && severity !== 'off' ? { severity } : {}),
      options: { ...(rule.meta.defaultOptions ?? {}), ...(options ?? {}) },
    });
  }
  return out;
}

function readSetting(s: RuleSetting | undefined): {
  severity?: Severity | 'off';
  options?: Record<string, unknown>;
} {
  if (s === undefined) return {};
  if (typeof s === 'string') return { severity: s };
  return s;
}

/**
 * Per-file rule settings from `overrides` (later entries win), with rules that only an override turns
 * on kept off everywhere else.
 */
export function fileSettingFor(
  rules: readonly Rule[],
  config: Config,
): ((ruleId: string, file: string) => Severity | 'off' | undefined) | undefined {
  const presets = new Set(config.extends);
  const enabledTopLevel = new Set(
    rules
      .filter((r) => {
        const s = readSetting(config.rules[r.meta.id]).severity;
        if (s === 'off') return false;
        return (
          config.rules[r.meta.id] !== undefined ||
          presets.has('all') ||
          r.meta.category === 'parse' ||
          r.meta.presets.some((p) => presets.has(p))
        );
      })
      .map((r) => r.meta.id),
  );
  if (config.overrides.length === 0) return undefined;
  // Compiled once: a file is matched against every override for every rule.
  const matchers = config.overrides.map((o) => ({ match: compileGlobs(o.files, true), rules: o.rules }));
  return (ruleId, file) => {
    // Override globs are relative to the folder of the config file; finding paths to the cwd.
    const fromConfig = relative(config.baseDir, resolve(file)).split(sep).join('/');
    let result: Severity | 'off' | undefined = enabledTopLevel.has(ruleId) ? undefined : 'off';
    for (const m of matchers) {
      const s = m.rules[ruleId];
      if (s === undefined || !(m.match(fromConfig) || m.match(file))) continue;
      const sev = readSetting(s).severity;
      result = sev ?? (result === 'off' ? undefined : result);
    }
    return result;
  };
}
