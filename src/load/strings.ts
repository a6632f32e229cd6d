// String storage that matters when a scan keeps millions of strings.

/**
 * A copy of `s` that stands alone. V8 keeps a substring of 13 or more characters as a view of the
 * string it was cut from (a whole manifest, for a value read from a tree), and a string built by
 * concatenation as a rope of its pieces; either can cost many times the string itself.
 */
export function flatString(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/**
 * The same as flatString, cheaper (no JSON round trip): the concatenation is flattened into a new
 * string, of which the result is a view. For the many strings a load keeps.
 */
export function ownCopy(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}
