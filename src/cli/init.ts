// `kubeharden init`: writes a `.kubeharden.yaml` for the repository, optionally translating a
// kube-linter or Polaris configuration (`--from <linter> <file>`) through the peer inventory, so
// switching takes one command. What cannot be translated is kept as comments, never dropped silently.
import {
  closeSync,
  lstatSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { parse } from 'yaml';
import { discover } from '../discover/index.js';
import { effectiveRules, PEER_INVENTORY } from '../engine/peers.js';
import type { Rule, Severity } from '../engine/rule.js';
import { readSource } from '../load/index.js';
import { Model } from '../model/index.js';

export const INIT_SOURCES = ['kube-linter', 'polaris'] as const;
export type InitSource = (typeof INIT_SOURCES)[number];

export class InitError extends Error {}

export interface InitRequest {
  /** Repository root: where `.kubeharden.yaml` is written and Polaris exemptions are looked up. */
  readonly dir: string;
  readonly from?: { readonly linter: InitSource; readonly file: string };
  readonly rules: readonly Rule[];
}

type Setting = Severity | 'off';

interface Draft {
  extends: string[];
  rules: Map<string, { setting: Setting; why: string; options?: Record<string, unknown> }>;
  exclude: string[];
  overrides: { files: string[]; rules: string[]; why: string }[];
  notes: string[];
}

const CONFIG_NAME = '.kubeharden.yaml';

/** Writes the configuration; refuses to replace an existing one unless `force`. */
export function runInit(request: InitRequest, force: boolean): { path: string; text: string } {
  if (!isDirectory(request.dir)) throw new InitError(`${request.dir}: no such folder`);
  const path = join(request.dir, CONFIG_NAME);
  if (!force && existsOrLink(path)) throw new InitError(`${path} already exists; pass --force to replace it`);
  const text = initConfigText(request);
  writeAtomic(path, text);
  return { path, text };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function existsOrLink(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Atomic, and never through a link: the text goes to a new temporary file (O_EXCL, so an existing
 * file or link of that name is never opened) beside the target, then replaces the target's directory
 * entry by rename, which swaps a symbolic link itself rather than writing where it points.
 */
function writeAtomic(path: string, text: string): void {
  const tmp = join(dirname(path), `.kubeharden.yaml.${process.pid}.tmp`);
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, path);
  } catch (err) {
    unlinkSync(tmp);
    throw err;
  }
}

export function initConfigText(request: InitRequest): string {
  const draft: Draft = {
    extends: ['recommended'],
    rules: new Map(),
    exclude: [],
    overrides: [],
    notes: [],
  };
  let header = '# kubeharden configuration: https://github.com/kubeharden/kubeharden#configuration';
  if (request.from) {
    const { linter, file } = request.from;
    const peerConfig = readPeerConfig(file);
    header += `\n# Translated from the ${linter} configuration ${file} by \`kubeharden init --from ${linter}\`.`;
    if (linter === 'kube-linter') translateKubeLinter(peerConfig, request.rules, draft);
    else translatePolaris(peerConfig, request, draft);
  }
  return render(header, draft);
}

function readPeerConfig(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InitError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let value: unknown;
  try {
    value = parse(text, { maxAliasCount: 100 });
  } catch (err) {
    throw new InitError(
      `${file} is not valid YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
    );
  }
  if (value === null || value === undefined) return {};
  if (!isRecord(value)) throw new InitError(`${file}: expected a mapping at the top level`);
  return value;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringList(v: unknown, where: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
    throw new InitError(`${where}: expected a list of strings`);
  return v as string[];
}

/** The peer's check → our rules (covered), or the reason it is not. */
function lookup(peer: 'kube-linter' | 'polaris', id: string, rules: readonly Rule[]) {
  const check = PEER_INVENTORY[peer].checks.find((c) => c.id === id);
  if (!check) return { rules: [] as readonly string[], why: `not a built-in ${peer} check` };
  const mapped = effectiveRules(check, new Set(rules.map((r) => r.meta.id)));
  return {
    rules: mapped,
    why: check.planned ? `planned: ${check.planned}` : `not planned: ${check.notPlanned ?? ''}`,
  };
}

function translateKubeLinter(config: Record<string, unknown>, rules: readonly Rule[], draft: Draft): void {
  const checks = config.checks === undefined ? {} : config.checks;
  if (!isRecord(checks)) throw new InitError('kube-linter `checks`: expected a mapping');
  const include = stringList(checks.include, 'kube-linter `checks.include`');
  const exclude = stringList(checks.exclude, 'kube-linter `checks.exclude`');
  if (checks.addAllBuiltIn === true) draft.extends = ['all'];
  else if (checks.doNotAutoAddDefaults === true) draft.extends = [];
  const byId = new Map(rules.map((r) => [r.meta.id, r]));
  const enabledByBase = (id: string) =>
    draft.extends.includes('all') ||
    (draft.extends.includes('recommended') && byId.get(id)?.meta.presets.includes('recommended') === true);
  // kube-linter checks that stay enabled: a rule answering one of them is never turned off.
  const all = PEER_INVENTORY['kube-linter'].checks.map((c) => c.id);
  const base =
    checks.addAllBuiltIn === true ? all : checks.doNotAutoAddDefaults === true ? [] : KUBE_LINTER_DEFAULTS;
  const enabledChecks = [...base, ...include].filter((id) => !exclude.includes(id));
  const included = new Set(enabledChecks.flatMap((id) => lookup('kube-linter', id, rules).rules));
  for (const id of include) {
    const hit = lookup('kube-linter', id, rules);
    if (!hit.rules.length) draft.notes.push(`kube-linter check ${id} (included): ${hit.why}`);
    const options = KUBE_LINTER_OPTIONS[id];
    for (const r of hit.rules) {
      if (options)
        draft.rules.set(r, {
          setting: byId.get(r)!.meta.severity,
          why: `kube-linter include: ${id}`,
          options,
        });
      else if (!enabledByBase(r))
        draft.rules.set(r, { setting: byId.get(r)!.meta.severity, why: `kube-linter include: ${id}` });
    }
  }
  for (const id of exclude) {
    const hit = lookup('kube-linter', id, rules);
    if (!hit.rules.length) draft.notes.push(`kube-linter check ${id} (excluded): ${hit.why}`);
    for (const r of hit.rules) {
      if (included.has(r))
        draft.notes.push(
          `kube-linter check ${id} is excluded but ${r} also answers a check left enabled, so it stays on`,
        );
      else draft.rules.set(r, { setting: 'off', why: `kube-linter exclude: ${id}` });
    }
  }
  draft.exclude.push(...stringList(checks.ignorePaths, 'kube-linter `checks.ignorePaths`'));
  const custom = config.customChecks;
  if (Array.isArray(custom)) {
    for (const c of custom) {
      const name = isRecord(c) && typeof c.name === 'string' ? c.name : '(unnamed)';
      const template = isRecord(c) && typeof c.template === 'string' ? ` (template ${c.template})` : '';
      draft.notes.push(
        `kube-linter custom check ${name}${template} is not translated; write it as a policy or ask for a rule`,
      );
    }
  }
}

/** Included kube-linter checks whose kubeharden rule needs options to mean the same. */
const KUBE_LINTER_OPTIONS: Readonly<Record<string, Record<string, unknown>>> = {
  'required-label-owner': { keys: ['owner'] },
  'required-annotation-email': { keys: ['email'] },
  'minimum-three-replicas': { min: 3 },
  'hpa-minimum-three-replicas': { min: 3 },
};

/** kube-linter's checks enabled by default (internal/defaultchecks in kube-linter). */
const KUBE_LINTER_DEFAULTS: readonly string[] = [
  'dangling-service',
  'deprecated-service-account-field',
  'docker-sock',
  'drop-net-raw-capability',
  'duplicate-env-var',
  'env-var-secret',
  'host-ipc',
  'host-network',
  'host-pid',
  'invalid-target-ports',
  'job-ttl-seconds-after-finished',
  'latest-tag',
  'liveness-port',
  'mismatching-selector',
  'no-anti-affinity',
  'no-extensions-v1beta',
  'no-read-only-root-fs',
  'non-existent-service-account',
  'pdb-max-unavailable',
  'pdb-min-available',
  'pdb-unhealthy-pod-eviction-policy',
  'privilege-escalation-container',
  'privileged-container',
  'readiness-port',
  'run-as-non-root',
  'sensitive-host-mounts',
  'ssh-port',
  'startup-port',
  'unsafe-sysctls',
  'unset-cpu-requirements',
  'unset-memory-requirements',
];

const POLARIS_LEVEL: Record<string, Setting> = { ignore: 'off', warning: 'medium', danger: 'high' };
const SEVERITY_ORDER: readonly Setting[] = ['off', 'info', 'low', 'medium', 'high', 'critical'];

function translatePolaris(config: Record<string, unknown>, request: InitRequest, draft: Draft): void {
  const { rules } = request;
  const checks = config.checks === undefined ? {} : config.checks;
  if (!isRecord(checks))
    throw new InitError('Polaris `checks`: expected a mapping of check to ignore/warning/danger');
  const custom = isRecord(config.customChecks) ? config.customChecks : {};
  // A rule answering several Polaris checks takes the strictest level among them.
  const wanted = new Map<string, { setting: Setting; from: string[] }>();
  for (const [id, level] of Object.entries(checks)) {
    const setting = typeof level === 'string' ? POLARIS_LEVEL[level] : undefined;
    if (!setting) {
      draft.notes.push(
        `Polaris check ${id}: unknown level ${JSON.stringify(level)} (expected ignore, warning or danger)`,
      );
      continue;
    }
    if (id in custom) {
      translatePolarisCustom(id, custom[id], setting, draft);
      continue;
    }
    const hit = lookup('polaris', id, rules);
    if (!hit.rules.length) draft.notes.push(`Polaris check ${id} (${level}): ${hit.why}`);
    for (const r of hit.rules) {
      const prev = wanted.get(r);
      const strictest =
        prev && SEVERITY_ORDER.indexOf(prev.setting) > SEVERITY_ORDER.indexOf(setting)
          ? prev.setting
          : setting;
      wanted.set(r, { setting: strictest, from: [...(prev?.from ?? []), `${id}: ${level}`] });
    }
  }
  for (const [r, w] of wanted)
    draft.rules.set(r, { setting: w.setting, why: `Polaris ${w.from.join(', ')}` });
  for (const [id] of Object.entries(custom)) {
    if (!(id in checks))
      draft.notes.push(`Polaris custom check ${id} is defined but not enabled under checks; skipped`);
  }
  const exemptions = config.exemptions;
  if (Array.isArray(exemptions) && exemptions.length) translatePolarisExemptions(exemptions, request, draft);
}

/** A Polaris custom check restricting `image` to registry patterns becomes allowedRegistries. */
function translatePolarisCustom(id: string, check: unknown, setting: Setting, draft: Draft): void {
  const image =
    isRecord(check) && isRecord(check.schema) && isRecord(check.schema.properties)
      ? check.schema.properties.image
      : undefined;
  const patterns: unknown[] = [];
  if (isRecord(image)) {
    if (typeof image.pattern === 'string') patterns.push(image.pattern);
    for (const alt of Array.isArray(image.anyOf) ? image.anyOf : [])
      if (isRecord(alt)) patterns.push(alt.pattern);
  }
  const registries = patterns.flatMap((p) => (typeof p === 'string' ? registriesOf(p) : [undefined]));
  if (!patterns.length || registries.some((r) => r === undefined)) {
    draft.notes.push(`Polaris custom check ${id} is not translated (only image registry allow-lists are)`);
    return;
  }
  if (setting === 'off') {
    draft.notes.push(`Polaris custom check ${id} restricts registries but is set to ignore; skipped`);
    return;
  }
  const prev = draft.rules.get('untrusted-image-registry')?.options?.allowedRegistries as
    | string[]
    | undefined;
  const allowedRegistries = [...new Set([...(prev ?? []), ...(registries as string[])])];
  draft.rules.set('untrusted-image-registry', {
    setting,
    why: `Polaris custom check ${id}`,
    options: { allowedRegistries },
  });
}

/** `^quay.io/`, `^(gcr\.io|ghcr\.io/acme)/.*` → registry prefixes; undefined when not that simple. */
function registriesOf(pattern: string): (string | undefined)[] {
  const m = /^\^(?:\((.+)\)|(.+?))(?:\/|\\\/)?(?:\.\*)?\$?$/.exec(pattern);
  const body = m?.[1] ?? m?.[2];
  if (!body) return [undefined];
  return body.split('|').map((alt) => {
    const plain = alt.replace(/\\([./-])/g, '$1').replace(/\/$/, '');
    return /^[A-Za-z0-9.-]+(?::[0-9]+)?(?:\/[A-Za-z0-9._-]+)*$/.test(plain) ? plain : undefined;
  });
}

function translatePolarisExemptions(exemptions: unknown[], request: InitRequest, draft: Draft): void {
  const { dir, rules } = request;
  const found = discover([dir], { cwd: dir });
  const files = found.files.map((f) => readSource(f.absPath, f.path, { maxFileBytes: 5 * 1024 * 1024 }));
  const objects = new Model(files).objects;
  exemptions.forEach((e, i) => {
    if (!isRecord(e)) return;
    const names = stringList(e.controllerNames, `Polaris exemptions[${i}].controllerNames`);
    const checkIds = stringList(e.rules, `Polaris exemptions[${i}].rules`);
    const namespace = typeof e.namespace === 'string' ? e.namespace : undefined;
    const what = `Polaris exemption ${i + 1} (${[
      namespace ? `namespace ${namespace}` : '',
      names.length ? `controllers ${names.join(', ')}` : '',
      checkIds.length ? `checks ${checkIds.join(', ')}` : 'all checks',
    ]
      .filter(Boolean)
      .join('; ')})`;
    const ruleIds = [...new Set(checkIds.flatMap((c) => lookup('polaris', c, rules).rules))].sort();
    const containers = stringList(e.containerNames, `Polaris exemptions[${i}].containerNames`);
    if (containers.length) {
      draft.notes.push(
        `${what}: limited to containers ${containers.join(', ')}, which a per-file override cannot express; exempt them with # kubeharden-ignore comments`,
      );
      return;
    }
    if (!checkIds.length || !ruleIds.length) {
      draft.notes.push(
        `${what}: not translated; exempt those objects with the kubeharden.io/ignore annotation`,
      );
      return;
    }
    // Polaris matches controller names by prefix; an override is per file, so it covers the whole file.
    const hits = objects.filter(
      (o) =>
        (namespace === undefined || o.namespace === namespace) &&
        (names.length === 0 || names.some((n) => o.name.startsWith(n))),
    );
    const paths = [...new Set(hits.map((o) => toGlob(o.file.path)))].sort();
    if (!paths.length) {
      draft.notes.push(`${what}: no matching objects in this repository; not translated`);
      return;
    }
    draft.overrides.push({ files: paths, rules: ruleIds, why: what });
  });
}

