// Findings on rendered text (a chart's `helm template` output, a built overlay) are moved to the
// repository line that wrote the offending node, through the render's source map: the template line
// (or the patch line), with the values line and include sites as related locations and the render
// named. A finding that several renders of one chart share is reported once, naming every render.
// Problems of the render stage itself (a chart that does not render, …) become findings here too.
import { parse as parseYaml } from 'yaml';
import { computeLineStarts, type SourceText } from '../load/index.js';
import type { RenderedSource, RenderResult, SourceSpan } from '../render/types.js';
import { compareFindings, type Finding, type FindingLocation, fingerprint, locate } from './finding.js';
import { type DocEdit, type FindingFix, parseFieldPath, planEdit } from './fix/index.js';
import type { Severity } from './rule.js';
import type { ActiveRule } from './run.js';

export interface MapContext {
  readonly render: RenderResult;
  /** Texts of repository files, by display path (the render inputs). */
  readonly texts: ReadonlyMap<string, SourceText>;
  /** Enabled rules (problems of disabled rules are dropped). */
  readonly active: ReadonlyMap<string, ActiveRule>;
  readonly fileSetting?: (ruleId: string, file: string) => Severity | 'off' | undefined;
}

/** The render inputs as texts for locating spans and for code frames. */
export function renderTexts(render: RenderResult): Map<string, SourceText> {
  const out = new Map<string, SourceText>();
  for (const i of render.inputs) {
    if (out.has(i.path)) continue;
    const text = i.text.charCodeAt(0) === 0xfeff ? i.text.slice(1) : i.text;
    out.set(i.path, { path: i.path, text, lineStarts: computeLineStarts(text) });
  }
  return out;
}

function locateSpan(texts: ReadonlyMap<string, SourceText>, span: SourceSpan): FindingLocation {
  const t = texts.get(span.file) ?? { path: span.file, text: '', lineStarts: computeLineStarts('') };
  return locate({ ...t, documents: [], problems: [], ignores: [] }, span);
}

/** Maps findings on rendered files back to repository files; adds the render stage's problems. */
export function mapRenderedFindings(findings: readonly Finding[], ctx: MapContext): Finding[] {
  if (ctx.render.rendered.length === 0 && ctx.render.problems.length === 0) return [...findings];
  const byPath = new Map<string, RenderedSource>(ctx.render.rendered.map((r) => [r.path, r]));
  const out: Finding[] = [];
  const merged = new Map<string, { finding: Finding; renders: string[] }>();
  // A related location in rendered text names the repository line that wrote it, never the
  // render's virtual path (a file that does not exist): the map's answer, else the render's fallback.
  const mapRelated = (rel: Finding['related'][number]): Finding['related'][number] => {
    const rr = byPath.get(rel.file);
    if (!rr) return rel;
    const m = rr.map.lookup(rel.startOffset, rel.endOffset);
    return { ...locateSpan(ctx.texts, m ? m.primary : rr.fallback), message: rel.message };
  };
  for (const f of findings) {
    const r = byPath.get(f.location.file);
    if (!r) {
      out.push(
        f.related.some((rel) => byPath.has(rel.file)) ? { ...f, related: f.related.map(mapRelated) } : f,
      );
      continue;
    }
    const mapped = r.map.lookup(f.location.startOffset, f.location.endOffset) ?? {
      primary: r.fallback,
      related: [],
    };
    const location = locateSpan(ctx.texts, mapped.primary);
    const related = [
      ...mapped.related.map((s) => ({ ...locateSpan(ctx.texts, s), message: s.message })),
      ...f.related.map(mapRelated),
    ];
    const { helmSource: _drop, fix: renderedFix, ...rest } = f;
    const object = f.object;
    const fix = renderedFix && retargetFix(renderedFix, r, ctx.texts);
    const moved: Finding = {
      ...rest,
      ...(fix ? { fix } : {}),
      location,
      related,
      fingerprint: fingerprint(
        object
          ? [f.ruleId, location.file, object.kind, object.namespace, object.name, f.path, f.message]
          : [f.ruleId, location.file, f.message, location.startLine],
      ),
    };
    const key = [f.ruleId, location.file, location.startOffset, location.endOffset, f.message].join('\0');
    const seen = merged.get(key);
    if (seen) {
      if (!seen.renders.includes(r.label)) seen.renders.push(r.label);
      continue;
    }
    merged.set(key, { finding: moved, renders: [r.label] });
  }
  // The main render first, then the others by name.
  const order = (l: string) => (l.includes(' with ') ? 1 : 0);
  for (const { finding, renders } of merged.values()) {
    renders.sort((a, b) => order(a) - order(b) || (a < b ? -1 : a > b ? 1 : 0));
    out.push({ ...finding, renders });
  }
  for (const p of ctx.render.problems) {
    const ar = ctx.active.get(p.ruleId);
    if (!ar) continue;
    const location = locateSpan(ctx.texts, p.at);
    let severity = ar.severity ?? ar.rule.meta.severity;
    const setting = ctx.fileSetting?.(p.ruleId, location.file);
    if (setting === 'off') continue;
    if (setting) severity = setting;
    out.push({
      ruleId: p.ruleId,
      severity,
      message: p.message,
      location,
      related: [],
      fingerprint: fingerprint([p.ruleId, location.file, p.message]),
    });
  }
  return out.sort(compareFindings);
}

