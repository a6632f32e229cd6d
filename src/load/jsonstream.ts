// kubectl reads a file whose first non-blank character is `{` as a stream of JSON values
// (apimachinery's YAMLOrJSONDecoder), not as YAML: `{…}\n{…}` (JSON lines) or `{…}{…}` is one object
// per value to kubectl, and a syntax error to a YAML parser. Such a file is read here the same way:
// each value is parsed on its own (JSON is YAML) and placed back at its offset.
import { type ParseLimits, type ParseResult, parseYamlText } from './compose.js';
import { shiftOffsets } from './nodes.js';

const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

/** Go's JSON white space. */
function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/**
 * The spans of the top-level values of a JSON stream, and where kubectl's decoder would stop with an
 * error (-1 when it reads to the end). Null when the text does not start with `{`. Linear: one pass
 * that tracks strings and nesting, no parsing.
 */
export function jsonStreamSpans(text: string): { spans: [number, number][]; stopsAt: number } | null {
  let i = 0;
  // kubectl's check trims Unicode white space (Go's unicode.IsSpace, which is not \s: no U+FEFF).
  while (i < text.length && GO_SPACE.test(text[i]!)) i++;
  if (text[i] !== '{') return null;
  const spans: [number, number][] = [];
  while (i < text.length) {
    if (text[i] !== '{') return { spans, stopsAt: i };
    let depth = 0;
    let inString = false;
    let j = i;
    for (; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (inString) {
        if (c === 0x5c) j++;
        else if (c === 0x22) inString = false;
      } else if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if ((c === 0x7d || c === 0x5d) && --depth === 0) break;
    }
    if (j >= text.length) return { spans, stopsAt: i };
    spans.push([i, j + 1]);
    i = j + 1;
    while (i < text.length && isJsonSpace(text.charCodeAt(i))) i++;
  }
  return { spans, stopsAt: -1 };
}

/**
 * A JSON stream of two or more values, each parsed on its own; null when the text is not one (then
 * the YAML reading stands). A value that does not parse, or the point where kubectl's decoder
 * would stop, is a syntax error: kubectl applies the values before it and reports the rest.
 */
export function parseJsonStream(text: string, limits: ParseLimits): ParseResult | null {
  const stream = jsonStreamSpans(text);
  if (!stream || stream.spans.length + (stream.stopsAt >= 0 ? 1 : 0) < 2) return null;
  const result: ParseResult = { documents: [], problems: [] };
  for (const [start, end] of stream.spans) {
    const one = parseYamlText(text.slice(start, end), limits);
    if (one.documents.length !== 1) return null;
    for (const p of one.problems) result.problems.push({ ...p, start: p.start + start, end: p.end + start });
    const doc = one.documents[0]!;
    if (doc.root) shiftOffsets(doc.root, start);
    result.documents.push({ root: doc.root, start, end, contentStart: doc.contentStart + start });
  }
  if (stream.stopsAt >= 0) {
    result.problems.push({
      code: 'yaml-syntax-error',
      message:
        'the file is a stream of JSON objects (it starts with `{`), and this is not one: kubectl stops reading here',
      start: stream.stopsAt,
      end: Math.min(text.length, stream.stopsAt + 1),
    });
  }
  return result;
}
