import type { Span } from '../../../src/load/index.js';
import type { K8sObject } from '../../../src/model/index.js';

/** The span without trailing line breaks and blanks (a block scalar's node runs to the next line). */
export function trimEnd(o: K8sObject, span: Span): Span {
  let end = span.end;
  const text = o.file.text;
  while (end > span.start && /\s/.test(text[end - 1]!)) end--;
  return { start: span.start, end };
}
