// Trees and parse results as plain data, for the loader's differential tests: nodes are views made
// on access, so two paths' trees are compared by what they show.
import type { ParseResult } from '../../src/load/compose.js';
import type { YNode } from '../../src/load/tree.js';

export function shape(node: YNode | null): unknown {
  if (node === null) return null;
  const at = { start: node.start, end: node.end };
  if (node.type === 'scalar') return { scalar: node.value, quoted: node.quoted, ...at };
  if (node.type === 'seq') return { seq: node.items.map(shape), ...at };
  return { map: node.pairs.map((p) => [shape(p.key), shape(p.value)]), ...at };
}

export function shapeOf(result: ParseResult | null): unknown {
  return result && { ...result, documents: result.documents.map((d) => ({ ...d, root: shape(d.root) })) };
}
