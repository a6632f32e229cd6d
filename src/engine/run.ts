// Runs rules over the model: one walk for all rules, each callback isolated, then suppressions.
import { flatString, getPair, pairSpan, type SourceFile, type Span, str } from '../load/index.js';
import type { K8sObject, Model } from '../model/index.js';
import {
  compareFindings,
  type Finding,
  type FindingLocation,
  fingerprint,
  locate,
  objectInfo,
  type Suppression,
} from './finding.js';
import type { DocEdit, FindingFix } from './fix/index.js';
import { type HonoredPeer, peerSuppressionFor } from './peer-suppressions.js';
import type { Fix, Report, Rule, RuleContext, RuleMeta, Severity, Visitors } from './rule.js';

/** The id of findings produced when a rule throws. */
export const RULE_ERROR_ID = 'rule-error';
/** The id of findings about ignore directives naming rules that do not exist. */
export const INVALID_IGNORE_ID = 'invalid-ignore';

export const IGNORE_ANNOTATION = 'kubeharden.io/ignore';
export const IGNORE_REASON_ANNOTATION = 'kubeharden.io/ignore-reason';

export interface ActiveRule {
  readonly rule: Rule<unknown>;
  /** Severity set by configuration; when undefined the rule's own (per finding) applies. */
  readonly severity?: Severity;
  readonly options: unknown;
}

export interface RunInput {
  readonly model: Model;
  readonly rules: readonly ActiveRule[];
  /** Every rule id that exists (to validate ignore directives), enabled or not. */
  readonly knownRuleIds: ReadonlySet<string>;
  readonly kubernetesVersion: string;
  /**
   * Per-file settings from `overrides`: `off` drops the rule's findings in that file, a severity
   * replaces the finding's. Undefined keeps the rule's setting.
   */
  readonly fileSetting?: (ruleId: string, file: string) => Severity | 'off' | undefined;
  /** Peers whose in-manifest ignores suppress the mapped findings (`suppressions.honor`). */
  readonly honorPeers?: ReadonlySet<HonoredPeer>;
}

interface Draft {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly explicitSeverity: boolean;
  readonly message: string;
  readonly file: SourceFile;
  readonly span: Span;
  readonly object?: K8sObject;
  readonly path?: string;
  readonly report?: Report;
}

