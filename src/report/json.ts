// Machine-readable output: every finding (suppressed ones marked), counts and notices.
import { type Finding, SEVERITIES } from '../engine/index.js';
import { ruleHelpUri } from './docs.js';
import { arrayChunks } from './sarif.js';

export interface JsonInput {
  readonly findings: readonly Finding[];
  readonly notices: readonly string[];
  readonly toolVersion: string;
  /** The configuration file used, if any. */
  readonly configFile?: string;
}

export function toJson(input: JsonInput): string {
  return [...jsonChunks(input)].join('');
}

/** The JSON report as text chunks, one finding at a time. */
export function* jsonChunks(input: JsonInput): Generator<string> {
  let active = 0;
  const counts: Record<string, number> = Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
  for (const f of input.findings) {
    if (f.suppression) continue;
    active++;
    counts[f.severity]!++;
  }
  const skeleton = {
    tool: { name: 'kubeharden', version: input.toolVersion },
    invocation: { configFile: input.configFile ?? null },
    summary: { ...counts, total: active, suppressed: input.findings.length - active },
    findings: [],
    notices: input.notices,
  };
  yield* arrayChunks(JSON.stringify(skeleton, null, 2), '"findings": []', input.findings, 4, (f) => ({
    ...f,
    helpUri: ruleHelpUri(f.ruleId),
  }));
  yield '\n';
}
