// Recognises credentials written into manifests: by the name they are stored under (an env var,
// a ConfigMap key, a flag) when the value is a literal, or by the shape of the value itself.
// Shared by every rule that looks for secrets in plain text; pure and cheap.
//
// Every check runs in time linear in the length of the text, however hostile (a ConfigMap value is
// attacker-sized: a 200 KB `a-a-a…` once took 30 s). Each regular expression is either anchored on
// a literal that cannot recur inside the text its quantifiers consume, or has a fixed length, or
// has no constraint after its last quantifier; the two shapes that had neither (a JWT's dotted
// segments, a URL's scheme) are matched by hand, one pass over character runs.

export interface CredentialMatch {
  /** What was recognised, e.g. `aws-access-key`, `pem-private-key`, `named-credential`. */
  readonly kind: string;
  /** Why, in words fit for a finding's message. */
  readonly reason: string;
}

interface ValuePattern {
  readonly kind: string;
  readonly what: string;
  readonly re?: RegExp;
  readonly test?: (value: string) => boolean;
}

// Shapes that are credentials wherever they appear. Each is anchored on a fixed prefix or
// structure, so ordinary configuration values do not match.
const VALUE_PATTERNS: readonly ValuePattern[] = [
  { kind: 'pem-private-key', what: 'a PEM private key', test: hasPemPrivateKey },
  { kind: 'aws-access-key', what: 'an AWS access key id', re: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/ },
  { kind: 'gcp-api-key', what: 'a Google Cloud API key', re: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  // `"type": "service_account"` and `"private_key"` anywhere in the value (two scans, not `[\s\S]*`).
  {
    kind: 'gcp-service-account-key',
    what: 'a Google Cloud service account key',
    test: (v) => v.includes('"private_key"') && /"type"\s*:\s*"service_account"/.test(v),
  },
  {
    kind: 'azure-storage-key',
    what: 'an Azure storage or Service Bus key',
    re: /\b(?:AccountKey|SharedAccessKey)=[A-Za-z0-9+/]{20,}={0,2}/,
  },
  { kind: 'jwt', what: 'a JSON Web Token', test: hasJwt },
  {
    kind: 'github-token',
    what: 'a GitHub token',
    re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b/,
  },
  { kind: 'slack-token', what: 'a Slack token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  {
    kind: 'slack-webhook',
    what: 'a Slack incoming-webhook URL',
    re: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{16,}/,
  },
  { kind: 'stripe-key', what: 'a Stripe secret key', re: /\b[sr]k_live_[0-9A-Za-z]{20,}/ },
];

/** [A-Za-z0-9_-]: the characters of a JWT segment (base64url). */
function isSegmentChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x5f ||
    c === 0x2d
  );
}
/** [A-Za-z0-9_]: what `\b` calls a word character. */
function isWordChar(c: number): boolean {
  return c !== 0x2d && isSegmentChar(c);
}
function segmentEnd(v: string, from: number): number {
  let i = from;
  while (i < v.length && isSegmentChar(v.charCodeAt(i))) i++;
  return i;
}

/**
 * `\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}` in one pass. As a regular
 * expression it backtracks over each run for every `eyJ` in it (`-eyJ` repeated: quadratic). A
 * segment can only end where its run of segment characters ends, so every start inside one run
 * shares that end: the first start decides for all of them, and the search resumes after the run.
 */
export function hasJwt(v: string): boolean {
  let at = v.indexOf('eyJ');
  while (at >= 0) {
    if (at > 0 && isWordChar(v.charCodeAt(at - 1))) {
      at = v.indexOf('eyJ', at + 1);
      continue;
    }
    const end1 = segmentEnd(v, at);
    if (end1 - at >= 11 && v.charCodeAt(end1) === 0x2e && v.startsWith('eyJ', end1 + 1)) {
      const end2 = segmentEnd(v, end1 + 1);
      if (end2 - end1 - 1 >= 11 && v.charCodeAt(end2) === 0x2e && segmentEnd(v, end2 + 1) - end2 - 1 >= 16)
        return true;
    }
    at = v.indexOf('eyJ', end1);
  }
  return false;
}

const PEM_BEGIN = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g;
// A body that is only dots or an ellipsis (`...`, `…`): documentation standing in for a key.
const ELLIPSIS_ONLY = /^[.\u2026\s]*$/;

/**
 * A PEM private-key block whose body is a key, not a stand-in (`...`, `<your key>`). Blocks are
 * searched left to right and each body ends at the next `-----END`, so every character is visited a
 * bounded number of times; an unterminated block counts as a key, as before.
 */