export function runRules(input: RunInput): Finding[] {
  const { model } = input;
  // Each report becomes a finding at once: a finding is small plain data, while a draft would keep
  // the object and its tree alive until the end of the run.
  const findings: Finding[] = [];
  const emit = (d: Draft) => addFinding(findings, d, input);
  const active = new Map(input.rules.map((r) => [r.rule.meta.id, r]));

  // Problems found while loading files are findings of the built-in parse rules.
  for (const file of model.files) {
    for (const p of file.problems) {
      const ar = active.get(p.code);
      if (!ar) continue;
      emit({
        ruleId: p.code,
        severity: ar.severity ?? ar.rule.meta.severity,
        explicitSeverity: ar.severity !== undefined,
        message: p.message,
        file,
        span: p,
      });
    }
  }

  const ruleErrors = active.get(RULE_ERROR_ID);
  const reportRuleError = (ruleId: string, object: K8sObject | undefined, err: unknown): void => {
    const detail = err instanceof Error ? err.message : String(err);
    const file = object?.file ?? model.files[0];
    if (!file) return;
    emit({
      ruleId: RULE_ERROR_ID,
      severity: ruleErrors?.severity ?? 'high',
      explicitSeverity: true,
      message: `rule ${ruleId} failed on ${object ? object.displayName : 'the scanned tree'}: ${detail}. The other rules and objects were checked; please report this with the manifest.`,
      file,
      span: object?.anchor ?? { start: 0, end: 0 },
      ...(object ? { object } : {}),
    });
  };

  interface Running {
    readonly id: string;
    readonly visitors: Visitors;
    readonly kinds: ReadonlySet<string> | undefined;
  }
  const running: Running[] = [];
  for (const ar of input.rules) {
    const meta = ar.rule.meta;
    if (meta.category === 'parse') continue;
    const ctx: RuleContext<unknown> = {
      model,
      options: ar.options,
      kubernetesVersion: input.kubernetesVersion,
      report(r: Report) {
        emit({
          ruleId: meta.id,
          severity: ar.severity ?? r.severity ?? meta.severity,
          explicitSeverity: ar.severity !== undefined,
          message: r.message,
          file: r.object.file,
          span: r.span,
          object: r.object,
          path: r.path,
          report: r,
        });
      },
      guard(object, fn) {
        try {
          fn();
        } catch (err) {
          reportRuleError(meta.id, object, err);
        }
      },
    };
    try {
      running.push({
        id: meta.id,
        visitors: ar.rule.create(ctx),
        kinds: kindsOf(meta),
      });
    } catch (err) {
      reportRuleError(meta.id, undefined, err);
    }
  }

  // The visitors of each kind, in rule order, worked out once per kind (not once per object); and
  // no closure per call: a large scan makes millions of these calls.
  const objectVisitors = running.filter((r) => r.visitors.object);
  const byKind = new Map<string, Running[]>();
  for (const o of model.objects) {
    let visitors = byKind.get(o.kind);
    if (!visitors) {
      visitors = objectVisitors.filter((r) => !r.kinds || r.kinds.has(o.kind));
      byKind.set(o.kind, visitors);
    }
    for (const r of visitors) {
      try {
        r.visitors.object!(o);
      } catch (err) {
        reportRuleError(r.id, o, err);
      }
    }
  }
  const podVisitors = running.filter((r) => r.visitors.podSpec);
  const containerVisitors = running.filter((r) => r.visitors.container);
  if (podVisitors.length || containerVisitors.length) {
    for (const pod of model.podSpecs()) {
      for (const r of podVisitors) {
        try {
          r.visitors.podSpec!(pod);
        } catch (err) {
          reportRuleError(r.id, pod.object, err);
        }
      }
      for (const c of pod.containers)
        for (const r of containerVisitors) {
          try {
            r.visitors.container!(c);
          } catch (err) {
            reportRuleError(r.id, pod.object, err);
          }
        }
    }
  }
  for (const r of running) {
    if (!r.visitors.done) continue;
    try {
      r.visitors.done();
    } catch (err) {
      reportRuleError(r.id, undefined, err);
    }
  }

  addInvalidIgnores(findings, input);
  return sortUnique(findings);
}

const kindSets = new WeakMap<RuleMeta, ReadonlySet<string>>();

/** The kinds a rule visits, as a set made once per rule (a lint may run the rules on many models). */
function kindsOf(meta: RuleMeta): ReadonlySet<string> | undefined {
  if (!meta.kinds) return undefined;
  let kinds = kindSets.get(meta);
  if (!kinds) {
    kinds = new Set(meta.kinds);
    kindSets.set(meta, kinds);
  }
  return kinds;
}

function addInvalidIgnores(out: Finding[], input: RunInput): void {
  const invalidIgnore = input.rules.find((r) => r.rule.meta.id === INVALID_IGNORE_ID);
  const emit = (d: Draft) => addFinding(out, d, input);

  // Ignore directives naming unknown rules are findings themselves.
  if (invalidIgnore) {
    for (const file of input.model.files) {
      for (const d of file.ignores) {
        for (const id of d.ruleIds) {
          if (id === 'all' || input.knownRuleIds.has(id)) continue;
          emit({
            ruleId: INVALID_IGNORE_ID,
            severity: invalidIgnore.severity ?? invalidIgnore.rule.meta.severity,
            explicitSeverity: false,
            message: `the ignore comment names "${id}", which is not a kubeharden rule, so it suppresses nothing; fix the id (see \`kubeharden rules\`)`,
            file,
            span: d,
          });
        }
        if (d.ruleIds.length === 0) {
          emit({
            ruleId: INVALID_IGNORE_ID,
            severity: invalidIgnore.severity ?? invalidIgnore.rule.meta.severity,
            explicitSeverity: false,
            message:
              'the ignore comment names no rule; write `# kubeharden-ignore <rule-id> -- <reason>` (or `all`)',
            file,
            span: d,
          });
        }
      }
    }
    for (const o of input.model.objects) {
      const pair = getPair(getPair(o.metadata, 'annotations')?.value, IGNORE_ANNOTATION);
      if (!pair) continue;
      for (const id of splitIds(str(pair.value) ?? '')) {
        if (id === 'all' || input.knownRuleIds.has(id)) continue;
        emit({
          ruleId: INVALID_IGNORE_ID,
          severity: invalidIgnore.severity ?? invalidIgnore.rule.meta.severity,
          explicitSeverity: false,
          message: `the ${IGNORE_ANNOTATION} annotation names "${id}", which is not a kubeharden rule, so it suppresses nothing; fix the id (see \`kubeharden rules\`)`,
          file: o.file,
          span: pairSpan(pair),
          object: o,
        });
      }
    }
  }
}

