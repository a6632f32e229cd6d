// Findings on rendered text (a chart's `helm template` output, a built overlay) are moved to the
// repository line that wrote the offending node, through the render's source map: the template line
// (or the patch line), with the values line and include sites as related locations and the render
// named. A finding that several renders of one chart share is reported once, naming every render.
// Problems of the render stage itself (a chart that does not render, …) become findings here too.
import { isMap, isPair, isScalar, isSeq, type Node, parse as parseYaml } from 'yaml';
import { computeLineStarts, type SourceText } from '../load/index.js';
import { parseAllDocumentsGo } from '../load/lexer.js';
import { joinPath } from '../model/object.js';
import {
  forgetScannedTexts,
  scannedAncestor,
  scannedCollectionPath,
  scannedScalarAt,
} from '../render/source-paths.js';
import type { RenderedSource, RenderResult, SourceSpan } from '../render/types.js';
import { compareFindings, type Finding, type FindingLocation, fingerprint, locate } from './finding.js';
import { type DocEdit, existingAncestor, type FindingFix, parseFieldPath, planEdit } from './fix/index.js';
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
  return locate(texts.get(span.file) ?? { path: span.file, text: '', lineStarts: NO_LINES }, span);
}

const NO_LINES = computeLineStarts('');

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
    const key = [f.ruleId, location.file, location.startOffset, location.endOffset, f.message].join('\0');
    const seen = merged.get(key);
    if (seen) {
      if (!seen.renders.includes(r.label)) seen.renders.push(r.label);
      continue;
    }
    const { helmSource: _drop, fix: renderedFix, ...rest } = f;
    const object = f.object;
    // Worked out once per reported finding (a chart's range of 400 objects is one finding).
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
    merged.set(key, { finding: moved, renders: [r.label] });
  }
  // The files scanned or parsed to move fixes are not needed past this run (a scan's rows would
  // keep their run's whole slab alive in a process that lints again, as `--fix` does).
  forgetScannedTexts();
  lastSource = undefined;
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
 * The fix of a finding on rendered text, pointed at the repository file that wrote what it changes.
 * A value replacement goes to the scalar the source map says the value was copied from, when that
 * node holds the same value: the values-file value (Helm: a key of the same name as the field,
 * printed by an action that does not test it for emptiness), or the patch, inline-patch or base line
 * (Kustomize). An insertion into a Kustomize output goes under the nearest existing map or list,
 * in the plain file (base resource or patch file, not kustomization.yaml) that wrote it. Helm
 * insertions never: a template is not edited. Otherwise the fix stays a suggestion shown with the
 * finding, never applied.
 */
function retargetFix(fix: FindingFix, r: RenderedSource, texts: ReadonlyMap<string, SourceText>): FindingFix {
  // (Helm output carries `# Source:` lines, so the engine marked its fixes rendered already.)
  const suggestion: FindingFix = { ...fix, rendered: true };
  if (r.kind === 'kustomize' && fix.edits.every((e) => e.op === 'add' || e.op === 'set'))
    return replaceValues(fix, r, texts) ?? insertInSource(fix, r, texts) ?? suggestion;
  return replaceValues(fix, r, texts) ?? suggestion;
}

/** The fix as `replace` edits of the lines its values were copied from; undefined when not one. */
function replaceValues(
  fix: FindingFix,
  r: RenderedSource,
  texts: ReadonlyMap<string, SourceText>,
): FindingFix | undefined {
  let target: string | undefined;
  const edits: DocEdit[] = [];
  let firstStart = Number.POSITIVE_INFINITY;
  for (const edit of fix.edits) {
    if (edit.op !== 'set' || typeof edit.value === 'object') return undefined;
    const e = renderedValueSpan(r.text, fix.documentStart, edit);
    if (!e) return undefined;
    const old = r.text.slice(e.start, e.end);
    if (e.start === e.end || /[\r\n]/.test(old)) return undefined;
    const at = r.map.lookup(e.start, e.end)?.valueAt;
    if (!at || (target !== undefined && at.file !== target)) return undefined;
    const source = texts.get(at.file);
    if (!source || !sameScalarText(old, source.text.slice(at.start, at.end))) return undefined;
    if (r.kind === 'helm') {
      const field = parseFieldPath(edit.path).at(-1);
      if (typeof field !== 'string' || at.key?.toLowerCase() !== field.toLowerCase()) return undefined;
      const printed = r.map.lookup(e.start, e.end)?.primary;
      const action = printed && texts.get(printed.file)?.text.slice(printed.start, printed.end);
      if (action === undefined || FALSY_AWARE.test(action)) return undefined;
    }
    target = at.file;
    firstStart = Math.min(firstStart, at.start);
    edits.push({ op: 'replace', path: edit.path, start: at.start, end: at.end, value: edit.value });
  }
  if (target === undefined) return undefined;
  return {
    description: `${fix.description} in ${target}, where the value is set`,
    edits,
    // Identifies the document of the target file holding the value (and orders fixes of one file).
    documentStart: firstStart,
    target,
  };
}

/**
 * Where a `set` of an existing scalar would write in the rendered text; undefined when it would not
 * replace one (it inserts, refuses, or the value is already that). Each edit is planned on the
 * rendered text as it is: value replacements never overlap. The scanner answers most documents at a
 * fraction of the editor's cost (which parses the document with the `yaml` package); it defers to
 * the editor where it cannot vouch for the same answer.
 */
