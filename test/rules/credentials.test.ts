import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  detectCredential,
  hasJwt,
  isCredentialName,
  isPlaceholder,
  urlPassword,
} from '../../rules/shared/credentials.js';

// Test values are assembled from parts so that secret scanners do not flag this file.
const awsKey = `AKIA${'IOSFODNN7EXAMPLE'}`;
const pem = `-----BEGIN RSA ${'PRIVATE KEY'}-----\nMIIEow...\n-----END RSA PRIVATE KEY-----`;
const jwt = `eyJhbGciOiJIUzI1NiJ9.${'eyJzdWIiOiIxMjM0NTY3ODkwIn0'}.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U`;
const ghToken = `ghp_${'a'.repeat(36)}`;
const slackToken = `xoxb-${'123456789012-abcdefABCDEF'}`;
const gcpKey = `AIza${'SyA1234567890abcdefghijklmnopqrstuv'}`;

describe('detectCredential', () => {
  it('recognises credential names with literal values', () => {
    expect(detectCredential('DB_PASSWORD', 'hunter22')?.kind).toBe('named-credential');
    expect(detectCredential('apiKey', 'k3y-v4lue')?.kind).toBe('named-credential');
    expect(detectCredential('AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG')?.kind).toBe('named-credential');
    expect(detectCredential('github-token', 'abcd1234')?.kind).toBe('named-credential');
    expect(detectCredential('PRIVATE_KEY', 'abcdef')?.kind).toBe('named-credential');
    expect(detectCredential('REDIS_PASS', 's3cr3t!')?.kind).toBe('named-credential');
    expect(detectCredential('DB_PASSWORD', 'hunter22')?.reason).toContain('DB_PASSWORD');
  });

  it('recognises credential values whatever the name', () => {
    expect(detectCredential('X', awsKey)?.kind).toBe('aws-access-key');
    expect(detectCredential(undefined, pem)?.kind).toBe('pem-private-key');
    expect(detectCredential('BEARER', jwt)?.kind).toBe('jwt');
    expect(detectCredential('GH', ghToken)?.kind).toBe('github-token');
    expect(detectCredential('SLACK', slackToken)?.kind).toBe('slack-token');
    expect(detectCredential('MAPS', gcpKey)?.kind).toBe('gcp-api-key');
    expect(detectCredential('SA', '{"type": "service_account", "private_key": "-----BEGIN"}')?.kind).toBe(
      'gcp-service-account-key',
    );
    expect(
      detectCredential(
        'AZ',
        `DefaultEndpointsProtocol=https;AccountName=a;AccountKey=${'abcdEFGH1234abcdEFGH1234'}==;`,
      )?.kind,
    ).toBe('azure-storage-key');
    expect(detectCredential('DATABASE_URL', 'postgres://app:s3cret@db:5432/app')?.kind).toBe(
      'connection-string',
    );
    expect(detectCredential('DSN', 'Server=db;User Id=sa;Password=Pa55word;')?.kind).toBe(
      'connection-string',
    );
  });

  it('does not treat references, templates, empty values or placeholders as credentials', () => {
    expect(detectCredential('DB_PASSWORD', '$(DB_PASSWORD_FROM_SECRET)')).toBeUndefined();
    expect(detectCredential('DATABASE_URL', 'postgres://app:$(DB_PASSWORD)@db:5432/app')).toBeUndefined();
    expect(detectCredential('DB_PASSWORD', '')).toBeUndefined();
    expect(detectCredential('DB_PASSWORD', '   ')).toBeUndefined();
    expect(detectCredential('DB_PASSWORD', '<your password>')).toBeUndefined();
    expect(detectCredential('DB_PASSWORD', 'changeme')).toBeUndefined();
    expect(detectCredential('DB_PASSWORD', 'REPLACE_ME')).toBeUndefined();
    expect(detectCredential('DB_PASSWORD', '********')).toBeUndefined();
    expect(detectCredential('DB_PASSWORD', '{{ .Values.password }}')).toBeUndefined();
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an envsubst placeholder, on purpose
    expect(detectCredential('DB_PASSWORD', '${DB_PASSWORD}')).toBeUndefined();
    expect(detectCredential('API_TOKEN', 'true')).toBeUndefined();
  });

  it('sample-manifest placeholders are not credentials (issue 11: GOOGLE_API_KEY_VAL)', () => {
    for (const v of [
      'GOOGLE_API_KEY_VAL',
      'DB_PASSWORD_VALUE',
      'INSERT_YOUR_KEY_HERE',
      'insert-token',
      'CHANGE_ME',
      'CHANGE_ME_PLEASE',
      'changeit',
      'REPLACE_WITH_YOUR_TOKEN',
      'replaceme',
      '<api key>',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an envsubst placeholder, on purpose
      '${API_KEY}',
      'xxxx',
      'XXXX-XXXX-XXXX',
      'xxxxxxxxxxxxxxxxxxxxxxxx',
    ]) {
      expect(isPlaceholder(v), v).toBe(true);
      expect(detectCredential('GOOGLE_API_KEY', v), v).toBeUndefined();
    }
    // Real-looking values stay credentials: the shapes are anchored, not substrings.
    for (const v of ['x9Kq_VAL2', 'my_val', 'Xx1xX', 'sk-prod-replace', 'abcINSERT_x']) {
      expect(detectCredential('GOOGLE_API_KEY', v)?.kind, v).toBe('named-credential');
    }
  });

  it('does not treat descriptive names or ordinary values as credentials', () => {
    expect(detectCredential('TOKEN_TTL', '3600')).toBeUndefined();
    expect(detectCredential('PASSWORD_FILE', '/run/secrets/db')).toBeUndefined();
    expect(detectCredential('DB_PASSWORD', '/run/secrets/db')).toBeUndefined();
    expect(detectCredential('SECRET_NAME', 'db-credentials')).toBeUndefined();
    expect(detectCredential('CACHE_KEY', 'users-v2')).toBeUndefined();
    expect(detectCredential('tls.key', 'server')).toBeUndefined();
    expect(detectCredential('LOG_LEVEL', 'debug')).toBeUndefined();
    expect(detectCredential('DATABASE_URL', 'postgres://db:5432/app')).toBeUndefined();
    expect(detectCredential(undefined, 'hunter22')).toBeUndefined();
    expect(detectCredential('PASSWORD', 'abc')).toBeUndefined();
  });

  // Precision evaluation cause 5 (/tmp/pem/repro/c5) and defect #87.
  it('placeholder PEM bodies, password policies and timestamps are not credentials', () => {
    const armour = (body: string) =>
      `-----BEGIN RSA ${'PRIVATE KEY'}-----\n${body}\n-----END RSA PRIVATE KEY-----\n`;
    expect(detectCredential('key', armour('...'))).toBeUndefined();
    expect(detectCredential('key', armour('…'))).toBeUndefined();
    expect(detectCredential('key', armour('...\n...'))).toBeUndefined();
    expect(detectCredential('key', armour('<your private key>'))).toBeUndefined();
    expect(detectCredential('key', armour(''))).toBeUndefined();
    // A real body, a second real block after a placeholder one, or no END line: still a key.
    expect(detectCredential('key', armour('MIIEowIBAAKCAQEA'))?.kind).toBe('pem-private-key');
    expect(detectCredential('key', armour('...') + armour('MIIEowIBAAKCAQEA'))?.kind).toBe('pem-private-key');
    expect(detectCredential('key', `-----BEGIN ${'PRIVATE KEY'}-----\n...`)?.kind).toBe('pem-private-key');

    expect(detectCredential('passwordPattern', '^.{8,32}$')).toBeUndefined();
    expect(detectCredential('PASSWORD_REGEX', '[a-z]{3}')).toBeUndefined();
    expect(detectCredential('passwordPolicy', 'length(12)')).toBeUndefined();
    expect(detectCredential('password', '^.{8,32}$')).toBeUndefined();
    expect(detectCredential('secret', '^[A-Za-z0-9]+$')).toBeUndefined();
    expect(detectCredential('token', '\\d{6}')).toBeUndefined();
    expect(detectCredential('admin.passwordMtime', '2021-03-04T10:11:12Z')).toBeUndefined();
    expect(isCredentialName('admin.passwordMtime')).toBe(false);
    expect(isCredentialName('passwordPattern')).toBe(false);
    // Passwords with `^`, `$` or `.` that are not regular expressions stay credentials.
    expect(detectCredential('password', '^hunter22')?.kind).toBe('named-credential');
    expect(detectCredential('password', 'hunter$22$')?.kind).toBe('named-credential');
    expect(detectCredential('password', 'p4ss.w0rd')?.kind).toBe('named-credential');
  });

  it('an escaped $$(VAR) is a literal, not a reference', () => {
    expect(isPlaceholder('$(VAR)')).toBe(true);
    expect(isPlaceholder('$$(VAR)')).toBe(false);
  });
});

