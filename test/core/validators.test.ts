// The config and rule-options validators are compiled at build time (scripts/validators.mjs); the
// committed module must be what the current schemas compile to.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { GENERATED_PATH, validatorsSource } from '../../scripts/validators.mjs';
import { CONFIG_SCHEMA } from '../../src/engine/index.js';
import * as validators from '../../src/engine/validators.generated.js';

const root = join(import.meta.dirname, '../..');

describe('build-time validators', () => {
  it('are current with CONFIG_SCHEMA and the rules (run `npm run build` if not)', () => {
    expect(readFileSync(join(root, GENERATED_PATH), 'utf8')).toBe(
      validatorsSource(CONFIG_SCHEMA, builtinRules),
    );
  });

  it('cover every built-in rule that takes options, and only those', () => {
    expect(Object.keys(validators.ruleOptions).sort()).toEqual(
      builtinRules
        .filter((r) => r.meta.optionsSchema)
        .map((r) => r.meta.id)
        .sort(),
    );
  });

  it('validate as the schemas say', () => {
    expect(validators.config({ extends: ['recommended'], rules: { 'run-as-root': 'high' } })).toBe(true);
    expect(validators.config({ failOn: 'sometimes' })).toBe(false);
    expect(validators.config.errors?.[0]).toMatchObject({ instancePath: '/failOn', keyword: 'enum' });
    expect(validators.config({ include: [''] })).toBe(false);
    expect(validators.config.errors?.[0]).toMatchObject({ instancePath: '/include/0', keyword: 'minLength' });
    expect(validators.noOptions({})).toBe(true);
    expect(validators.noOptions({ any: 1 })).toBe(false);
    const registry = validators.ruleOptions['untrusted-image-registry']!;
    expect(registry({ allowedRegistries: ['registry.example.com'] })).toBe(true);
    expect(registry({ allowedRegistries: 'registry.example.com' })).toBe(false);
  });
});
