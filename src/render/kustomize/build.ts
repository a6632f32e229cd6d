// `kustomize build` of one kustomization folder, natively: resources, bases and components are
// accumulated, generators run, then the builtin transformers in kustomize's fixed order; at the top,
// generated names get their hash, name references follow renames, vars are substituted and the
// result is sorted. Nothing is executed or fetched; files are read only inside the repository root.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { type Printed, printResources } from './emit.js';
import { builtinConfig, type FieldSpec, type NameBackRef, type TransformerConfig } from './fieldspecs.js';
import {
  contentHash,
  GeneratorError,
  type KvPair,
  makeObject,
  parseEnvText,
  parseFileSource,
  parseLiteral,
} from './generators.js';
import { type HelmInflation, inflateHelmCharts } from './helmcharts.js';
import { applyJsonPatch, JsonPatchError } from './jsonpatch.js';
import {
  clone,
  get,
  getMap,
  getSeq,
  getStr,
  type KMap,
  type KNode,
  type KSeq,
  kmap,
  type Origin,
  parseYamlDocs,
  scalar,
  str,
  toPlain,
} from './knode.js';
import {
  annotationsOf,
  curId,
  curId as curIdOf,
  effectiveNamespace,
  gvkEquals,
  gvkOf,
  gvkSelected,
  idEquals,
  idString,
  isClusterScoped,
  labelsOf,
  orgId,
  type Res,
  type ResId,
  storePreviousId,
  useClusterScopedKinds,
} from './resource.js';
import { configFromCrds, OpenApiSchema, SchemaFileError } from './schemas.js';
import { PatchError, strategicMerge, useSchema } from './smp.js';
import { applyReplacements, readVarDef, resolveVars, type VarDef } from './vars.js';

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const MAX_DEPTH = 32;

/** A build failure, with the kustomization line that caused it. */
export class BuildError extends Error {
  /** Remote resources skipped before the failure, which may be what the build missed. */
  remoteSkipped: readonly string[] = [];
  /** Files the build had read before the failure: `at` may point into one. */
  filesRead: readonly InputFile[] = [];
  constructor(
    message: string,
    readonly at: Origin,
  ) {
    super(message);
  }
}

/**
 * Failures that objects missing from the build explain: a patch, merge, replicas or replacement
 * whose target is not there. With a remote base skipped they say nothing about the overlay.
 */
export function isMissingTargetError(message: string): boolean {
  return /^no resource matches |does not exist; cannot merge or replace|^replicas: no resource named |^replacements: |^found multiple possible referrals|^JSON 6902 patch on /.test(
    message,
  );
}

export interface InputFile {
  readonly abs: string;
  readonly path: string;
  readonly text: string;
}

export interface BuildContext {
  /** Repository root: nothing outside it is read. */
  readonly root: string;
  /** The path findings name for an absolute path. */
  readonly display: (abs: string) => string;
  /** Every file read, by absolute path (text with BOM removed). */
  readonly files: Map<string, InputFile>;
  /** Files used as patches (never linted as objects on their own). */
  readonly patchFiles: Set<string>;
  /** Files and kustomizations included as resources, bases or components. */
  readonly includedFiles: Set<string>;
  readonly includedDirs: Set<string>;
  readonly notices: string[];
  /** Remote resources and components skipped (never fetched): the build sees only part of its input. */
  readonly remoteSkipped: string[];
  /** Fields skipped because they would execute or fetch something. */
  readonly unsupported: { field: string; message: string; at: Origin }[];
  /** Fields that are deprecated in kustomize. */
  readonly warnings: string[];
  /** Charts inflated by `helmCharts`, by the virtual file their nodes' origins name. */
  readonly helm: Map<string, HelmInflation>;
  readonly cache?: SharedCache;
}

/** Files read and parsed once for all the builds of one lint run. */
export interface SharedCache {
  readonly files: Map<string, InputFile>;
  readonly parsed: Map<string, ReturnType<typeof parseYamlDocs>>;
  readonly kustomizations: Map<string, Kust>;
  /** What each path is (a stat per path and run: overlays name the same bases again and again). */
  readonly stats: Map<string, PathKind>;
}

export function newCache(): SharedCache {
  return { files: new Map(), parsed: new Map(), kustomizations: new Map(), stats: new Map() };
}

export type PathKind = 'file' | 'dir' | 'other' | 'none';

/**
 * The documents of a file, parsed once per run when `cache` is given. They are shared: a caller
 * that changes nodes clones them first.
 */
export function parsedDocs(
  file: InputFile,
  cache: SharedCache | undefined,
): ReturnType<typeof parseYamlDocs> {
  const had = cache?.parsed.get(file.abs);
  if (had) return had;
  const docs = parseYamlDocs(file.text, file.path);
  cache?.parsed.set(file.abs, docs);
  return docs;
}

/** What `abs` is, following links (statSync), remembered in `cache` when given. */
export function pathKind(abs: string, cache: SharedCache | undefined): PathKind {
  let kind = cache?.stats.get(abs);
  if (kind !== undefined) return kind;
  try {
    const st = statSync(abs);
    kind = st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
  } catch {
    kind = 'none';
  }
  cache?.stats.set(abs, kind);
  return kind;
}

export function newContext(
  root: string,
  display: string | ((abs: string) => string),
  cache?: SharedCache,
): BuildContext {
  return {
    root,
    display: typeof display === 'string' ? (abs) => displayPath(abs, display) : display,
    cache,
    files: new Map(),
    patchFiles: new Set(),
    includedFiles: new Set(),
    includedDirs: new Set(),
    notices: [],
    remoteSkipped: [],
    unsupported: [],
    warnings: [],
    helm: new Map(),
  };
}

export function displayPath(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  const p = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
  return p.split(sep).join('/');
}

const realRoots = new Map<string, string>();
function realRoot(root: string): string {
  let r = realRoots.get(root);
  if (r === undefined) {
    try {
      r = realpathSync.native(root);
    } catch {
      r = root;
    }
    realRoots.set(root, r);
  }
  return r;
}

