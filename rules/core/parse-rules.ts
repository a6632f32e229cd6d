// Rules whose findings the engine produces itself: problems met while reading and parsing files,
// failing rules, and ignore directives that name no rule. Their metadata documents them like any rule.
import { defineRule, type Rule, type RuleMeta } from '../../src/engine/rule.js';

function engineRule(
  meta: Omit<RuleMeta, 'presets' | 'references'> & Partial<Pick<RuleMeta, 'references'>>,
): Rule {
  return defineRule({
    meta: { references: [], presets: ['recommended'], ...meta },
    create: () => ({}),
  });
}

export const yamlSyntaxError = engineRule({
  id: 'yaml-syntax-error',
  title: 'YAML syntax error',
  severity: 'high',
  category: 'parse',
  fires:
    'A file does not parse as YAML: one finding per file, at the first error the parser reports (the message says how many followed it).',
  silent:
    'Documents that parse, even when they are not Kubernetes objects. Files that show no sign of being a manifest (no `apiVersion` or `kind` anywhere, no escape that could spell one), and documents of unrendered templates (`{{ }}`, `{% %}`) that do not parse, are skipped with a notice instead: kubectl would not apply them either.',
  rationale:
    'kubectl refuses a file that does not parse, and no other rule can check the broken document: its objects go unchecked until it is fixed.',
  remediation: 'Fix the syntax at the reported position (indentation, an unclosed quote or bracket, a tab).',
  references: [{ title: 'YAML 1.2 specification', url: 'https://yaml.org/spec/1.2.2/' }],
});

export const duplicateKey = engineRule({
  id: 'duplicate-key',
  title: 'Duplicate mapping key',
  severity: 'medium',
  category: 'parse',
  fires: 'A mapping holds the same key twice. The finding sits on the later key.',
  silent: 'Keys that differ only in case (they are different fields).',
  assumes:
    'The API server keeps the last value and silently drops the earlier one, so the rules here read the last one too.',
  rationale:
    'A second `securityContext:` or `env:` silently replaces the first: the hardening written above it is lost without any error from kubectl.',
  remediation: 'Merge the two entries into one and delete the duplicate.',
});

export const yamlTooComplex = engineRule({
  id: 'yaml-too-complex',
  title: 'Document too complex to analyse',
  severity: 'high',
  category: 'parse',
  fires:
    'A document nests deeper than the limit, its aliases expand to more nodes than the limit (a "billion laughs" alias bomb), or a file needing the full YAML composer (a tag, a duplicate key, a syntax error) holds more keys and aliases than it composes in bounded time.',
  rationale:
    'Such documents exhaust memory or time in tools that expand them; they were skipped, so nothing in them was checked, and the run fails closed.',
  remediation: 'Flatten the document or remove the recursive aliases.',
});

export const fileUnreadable = engineRule({
  id: 'file-unreadable',
  title: 'File cannot be read',
  severity: 'high',
  category: 'parse',
  fires:
    'A file matched by the include globs, or standard input (`-`), cannot be read (permissions, a broken link, an I/O error).',
  rationale:
    'An unreadable manifest is an unchecked manifest: the run fails closed (high, so the default `--fail-on high` fails) rather than passing a file nobody looked at.',
  remediation: 'Fix the permissions or exclude the file in `.kubeharden.yaml` (`exclude:`).',
});

export const fileNotText = engineRule({
  id: 'file-not-text',
  title: 'File cannot be decoded as kubectl decodes it',
  severity: 'high',
  category: 'parse',
  fires:
    'A file holds NUL characters after decoding (binary, UTF-16 without a byte-order mark) or is UTF-32. Files are decoded as kubectl decodes them: UTF-8 (invalid bytes become U+FFFD, as in kubectl), or UTF-16 BE/LE when they start with its byte-order mark.',
  silent: 'UTF-8 files (with or without a byte-order mark), UTF-16 files with a byte-order mark.',
  rationale:
    'Such a file was not checked; kubectl refuses it too, but failing closed keeps a file nobody looked at from passing the gate.',
  remediation: 'Re-encode the file as UTF-8, or exclude it in `.kubeharden.yaml`.',
});

export const fileTooLarge = engineRule({
  id: 'file-too-large',
  title: 'File over the size limit',
  severity: 'high',
  category: 'parse',
  fires: 'A file is larger than `maxFileBytes` (default 5 MiB).',
  rationale:
    'The file was not parsed, so nothing in it was checked while kubectl would still apply it: the run fails closed.',
  remediation: 'Raise `maxFileBytes` in `.kubeharden.yaml` to lint the file, or exclude it.',
});

export const ruleError = engineRule({
  id: 'rule-error',
  title: 'A rule failed on an object',
  severity: 'high',
  category: 'parse',
  fires:
    'A rule threw while checking an object (for example `containers` that is not a list). The run went on for every other object and rule.',
  rationale: 'A failure must be visible: the object it names was not fully checked by that rule.',
  remediation:
    'Check that the object is valid for its kind (`kubectl apply --dry-run=server`); if it is, report the finding to kubeharden with the manifest.',
});

export const invalidIgnore = engineRule({
  id: 'invalid-ignore',
  title: 'Ignore directive names an unknown rule',
  severity: 'low',
  category: 'parse',
  fires:
    'A `# kubeharden-ignore` comment or a `kubeharden.io/ignore` annotation names a rule id that does not exist, or names none.',
  rationale: 'A misspelt ignore suppresses nothing, and whoever wrote it believes it does.',
  remediation: 'Use an id listed by `kubeharden rules`, or `all`.',
});

export const coreRules: readonly Rule[] = [
  yamlSyntaxError,
  duplicateKey,
  yamlTooComplex,
  fileUnreadable,
  fileNotText,
  fileTooLarge,
  ruleError,
  invalidIgnore,
];