describe('isCredentialName', () => {
  it('splits camelCase, snake, kebab and dotted names', () => {
    expect(isCredentialName('dbPassword')).toBe(true);
    expect(isCredentialName('DB_PASSWD')).toBe(true);
    expect(isCredentialName('client-secret')).toBe(true);
    expect(isCredentialName('oauth.clientSecret')).toBe(true);
    expect(isCredentialName('APIKEY')).toBe(true);
    expect(isCredentialName('PASSWORD_MIN_LENGTH')).toBe(false);
    expect(isCredentialName('KEY')).toBe(false);
    expect(isCredentialName('')).toBe(false);
  });
});

// The detectors as regular expressions, before they were made linear: the reference for what the
// hand-written matchers must find.
const JWT_RE = /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/;
const URL_RE = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:([^\s@/]+)@[^\s]/i;

describe('linear detectors', () => {
  it('hasJwt finds exactly what the regular expression finds', () => {
    const parts = ['eyJ', 'eyJhbGciOi', '.', '-', '_', 'a', 'Z9', 'x'.repeat(16), ' ', '"', 'é'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...parts), { maxLength: 24 }), (chunks) => {
        const v = chunks.join('');
        expect(hasJwt(v), JSON.stringify(v)).toBe(JWT_RE.test(v));
      }),
      { numRuns: 4000, seed: 11 },
    );
    expect(hasJwt(jwt)).toBe(true);
    expect(hasJwt(`-${jwt}`)).toBe(true);
    expect(hasJwt(`a${jwt}`)).toBe(false);
  });

  it('urlPassword finds exactly what the regular expression finds', () => {
    const parts = ['a', 'B', '1', '+', '.', '-', '_', '://', ':', '@', '/', ' ', 'p4ss', 'x'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...parts), { maxLength: 20 }), (chunks) => {
        const v = chunks.join('');
        expect(urlPassword(v), JSON.stringify(v)).toBe(URL_RE.exec(v)?.[1]);
      }),
      { numRuns: 4000, seed: 12 },
    );
  });

  // Inputs that took seconds to minutes when the detectors backtracked (issue 11: a 200 KB
  // `a-a-a…` value took 30 s, `-eyJ` repeated 7 s). At these sizes a quadratic matcher would run
  // for hours, far past the test timeout; a linear one answers at once, and correctly.
  it('answers on 1 MB hostile values, and still finds a credential at their end', () => {
    const hostile = [
      'a-'.repeat(500_000),
      '-eyJ'.repeat(250_000),
      'a://'.repeat(250_000),
      '"type": "service_account" '.repeat(40_000),
      `-----BEGIN ${'A '.repeat(500_000)}`,
      'ghp_'.repeat(250_000),
      `-----BEGIN ${'PRIVATE KEY'}-----...-----END`.repeat(25_000),
      '.{1'.repeat(250_000),
    ];
    for (const v of hostile) {
      expect(detectCredential(undefined, v), v.slice(0, 20)).toBeUndefined();
      expect(detectCredential(undefined, `${v} ${jwt}`)?.kind, v.slice(0, 20)).toBe('jwt');
      expect(detectCredential(undefined, `${v} postgres://u:s3cret@db/x`)?.kind, v.slice(0, 20)).toBe(
        'connection-string',
      );
    }
    expect(detectCredential('PASSWORD', `${'.{1'.repeat(250_000)}`)?.kind).toBe('named-credential');
    expect(detectCredential('PASSWORD', `${'.{1'.repeat(250_000)}}`)).toBeUndefined();
    expect(detectCredential('PASSWORD', `${'\\d'.repeat(250_000)}x`)?.kind).toBe('named-credential');
    const longName = `${'A'.repeat(500_000)}_PASSWORD`;
    expect(isCredentialName(longName)).toBe(true);
    expect(isCredentialName(`${'Ab'.repeat(500_000)}_TTL`)).toBe(false);
  });
});