export function hasPemPrivateKey(v: string): boolean {
  PEM_BEGIN.lastIndex = 0;
  for (let m = PEM_BEGIN.exec(v); m; m = PEM_BEGIN.exec(v)) {
    const bodyStart = m.index + m[0].length;
    const end = v.indexOf('-----END', bodyStart);
    if (end < 0) return true;
    const body = v.slice(bodyStart, end);
    if (!ELLIPSIS_ONLY.test(body) && !isPlaceholder(body.replace(/\s+/g, ' '))) return true;
    PEM_BEGIN.lastIndex = end;
  }
  return false;
}

/**
 * A value that stands in for a credential rather than being one: a placeholder (`<your key>`,
 * `CHANGE_ME`), or a PEM private-key armour around `...`. Used where a name alone suggests a secret.
 */
export function isStandIn(value: string): boolean {
  if (isPlaceholder(value)) return true;
  PEM_BEGIN.lastIndex = 0;
  return PEM_BEGIN.test(value) && !hasPemPrivateKey(value);
}

// After `scheme://`: `user:password@host`; the password is checked separately (a `$(VAR)` there is
// fine). Neither class holds `/`, so each attempt stops at the next `://`: linear over all of them.
const URL_USERINFO = /[^\s:/@]*:([^\s@/]+)@\S/y;

/** [a-z0-9+.-], any case: a URL scheme's characters. */
function isSchemeChar(c: number): boolean {
  return isWordChar(c) && c !== 0x5f ? true : c === 0x2b || c === 0x2e || c === 0x2d;
}
function isLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

/**
 * The password of the first `scheme://user:password@host` in the value, as
 * `/\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:([^\s@/]+)@\S/i` finds it, without retrying the scheme from
 * every letter of a long run (`a-a-a…`: quadratic as a regular expression).
 */
export function urlPassword(v: string): string | undefined {
  for (let at = v.indexOf('://'); at >= 0; at = v.indexOf('://', at + 1)) {
    // A scheme: some letter in the run of scheme characters before `://` starts a word.
    let ok = false;
    for (let i = at - 1; i >= 0 && isSchemeChar(v.charCodeAt(i)); i--) {
      if (isLetter(v.charCodeAt(i)) && (i === 0 || !isWordChar(v.charCodeAt(i - 1)))) {
        ok = true;
        break;
      }
    }
    if (!ok) continue;
    URL_USERINFO.lastIndex = at + 3;
    const m = URL_USERINFO.exec(v);
    if (m) return m[1];
  }
  return undefined;
}
// ADO.NET / JDBC style `Password=...;`.
const KEYWORD_PASSWORD = /(?:^|[;\s])(?:password|pwd)\s*=\s*([^;\s]+)/i;

// Name tokens that say "this holds a credential".
const CREDENTIAL_WORDS = new Set([
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'credential',
  'credentials',
  'creds',
  'privatekey',
  'secretkey',
  'accesskey',
  'authtoken',
]);
// `<first> <key>` pairs meaning a key that is a credential (`API_KEY`, `private-key`).
const KEY_QUALIFIERS = new Set(['api', 'access', 'private', 'secret', 'signing', 'encryption', 'master']);
// Names ending in these describe a credential without holding one (`TOKEN_TTL`, `PASSWORD_FILE`).
const DESCRIPTIVE_SUFFIXES = new Set([
  'file',
  'files',
  'path',
  'dir',
  'directory',
  'name',
  'names',
  'length',
  'len',
  'size',
  'ttl',
  'expiry',
  'expiration',
  'expires',
  'lifetime',
  'timeout',
  'duration',
  'interval',
  'period',
  'url',
  'uri',
  'endpoint',
  'host',
  'port',
  'header',
  'enabled',
  'enable',
  'disabled',
  'required',
  'type',
  'mode',
  'ref',
  'id',
  'version',
  'algorithm',
  'policy',
  'policies',
  // A rule about a credential, not one: `passwordPattern: "^.{8,32}$"`, `SECRET_REGEX`.
  'pattern',
  'patterns',
  'regex',
  'regexp',
  'rule',
  'rules',
  // When it last changed (`admin.passwordMtime`), not what it is.
  'mtime',
  'ctime',
  'timestamp',
  'count',
  'max',
  'min',
  'format',
  'prefix',
  'suffix',
  'audience',
  'issuer',
  'scope',
  'scopes',
  'source',
  'provider',
  'location',
  'key',
]);

// Values that stand in for a credential rather than being one: whole words, and the shapes sample
// manifests use (`<your key>`, `xxxx-xxxx`, `CHANGE_ME_PLEASE`, `REPLACE_WITH_KEY`, `INSERT_KEY_HERE`,
// `GOOGLE_API_KEY_VAL`). Anchored at the start, so each is one linear pass.
const PLACEHOLDER =
  /^(?:<[^>]*>|\*{3,}|\.{3,}|-+|_+|\?+|replace.*|insert[-_ ].*|change[-_ ]?(?:me|it)(?:[-_ ].*)?|your[-_ ].*|placeholder|dummy|example|sample|todo|tbd|fixme|redacted|secret|password|none|null|nil|undefined|empty|true|false|yes|no|on|off)$/i;