function renderedValueSpan(
  text: string,
  documentStart: number,
  edit: Extract<DocEdit, { op: 'set' }>,
): { start: number; end: number } | undefined {
  // How a value of several lines is written (and whether it stays on one) is the editor's call.
  const multiline = typeof edit.value === 'string' && /[\r\n]/.test(edit.value);
  const scanned = multiline ? null : scannedScalarAt(text, documentStart, parseFieldPath(edit.path));
  if (scanned === undefined) return undefined;
  if (scanned !== null) return scanned.value === edit.value ? undefined : scanned;
  // Replacements of one line only: the rendered line is mapped to the one source line it came from.
  const planned = planEdit(text, documentStart, edit, { json: false });
  return planned.kind === 'edit' && !/[\r\n]/.test(planned.edit.text) ? planned.edit : undefined;
}

/** Two scalar texts (a rendered one and its source) that read as the same YAML value. */
function sameScalarText(a: string, b: string): boolean {
  // The common case, written the same way: no parse needed (a single-line token, not null).
  if (a === b && /^[\w.:/@+-]+$/.test(a) && !/^(null|Null|NULL)$/.test(a)) return true;
  try {
    const x: unknown = parseYaml(a, { version: '1.1' });
    const y: unknown = parseYaml(b, { version: '1.1' });
    return (typeof x !== 'object' || x === null) && x === y && x !== null;
  } catch {
    return false;
  }
}

const KUSTOMIZATION_FILE = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;

/**
 * A Kustomize fix that inserts fields (or list items), made in the file that wrote the nearest
 * existing ancestor of what it inserts: that map or list must be a node of a plain YAML file (a
 * base resource or a patch file, never kustomization.yaml or an inline patch), found again there
 * at the offset the source map names; the same steps are inserted under it. Every edit of the fix
 * must land in one file. Whether a later patch of the overlay overrides the inserted field is not
 * known here: `--fix` lints again and says so when the finding is still reported.
 */
function insertInSource(
  fix: FindingFix,
  r: RenderedSource,
  texts: ReadonlyMap<string, SourceText>,
): FindingFix | undefined {
  let target: string | undefined;
  let documentStart = 0;
  const edits: DocEdit[] = [];
  for (const edit of fix.edits) {
    if (edit.op !== 'add' && edit.op !== 'set') return undefined;
    const at = ancestorIn(r.text, fix.documentStart, edit.path);
    if (!at || at.kind === 'scalar') return undefined;
    // The node's own segment ends at its last character, before the line break its range keeps.
    const end = at.start + r.text.slice(at.start, at.end).trimEnd().length;
    const origin = r.map.lookup(at.start, end)?.valueAt;
    if (!origin || KUSTOMIZATION_FILE.test(origin.file)) return undefined;
    if (target !== undefined && origin.file !== target) return undefined;
    const source = texts.get(origin.file);
    const found = source && collectionPathAt(source.text, origin.start, at.kind);
    if (!found) return undefined;
    target = origin.file;
    documentStart = found.documentStart;
    const path = joinPath('', ...found.path, ...at.rest);
    edits.push({ ...edit, path });
  }
  if (target === undefined) return undefined;
  return {
    description: `${fix.description} in ${target}, which writes that part of the object`,
    edits,
    documentStart,
    target,
  };
}

/** The deepest existing node of a fix's path in rendered text: the scanner's answer, else the editor's. */
function ancestorIn(text: string, documentStart: number, path: string): ReturnType<typeof existingAncestor> {
  const scanned = scannedAncestor(text, documentStart, parseFieldPath(path));
  return scanned === null ? existingAncestor(text, documentStart, path) : scanned;
}

/**
 * The field path (from its document's root) of the map or list that starts at `offset` of a YAML
 * file, or whose key does; undefined when there is none or the file does not parse cleanly.
 */
// Findings come sorted by file, so the file parsed last is nearly always the one asked for next.
let lastSource: { text: string; docs: ReturnType<typeof parseAllDocumentsGo> } | undefined;

function collectionPathAt(
  text: string,
  offset: number,
  kind: 'map' | 'seq',
): { path: (string | number)[]; documentStart: number } | undefined {
  const scanned = scannedCollectionPath(text, offset, kind);
  if (scanned !== null) return scanned;
  let docs: ReturnType<typeof parseAllDocumentsGo>;
  if (lastSource?.text === text) docs = lastSource.docs;
  else {
    try {
      docs = parseAllDocumentsGo(text, { version: '1.1', prettyErrors: false });
    } catch {
      return undefined;
    }
    lastSource = { text, docs };
  }
  for (const doc of docs) {
    const root = doc.contents as Node | null;
    if (!root?.range || doc.errors.length) continue;
    if (offset < root.range[0] || offset > root.range[2]) continue;
    const path = findCollection(root, offset, [], kind);
    if (path) return { path, documentStart: root.range[0] };
  }
  return undefined;
}

function findCollection(
  node: Node,
  offset: number,
  path: (string | number)[],
  kind: 'map' | 'seq',
): (string | number)[] | undefined {
  // Of the same kind as in the output; block or flow (the editor writes either).
  const isCollection = (n: unknown): boolean => (kind === 'map' ? isMap(n) : isSeq(n));
  if (node.range?.[0] === offset && isCollection(node)) return path;
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) return undefined;
      const key = pair.key;
      const value = pair.value as Node | null;
      if (!value?.range || !key.range) continue;
      const step = String(key.value);
      if (key.range[0] === offset && isCollection(value)) return [...path, step];
      if (value.range[0] <= offset && offset < value.range[2])
        return findCollection(value, offset, [...path, step], kind);
    }
  } else if (isSeq(node)) {
    for (const [i, item] of (node.items as Node[]).entries()) {
      if (item?.range && item.range[0] <= offset && offset < item.range[2])
        return findCollection(item, offset, [...path, i], kind);
    }
  }
  return undefined;
}
