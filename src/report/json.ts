// Machine-readable output: every finding (suppressed ones marked), counts and notices.
import { type Finding, SEVERITIES } from '../engine/index.js';
import { ruleHelpUri } from './docs.js';

export interface JsonInput {
  readonly findings: readonly Finding[];
  readonly notices: readonly string[];
  readonly toolVersion: string;
}

export function toJson(input: JsonInput): string {
  const active = input.findings.filter((f) => !f.suppression);
  const counts = Object.fromEntries(
    SEVERITIES.map((s) => [s, active.filter((f) => f.severity === s).length]),
  );
  const doc = {
    tool: { name: 'kubeharden', version: input.toolVersion },
    summary: { ...counts, total: active.length, suppressed: input.findings.length - active.length },
    findings: input.findings.map((f) => ({ ...f, helpUri: ruleHelpUri(f.ruleId) })),
    notices: input.notices,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
