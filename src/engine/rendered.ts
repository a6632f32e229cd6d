// Findings on rendered text (a chart's `helm template` output, a built overlay) are moved to the
// repository line that wrote the offending node, through the render's source map: the template line
// (or the patch line), with the values line and include sites as related locations and the render
// named. A finding that several renders of one chart share is reported once, naming every render.
// Problems of the render stage itself (a chart that does not render, …) become findings here too.
import { computeLineStarts, type SourceText } from '../load/index.js';
import type { RenderedSource, RenderResult, SourceSpan } from '../render/types.js';
import { compareFindings, type Finding, type FindingLocation, fingerprint, locate } from './finding.js';
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
    const { helmSource: _drop, ...rest } = f;
    const object = f.object;
    const moved: Finding = {
      ...rest,
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