// An upper-case identifier ending in `_VAL`/`_VALUE`: the name of what goes there, not the value.
const NAMED_SLOT = /^[A-Z][A-Z0-9_]*_VAL(?:UE)?$/;
// Only `x` (either case), with separators: `xxxx`, `XXXX-XXXX-XXXX`.
const ALL_X = /^[xX]+(?:[-_. ][xX]+)*$/;
// Templating and env references: the value is filled in elsewhere.
const TEMPLATED = /\{\{|\$\{|%\{/;
// A Kubernetes dependent-variable reference `$(VAR)` (`$$(VAR)` is an escaped literal).
const K8S_REFERENCE = /(?:^|[^$])\$\([A-Za-z_][A-Za-z0-9_.-]*\)/;

/** True when the value is filled in from elsewhere or merely stands in for a secret. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  return (
    v === '' ||
    PLACEHOLDER.test(v) ||
    NAMED_SLOT.test(v) ||
    (v.length >= 3 && ALL_X.test(v)) ||
    TEMPLATED.test(v) ||
    K8S_REFERENCE.test(v)
  );
}

// A bounded quantifier after an atom (`.{8,32}`, `[a-z]{3}`, `\d{4}`) or a class escape with a
// quantifier (`\d+`, `\w*`). Each attempt is bounded by one digit run: linear.
const REGEX_QUANTIFIER = /(?:[.\])]|\\[dwsDWS])(?:\{\d+(?:,\d*)?\}|[*+?])/;

/**
 * True when a value is a regular expression (a password policy such as `^.{8,32}$`) rather than
 * a secret: anchored at both ends, or with a quantifier after `.`, a class or a class escape. Only
 * asked of values matched by their name; a real credential's own shape is recognised regardless.
 */
export function looksLikeRegex(v: string): boolean {
  return (v.length > 2 && v.startsWith('^') && v.endsWith('$')) || REGEX_QUANTIFIER.test(v);
}

/** Longest tail of a name examined: what a name says is in its last words (`…_PASSWORD`, `…_TTL`). */
const NAME_TAIL = 256;

/** Splits `dbPassword`, `DB_PASSWORD`, `db-password`, `db.password` into lower-case words. */
function nameWords(name: string): string[] {
  return (
    name
      .slice(-NAME_TAIL)
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      // `HTTPServer` → `HTTP Server`; lookarounds, since `([A-Z]+)([A-Z][a-z])` is quadratic on `AAAA…`.
      .replace(/(?<=[A-Z])(?=[A-Z][a-z])/g, ' ')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean)
  );
}

/** True when a key or variable name says it holds a credential (`DB_PASSWORD`, `apiKey`; not `tls.key` or `TOKEN_TTL`). */
export function isCredentialName(name: string): boolean {
  const words = nameWords(name);
  const last = words[words.length - 1];
  if (last === undefined) return false;
  // `API_KEY`, `private-key`: `key` is a credential only after a qualifier.
  if (last === 'key') return words.length > 1 && KEY_QUALIFIERS.has(words[words.length - 2]!);
  if (DESCRIPTIVE_SUFFIXES.has(last)) return false;
  if (last === 'pass' || last === 'pwd') return true;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (CREDENTIAL_WORDS.has(w)) return true;
    if (w === 'key' && i > 0 && KEY_QUALIFIERS.has(words[i - 1]!)) return true;
  }
  return false;
}

/**
 * Whether a name/value pair holds a credential: a value that is itself recognisably one, or a
 * credential-looking name with a literal value. References (`$(VAR)`), templates, empty values,
 * placeholders and file paths are not credentials.
 */
export function detectCredential(name: string | undefined, value: string): CredentialMatch | undefined {
  if (value.trim() === '') return undefined;
  for (const p of VALUE_PATTERNS) {
    if (p.re ? p.re.test(value) : p.test!(value)) return { kind: p.kind, reason: `the value is ${p.what}` };
  }
  const inUrl = urlPassword(value) ?? KEYWORD_PASSWORD.exec(value)?.[1];
  if (inUrl !== undefined && !isPlaceholder(inUrl)) {
    return { kind: 'connection-string', reason: 'the value is a connection string with a password' };
  }
  if (name === undefined || !isCredentialName(name)) return undefined;
  const v = value.trim();
  if (isStandIn(v)) return undefined;
  // A path or URL names where the credential lives; it is not the credential.
  if (/^(?:\/|\.\/|~\/|[a-z][a-z0-9+.-]*:\/\/)/i.test(v)) return undefined;
  // Too short to be a real credential: a flag or a count.
  if (v.length < 4) return undefined;
  if (looksLikeRegex(v)) return undefined;
  return {
    kind: 'named-credential',
    reason: `the name ${name} says it holds a credential and the value is a literal`,
  };
}
