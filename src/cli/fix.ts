// `--fix`: applies the replacements findings carry, one file at a time, atomically (write a temporary
// file beside it, then rename), so an interrupted run never leaves a half-written manifest.
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { DiscoveredFile } from '../discover/index.js';
import type { Finding } from '../engine/index.js';

export function applyFixes(findings: readonly Finding[], files: readonly DiscoveredFile[]): number {
  const byPath = new Map(files.map((f) => [f.path, f.absPath]));
  const edits = new Map<string, { start: number; end: number; text: string }[]>();
  for (const f of findings) {
    if (!f.fix || f.suppression) continue;
    const abs = byPath.get(f.fix.location.file);
    if (!abs) continue;
    const list = edits.get(abs) ?? [];
    list.push({ start: f.fix.location.startOffset, end: f.fix.location.endOffset, text: f.fix.text });
    edits.set(abs, list);
  }
  let applied = 0;
  for (const [abs, list] of edits) {
    const raw = readFileSync(abs, 'utf8');
    const bom = raw.charCodeAt(0) === 0xfeff ? '\uFEFF' : '';
    let text = bom ? raw.slice(1) : raw;
    // Last edit first so earlier offsets stay valid; overlapping edits are skipped.
    list.sort((a, b) => b.start - a.start);
    let limit = Number.POSITIVE_INFINITY;
    for (const e of list) {
      if (e.end > limit) continue;
      text = text.slice(0, e.start) + e.text + text.slice(e.end);
      limit = e.start;
      applied++;
    }
    const tmp = join(dirname(abs), `.${basename(abs)}.kubeharden-${process.pid}.tmp`);
    writeFileSync(tmp, bom + text, { mode: statSync(abs).mode });
    renameSync(tmp, abs);
  }
  return applied;
}
