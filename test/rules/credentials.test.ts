import { describe, expect, it } from 'vitest';
import { detectCredential, isCredentialName, isPlaceholder } from '../../rules/shared/credentials.js';

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