function toGlob(path: string): string {
  return path.split(sep).join('/');
}

function quote(s: string): string {
  return /^[A-Za-z0-9._/-]+$/.test(s) && !/^(true|false|null|yes|no|on|off|~)$/i.test(s)
    ? s
    : JSON.stringify(s);
}

function render(header: string, d: Draft): string {
  const out = [header, ''];
  out.push(`extends: [${d.extends.join(', ')}]`);
  if (d.rules.size) {
    out.push('rules:');
    for (const [id, r] of [...d.rules].sort(([a], [b]) => a.localeCompare(b))) {
      out.push(`  # ${r.why}`);
      if (r.options) {
        out.push(`  ${id}:`, `    severity: ${r.setting}`, '    options:');
        for (const [k, v] of Object.entries(r.options)) {
          if (!Array.isArray(v)) out.push(`      ${k}: ${JSON.stringify(v)}`);
          else out.push(`      ${k}:`, ...v.map((x) => `        - ${quote(String(x))}`));
        }
      } else out.push(`  ${id}: ${r.setting}`);
    }
  }
  if (d.exclude.length) {
    out.push('exclude:');
    for (const g of d.exclude) out.push(`  - ${quote(g)}`);
  }
  if (d.overrides.length) {
    out.push('overrides:');
    for (const o of d.overrides) {
      out.push(`  # ${o.why}; an override covers whole files`);
      out.push(`  - files: [${o.files.map(quote).join(', ')}]`, '    rules:');
      for (const r of o.rules) out.push(`      ${r}: off`);
    }
  }
  if (d.notes.length) {
    out.push('', '# Not translated:');
    for (const n of d.notes) out.push(`#   ${n.replace(/\n/g, ' ')}`);
  }
  return `${out.join('\n')}\n`;
}