const isInside = (dir: string, p: string): boolean => {
  // Fast path for what resolve() and join() produce (no `.` segments, no doubled separators): a
  // path below `dir` starts with it and a separator, and its remainder is what relative() returns.
  if (
    p.length > dir.length + 1 &&
    p.startsWith(dir) &&
    p[dir.length] === sep &&
    !dir.endsWith(sep) &&
    !p.startsWith('..', dir.length + 1) &&
    !p.includes(`${sep}.`) &&
    !p.includes(`${sep}${sep}`) &&
    !dir.includes(`${sep}.`) &&
    !dir.includes(`${sep}${sep}`) &&
    isAbsolute(dir)
  ) {
    return true;
  }
  const rel = relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

interface Kust {
  readonly dir: string;
  readonly file: InputFile;
  readonly node: KMap;
  readonly isComponent: boolean;
}

interface Accumulator {
  list: Res[];
  vars: VarDef[];
  config: TransformerConfig;
  /** The config differs from the builtin one (a `configurations` file was merged). */
  customConfig?: boolean;
  /** Ids of `list` while resources are being added (nothing renames then); reset afterwards. */
  ids?: Set<string>;
}

export function findKustomizationFile(dir: string, cache?: SharedCache): string | undefined {
  return KUSTOMIZATION_FILES.find((name) => pathKind(join(dir, name), cache) === 'file');
}

export class Builder {
  private readonly stack: string[] = [];
  /** An `openapi` field was met (kyaml sets its schema once per build: the first one holds). */
  private schemaSet = false;

  constructor(readonly ctx: BuildContext) {}

  readText(abs: string, at: Origin): InputFile {
    const had = this.ctx.files.get(abs);
    if (had) return had;
    const cached = this.ctx.cache?.files.get(abs);
    if (cached && isInside(this.ctx.root, abs)) {
      this.ctx.files.set(abs, cached);
      return cached;
    }
    if (!isInside(this.ctx.root, abs)) {
      throw new BuildError(`${this.ctx.display(abs)} is outside the repository root; not read`, at);
    }
    let bytes: Buffer;
    try {
      // A link inside the repository may point out of it: the target must be inside too (the
      // native realpath: one system call, where the JS one lstats every folder on the way).
      if (!isInside(realRoot(this.ctx.root), realpathSync.native(abs))) {
        throw new BuildError(`${this.ctx.display(abs)} links outside the repository root; not read`, at);
      }
      // A FIFO or device would block or never end: only regular files are read.
      if (!statSync(abs).isFile()) {
        throw new BuildError(`${this.ctx.display(abs)} is not a regular file; not read`, at);
      }
      bytes = readFileSync(abs);
    } catch (e) {
      if (e instanceof BuildError) throw e;
      throw new BuildError(`${this.ctx.display(abs)} does not exist or cannot be read`, at);
    }
    let text = bytes.toString('utf8');
    if (text.startsWith('\uFEFF')) text = text.slice(1);
    const f: InputFile = { abs, path: this.ctx.display(abs), text };
    this.ctx.files.set(abs, f);
    this.ctx.cache?.files.set(abs, f);
    return f;
  }

  private readBytes(abs: string, at: Origin): Buffer {
    if (!isInside(this.ctx.root, abs))
      throw new BuildError(`${this.ctx.display(abs)} is outside the repository root`, at);
    try {
      if (!isInside(realRoot(this.ctx.root), realpathSync.native(abs))) {
        throw new BuildError(`${this.ctx.display(abs)} links outside the repository root; not read`, at);
      }
      // A FIFO or device would block or never end: only regular files are read.
      if (!statSync(abs).isFile()) {
        throw new BuildError(`${this.ctx.display(abs)} is not a regular file; not read`, at);
      }
      return readFileSync(abs);
    } catch (e) {
      if (e instanceof BuildError) throw e;
      throw new BuildError(`${this.ctx.display(abs)} does not exist or cannot be read`, at);
    }
  }

  loadKustomization(dir: string, at: Origin): Kust {
    // Kustomization nodes are only read by a build, never changed: one parse serves every overlay.
    const cached = this.ctx.cache?.kustomizations.get(dir);
    if (cached && isInside(this.ctx.root, cached.file.abs)) {
      this.ctx.files.set(cached.file.abs, cached.file);
      return cached;
    }
    const k = this.readKustomization(dir, at);
    this.ctx.cache?.kustomizations.set(dir, k);
    return k;
  }

  private readKustomization(dir: string, at: Origin): Kust {
    const name = findKustomizationFile(dir, this.ctx.cache);
    if (!name) {
      throw new BuildError(
        `${this.ctx.display(dir) || '.'} has no kustomization.yaml, kustomization.yml or Kustomization`,
        at,
      );
    }
    const file = this.readText(join(dir, name), at);
    let node: KNode | undefined;
    try {
      node = parsedDocs(file, this.ctx.cache)[0]?.node;
    } catch (e) {
      throw new BuildError((e as Error).message, { file: file.path, start: 0, end: 0 });
    }
    // The parse is shared (index.ts reads it too); only the top map's keys change below.
    const kmapNode: KMap =
      node && node.k === 'map'
        ? { k: 'map', m: new Map(node.m), ko: new Map(node.ko), o: node.o }
        : kmap({ file: file.path, start: 0, end: 0 });
    canonicaliseKeys(kmapNode);
    const kind = getStr(kmapNode, 'kind');
    return { dir, file, node: kmapNode, isComponent: kind === 'Component' };
  }

  /** Builds the kustomization in `dir` (a leaf or any other): the resources, in output order. */
  build(dir: string): Res[] {
    useSchema(undefined);
    useClusterScopedKinds(undefined);
    this.schemaSet = false;
    const top = this.loadKustomization(dir, { file: this.ctx.display(dir), start: 0, end: 0 });
    const ra = this.accumulate(top, { list: [], vars: [], config: builtinConfig() });
    // Last steps, done once at the top: hash suffixes, name references, vars.
    for (const r of ra.list) {
      if (!r.needsHash) continue;
      const h = contentHash(r.node);
      storePreviousId(r);
      const nameNode = get(r.node, 'metadata', 'name');
      if (nameNode && nameNode.k === 'scalar') nameNode.v = `${nameNode.v}-${h}`;
    }
    fixNameReferences(ra.list, ra.config.nameReference);
    resolveVars(ra.list, ra.vars, ra.config.varReference, (m) => new BuildError(m, varsAt(top)));
    const meta = toPlain(get(top.node, 'buildMetadata'));
    if (Array.isArray(meta) && meta.includes('originAnnotations')) addOriginAnnotations(ra.list, top.dir);
    return sortResources(ra.list, top);
  }

  private accumulate(k: Kust, ra: Accumulator): Accumulator {
    if (this.stack.includes(k.dir)) {
      throw new BuildError(`cycle: ${this.ctx.display(k.dir)} includes itself`, at0(k));
    }
    if (this.stack.length >= MAX_DEPTH) {
      throw new BuildError(`kustomizations nest deeper than ${MAX_DEPTH} levels`, at0(k));
    }
    this.stack.push(k.dir);
    try {
      this.checkUnsupported(k);
      const resources = [
        ...(getSeq(k.node, 'resources')?.items ?? []),
        ...(getSeq(k.node, 'bases')?.items ?? []),
      ];
      ra.ids = new Set(ra.list.map((x) => idKey(curId(x))));
      for (const entry of resources) this.accumulateEntry(k, entry, ra);
      ra.ids = undefined;
      this.mergeConfigurations(k, ra);
      this.runGenerators(k, ra);
      for (const entry of getSeq(k.node, 'components')?.items ?? []) {
        if (entry.k !== 'scalar') continue;
        const at = entry.o ?? at0(k);
        if (isRemote(entry.v)) {
          this.ctx.remoteSkipped.push(entry.v);
          this.ctx.notices.push(
            `${k.file.path}: remote component ${entry.v} skipped (kubeharden never fetches)`,
          );
          continue;
        }
        const cdir = resolve(k.dir, entry.v);
        if (!isInside(this.ctx.root, cdir))
          throw new BuildError(`component ${entry.v} is outside the repository root`, at);
        const ck = this.loadKustomization(cdir, at);
        if (!ck.isComponent) {
          throw new BuildError(`${entry.v} is a Kustomization, not a Component (kind: Component)`, at);
        }
        this.ctx.includedDirs.add(cdir);
        this.accumulate(ck, ra);
      }
      this.runTransformers(k, ra);
      for (const v of getSeq(k.node, 'vars')?.items ?? []) {
        const plain = readVarDef(toPlain(v));
        if (!plain) continue;
        if (ra.vars.some((x) => x.name === plain.name)) {
          throw new BuildError(`var '${plain.name}' already encountered`, v.o ?? at0(k));
        }
        ra.vars.push(plain);
      }
      return ra;
    } finally {
      this.stack.pop();
    }
  }

  private checkUnsupported(k: Kust): void {
    for (const field of ['transformers', 'generators', 'validators']) {
      const s = getSeq(k.node, field);
      if (!s?.items.length) continue;
      this.ctx.unsupported.push({
        field,
        message: `\`${field}\` in ${k.file.path} is skipped: plugin configurations may run programs (exec or container functions), and kubeharden never runs anything`,
        at: fieldAt(k, field),
      });
    }
    this.loadOpenApi(k);
  }

  /** `openapi: {path}`: the schema strategic merge uses from now on in this build (schemas.ts). */
  private loadOpenApi(k: Kust): void {
    const field = getMap(k.node, 'openapi');
    if (!field || this.schemaSet) return;
    this.schemaSet = true;
    const at = fieldAt(k, 'openapi');
    const path = getStr(field, 'path');
    const version = getStr(field, 'version');
    if (path === undefined) {
      if (version)
        this.ctx.notices.push(
          `${k.file.path}: \`openapi\` version ${version}: kubeharden's builtin merge keys (Kubernetes 1.21, kustomize's default) are used`,
        );
      return;
    }
    if (version) throw new BuildError('builtin version and custom schema provided, cannot use both', at);
    const abs = this.restricted(k, path, get(field, 'path')?.o ?? at);
    const f = this.readText(abs, at);
    this.ctx.patchFiles.add(abs);
    try {
      const schema = new OpenApiSchema(f.text);
      useSchema((apiVersion, kind) => schema.schemaFor(apiVersion, kind));
      useClusterScopedKinds(schema.clusterScopedKinds);
    } catch (e) {
      if (e instanceof SchemaFileError) throw new BuildError(`invalid schema file ${path}: ${e.message}`, at);
      throw e;
    }
  }

  private accumulateEntry(k: Kust, entry: KNode, ra: Accumulator): void {
    if (entry.k !== 'scalar') return;
    const at = entry.o ?? at0(k);
    const p = entry.v;
    if (isRemote(p)) {
      this.ctx.remoteSkipped.push(p);
      this.ctx.notices.push(`${k.file.path}: remote resource ${p} skipped (kubeharden never fetches)`);
      return;
    }
    const abs = resolve(k.dir, p);
    if (!isInside(this.ctx.root, abs)) {
      throw new BuildError(`resource ${p} is outside the repository root; not read`, at);
    }
    const kind = pathKind(abs, this.ctx.cache);
    if (kind === 'none') throw new BuildError(`resource ${p} does not exist`, at);
    if (kind === 'dir') {
      if (this.stack.includes(abs)) {
        throw new BuildError(
          `cycle: ${p} includes a kustomization that includes it (${this.ctx.display(abs)})`,
          at,
        );
      }
      const sub = this.loadKustomization(abs, at);
      if (sub.isComponent) throw new BuildError(`${p} is a Component; list it under components:`, at);
      this.ctx.includedDirs.add(abs);
      const subRa = this.accumulate(sub, { list: [], vars: [], config: builtinConfig() });
      appendAll(ra, subRa.list, at);
      for (const v of subRa.vars) {
        if (ra.vars.some((x) => x.name === v.name))
          throw new BuildError(`var '${v.name}' already encountered`, at);
        ra.vars.push(v);
      }
      if (subRa.customConfig) {
        mergeConfig(ra.config, subRa.config);
        ra.customConfig = true;
      }
      return;
    }
    if (!isInside(k.dir, abs)) {
      throw new BuildError(
        `security; file '${this.ctx.display(abs)}' is not in or below '${this.ctx.display(k.dir)}'`,
        at,
      );
    }
    const file = this.readText(abs, at);
    this.ctx.includedFiles.add(abs);
    const parsed = this.parseObjects(file, at).map((node) => {
      const r = newRes(node, node.o ?? at);
      r.source = { file: abs };
      return r;
    });
    appendAll(ra, parsed, at);
  }

  private parseObjects(file: InputFile, at: Origin): KMap[] {
    let docs: ReturnType<typeof parseYamlDocs>;
    try {
      // Builds change objects in place: each takes its own copy of a parsed file.
      docs = parsedDocs(file, this.ctx.cache).map((d) => ({ ...d, node: d.node && clone(d.node) }));
    } catch (e) {
      throw new BuildError((e as Error).message, at);
    }
    const out: KMap[] = [];
    for (const d of docs) {
      const n = d.node;
      if (!n || (n.k === 'scalar' && n.tag === 'null')) continue;
      if (n.k !== 'map') throw new BuildError(`${file.path}: a document is not a map`, at);
      if (n.m.size === 0) continue;
      n.o = { file: file.path, start: d.start, end: d.end };
      const kind = getStr(n, 'kind') ?? '';
      const items = getSeq(n, 'items');
      if (kind.endsWith('List') && items) {
        for (const it of items.items) if (it.k === 'map') out.push(it);
        continue;
      }
      out.push(n);
    }
    return out;
  }

  private mergeConfigurations(k: Kust, ra: Accumulator): void {
    for (const entry of getSeq(k.node, 'configurations')?.items ?? []) {
      if (entry.k !== 'scalar') continue;
      const at = entry.o ?? at0(k);
      const abs = resolve(k.dir, entry.v);
      if (!isInside(k.dir, abs))
        throw new BuildError(`configuration ${entry.v} is outside the kustomization root`, at);
      const file = this.readText(abs, at);
      let docs: ReturnType<typeof parseYamlDocs>;
      try {
        docs = parseYamlDocs(file.text, file.path);
      } catch (e) {
        throw new BuildError((e as Error).message, at);
      }
      this.ctx.patchFiles.add(abs);
      const plain = toPlain(docs[0]?.node) as Partial<Record<keyof TransformerConfig, unknown>> | undefined;
      if (!plain) continue;
      mergeConfig(ra.config, normaliseConfig(plain));
      ra.customConfig = true;
    }
    // `crds`: OpenAPI definitions whose x-kubernetes-* extensions add field specs (schemas.ts).
    for (const entry of getSeq(k.node, 'crds')?.items ?? []) {
      if (entry.k !== 'scalar') continue;
      const at = entry.o ?? at0(k);
      const abs = this.restricted(k, entry.v, at);
      const file = this.readText(abs, at);
      this.ctx.patchFiles.add(abs);
      try {
        mergeConfig(ra.config, configFromCrds(file.text));
      } catch (e) {
        if (!(e instanceof SchemaFileError)) throw e;
        throw new BuildError(`unable to parse open API definition from '${entry.v}': ${e.message}`, at);
      }
      ra.customConfig = true;
    }
  }

  // --- Generators.

  private runGenerators(k: Kust, ra: Accumulator): void {
    const globalOpts = toPlain(get(k.node, 'generatorOptions')) as GenOptions | undefined;
    for (const [field, kind] of [
      ['configMapGenerator', 'ConfigMap'],
      ['secretGenerator', 'Secret'],
    ] as const) {
      for (const entry of getSeq(k.node, field)?.items ?? []) {
        if (entry.k !== 'map') continue;
        const at = entry.o ?? at0(k);
        try {
          const res = this.generate(k, entry, kind, globalOpts, at);
          absorbGenerated(ra, res, at);
        } catch (e) {
          if (e instanceof BuildError) throw e;
          if (e instanceof GeneratorError) throw new BuildError(`${field}: ${e.message}`, at);
          throw e;
        }
      }
    }
    this.inflateCharts(k, ra);
  }

  /** `helmCharts` (helmcharts.ts): the last builtin generator, as in kustomize. */
  private inflateCharts(k: Kust, ra: Accumulator): void {
    if (!k.node.m.has('helmCharts') && !k.node.m.has('helmChartInflationGenerator')) return;
    const inflated = inflateHelmCharts({
      root: this.ctx.root,
      dir: k.dir,
      kustomization: k.file,
      node: k.node,
      display: this.ctx.display,
      cache: this.ctx.cache,
      readText: (abs, at) => this.readText(abs, at),
      addInput: (abs, text) => {
        if (!this.ctx.files.has(abs)) this.ctx.files.set(abs, { abs, path: this.ctx.display(abs), text });
        this.ctx.patchFiles.add(abs);
      },
      consume: (abs) => this.ctx.patchFiles.add(abs),
      fail: (message, at) => {
        throw new BuildError(message, at);
      },
      remote: (ref, message) => {
        this.ctx.remoteSkipped.push(ref);
        this.ctx.notices.push(message);
      },
    });
    for (const h of inflated) {
      this.ctx.helm.set(h.path, h);
      const file: InputFile = { abs: h.path, path: h.path, text: h.text };
      for (const node of this.parseObjects(file, h.at)) {
        const r = newRes(node, node.o ?? h.at);
        r.source = { kustomization: k.file.abs, generator: 'HelmChartInflationGenerator' };
        absorbGenerated(ra, r, h.at);
      }
    }
  }

  private generate(
    k: Kust,
    entry: KMap,
    kind: 'ConfigMap' | 'Secret',
    globalOpts: GenOptions | undefined,
    at: Origin,
  ): Res {
    const name = getStr(entry, 'name');
    if (!name) throw new GeneratorError('a generated object must have a name');
    const pairs: KvPair[] = [];
    const envs = [...(getSeq(entry, 'envs')?.items ?? [])];
    const env = get(entry, 'env');
    if (env && env.k === 'scalar') envs.push(env);
    for (const e of envs) {
      if (e.k !== 'scalar') continue;
      const abs = this.restricted(k, e.v, e.o ?? at);
      const f = this.readText(abs, e.o ?? at);
      this.ctx.patchFiles.add(abs);
      pairs.push(...parseEnvText(f.text, (s, end) => ({ file: f.path, start: s, end })));
    }
    for (const l of getSeq(entry, 'literals')?.items ?? []) {
      if (l.k !== 'scalar') continue;
      pairs.push(parseLiteral(l.v, l.o ?? at));
    }
    for (const fnode of getSeq(entry, 'files')?.items ?? []) {
      if (fnode.k !== 'scalar') continue;
      const { key, path } = parseFileSource(fnode.v);
      const abs = this.restricted(k, path, fnode.o ?? at);
      let isDir = false;
      try {
        isDir = statSync(abs).isDirectory();
      } catch {
        throw new BuildError(`file ${path} does not exist`, fnode.o ?? at);
      }
      if (isDir) throw new BuildError(`file sources from folders are not supported: ${path}`, fnode.o ?? at);
      const bytes = this.readBytes(abs, fnode.o ?? at);
      this.ctx.patchFiles.add(abs);
      let text: string | undefined;
      try {
        text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
      } catch {
        text = undefined;
      }
      const fileOrigin = { file: this.ctx.display(abs), start: 0, end: 0 };
      if (text === undefined)
        pairs.push({ key, value: '', origin: fileOrigin, binaryBase64: bytes.toString('base64') });
      else pairs.push({ key, value: text, origin: fnode.o ?? at });
    }
    const local = toPlain(get(entry, 'options')) as GenOptions | undefined;
    const opts = mergeOptions(local, globalOpts);
    const node = makeObject(
      kind,
      name,
      getStr(entry, 'namespace'),
      pairs,
      { labels: opts?.labels, annotations: opts?.annotations, immutable: opts?.immutable },
      getStr(entry, 'type'),
      at,
    );
    // Kustomize reads any other word (`add`) as unspecified, which creates.
    const given = getStr(entry, 'behavior');
    const behavior: Res['behavior'] = given === 'merge' || given === 'replace' ? given : 'create';
    const r = newRes(node, at);
    r.source = {
      kustomization: k.file.abs,
      generator: kind === 'ConfigMap' ? 'ConfigMapGenerator' : 'SecretGenerator',
    };
    r.behavior = behavior;
    r.needsHash = !opts?.disableNameSuffixHash;
    return r;
  }

  /** A file path from a kustomization, which kustomize's load restrictor keeps under its folder. */
  private restricted(k: Kust, p: string, at: Origin): string {
    const abs = resolve(k.dir, p);
    if (!isInside(k.dir, abs) || !isInside(this.ctx.root, abs)) {
      throw new BuildError(
        `security; file '${this.ctx.display(abs)}' is not in or below '${this.ctx.display(k.dir)}'`,
        at,
      );
    }
    return abs;
  }

  // --- Transformers, in kustomize's order.

  private runTransformers(k: Kust, ra: Accumulator): void {
    const tc = ra.config;
    this.patchesStrategicMerge(k, ra);
    this.patches(k, ra);
    const ns = get(k.node, 'namespace');
    if (ns && ns.k === 'scalar' && ns.v) namespaceTransform(ra, ns.v, tc.namespace, fieldAt(k, 'namespace'));
    const prefix = getStr(k.node, 'namePrefix');
    if (prefix !== undefined)
      prefixSuffix(ra.list, prefix, 'prefix', tc.namePrefix, fieldAt(k, 'namePrefix'));
    const suffix = getStr(k.node, 'nameSuffix');
    if (suffix !== undefined)
      prefixSuffix(ra.list, suffix, 'suffix', tc.nameSuffix, fieldAt(k, 'nameSuffix'));
    for (const entry of getSeq(k.node, 'labels')?.items ?? []) {
      if (entry.k !== 'map') continue;
      const pairs = getMap(entry, 'pairs');
      if (!pairs) continue;
      const includeSelectors = toPlain(get(entry, 'includeSelectors')) === true;
      const includeTemplates = toPlain(get(entry, 'includeTemplates')) === true;
      let specs: FieldSpec[] = normaliseSpecs(toPlain(get(entry, 'fields')));
      if (includeSelectors) specs = mergeSpecs(specs, tc.commonLabels);
      else {
        specs = mergeSpecs(specs, [{ path: 'metadata/labels', create: true }]);
        if (includeTemplates) specs = mergeSpecs(specs, tc.templateLabels);
      }
      setEntries(ra.list, pairs, specs);
    }
    const commonLabels = getMap(k.node, 'commonLabels');
    if (commonLabels) setEntries(ra.list, commonLabels, tc.commonLabels);
    const commonAnnotations = getMap(k.node, 'commonAnnotations');
    if (commonAnnotations) setEntries(ra.list, commonAnnotations, tc.commonAnnotations);
    this.patchesJson6902(k, ra);
    for (const entry of getSeq(k.node, 'replicas')?.items ?? []) {
      if (entry.k !== 'map') continue;
      replicasTransform(ra.list, entry, tc.replicas);
    }
    for (const entry of getSeq(k.node, 'images')?.items ?? []) {
      if (entry.k !== 'map') continue;
      imagesTransform(ra.list, entry, tc.images);
    }
    const replacements = getSeq(k.node, 'replacements');
    if (replacements) {
      for (const entry of replacements.items) {
        if (entry.k !== 'map') continue;
        const at = entry.o ?? at0(k);
        let defs: KNode[] = [entry];
        const path = getStr(entry, 'path');
        if (path !== undefined) {
          const abs = this.restricted(k, path, at);
          const f = this.readText(abs, at);
          this.ctx.patchFiles.add(abs);
          try {
            defs = parseYamlDocs(f.text, f.path).flatMap((d) =>
              d.node?.k === 'seq' ? d.node.items : d.node ? [d.node] : [],
            );
          } catch (e) {
            throw new BuildError((e as Error).message, at);
          }
        }
        try {
          applyReplacements(ra.list, defs);
        } catch (e) {
          throw new BuildError(`replacements: ${(e as Error).message}`, at);
        }
      }
    }
  }

  /** A patch's documents: from its file (marked as consumed) or inline text in the kustomization. */
  private patchDocs(k: Kust, entry: KNode, at: Origin): { docs: KNode[]; file: string } {
    if (entry.k === 'scalar') {
      // patchesStrategicMerge: a path, or inline YAML.
      if (entry.v.includes('\n') || /^\s*(apiVersion|kind|metadata)\s*:/.test(entry.v)) {
        return { docs: this.inlineDocs(k, entry, at), file: k.file.path };
      }
      const abs = this.restricted(k, entry.v, at);
      return this.fileDocs(abs, at);
    }
    if (entry.k !== 'map') return { docs: [], file: k.file.path };
    const path = getStr(entry, 'path');
    if (path !== undefined) return this.fileDocs(this.restricted(k, path, at), at);
    const patch = get(entry, 'patch');
    if (patch && patch.k === 'scalar') return { docs: this.inlineDocs(k, patch, at), file: k.file.path };
    throw new BuildError('a patch needs `path` or `patch`', at);
  }

  private fileDocs(abs: string, at: Origin): { docs: KNode[]; file: string } {
    const f = this.readText(abs, at);
    this.ctx.patchFiles.add(abs);
    try {
      // Patches are only read (applySmp and strategicMerge clone them, JSON patch ops are read):
      // a file that several overlays or components use is parsed once.
      return {
        docs: parsedDocs(f, this.ctx.cache).flatMap((d) => (d.node ? [d.node] : [])),
        file: f.path,
      };
    } catch (e) {
      throw new BuildError((e as Error).message, at);
    }
  }

  /** Parses an inline patch and maps its nodes' origins into the kustomization file. */
  private inlineDocs(k: Kust, s: KNode & { k: 'scalar' }, at: Origin): KNode[] {
    let docs: KNode[];
    try {
      docs = parseYamlDocs(s.v, k.file.path).flatMap((d) => (d.node ? [d.node] : []));
    } catch (e) {
      throw new BuildError((e as Error).message, at);
    }
    const map = inlineOffsetMap(k.file.text, s.o, s.v);
    for (const d of docs) remapOrigins(d, map);
    return docs;
  }

  private patchesStrategicMerge(k: Kust, ra: Accumulator): void {
    const entries = getSeq(k.node, 'patchesStrategicMerge')?.items ?? [];
    for (const entry of entries) {
      const at = entry.o ?? at0(k);
      const { docs } = this.patchDocs(k, entry, at);
      for (const doc of docs) {
        if (doc.k !== 'map') continue;
        if (doc.m.size === 0) continue;
        applySmpById(ra, doc, at);
      }
    }
  }

  private patches(k: Kust, ra: Accumulator): void {
    for (const entry of getSeq(k.node, 'patches')?.items ?? []) {
      const at = entry.o ?? at0(k);
      const { docs } = this.patchDocs(k, entry, at);
      const target = entry.k === 'map' ? getMap(entry, 'target') : undefined;
      const options =
        entry.k === 'map'
          ? (toPlain(get(entry, 'options')) as Record<string, boolean> | undefined)
          : undefined;
      if (docs.length === 1 && docs[0]!.k === 'seq') {
        if (!target) throw new BuildError('a JSON 6902 patch needs a target', at);
        for (const r of select(ra.list, target)) jsonPatch(r, docs[0] as KSeq, at);
        continue;
      }
      for (const doc of docs) {
        if (doc.k !== 'map' || doc.m.size === 0) continue;
        if (!target) {
          applySmpById(ra, doc, at, options);
          continue;
        }
        const selected = select(ra.list, target);
        for (const r of selected) applySmp(ra, r, doc, at, options);
      }
    }
  }

  private patchesJson6902(k: Kust, ra: Accumulator): void {
    for (const entry of getSeq(k.node, 'patchesJson6902')?.items ?? []) {
      if (entry.k !== 'map') continue;
      const at = entry.o ?? at0(k);
      const target = getMap(entry, 'target');
      if (!target) throw new BuildError('patchesJson6902 needs a target', at);
      const { docs } = this.patchDocs(k, entry, at);
      const ops = docs[0];
      if (ops?.k !== 'seq') throw new BuildError('a JSON 6902 patch must be a list of operations', at);
      for (const r of select(ra.list, target)) jsonPatch(r, ops, at);
    }
  }
}

// --- Helpers used by the transformers.

type GenOptions = {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  disableNameSuffixHash?: boolean;
  immutable?: boolean;
};

function mergeOptions(local: GenOptions | undefined, global: GenOptions | undefined): GenOptions | undefined {
  if (!global) return local;
  const out: GenOptions = { ...(local ?? {}) };
  const strMap = (m: Record<string, unknown> | undefined): Record<string, string> | undefined =>
    m ? Object.fromEntries(Object.entries(m).map(([k, v]) => [k, String(v)])) : undefined;
  const ll = strMap(out.labels);
  const gl = strMap(global.labels);
  out.labels = ll ? { ...(gl ?? {}), ...ll } : gl;
  const la = strMap(out.annotations);
  const ga = strMap(global.annotations);
  out.annotations = la ? { ...(ga ?? {}), ...la } : ga;
  if (global.disableNameSuffixHash) out.disableNameSuffixHash = true;
  if (global.immutable) out.immutable = true;
  return out;
}

function addOriginAnnotations(list: Res[], topDir: string): void {
  for (const r of list) {
    if (!r.source) continue;
    const rel = (abs: string): string => relative(topDir, abs).split(sep).join('/');
    const text =
      'file' in r.source
        ? `path: ${rel(r.source.file)}\n`
        : `configuredIn: ${rel(r.source.kustomization)}\nconfiguredBy:\n  apiVersion: builtin\n  kind: ${r.source.generator}\n`;
    const meta = getMap(r.node, 'metadata');
    if (!meta) continue;
    let anns = getMap(meta, 'annotations');
    if (!anns) {
      anns = kmap(r.origin);
      meta.m.set('annotations', anns);
    }
    if (!anns.m.has('config.kubernetes.io/origin'))
      anns.m.set('config.kubernetes.io/origin', str(text, r.origin));
  }
}

function at0(k: Kust): Origin {
  return { file: k.file.path, start: 0, end: Math.min(k.file.text.indexOf('\n') >>> 0, k.file.text.length) };
}

function fieldAt(k: Kust, field: string): Origin {
  return k.node.ko.get(field) ?? at0(k);
}

function varsAt(k: Kust): Origin {
  return fieldAt(k, 'vars');
}

const KUSTOMIZATION_FIELDS = [
  'apiVersion',
  'kind',
  'metadata',
  'resources',
  'bases',
  'components',
  'namespace',
  'namePrefix',
  'nameSuffix',
  'labels',
  'commonLabels',
  'commonAnnotations',
  'images',
  'imageTags',
  'replicas',
  'patches',
  'patchesStrategicMerge',
  'patchesJson6902',
  'configMapGenerator',
  'secretGenerator',
  'generatorOptions',
  'vars',
  'replacements',
  'configurations',
  'crds',
  'openapi',
  'sortOptions',
  'buildMetadata',
  'helmCharts',
  'helmGlobals',
  'helmChartInflationGenerator',
  'transformers',
  'generators',
  'validators',
];

/** Go's JSON decoding matches field names case-insensitively (`patchesJSON6902` works). */
function canonicaliseKeys(k: KMap): void {
  for (const key of [...k.m.keys()]) {
    if (KUSTOMIZATION_FIELDS.includes(key)) continue;
    const canon = KUSTOMIZATION_FIELDS.find((f) => f.toLowerCase() === key.toLowerCase());
    if (!canon || k.m.has(canon)) continue;
    k.m.set(canon, k.m.get(key)!);
    const ko = k.ko.get(key);
    if (ko) k.ko.set(canon, ko);
    k.m.delete(key);
  }
  const imageTags = k.m.get('imageTags');
  if (imageTags && !k.m.has('images')) k.m.set('images', imageTags);
}

export function isRemote(p: string): boolean {
  return (
    /^(https?:\/\/|git@|ssh:\/\/|git::|github\.com\/|gitlab\.com\/|bitbucket\.org\/)/.test(p) ||
    p.includes('?ref=')
  );
}

function newRes(node: KMap, origin: Origin): Res {
  return { node, prev: [], prefixes: [], suffixes: [], needsHash: false, behavior: 'create', origin };
}

/** What makes two ids equal (idEquals), as one string. */
function idKey(id: ResId): string {
  return `${id.group}\0${id.version}\0${id.kind}\0${id.name}\0${effectiveNamespace(id)}`;
}

/** Appends resources, refusing one whose id is already there (nothing renames in between). */
function appendAll(ra: Accumulator, rs: readonly Res[], at: Origin): void {
  const keys = ra.ids ?? new Set(ra.list.map((x) => idKey(curId(x))));
  for (const r of rs) {
    const id = curId(r);
    const key = idKey(id);
    if (keys.has(key)) {
      throw new BuildError(`may not add resource with an already registered id: ${idString(id)}`, at);
    }
    keys.add(key);
    ra.list.push(r);
  }
}

function matchesAnyId(r: Res, id: ResId): boolean {
  return idEquals(curId(r), id) || r.prev.some((p) => idEquals(p, id));
}

function absorbGenerated(ra: Accumulator, res: Res, at: Origin): void {
  const id = curId(res);
  const matches = ra.list.filter((r) => matchesAnyId(r, id));
  if (matches.length === 0) {
    if (res.behavior !== 'create') {
      throw new BuildError(`${idString(id)} does not exist; cannot merge or replace`, at);
    }
    ra.list.push(res);
    return;
  }
  if (matches.length > 1)
    throw new BuildError(`several objects could accept the merge of ${idString(id)}`, at);
  const old = matches[0]!;
  if (res.behavior === 'create') {
    throw new BuildError(`${idString(id)} already exists; behavior must be merge or replace`, at);
  }
  // Labels and annotations: the old ones, overridden by the new; name and namespace: the old ones.
  const meta = getMap(res.node, 'metadata')!;
  const oldMeta = getMap(old.node, 'metadata');
  for (const field of ['labels', 'annotations']) {
    const merged = kmap(getMap(oldMeta, field)?.o ?? meta.o);
    for (const [k, v] of getMap(oldMeta, field)?.m ?? []) merged.m.set(k, stringified(v));
    for (const [k, v] of getMap(meta, field)?.m ?? []) merged.m.set(k, stringified(v));
    if (merged.m.size) meta.m.set(field, merged);
    else meta.m.delete(field);
  }
  const oldName = get(old.node, 'metadata', 'name');
  if (oldName) meta.m.set('name', oldName);
  const oldNs = get(old.node, 'metadata', 'namespace');
  if (oldNs) meta.m.set('namespace', oldNs);
  else meta.m.delete('namespace');
  if (res.behavior === 'merge') {
    for (const field of ['data', 'binaryData']) {
      const merged = kmap(getMap(old.node, field)?.o ?? res.node.o);
      for (const [k, v] of getMap(old.node, field)?.m ?? []) merged.m.set(k, v);
      for (const [k, v] of getMap(res.node, field)?.m ?? []) merged.m.set(k, v);
      if (merged.m.size) res.node.m.set(field, merged);
    }
  }
  res.prev = old.prev;
  res.prefixes = old.prefixes;
  res.suffixes = old.suffixes;
  // Either generator turning the hash suffix off turns it off (kubectl kustomize v5.7.1).
  res.needsHash = res.needsHash && old.needsHash;
  ra.list[ra.list.indexOf(old)] = res;
}

function stringified(v: KNode): KNode {
  return v.k === 'scalar' ? str(v.v, v.o) : str('', v.o);
}

function mergeConfig(into: TransformerConfig, from: Partial<TransformerConfig>): void {
  for (const key of Object.keys(from) as (keyof TransformerConfig)[]) {
    if (key === 'nameReference') {
      for (const br of from.nameReference ?? []) {
        const had = into.nameReference.find(
          (x) =>
            x.kind === br.kind &&
            (x.group ?? '') === (br.group ?? '') &&
            (x.version ?? '') === (br.version ?? ''),
        );
        if (had)
          (had.fieldSpecs as FieldSpec[]).splice(
            0,
            0,
            ...mergeSpecs([], br.fieldSpecs).filter((s) => !had.fieldSpecs.some((h) => sameSpec(h, s))),
          );
        else into.nameReference.push({ ...br, fieldSpecs: [...br.fieldSpecs] });
      }
      continue;
    }
    const list = from[key] as FieldSpec[] | undefined;
    if (list) into[key] = mergeSpecs(into[key] as FieldSpec[], list) as never;
  }
}

const sameSpec = (a: FieldSpec, b: FieldSpec): boolean =>
  a.path === b.path &&
  (a.kind ?? '') === (b.kind ?? '') &&
  (a.group ?? '') === (b.group ?? '') &&
  (a.version ?? '') === (b.version ?? '');

function mergeSpecs(a: readonly FieldSpec[], b: readonly FieldSpec[]): FieldSpec[] {
  const out = [...a];
  for (const s of b) if (!out.some((x) => sameSpec(x, s))) out.push(s);
  return out;
}

function normaliseSpecs(v: unknown): FieldSpec[] {
  if (!Array.isArray(v)) return [];
  return v
    .filter((x): x is Record<string, unknown> => !!x && typeof x === 'object')
    .map((x) => ({
      path: String(x.path ?? ''),
      ...(x.kind ? { kind: String(x.kind) } : {}),
      ...(x.group ? { group: String(x.group) } : {}),
      ...(x.version ? { version: String(x.version) } : {}),
      ...(x.create === true ? { create: true } : {}),
    }));
}

function normaliseConfig(plain: Record<string, unknown>): Partial<TransformerConfig> {
  const out: Partial<TransformerConfig> = {};
  for (const key of [
    'namePrefix',
    'nameSuffix',
    'namespace',
    'commonLabels',
    'templateLabels',
    'commonAnnotations',
    'varReference',
    'images',
    'replicas',
  ] as const) {
    if (plain[key]) out[key] = normaliseSpecs(plain[key]);
  }
  if (Array.isArray(plain.nameReference)) {
    out.nameReference = (plain.nameReference as Record<string, unknown>[]).map((br) => ({
      kind: String(br.kind ?? ''),
      ...(br.group ? { group: String(br.group) } : {}),
      ...(br.version ? { version: String(br.version) } : {}),
      fieldSpecs: normaliseSpecs(br.fieldSpecs),
    }));
  }
  return out;
}

// --- Field specs: visit the nodes a spec names, creating them where it says so.

/** Field spec paths split so far (the builtin specs are few and used for every object). */
const splitPaths = new Map<string, readonly string[]>();

function splitPathCached(path: string): readonly string[] {
  let out = splitPaths.get(path);
  if (out === undefined) {
    out = splitPath(path);
    if (splitPaths.size > 10_000) splitPaths.clear();
    splitPaths.set(path, out);
  }
  return out;
}

function splitPath(path: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i]!;
    if (c === '\\' && path[i + 1] === '/') {
      cur += '/';
      i++;
    } else if (c === '/') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

type Setter = (parent: KMap | undefined, key: string, node: KNode) => void;

/**
 * Applies `set` at every node that `spec.path` reaches in `root`. `createKind` says what a missing
 * last field becomes when the spec allows creation (`undefined`: never create).
 */
export function visitFieldSpec(
  root: KMap,
  spec: FieldSpec,
  set: Setter,
  createKind: 'scalar' | 'map' | undefined,
  createOrigin: Origin | undefined,
): void {
  const gvk = gvkOf(root);
  if (spec.kind && spec.kind !== gvk.kind) return;
  if (spec.group && spec.group !== gvk.group) return;
  if (spec.version && spec.version !== gvk.version) return;
  walkPath(
    root,
    undefined,
    '',
    splitPathCached(spec.path),
    0,
    spec.create === true ? createKind : undefined,
    set,
    createOrigin,
  );
}

/** Walks `path` from index `at` (the segments before it are behind `node`). */
function walkPath(
  node: KNode,
  parent: KMap | undefined,
  key: string,
  path: readonly string[],
  at: number,
  createKind: 'scalar' | 'map' | undefined,
  set: Setter,
  createOrigin: Origin | undefined,
): void {
  if (at === path.length) {
    set(parent, key, node);
    return;
  }
  if (node.k === 'scalar') return;
  if (node.k === 'seq') {
    for (const item of node.items) walkPath(item, undefined, '', path, at, createKind, set, createOrigin);
    return;
  }
  const seg = path[at]!;
  const isSeq = seg.endsWith('[]');
  const field = isSeq ? seg.slice(0, -2) : seg;
  const last = at === path.length - 1;
  let next = node.m.get(field);
  if (!next) {
    if (!createKind || isSeq) return;
    next = last && createKind === 'scalar' ? scalar('', 'null', createOrigin) : kmap(createOrigin);
    node.m.set(field, next);
    if (createOrigin) node.ko.set(field, createOrigin);
  } else if (next.k === 'scalar' && next.tag === 'null' && createKind && !isSeq) {
    next = last && createKind === 'scalar' ? next : kmap(createOrigin ?? next.o);
    node.m.set(field, next);
  }
  walkPath(next, node, field, path, at + 1, createKind, set, createOrigin);
}

function _setScalarAt(parent: KMap | undefined, key: string, value: KNode): void {
  if (!parent) return;
  parent.m.set(key, value);
}

// --- Namespace, prefix/suffix, labels/annotations, replicas, images.

function namespaceTransform(ra: Accumulator, ns: string, specs: readonly FieldSpec[], at: Origin): void {
  for (const r of ra.list) {
    if (r.node.m.size === 0) continue;
    storePreviousId(r);
    const gvk = gvkOf(r.node);
    const setNs: Setter = (parent, key, node) => {
      if (!parent) return;
      if (node.k === 'scalar' && node.tag !== 'null' && node.v === ns) return;
      parent.m.set(key, str(ns, at));
      parent.ko.set(key, at);
    };
    if (!isClusterScoped(gvk.kind)) {
      visitFieldSpec(r.node, { path: 'metadata/namespace', create: true }, setNs, 'scalar', at);
    }
    const apiVersion = getStr(r.node, 'apiVersion') ?? '';
    for (const spec of specs) {
      if (spec.path === 'metadata/namespace') continue;
      if (apiVersion !== 'v1' && spec.path === 'metadata/name') continue;
      if (
        (gvk.kind === 'RoleBinding' || gvk.kind === 'ClusterRoleBinding') &&
        spec.path === 'subjects/namespace'
      )
        continue;
      visitFieldSpec(r.node, spec, setNs, 'scalar', at);
    }
    if (gvk.kind === 'RoleBinding' || gvk.kind === 'ClusterRoleBinding') {
      for (const s of getSeq(r.node, 'subjects')?.items ?? []) {
        if (s.k !== 'map' || getStr(s, 'name') !== 'default') continue;
        s.m.set('namespace', str(ns, at));
        s.ko.set('namespace', at);
      }
    }
  }
  const seen = new Set<string>();
  for (const r of ra.list) {
    const id = curId(r);
    const key = idKey(id);
    if (seen.has(key))
      throw new BuildError(`namespace transformation produces ID conflict: ${idString(id)}`, at);
    seen.add(key);
  }
}

const PREFIX_SKIP = (id: ResId): boolean =>
  id.kind === 'CustomResourceDefinition' ||
  (id.kind === 'APIService' && id.group === 'apiregistration.k8s.io') ||
  id.kind === 'Namespace';

function prefixSuffix(
  list: Res[],
  value: string,
  which: 'prefix' | 'suffix',
  specs: readonly FieldSpec[],
  at: Origin,
): void {
  for (const r of list) {
    const id = orgId(r);
    if (PREFIX_SKIP(id)) continue;
    for (const spec of specs) {
      if (!gvkSelected(id, spec)) continue;
      if (spec.path === 'metadata/name') {
        if (value) {
          (which === 'prefix' ? r.prefixes : r.suffixes).push(value);
          storePreviousId(r);
        }
      }
      visitFieldSpec(
        r.node,
        spec,
        (parent, key, node) => {
          if (!parent || node.k !== 'scalar') return;
          parent.m.set(key, str(which === 'prefix' ? `${value}${node.v}` : `${node.v}${value}`, at));
          parent.ko.set(key, at);
        },
        undefined,
        at,
      );
    }
  }
}

function setEntries(list: Res[], pairs: KMap, specs: readonly FieldSpec[]): void {
  const keys = [...pairs.m.keys()].sort();
  for (const r of list) {
    for (const k of keys) {
      const v = pairs.m.get(k)!;
      const value = v.k === 'scalar' ? (v.tag === 'null' ? '' : v.v) : '';
      const o = pairs.ko.get(k) ?? v.o;
      // kyaml's SetEntry makes one value node per object and key: every field it creates shares it,
      // and a later SetEntry on any of them writes into it, so all of them change (a kustomize quirk
      // reproduced: `labels` without selectors still updates a selector value that commonLabels set).
      const shared = str(value, o);
      for (const spec of specs) {
        visitFieldSpec(
          r.node,
          spec,
          (parent, key, node) => {
            let target = node;
            if (node.k === 'scalar' && node.tag === 'null' && parent) {
              target = kmap(o);
              parent.m.set(key, target);
            }
            if (target.k !== 'map') return;
            const existing = target.m.get(k);
            if (existing && existing.k === 'scalar') {
              existing.v = value;
              existing.tag = 'str';
              existing.o = o;
            } else target.m.set(k, shared);
            if (o) target.ko.set(k, o);
          },
          'map',
          o,
        );
      }
    }
  }
}

function replicasTransform(list: Res[], entry: KMap, specs: readonly FieldSpec[]): void {
  const name = getStr(entry, 'name') ?? '';
  const countNode = get(entry, 'count');
  const count = countNode && countNode.k === 'scalar' ? countNode.v : '0';
  const o = entry.o;
  let found = false;
  for (const spec of specs) {
    const matched = list.filter((r) =>
      [curId(r), ...r.prev].some((id) => id.name === name && gvkSelected(id, spec)),
    );
    if (!matched.length) continue;
    found = true;
    for (const r of matched) {
      visitFieldSpec(
        r.node,
        spec,
        (parent, key) => {
          if (!parent) return;
          parent.m.set(key, scalar(String(Number.parseInt(count, 10)), 'int', o));
          if (o) parent.ko.set(key, o);
        },
        'scalar',
        o,
      );
    }
  }
  if (!found) {
    throw new BuildError(
      `replicas: no resource named ${name} has a replicas field kustomize knows`,
      o ?? { file: '', start: 0, end: 0 },
    );
  }
}

interface ImageSpec {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
  tagSuffix?: string;
}

function escapeRe(s: string): string {
  return s;
}

/** The image-name patterns compiled so far (null: not a valid pattern); overlays repeat names. */
const imagePatterns = new Map<string, RegExp | null>();

export function imageMatches(value: string, name: string): boolean {
  let re = imagePatterns.get(name);
  if (re === undefined) {
    try {
      re = new RegExp(
        `^${escapeRe(name)}(:[a-zA-Z0-9_.{}-]*)?(@[a-zA-Z0-9]+([.+_-][a-zA-Z0-9]+)*:[a-zA-Z0-9_.{}-]*)?$`,
      );
    } catch {
      re = null;
    }
    if (imagePatterns.size > 1000) imagePatterns.clear();
    imagePatterns.set(name, re);
  }
  return re?.test(value) === true;
}

export function splitImage(image: string): { name: string; tag: string; digest: string } {
  let slash = image.indexOf('/');
  let search = image;
  if (slash > 0) search = image.slice(slash);
  else slash = 0;
  let id = search.indexOf('@');
  let ic = search.indexOf(':');
  if (ic < 0 && id < 0) return { name: image, tag: '', digest: '' };
  if (id >= 0 && (id < ic || ic < 0)) {
    id += slash;
    return { name: image.slice(0, id), tag: '', digest: image.slice(id + 1) };
  }
  if (id >= 0 && ic >= 0) {
    id += slash;
    ic += slash;
    return { name: image.slice(0, ic), tag: image.slice(ic + 1, id), digest: image.slice(id + 1) };
  }
  ic += slash;
  return { name: image.slice(0, ic), tag: image.slice(ic + 1), digest: '' };
}

function updateImage(
  node: KNode,
  img: ImageSpec,
  parent: KMap | undefined,
  key: string,
  o: Origin | undefined,
): void {
  if (!parent || node.k !== 'scalar') return;
  if (!imageMatches(node.v, img.name)) return;
  let { name, tag, digest } = splitImage(node.v);
  if (img.newName) name = img.newName;
  if (img.newTag && img.digest) {
    tag = img.newTag;
    digest = img.digest;
  } else if (img.newTag) {
    tag = img.newTag;
    digest = '';
  } else if (img.digest) {
    tag = '';
    digest = img.digest;
  } else if (img.tagSuffix) {
    tag += img.tagSuffix;
    digest = '';
  }
  let v = name;
  if (tag) v += `:${tag}`;
  if (digest) v += `@${digest}`;
  if (v === node.v) return;
  parent.m.set(key, str(v, o));
  if (o) parent.ko.set(key, o);
}

function imagesTransform(list: Res[], entry: KMap, specs: readonly FieldSpec[]): void {
  const s = (k: string): string | undefined => {
    const n = get(entry, k);
    return n && n.k === 'scalar' && n.tag !== 'null' ? n.v : undefined;
  };
  const img: ImageSpec = {
    name: s('name') ?? '',
    newName: s('newName'),
    newTag: s('newTag'),
    digest: s('digest'),
    tagSuffix: s('tagSuffix'),
  };
  const o = entry.o;
  for (const r of list) {
    if (getStr(r.node, 'kind') !== 'CustomResourceDefinition') legacyImages(r.node, img, o);
    for (const spec of specs) {
      visitFieldSpec(
        r.node,
        spec,
        (parent, key, node) => updateImage(node, img, parent, key, o),
        undefined,
        o,
      );
    }
  }
}

function legacyImages(node: KNode, img: ImageSpec, o: Origin | undefined): void {
  if (node.k === 'seq') {
    for (const i of node.items) legacyImages(i, img, o);
    return;
  }
  if (node.k !== 'map') return;
  // Only the containers below change (existing keys): iterating the map itself is safe.
  for (const [key, v] of node.m) {
    legacyImages(v, img, o);
    if ((key === 'containers' || key === 'initContainers') && v.k === 'seq') {
      for (const c of v.items) {
        if (c.k !== 'map') continue;
        const image = c.m.get('image');
        if (image) updateImage(image, img, c, 'image', o);
      }
    }
  }
}

// --- Patches.

function applySmpById(ra: Accumulator, patch: KMap, at: Origin, options?: Record<string, boolean>): void {
  const gvk = gvkOf(patch);
  const id: ResId = {
    ...gvk,
    name: getStr(patch, 'metadata', 'name') ?? '',
    namespace: getStr(patch, 'metadata', 'namespace') ?? '',
  };
  const matches = ra.list.filter((r) => matchesAnyId(r, id));
  if (matches.length !== 1) {
    throw new BuildError(
      matches.length
        ? `several resources match the patch for ${idString(id)}`
        : `no resource matches the strategic merge patch for ${gvk.kind} ${id.name}${id.namespace ? ` in ${id.namespace}` : ''}`,
      at,
    );
  }
  applySmp(ra, matches[0]!, patch, at, options);
}

function applySmp(ra: Accumulator, r: Res, patch: KMap, at: Origin, options?: Record<string, boolean>): void {
  const nameChange = options?.allowNameChange === true;
  const kindChange = options?.allowKindChange === true;
  const meta = getMap(r.node, 'metadata');
  const nameNode = meta?.m.get('name');
  const nsNode = meta?.m.get('namespace');
  const kindNode = r.node.m.get('kind');
  const apiVersion = r.node.m.get('apiVersion');
  if (nameChange || kindChange) storePreviousId(r);
  const p = clone(patch) as KMap;
  // The patch takes the resource's apiVersion; its own kind stays (restored below unless allowed).
  if (apiVersion) p.m.set('apiVersion', apiVersion);
  let merged: KMap | undefined;
  try {
    merged = strategicMerge(r.node, p, getStr(r.node, 'apiVersion'), getStr(r.node, 'kind'));
  } catch (e) {
    if (e instanceof PatchError) throw new BuildError(`strategic merge patch: ${e.message}`, at);
    throw e;
  }
  if (!merged || merged.m.size === 0) {
    ra.list.splice(ra.list.indexOf(r), 1);
    return;
  }
  r.node = merged;
  if (!kindChange && kindNode) merged.m.set('kind', kindNode);
  const m2 = getMap(merged, 'metadata');
  if (m2) {
    if (!nameChange && nameNode) m2.m.set('name', nameNode);
    if (nsNode) m2.m.set('namespace', nsNode);
    else m2.m.delete('namespace');
  }
}

function jsonPatch(r: Res, ops: KSeq, at: Origin): void {
  try {
    // kustomize applies JSON patches to a JSON copy and parses the result: no node stays shared.
    r.node = clone(r.node) as KMap;
    applyJsonPatch(r.node, ops);
  } catch (e) {
    if (e instanceof JsonPatchError)
      throw new BuildError(`JSON 6902 patch on ${idString(curId(r))}: ${e.message}`, at);
    throw e;
  }
}

// --- Selectors.

function parseLabelSelector(s: string): ((labels: Map<string, string>) => boolean) | undefined {
  const reqs: ((l: Map<string, string>) => boolean)[] = [];
  // Split on commas outside parentheses.
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) parts.push(cur);
  for (const raw of parts) {
    const p = raw.trim();
    let m = /^(\S+)\s+(in|notin)\s+\((.*)\)$/.exec(p);
    const eq = /^(\S+?)\s*(==|!=|=)\s*(\S*)$/.exec(p);
    const not = /^!\s*(\S+)$/.exec(p);
    if (m) {
      const key = m[1]!;
      const vals = new Set(
        m[3]!
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      );
      const neg = m[2] === 'notin';
      reqs.push((l) => (neg ? !l.has(key) || !vals.has(l.get(key)!) : l.has(key) && vals.has(l.get(key)!)));
    } else if (eq) {
      m = eq;
      const key = m[1]!;
      const val = m[3]!;
      const neg = m[2] === '!=';
      reqs.push((l) => (neg ? l.get(key) !== val : l.get(key) === val));
    } else if (not) {
      m = not;
      const key = m[1]!;
      reqs.push((l) => !l.has(key));
    } else if (/^\S+$/.test(p)) {
      reqs.push((l) => l.has(p));
    } else return undefined;
  }
  return (l) => reqs.every((f) => f(l));
}

