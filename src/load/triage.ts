// What to say about a file that does not parse. Not every YAML or JSON file in a repository is a
// manifest (JSON-lines data, CI templates), and a file full of `{{ }}` is not YAML until it is
// rendered: reporting each parser error of such files as high findings buries the real ones. But a
// skip must never hide what kubectl would apply, so each one rests on a signal that kubectl would
// not apply the skipped part either:
//
// - A file with a syntax error and no sign of being a manifest: no `apiVersion` or `kind` word
//   anywhere (any case), and nothing that could spell one without writing it (a `\x`, `\u` or `\U`
//   escape, an escaped line break that joins two halves, a `!!binary` key). kubectl rejects an object
//   without both fields, so no document of the file could be applied. Skipped with a notice.
// - A file holding template markers (`{{ … }}`, `{% … %}`): only its documents that themselves hold
//   a marker and either fail to parse or use a collection as a key (what `{{ .x }}` parses to;
//   kubectl refuses it: "invalid map key") are skipped, with a notice. Every document that parses
//   cleanly is still checked, markers or not (PrometheusRule annotations hold `{{ $labels }}`).
// - Otherwise only the first syntax error of a file is reported (the rest usually follow from it).
import type { ParsedDocument, ParseProblem, ParseResult } from './compose.js';

export interface Triaged {
  readonly documents: ParsedDocument[];
  readonly problems: ParseProblem[];
  /** Why part or all of the file was skipped, for the run's notices. */
  readonly notice?: string;
}

const MANIFEST_WORD = /\b(?:apiversion|kind)\b/i;
/** Ways to write a key without its letters: escapes, a line joined by an escaped break, binary. */
const HIDDEN_WORD = /\\[xuU\r\n\u0085\u2028\u2029]|!binary|:binary/;

/** Could some document of the file be a Kubernetes object? (false only when surely not) */
export function mayBeManifest(text: string): boolean {
  return MANIFEST_WORD.test(text) || HIDDEN_WORD.test(text);
}

/** `{{ … }}` or `{% … %}` somewhere in `text` (indexOf: linear, whatever the input). */
export function hasTemplateMarkers(text: string): boolean {
  for (const [open, close] of [
    ['{{', '}}'],
    ['{%', '%}'],
  ] as const) {
    const at = text.indexOf(open);
    if (at >= 0 && text.indexOf(close, at + 2) >= 0) return true;
  }
  return false;
}

function docIndexAt(docs: readonly ParsedDocument[], offset: number): number {
  const i = docs.findIndex((d) => offset < d.end);
  return i < 0 ? docs.length - 1 : i;
}

export function triageParse(text: string, parsed: ParseResult): Triaged {
  const isSyntax = (p: ParseProblem) => p.code === 'yaml-syntax-error';
  const collectionKeys = parsed.collectionKeys ?? [];
  if (!parsed.problems.some(isSyntax) && collectionKeys.length === 0) return parsed;
  const others = parsed.problems.filter((p) => !isSyntax(p));

  if (parsed.problems.some(isSyntax) && !mayBeManifest(text)) {
    return {
      documents: parsed.documents.map((d) => ({ ...d, root: null })),
      problems: others,
      notice:
        'does not parse as YAML and shows no sign of being a Kubernetes manifest (no apiVersion or kind in it); skipped',
    };
  }

  let documents = parsed.documents;
  let syntax = parsed.problems.filter(isSyntax);
  let notice: string | undefined;
  if (hasTemplateMarkers(text) && documents.length > 0) {
    const broken = new Set<number>();
    for (const p of syntax) broken.add(docIndexAt(documents, p.start));
    for (const at of collectionKeys) broken.add(docIndexAt(documents, at));
    const skipped = new Set(
      [...broken].filter((i) => hasTemplateMarkers(text.slice(documents[i]!.start, documents[i]!.end))),
    );
    if (skipped.size > 0) {
      documents = documents.map((d, i) => (skipped.has(i) ? { ...d, root: null } : d));
      syntax = syntax.filter((p) => !skipped.has(docIndexAt(parsed.documents, p.start)));
      const n = skipped.size;
      notice = `holds template markers ({{ }} or {% %}) and ${n === 1 ? 'a document that is' : `${n} documents that are`} not YAML until rendered; ${n === 1 ? 'it was' : 'they were'} skipped (lint the rendered output instead)`;
    }
  }

  const [first, ...rest] = syntax;
  const problems = [...others];
  if (first) {
    problems.push(
      rest.length === 0
        ? first
        : {
            ...first,
            message: `${first.message} (the parser reported ${rest.length} more error${rest.length === 1 ? '' : 's'} after this one, most likely caused by it)`,
          },
    );
    problems.sort((a, b) => a.start - b.start);
  }
  return notice ? { documents, problems, notice } : { documents, problems };
}
