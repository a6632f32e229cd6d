// `--fix` and `--fix-dry-run`: applies the fixes findings carry, one file at a time. Each file is
// edited from the text the findings were made on (a file changed since is left alone), written
// atomically (write.ts), and only when its text changed, so untouched files keep bytes and mtime.
import { isUtf8 } from 'node:buffer';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { DiscoveredFile } from '../discover/index.js';
import { applyFileFixes, editStyleFor, type Finding, type FindingFix, fixFile } from '../engine/index.js';
import type { SourceText } from '../load/index.js';
import { WriteError, writeFileAtomic } from './write.js';

export interface FixOptions {
  /** Write the files (`--fix`); otherwise only the diff is made (`--fix-dry-run`). */
  readonly write: boolean;
  /** Only these rules' fixes (`--fix-rules`); all when undefined. */
  readonly rules?: ReadonlySet<string>;
}

export interface FixSummary {
  /** Fixes that changed a file (or would have). */
  readonly applied: number;
  readonly filesChanged: readonly string[];
  /** Unified diff of every change, for `--fix-dry-run`. */
  readonly diff: string;
  /** One line each: fixes refused and why, files skipped and why. */
  readonly notes: readonly string[];
  /** One line each: files that could not be written. */
  readonly errors: readonly string[];
  /**
   * Findings in rendered output whose fix was written to the values or patch line that set the
   * value: the caller lints again and says so when one is still there (see `stillFound`).
   */
  readonly retargeted: readonly Finding[];
}

const STDIN_NOTE = 'manifests read from standard input are not fixed; name the files instead';

interface Item {
  readonly finding: Finding;
  readonly fix: FindingFix;
}

export function applyFixes(
  findings: readonly Finding[],
  inputs: readonly DiscoveredFile[],
  texts: readonly SourceText[],
  options: FixOptions,
): FixSummary {
  const byPath = new Map(inputs.map((f) => [f.path, f.absPath]));
  // Texts are read on demand (a file's text may have been let go after loading; load/reread.ts).
  const textOf = new Map(texts.map((t) => [t.path, t]));
  const notes: string[] = [];
  const errors: string[] = [];
  // Group by the real file, so a file reached twice (an in-tree link to it) is edited once.
  const groups = new Map<string, { path: string; abs: string; items: Item[]; viaLink: boolean }[]>();
  for (const finding of findings) {
    const fix = finding.fix;
    if (!fix || finding.suppression) continue;
    if (options.rules && !options.rules.has(finding.ruleId)) continue;
    if (fix.rendered) {
      notes.push(
        `${finding.location.file}:${finding.location.startLine}: ${finding.ruleId}: found in rendered output; apply "${fix.description}" in its source`,
      );
      continue;
    }
    // A fix of rendered output that reaches its values or patch line edits that file instead.
    const path = fixFile(fix, finding.location.file);
    const abs = byPath.get(path);
    if (!abs) {
      if (path === '<stdin>' && !notes.includes(STDIN_NOTE)) notes.push(STDIN_NOTE);
      else if (fix.target)
        notes.push(
          `${finding.location.file}:${finding.location.startLine}: ${finding.ruleId}: the fix edits ${path}, which is not among the files linted; not fixed (lint a folder holding it)`,
        );
      continue;
    }
    let real: string;
    let viaLink: boolean;
    try {
      real = realpathSync(abs);
      viaLink = real !== join(realpathSync(dirname(abs)), basename(abs));
    } catch {
      continue;
    }
    const list = groups.get(real) ?? [];
    let entry = list.find((e) => e.path === path);
    if (!entry) {
      entry = { path, abs, items: [], viaLink };
      list.push(entry);
      groups.set(real, list);
    }
    entry.items.push({ finding, fix });
  }

  let applied = 0;
  const retargeted: Finding[] = [];
  const changed: string[] = [];
  const diffs: string[] = [];
  for (const [real, entries] of [...groups].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    // Never write through a link: the file is edited under its own path, or not at all.
    const entry = entries.find((e) => !e.viaLink);
    if (!entry) {
      notes.push(
        `${entries[0]!.path}: a link; its fixes are not written through it (lint its target instead)`,
      );
      continue;
    }
    const linted = textOf.get(entry.path);
    let bytes: Buffer;
    try {
      bytes = readFileSync(real);
    } catch {
      notes.push(`${entry.path}: could not be read again; not fixed`);
      continue;
    }
    // A file read through a decoding (UTF-16, or invalid UTF-8 shown as U+FFFD) would not be
    // written back as the same bytes: it is never edited.
    if (!isUtf8(bytes)) {
      notes.push(`${entry.path}: not UTF-8 text; its fixes are not written (fix it by hand)`);
      continue;
    }
    const raw = bytes.toString('utf8');
    const bom = raw.charCodeAt(0) === 0xfeff ? '\uFEFF' : '';
    const text = bom ? raw.slice(1) : raw;
    if (linted !== undefined && (linted.stale !== undefined || linted.text !== text)) {
      notes.push(`${entry.path}: changed since it was linted; not fixed`);
      continue;
    }
    const result = applyFileFixes(text, entry.items, editStyleFor(entry.path));
    let appliedHere = 0;
    const retargetedHere: Finding[] = [];
    for (const [item, outcome] of result.outcomes) {
      if (outcome.status === 'applied') {
        appliedHere++;
        if (item.fix.target) retargetedHere.push(item.finding);
      } else if (outcome.status === 'refused')
        notes.push(
          `${item.finding.location.file}:${item.finding.location.startLine}: ${item.finding.ruleId}: not fixed${item.fix.target && item.fix.target !== item.finding.location.file ? ` in ${entry.path}` : ''}: ${outcome.reason}`,
        );
    }
    if (result.text === text) continue;
    if (!options.write) {
      applied += appliedHere;
      changed.push(entry.path);
      diffs.push(
        createTwoFilesPatch(`a/${entry.path}`, `b/${entry.path}`, raw, bom + result.text, '', '', {
          context: 3,
        }),
      );
      continue;
    }
    try {
      // Keep the mode (writeFileAtomic does); statSync first so a vanished file is a clear note.
      statSync(real);
      writeFileAtomic(join(realpathSync(dirname(entry.abs)), basename(entry.abs)), bom + result.text);
      applied += appliedHere;
      changed.push(entry.path);
      retargeted.push(...retargetedHere);
    } catch (err) {
      errors.push(err instanceof WriteError ? err.message : `cannot write ${entry.path}: ${String(err)}`);
    }
  }
  return {
    applied,
    filesChanged: changed,
    // jsdiff heads each patch with a line of `=`; `git apply` and readers need only ---/+++.
    diff: diffs.map((d) => d.replace(/^(Index:[^\n]*\n)?=+\n/, '')).join(''),
    notes,
    errors,
    retargeted,
  };
}

/**
 * Notes for fixes written to a values or patch line whose finding the second lint still reports:
 * the chart or overlay changed the value on its way (a `default`, a later patch), so the edit did
 * not help. The edit is left in place (it is a plain value change the user can review or revert).
 */
export function stillFound(retargeted: readonly Finding[], after: readonly Finding[]): string[] {
  const key = (f: Finding) => `${f.ruleId}\0${f.fingerprint}`;
  const left = new Set(after.map(key));
  return retargeted
    .filter((f) => left.has(key(f)))
    .map(
      (f) =>
        `${f.location.file}:${f.location.startLine}: ${f.ruleId}: ${f.fix?.target} was fixed but the finding is still reported (the value is changed again on its way to the output); fix it in ${f.location.file}`,
    );
}