const NO_RELATED: Finding['related'] = Object.freeze([]) as Finding['related'];

// A large scan has hundreds of thousands of findings whose messages and field paths repeat (the
// same rule on the same container name in every Deployment): one copy of each per run, shared.
const runStrings = new WeakMap<RunInput, Map<string, string>>();

function sharedString(input: RunInput, s: string): string {
  let table = runStrings.get(input);
  if (!table) {
    table = new Map();
    runStrings.set(input, table);
  }
  const known = table.get(s);
  if (known !== undefined) return known;
  const own = flatString(s);
  table.set(own, own);
  return own;
}

function addFinding(out: Finding[], d: Draft, input: RunInput): void {
  let severity = d.severity;
  const setting = input.fileSetting?.(d.ruleId, d.file.path);
  if (setting === 'off') return;
  if (setting) severity = setting;
  const location = locate(d.file, d.span);
  const suppression =
    suppressionFor(d, location.startLine) ?? honoredPeerSuppression(d, location.startLine, input);
  const object = d.object ? objectInfo(d.object) : undefined;
  const related = d.report?.related?.length
    ? d.report.related.map((r) => relatedLocation(locate(r.object.file, r.span), flatString(r.message)))
    : NO_RELATED;
  const helmSource = d.object?.document.helmSource;
  const fix = d.report?.fix && d.object ? findingFix(d.report.fix, d.object, Boolean(helmSource)) : undefined;
  const message = sharedString(input, d.message);
  out.push({
    ruleId: d.ruleId,
    severity,
    message,
    location,
    ...(object ? { object } : {}),
    ...(d.path ? { path: sharedString(input, d.path) } : {}),
    related,
    ...(helmSource ? { helmSource } : {}),
    ...(fix ? { fix } : {}),
    fingerprint: fingerprint(
      object
        ? [d.ruleId, location.file, object.kind, object.namespace, object.name, d.path, message]
        : [d.ruleId, location.file, message, lineText(d.file, location.startLine)],
    ),
    ...(suppression ? { suppression } : {}),
  });
}

/**
 * A location and its message, written out field by field: a spread of the location gave each one a
 * hidden class of its own (V8), about 100 bytes more per related location.
 */
function relatedLocation(l: FindingLocation, message: string): Finding['related'][number] {
  return {
    file: l.file,
    startOffset: l.startOffset,
    endOffset: l.endOffset,
    startLine: l.startLine,
    startColumn: l.startColumn,
    endLine: l.endLine,
    endColumn: l.endColumn,
    message,
  };
}

/**
 * Sorts findings into report order and drops repeats (two reports of the same rule, place and
 * message; the first one stays). Repeats sort next to each other, so this needs no index of every
 * finding.
 */
function sortUnique(findings: Finding[]): Finding[] {
  findings.sort(compareFindings);
  const out: Finding[] = [];
  let runStart = 0;
  for (const f of findings) {
    const last = out[out.length - 1];
    if (!last || compareFindings(last, f) !== 0) runStart = out.length;
    else if (out.slice(runStart).some((k) => sameOffsets(k, f))) continue;
    out.push(f);
  }
  return out;
}

function sameOffsets(a: Finding, b: Finding): boolean {
  return a.location.startOffset === b.location.startOffset && a.location.endOffset === b.location.endOffset;
}

function splitIds(s: string): string[] {
  return s
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter(Boolean);
}

