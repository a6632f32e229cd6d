// Reports are streamed: the items of the findings/results array are stringified in batches
// (report/sarif.ts arrayChunks). Whatever the batch boundaries and the depth, the text must be what
// one JSON.stringify of the whole document writes.
import { describe, expect, it } from 'vitest';
import { arrayChunks } from '../../src/report/sarif.js';

function item(i: number) {
  return {
    id: `rule-${i % 7}`,
    n: i,
    text: i % 3 ? `line\nbreak "quoted" \u2028 ${i}` : '',
    nested: { list: i % 2 ? [] : [1, { deep: [i] }], empty: {} },
    ...(i % 5 ? {} : { optional: null }),
  };
}

// The document with the array at the depth that indents its items `indent` spaces.
function documentAt(indent: number, items: unknown[]) {
  let doc: Record<string, unknown> = { before: 1, items, after: ['x'] };
  for (let d = 8; d <= indent; d += 4) doc = { head: 'h', wrap: [doc] };
  return doc;
}

describe('arrayChunks', () => {
  for (const indent of [4, 8, 12])
    for (const count of [0, 1, 2, 255, 256, 257, 513, 600])
      it(`${count} items at indent ${indent} read as one stringify of the document`, () => {
        const items = Array.from({ length: count }, (_, i) => i);
        const skeleton = JSON.stringify(documentAt(indent, []), null, 2);
        const chunks = [...arrayChunks(skeleton, '"items": []', items, indent, item)];
        expect(chunks.join('')).toBe(JSON.stringify(documentAt(indent, items.map(item)), null, 2));
        // Streamed: more than one chunk once there is more than one batch.
        if (count > 256) expect(chunks.length).toBeGreaterThan(3);
      });
});