function anchored(p: string): RegExp {
  try {
    return new RegExp(`^(?:${p})$`);
  } catch {
    throw new BuildError(`invalid regular expression ${p}`, { file: '', start: 0, end: 0 });
  }
}

export function select(list: readonly Res[], target: KMap): Res[] {
  const s = (k: string): string => getStr(target, k) ?? '';
  const group = s('group');
  const version = s('version');
  const kind = s('kind');
  const name = s('name');
  const namespace = s('namespace');
  const labelSel = s('labelSelector');
  const annoSel = s('annotationSelector');
  const gRe = group ? anchored(group) : undefined;
  const vRe = version ? anchored(version) : undefined;
  const kRe = kind ? anchored(kind) : undefined;
  const nRe = name ? anchored(name) : undefined;
  const nsRe = namespace ? anchored(namespace) : undefined;
  const lf = labelSel ? parseLabelSelector(labelSel) : undefined;
  const af = annoSel ? parseLabelSelector(annoSel) : undefined;
  return list.filter((r) => {
    const cur = curId(r);
    const org = orgId(r);
    if (nsRe && !nsRe.test(effectiveNamespace(org)) && !nsRe.test(effectiveNamespace(cur))) return false;
    if (nRe && !nRe.test(org.name) && !nRe.test(cur.name)) return false;
    if (gRe && !gRe.test(cur.group)) return false;
    if (vRe && !vRe.test(cur.version)) return false;
    if (kRe && !kRe.test(cur.kind)) return false;
    if (labelSel && !lf?.(labelsOf(r))) return false;
    if (annoSel && !af?.(annotationsOf(r))) return false;
    return true;
  });
}