// Template functions that treat a false, zero or empty value specially (`default true .Values.x`
// prints true again once x is false): a value printed through one of them is not fixed in values.
const FALSY_AWARE = /\b(default|coalesce|ternary|empty|and|or|not|required)\b/;

/**
 * The fix of a finding on rendered text, pointed at the repository line that wrote the value:
 * each edit must replace an existing scalar (never insert: a template or a patch is not edited by
 * inserting into what it renders), the source map must name the scalar node that value was copied
 * from, and that node must hold the same value. A Helm value must also come from a values key of
 * the same name as the field (a key named otherwise may drive other parts of the chart). Otherwise
 * the fix stays a suggestion shown with the finding, never applied.
 */
function retargetFix(fix: FindingFix, r: RenderedSource, texts: ReadonlyMap<string, SourceText>): FindingFix {
  // (Helm output carries `# Source:` lines, so the engine marked its fixes rendered already.)
  const suggestion: FindingFix = { ...fix, rendered: true };
  let target: string | undefined;
  const edits: DocEdit[] = [];
  let firstStart = Number.POSITIVE_INFINITY;
  for (const edit of fix.edits) {
    if (edit.op !== 'set' || typeof edit.value === 'object') return suggestion;
    // Each edit is planned on the rendered text as it is: value replacements never overlap.
    const planned = planEdit(r.text, fix.documentStart, edit, { json: false });
    if (planned.kind !== 'edit') return suggestion;
    const e = planned.edit;
    const old = r.text.slice(e.start, e.end);
    if (e.start === e.end || /[\r\n]/.test(old) || /[\r\n]/.test(e.text)) return suggestion;
    const at = r.map.lookup(e.start, e.end)?.valueAt;
    if (!at || (target !== undefined && at.file !== target)) return suggestion;
    const source = texts.get(at.file);
    if (!source || !sameScalarText(old, source.text.slice(at.start, at.end))) return suggestion;
    if (r.kind === 'helm') {
      const field = parseFieldPath(edit.path).at(-1);
      if (typeof field !== 'string' || at.key?.toLowerCase() !== field.toLowerCase()) return suggestion;
      const printed = r.map.lookup(e.start, e.end)?.primary;
      const action = printed && texts.get(printed.file)?.text.slice(printed.start, printed.end);
      if (action === undefined || FALSY_AWARE.test(action)) return suggestion;
    }
    target = at.file;
    firstStart = Math.min(firstStart, at.start);
    edits.push({ op: 'replace', path: edit.path, start: at.start, end: at.end, value: edit.value });
  }
  if (target === undefined) return suggestion;
  return {
    description: `${fix.description} in ${target}, where the value is set`,
    edits,
    // Identifies the document of the target file holding the value (and orders fixes of one file).
    documentStart: firstStart,
    target,
  };
}

/** Two scalar texts (a rendered one and its source) that read as the same YAML value. */
function sameScalarText(a: string, b: string): boolean {
  try {
    const x: unknown = parseYaml(a, { version: '1.1' });
    const y: unknown = parseYaml(b, { version: '1.1' });
    return (typeof x !== 'object' || x === null) && x === y && x !== null;
  } catch {
    return false;
  }
}
