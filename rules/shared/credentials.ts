// Recognises credentials written into manifests: by the name they are stored under (an env var,
// a ConfigMap key, a flag) when the value is a literal, or by the shape of the value itself.
// Shared by every rule that looks for secrets in plain text; pure and cheap (a few regexes).

export interface CredentialMatch {
  /** What was recognised, e.g. `aws-access-key`, `pem-private-key`, `named-credential`. */
  readonly kind: string;
  /** Why, in words fit for a finding's message. */
  readonly reason: string;
}

interface ValuePattern {
  readonly kind: string;
  readonly what: string;
  readonly re: RegExp;
}

// Shapes that are credentials wherever they appear. Each is anchored on a fixed prefix or
// structure, so ordinary configuration values do not match.
const VALUE_PATTERNS: readonly ValuePattern[] = [
  {
    kind: 'pem-private-key',
    what: 'a PEM private key',
    re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/,
  },
  { kind: 'aws-access-key', what: 'an AWS access key id', re: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/ },
  { kind: 'gcp-api-key', what: 'a Google Cloud API key', re: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  {
    kind: 'gcp-service-account-key',
    what: 'a Google Cloud service account key',
    re: /"type"\s*:\s*"service_account"[\s\S]*"private_key"|"private_key"[\s\S]*"type"\s*:\s*"service_account"/,
  },
  {
    kind: 'azure-storage-key',
    what: 'an Azure storage or Service Bus key',
    re: /\b(?:AccountKey|SharedAccessKey)=[A-Za-z0-9+/]{20,}={0,2}/,
  },
  {
    kind: 'jwt',
    what: 'a JSON Web Token',
    re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/,
  },
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

// `scheme://user:password@host`; the password is checked separately (a `$(VAR)` there is fine).
const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:([^\s@/]+)@[^\s]/i;
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

// Values that stand in for a credential rather than being one.
const PLACEHOLDER =
  /^(?:<[^>]*>|x{3,}|\*{3,}|\.{3,}|-+|_+|\?+|change[-_ ]?me|replace[-_ ]?me|your[-_ ].*|placeholder|dummy|example|sample|todo|tbd|fixme|redacted|secret|password|none|null|nil|undefined|empty|true|false|yes|no|on|off)$/i;
// Templating and env references: the value is filled in elsewhere.
const TEMPLATED = /\{\{|\$\{|%\{/;
// A Kubernetes dependent-variable reference `$(VAR)` (`$$(VAR)` is an escaped literal).
const K8S_REFERENCE = /(?:^|[^$])\$\([A-Za-z_][A-Za-z0-9_.-]*\)/;

/** True when the value is filled in from elsewhere or merely stands in for a secret. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  return v === '' || PLACEHOLDER.test(v) || TEMPLATED.test(v) || K8S_REFERENCE.test(v);
}

/** Splits `dbPassword`, `DB_PASSWORD`, `db-password`, `db.password` into lower-case words. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
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
    if (p.re.test(value)) return { kind: p.kind, reason: `the value is ${p.what}` };
  }
  const inUrl = URL_CREDENTIALS.exec(value)?.[1] ?? KEYWORD_PASSWORD.exec(value)?.[1];
  if (inUrl !== undefined && !isPlaceholder(inUrl)) {
    return { kind: 'connection-string', reason: 'the value is a connection string with a password' };
  }
  if (name === undefined || !isCredentialName(name)) return undefined;
  const v = value.trim();
  if (isPlaceholder(v)) return undefined;
  // A path or URL names where the credential lives; it is not the credential.
  if (/^(?:\/|\.\/|~\/|[a-z][a-z0-9+.-]*:\/\/)/i.test(v)) return undefined;
  // Too short to be a real credential: a flag or a count.
  if (v.length < 4) return undefined;
  return {
    kind: 'named-credential',
    reason: `the name ${name} says it holds a credential and the value is a literal`,
  };
}