// --- Name references (kustomize's nameref filter).

function sameEndingSubSlice(a: readonly string[], b: readonly string[]): boolean {
  let shortest = a;
  let longest = b;
  if (shortest.length > longest.length) [shortest, longest] = [longest, shortest];
  const diff = longest.length - shortest.length;
  if (shortest.length === 0) return diff === 0;
  for (let i = shortest.length - 1; i >= 0; i--) if (longest[i + diff] !== shortest[i]) return false;
  return true;
}

function prefixSuffixEquals(r: Res, o: Res, allowEmpty: boolean): boolean {
  if (allowEmpty) {
    const pe = r.prefixes.length === 0 || o.prefixes.length === 0;
    const se = r.suffixes.length === 0 || o.suffixes.length === 0;
    return (
      (pe || sameEndingSubSlice(r.prefixes, o.prefixes)) && (se || sameEndingSubSlice(r.suffixes, o.suffixes))
    );
  }
  return sameEndingSubSlice(r.prefixes, o.prefixes) && sameEndingSubSlice(r.suffixes, o.suffixes);
}

function fixNameReferences(list: Res[], backRefs: readonly NameBackRef[]): void {
  // Only renamed objects can be referral targets; with none, there is nothing to follow.
  if (!list.some((r) => r.prev.length)) return;
  const ids = new Map(list.map((r) => [r, curIdOf(r)]));
  const curId = (r: Res): ResId => ids.get(r) ?? curIdOf(r);
  const orgIds = new Map(list.map((r) => [r, r.prev[0] ?? curId(r)]));
  const renamed = list.filter((r) => r.prev.length);
  const work: { r: Res; spec: FieldSpec; target: NameBackRef }[] = [];
  for (const br of backRefs) {
    // A reference can only follow an object that once had the target's kind: with none, none moves.
    const targetGvk = { group: br.group ?? '', version: br.version ?? '', kind: br.kind };
    if (!renamed.some((x) => x.prev.some((id) => gvkSelected(id, targetGvk)))) continue;
    for (const spec of br.fieldSpecs) {
      for (const r of list) if (gvkSelected(orgIds.get(r)!, spec)) work.push({ r, spec, target: br });
    }
  }
  const subsets = new Map<Res, Res[]>();
  for (const { r, spec, target } of work) {
    const candidates =
      subsets.get(r) ??
      (() => {
        const c = subsetReferencedBy(list, r, curId).filter((x) => x.prev.length);
        subsets.set(r, c);
        return c;
      })();
    if (!candidates.length) continue;
    const targetGvk = { group: target.group ?? '', version: target.version ?? '', kind: target.kind };
    const select1 = (oldName: string, cands: Res[], identical: (x: Res[]) => boolean): Res | undefined => {
      let c = cands.filter((x) => x.prev.some((id) => id.name === oldName));
      c = c.filter((x) => x.prev.some((id) => gvkSelected(id, targetGvk)));
      if (spec.path.endsWith('roleRef/name')) {
        const apiGroup = getStr(r.node, 'roleRef', 'apiGroup');
        const kind = getStr(r.node, 'roleRef', 'kind');
        if (apiGroup !== undefined && kind !== undefined) {
          c = c.filter((x) => x.prev.some((id) => gvkSelected(id, { group: apiGroup, kind })));
        }
      }
      const rid = curId(r);
      if (!isClusterScoped(rid.kind)) {
        c = c.filter((x) => {
          const xid = curId(x);
          return (
            isClusterScoped(xid.kind) ||
            xid.kind === 'ServiceAccount' ||
            effectiveNamespace(xid) === effectiveNamespace(rid)
          );
        });
      }
      if (c.length === 1) return c[0];
      c = c.filter((x) => prefixSuffixEquals(x, r, true));
      if (c.length > 1) c = c.filter((x) => prefixSuffixEquals(x, r, false));
      if (c.length === 1) return c[0];
      if (c.length === 0) return undefined;
      if (identical(c)) return c[0];
      throw new BuildError(
        `found multiple possible referrals: ${c.map((x) => idString(curId(x))).join(', ')} for ${idString(rid)} (${spec.path})`,
        r.origin,
      );
    };
    const allNames = (x: Res[]): boolean => x.every((y) => curId(y).name === curId(x[0]!).name);
    const allNamesNs = (x: Res[]): boolean =>
      x.every((y) => curId(y).name === curId(x[0]!).name && curId(y).namespace === curId(x[0]!).namespace);
    const setScalar = (parent: KMap | KSeq, key: string | number, node: KNode): void => {
      if (node.k !== 'scalar' || node.tag === 'null') return;
      const ref = select1(node.v, candidates, allNames);
      if (!ref) return;
      const newName = curId(ref).name;
      if (newName === node.v) return;
      const repl = str(newName, node.o);
      if (parent.k === 'map') parent.m.set(key as string, repl);
      else parent.items[key as number] = repl;
    };
    const setMapping = (node: KMap): void => {
      const nameNode = node.m.get('name');
      if (nameNode?.k !== 'scalar') return;
      let cands = candidates;
      const nsNode = node.m.get('namespace');
      if (nsNode && nsNode.k === 'scalar') {
        const ns = nsNode.v;
        const byOrg = candidates.filter((x) => orgId(x).namespace === ns);
        cands = byOrg.length ? byOrg : candidates.filter((x) => curId(x).namespace === ns);
      }
      const ref = select1(nameNode.v, cands, allNamesNs);
      if (!ref) return;
      const rid = curId(ref);
      if (rid.name === nameNode.v && rid.namespace === '') return;
      node.m.set('name', str(rid.name, nameNode.o));
      if (rid.namespace === '') return;
      node.m.set('namespace', str(rid.namespace, nsNode?.o ?? nameNode.o));
    };
    visitFieldSpec(
      r.node,
      { ...spec, kind: undefined, group: undefined, version: undefined, create: false },
      (parent, key, node) => {
        if (node.k === 'scalar') {
          if (parent) setScalar(parent, key, node);
        } else if (node.k === 'map') setMapping(node);
        else
          node.items.forEach((item, i) => {
            if (item.k === 'scalar') setScalar(node, i, item);
            else if (item.k === 'map') setMapping(item);
          });
      },
      undefined,
      undefined,
    );
  }
}

