// Test helpers: a template set with minimal Helm-like functions (include, tpl, required, toYaml) as
// the conformance probes were recorded with, and a one-call render.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createTemplateSet,
  type ExecOptions,
  type FuncMap,
  type GoValue,
  goString,
  isString,
  type SourcedString,
  sortedKeys,
  TemplateError,
  type TemplateSet,
} from '../../../src/render/gotemplate/index.js';

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** `../shared/<rel>` from the project root (the integrator's layout), else from the worktree's parent. */
export function sharedPath(rel: string): string | undefined {
  for (const base of [join(projectRoot, '..', 'shared'), join(projectRoot, '..', '..', 'shared')]) {
    const p = join(base, rel);
    if (existsSync(p)) return p;
  }
  return undefined;
}

// A tiny YAML emitter for plain maps of scalars: enough for the probes (the real toYaml is Helm's).
function miniYaml(v: GoValue, indent: string): string {
  if (v instanceof Map) {
    return sortedKeys(v)
      .map((k) => {
        const x = v.get(k) ?? null;
        if (x instanceof Map) return `${indent}${k}:\n${miniYaml(x, `${indent}  `)}`;
        return `${indent}${k}: ${isString(x) ? goString(x) : String(x)}\n`;
      })
      .join('');
  }
  return `${String(v)}\n`;
}

export const helmLikeFuncs: FuncMap = {
  include: {
    params: ['string', 'any'],
    fn: ([name, data], ctx) => ctx.exec.include(name as string, data ?? null),
  },
  tpl: {
    params: ['sstring', 'any'],
    fn: ([text, data], ctx) =>
      ctx.exec.tpl(text as string | SourcedString, data ?? null, ctx.exec.templateName),
  },
  required: {
    params: ['string', 'any'],
    fn: ([msg, v]) => {
      if (v === null || v === undefined || (isString(v) && goString(v) === ''))
        throw new Error(msg as string);
      return v;
    },
    flow: 'select',
  },
  toYaml: {
    params: ['any'],
    fn: ([v]) => miniYaml(v ?? null, '').replace(/\n$/, ''),
  },
};

export function newSet(): TemplateSet {
  return createTemplateSet({ funcs: helmLikeFuncs });
}

export interface RenderResult {
  readonly output: string;
  readonly error: string | null;
  readonly result?: SourcedString;
  readonly err?: TemplateError;
}

/** Parses `template` as `name` (plus partials) and executes it; never throws TemplateError. */
export function render(
  template: string,
  data: GoValue,
  options: ExecOptions = { missingKey: 'zero' },
  name = 'main',
  set: TemplateSet = newSet(),
): RenderResult {
  try {
    set.parse(name, template);
    const result = set.execute(name, data, options);
    return { output: result.text, error: null, result };
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    return { output: e.output?.text ?? '', error: e.message, err: e };
  }
}

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}
