// Renders templates the way `helm template` runs them through Go's engine (missingkey=zero, `<no value>`
// removed, range over int as in Go ≥ 1.24), with values parsed into float64 numbers as Helm's YAML→JSON
// decoding does. Used by the differential tests against the real helm binary.
import { parse as parseYaml } from 'yaml';
import {
  createTemplateSet,
  fromJS,
  type GoMap,
  type GoValue,
  TemplateError,
} from '../../../src/render/gotemplate/index.js';
import { helmLikeFuncs } from './helpers.js';
import { CLOSE, OPEN, type OracleResult } from './oracle.js';

export function helmLikeData(valuesYaml: string): GoValue {
  const values = fromJS(parseYaml(valuesYaml) ?? {});
  const release: GoMap = new Map<string, GoValue>([
    ['Name', 'x'],
    ['Namespace', 'default'],
    ['IsUpgrade', false],
    ['IsInstall', true],
    ['Revision', 1n],
    ['Service', 'Helm'],
  ]);
  return new Map<string, GoValue>([
    ['Values', values],
    ['Release', release],
  ]);
}

/** Our rendering of the same chart as helmRender, in the same result shape. */
export function oursRender(
  templates: Readonly<Record<string, string>>,
  valuesYaml: string,
): Record<string, OracleResult> {
  const base = createTemplateSet({ name: 'gotpl', goVersion: '1.24', funcs: helmLikeFuncs });
  const out: Record<string, OracleResult> = {};
  const data = helmLikeData(valuesYaml);
  const names = Object.keys(templates).sort();
  // Helpers go into the shared set; each template is parsed into its own copy so that one
  // template's parse error stays its own (the oracle splits failing batches the same way).
  for (const n of names) if (n.startsWith('_')) base.parse(`x/templates/${n}`, templates[n]!);
  for (const n of names) {
    if (n.startsWith('_')) continue;
    try {
      const set = base.clone().parse(`x/templates/${n}`, OPEN + templates[n]! + CLOSE);
      const r = set.execute(`x/templates/${n}`, data, { missingKey: 'zero', stripNoValue: true });
      const text = r.text;
      out[n] = { output: text.slice(OPEN.length, text.length - CLOSE.length), error: null };
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      out[n] = { output: null, error: helmLikeError(e.message) };
    }
  }
  return out;
}

/** Our Go-style error as goErrorText(helm's) gives it: Helm reports fail/required by location only. */
function helmLikeError(message: string): string {
  const m =
    /^template: ([^:]+:\d+:\d+): executing "[^"]*" at <[\s\S]*?>: error calling (?:fail|required): ([\s\S]*)$/.exec(
      message,
    );
  return m ? `execution error at (${m[1]}): ${m[2]}` : message;
}