function subsetReferencedBy(list: Res[], referrer: Res, curId: (r: Res) => ResId): Res[] {
  const rid = curId(referrer);
  if (isClusterScoped(rid.kind)) return list;
  const rbNamespaces = new Set<string>();
  if (rid.kind === 'RoleBinding') {
    for (const s of getSeq(referrer.node, 'subjects')?.items ?? []) {
      if (getStr(s, 'kind') === 'ServiceAccount') {
        const ns = getStr(s, 'namespace');
        if (ns) rbNamespaces.add(ns);
      }
    }
  }
  return list.filter((t) => {
    const id = curId(t);
    return (
      isClusterScoped(id.kind) ||
      effectiveNamespace(id) === effectiveNamespace(rid) ||
      rbNamespaces.has(id.namespace)
    );
  });
}

// --- Output order.

const ORDER_FIRST = [
  'Namespace',
  'ResourceQuota',
  'StorageClass',
  'CustomResourceDefinition',
  'ServiceAccount',
  'PodSecurityPolicy',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ConfigMap',
  'Secret',
  'Endpoints',
  'Service',
  'LimitRange',
  'PriorityClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'Deployment',
  'StatefulSet',
  'CronJob',
  'PodDisruptionBudget',
];
const ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

function sortResources(list: Res[], top: Kust): Res[] {
  const opts = toPlain(get(top.node, 'sortOptions')) as
    | { order?: string; legacySortOptions?: { orderFirst?: string[]; orderLast?: string[] } }
    | undefined;
  if (opts?.order === 'fifo') return list;
  const first = opts?.legacySortOptions?.orderFirst ?? ORDER_FIRST;
  const last = opts?.legacySortOptions?.orderLast ?? ORDER_LAST;
  const rank = new Map<string, number>();
  for (const [i, k] of first.entries()) rank.set(k, -first.length + i);
  for (const [i, k] of last.entries()) rank.set(k, 1 + i);
  const gvkStr = (id: ResId): string => `${id.group || '~G'}_${id.version || '~V'}_${id.kind || '~K'}`;
  const idStr = (id: ResId): string =>
    `${id.kind || '[noKind]'}.${id.version || '[noVer]'}.${id.group || '[noGrp]'}|${id.namespace || '~X'}|${id.name || '~N'}`;
  const keyed = list.map((r) => ({ r, id: curId(r) }));
  keyed.sort((a, b) => {
    if (!gvkEquals(a.id, b.id)) {
      const ia = rank.get(a.id.kind) ?? 0;
      const ib = rank.get(b.id.kind) ?? 0;
      if (ia !== ib) return ia - ib;
      const sa = gvkStr(a.id);
      const sb = gvkStr(b.id);
      if (
        a.id.kind === 'Namespace' &&
        b.id.kind === 'Namespace' &&
        (a.id.group === '' || b.id.group === '')
      ) {
        return sa > sb ? -1 : sa < sb ? 1 : 0;
      }
      return sa < sb ? -1 : sa > sb ? 1 : 0;
    }
    const sa = idStr(a.id);
    const sb = idStr(b.id);
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  });
  return keyed.map((x) => x.r);
}