function suppressionFor(d: Draft, startLine: number): Suppression | undefined {
  if (d.ruleId === INVALID_IGNORE_ID || d.ruleId === RULE_ERROR_ID) return undefined;
  if (d.object) {
    const ids = d.object.annotations[IGNORE_ANNOTATION];
    if (ids !== undefined) {
      const list = splitIds(ids);
      if (list.includes(d.ruleId) || list.includes('all')) {
        const reason = d.object.annotations[IGNORE_REASON_ANNOTATION];
        return reason ? { via: 'annotation', justification: reason } : { via: 'annotation' };
      }
    }
  }
  for (const dir of d.file.ignores) {
    if (!dir.ruleIds.includes(d.ruleId) && !dir.ruleIds.includes('all')) continue;
    const applies =
      dir.scope === 'document'
        ? d.object
          ? d.object.document.index === dir.documentIndex
          : d.span.start >= dir.start
        : dir.targetLine === startLine;
    if (applies) return dir.reason ? { via: 'comment', justification: dir.reason } : { via: 'comment' };
  }
  return undefined;
}

// The hook for rendered sources: a finding whose document was rendered (today `helm template` output
// with `# Source:`; later any document the render stage's source map produced) carries its fix as a
// suggestion only, never applied to text that is not the repository's.
function findingFix(fix: Fix, object: K8sObject, rendered: boolean): FindingFix | undefined {
  if (fix.edits.length === 0) return undefined;
  const { description, edits } = internFix(fix);
  return {
    description,
    edits,
    documentStart: object.document.contentStart,
    ...(rendered ? { rendered: true as const } : {}),
  };
}

// A large scan has hundreds of thousands of fixable findings, and their edits repeat: the same
// field path (`spec.template.spec.containers[0].securityContext.…`) and value in every Deployment.
// Equal edits share one frozen object (flat strings, no ropes kept), so a fix costs a finding one
// small object. The table is bounded; past it, edits are kept as made (flattened).
const INTERN_LIMIT = 20_000;
const internedFixes = new Map<string, { description: string; edits: readonly DocEdit[] }>();

function internFix(fix: Fix): { description: string; edits: readonly DocEdit[] } {
  let key = fix.description;
  for (const e of fix.edits) {
    const v = e.op === 'set' ? e.value : e.op === 'add' ? e.item : e.op === 'rename' ? e.to : '';
    key += `\u0000${e.op}\u0000${e.path}\u0000${typeof v}\u0000${typeof v === 'object' ? JSON.stringify(v) : v}`;
  }
  const known = internedFixes.get(key);
  if (known) return known;
  const made = Object.freeze({
    description: flatString(fix.description),
    edits: Object.freeze(fix.edits.map((e) => Object.freeze(JSON.parse(JSON.stringify(e)) as DocEdit))),
  });
  if (internedFixes.size < INTERN_LIMIT) internedFixes.set(key, made);
  return made;
}

const peersByRule = new WeakMap<readonly ActiveRule[], Map<string, RuleMeta['peers']>>();

// The peers' own ignores (`suppressions.honor`), checked after kubeharden's own.
function honoredPeerSuppression(d: Draft, startLine: number, input: RunInput): Suppression | undefined {
  if (!input.honorPeers?.size || d.ruleId === INVALID_IGNORE_ID || d.ruleId === RULE_ERROR_ID)
    return undefined;
  let byId = peersByRule.get(input.rules);
  if (!byId) {
    byId = new Map(input.rules.map((r) => [r.rule.meta.id, r.rule.meta.peers]));
    peersByRule.set(input.rules, byId);
  }
  const peers = byId.get(d.ruleId);
  return peerSuppressionFor({
    honor: input.honorPeers,
    peers,
    ...(d.object ? { object: d.object } : {}),
    file: d.file,
    startLine,
  });
}

function lineText(file: SourceFile, line: number): string {
  // Kept when the text was let go, so fingerprinting does not read the file again.
  const kept = file.disk?.keptLine(line);
  if (kept !== undefined) return kept;
  const s = file.lineStarts[line - 1] ?? 0;
  const e = file.lineStarts[line] ?? file.text.length;
  return file.text.slice(s, e).trim();
}
