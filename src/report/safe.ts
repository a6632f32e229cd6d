// Text from the scanned repository (names, keys, values, file names) is shown in terminals, in CI
// logs and on GitHub. There it must stay text: no line breaks of its own (a new line could pose as
// a finding, or as a workflow command such as `::add-mask::`), no terminal escapes (ANSI/OSC can
// rewrite the screen or a link), no bidirectional overrides (they reorder what is shown).

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is matched
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One visible escape for each control character (`\n`, `\x1B`, `\u2028`). */
export function escapeControl(s: string): string {
  return s.replace(UNSAFE, escapeOne);
}

export function escapeOne(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  return code < 0x100
    ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`
    : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

export function hasControl(s: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(s);
  UNSAFE.lastIndex = 0;
  return found;
}

/** Longest message printed; rule messages stay far below, a pathological one is cut. */
export const MAX_MESSAGE_CHARS = 1000;

/** A message or name for one line of a report: escaped and cut to a sane length. */
export function safeLine(s: string, max = MAX_MESSAGE_CHARS): string {
  const cut = s.length > max ? `${s.slice(0, max)}…` : s;
  return escapeControl(cut);
}

/**
 * A path at the start of a report line: escaped, and never beginning with `::` (a file named
 * `::error::x.yaml` in a CI log would be read as a workflow command); `./` keeps it the same path.
 */
export function safePath(p: string): string {
  const escaped = escapeControl(p);
  return escaped.startsWith(':') ? `./${escaped}` : escaped;
}