// --- Inline patches: offsets in the patch text → offsets in the kustomization file.

function inlineOffsetMap(fileText: string, o: Origin | undefined, value: string): (n: number) => number {
  if (!o) return () => 0;
  const raw = fileText.slice(o.start, o.end);
  if (raw[0] !== '|' && raw[0] !== '>') return () => o.start;
  // A block scalar: each content line is the value's line, indented.
  const bodyStart = fileText.indexOf('\n', o.start) + 1;
  const lineStarts: number[] = [];
  let pos = bodyStart;
  let indent = -1;
  const valueLines = value.split('\n');
  for (let i = 0; i < valueLines.length && pos <= fileText.length; i++) {
    const eol = fileText.indexOf('\n', pos);
    const line = fileText.slice(pos, eol < 0 ? fileText.length : eol);
    if (indent < 0 && line.trim().length) indent = line.length - line.trimStart().length;
    lineStarts.push(pos + Math.max(indent, 0));
    pos = eol < 0 ? fileText.length + 1 : eol + 1;
  }
  const vStarts: number[] = [];
  let acc = 0;
  for (const l of valueLines) {
    vStarts.push(acc);
    acc += l.length + 1;
  }
  return (n: number): number => {
    let i = vStarts.length - 1;
    while (i > 0 && vStarts[i]! > n) i--;
    return (lineStarts[i] ?? o.start) + (n - vStarts[i]!);
  };
}

function remapOrigins(n: KNode, map: (x: number) => number): void {
  if (n.o) n.o = { ...n.o, start: map(n.o.start), end: map(n.o.end) };
  if (n.k === 'map') {
    for (const [k, o] of n.ko) n.ko.set(k, { ...o, start: map(o.start), end: map(o.end) });
    for (const v of n.m.values()) remapOrigins(v, map);
  } else if (n.k === 'seq') for (const i of n.items) remapOrigins(i, map);
}

export function finalize(list: Res[]): Printed {
  for (const r of list) {
    // kustomize rewrites annotations as strings when it drops its build annotations.
    const anns = getMap(r.node, 'metadata', 'annotations');
    if (anns) {
      for (const [k, v] of anns.m) anns.m.set(k, stringified(v));
      if (anns.m.size === 0) getMap(r.node, 'metadata')!.m.delete('annotations');
    } else {
      // A null `annotations:` goes too (kustomize reads it as no annotations, and writes none).
      const meta = getMap(r.node, 'metadata');
      const a = meta?.m.get('annotations');
      if (meta && a?.k === 'scalar' && a.tag === 'null') meta.m.delete('annotations');
    }
  }
  return printResources(list.map((r) => r.node));
}
