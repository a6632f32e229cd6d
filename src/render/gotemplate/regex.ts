// Go RE2 regular expressions on JavaScript's engine. RE2 syntax is mostly a subset of JS syntax; the
// translation handles what differs: leading flag groups `(?i)`/`(?s)`/`(?m)`/`(?U)` (U unsupported),
// `(?P<name>…)`, `\A` and `\z`, `\Q…\E`, POSIX classes `[[:alpha:]]`, `\pL`-style Unicode classes.
// Differences that remain: RE2 has no backreferences or lookaround (JS accepts them, Go would fail to
// compile); RE2 matches leftmost-first like JS for these functions, so results agree otherwise.

const posix: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const cache = new Map<string, RegExp>();

/** Go's regexp error text for patterns JS refuses. */
export class RegexError extends Error {}

/** Compiles a Go regular expression to a JS RegExp with the global flag (cached). */
export function goRegExp(pattern: string): RegExp {
  const hit = cache.get(pattern);
  if (hit) {
    hit.lastIndex = 0;
    return hit;
  }
  let src = pattern;
  let flags = 'g';
  // Leading flag group(s)
  for (;;) {
    const m = /^\(\?([imsU]+)\)/.exec(src);
    if (!m) break;
    for (const f of m[1]!) {
      if (f === 'U')
        throw new RegexError(`error parsing regexp: ungreedy flag (?U) is not supported: \`${pattern}\``);
      if (!flags.includes(f)) flags += f;
    }
    src = src.slice(m[0].length);
  }
  let out = '';
  let needU = false;
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      const n = src[i + 1];
      if (n === 'Q') {
        const end = src.indexOf('\\E', i + 2);
        const lit = src.slice(i + 2, end < 0 ? src.length : end);
        out += lit.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = end < 0 ? src.length : end + 1;
        continue;
      }
      if (!inClass && n === 'A') {
        out += '(?<![\\s\\S])';
        i++;
        continue;
      }
      if (!inClass && n === 'z') {
        out += '(?![\\s\\S])';
        i++;
        continue;
      }
      if (n === 'p' || n === 'P') {
        needU = true;
        if (src[i + 2] === '{') {
          const end = src.indexOf('}', i);
          out += `\\${n}{${src.slice(i + 3, end)}}`;
          i = end;
        } else {
          out += `\\${n}{${src[i + 2]}}`;
          i += 2;
        }
        continue;
      }
      out += c + (n ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[' && src[i + 1] === ':') {
        const end = src.indexOf(':]', i);
        if (end > 0) {
          let name = src.slice(i + 2, end);
          const neg = name.startsWith('^');
          if (neg) name = name.slice(1);
          const cls = posix[name];
          if (cls && !neg) {
            out += cls;
            i = end + 1;
            continue;
          }
        }
      }
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (src[i + 1] === '^') {
        out += '^';
        i++;
      }
      // A leading ']' is literal in RE2.
      if (src[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && src.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
      continue;
    }
    out += c;
  }
  if (needU) {
    // In unicode mode JS refuses identity escapes of non-syntax characters; RE2 allows any punctuation.
    out = out.replace(/\\([^\w\s^$\\.*+?()[\]{}|/pPdDwWsSbBnrtfv0-9xuck-])/g, '$1');
    flags += 'u';
  }
  let re: RegExp;
  try {
    re = new RegExp(out, flags);
  } catch (e) {
    throw new RegexError(`error parsing regexp: ${(e as Error).message}: \`${pattern}\``);
  }
  cache.set(pattern, re);
  return re;
}

/** Go's Regexp.ReplaceAllString: `$1`, `${1}`, `$name`, `${name}`, `$$` in the replacement. */
export function goReplaceAll(pattern: string, s: string, repl: string, literal = false): string {
  const re = goRegExp(pattern);
  const expand = (m: RegExpMatchArray): string => {
    if (literal) return repl;
    return repl.replace(
      /\$(\$|\{([^}]*)\}|([A-Za-z0-9_]+))/g,
      (all, tok: string, braced?: string, bare?: string) => {
        if (tok === '$') return '$';
        const name = braced ?? bare;
        if (name === undefined) return all;
        if (braced !== undefined && !/^[A-Za-z0-9_]+$/.test(braced)) return all;
        if (/^\d+$/.test(name)) return m[Number(name)] ?? '';
        return m.groups?.[name] ?? '';
      },
    );
  };
  let out = '';
  let lastMatchEnd = 0;
  for (const m of s.matchAll(re)) {
    const a0 = m.index;
    const a1 = a0 + m[0].length;
    out += s.slice(lastMatchEnd, a0);
    // Go skips an empty match right after the previous match.
    if (a1 > lastMatchEnd || a0 === 0) out += expand(m);
    lastMatchEnd = a1;
  }
  return out + s.slice(lastMatchEnd);
}

/** Go's Regexp.FindAllString(s, n): n < 0 means all. */
export function goFindAll(pattern: string, s: string, n: number): string[] {
  const re = goRegExp(pattern);
  const out: string[] = [];
  if (n === 0) return out;
  let lastEnd = -1;
  for (const m of s.matchAll(re)) {
    // Go skips an empty match right after the previous match.
    if (m[0] === '' && m.index === lastEnd) continue;
    out.push(m[0]);
    lastEnd = m.index + m[0].length;
    if (n > 0 && out.length >= n) break;
  }
  return out;
}

/** Go's Regexp.Split(s, n). */
export function goSplit(pattern: string, s: string, n: number): string[] {
  if (n === 0) return [];
  const re = goRegExp(pattern);
  if (pattern.length > 0 && s.length === 0) return [''];
  const matches = [...s.matchAll(re)].filter(
    (m, i, all) => !(m[0] === '' && i > 0 && m.index === all[i - 1]!.index! + all[i - 1]![0].length),
  );
  const out: string[] = [];
  let beg = 0;
  for (const m of matches) {
    if (n > 0 && out.length === n - 1) break;
    const end = m.index;
    if (m[0].length === 0 && (m.index === 0 || m.index === s.length)) continue;
    out.push(s.slice(beg, end));
    beg = m.index + m[0].length;
  }
  out.push(s.slice(beg));
  return out;
}

/** Go's regexp.QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}
