// Rule documentation, generated from rule metadata only: docs/rules/<id>.md, `kubeharden explain`,
// and the SARIF `help` of each rule all come from here, so nothing is written twice.
import type { Rule } from '../engine/index.js';

export const REPOSITORY_URL = 'https://github.com/kubeharden/kubeharden';

export function ruleHelpUri(ruleId: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${ruleId}.md`;
}

export function ruleMarkdown(rule: Rule): string {
  const m = rule.meta;
  const lines = [
    `# ${m.id}`,
    '',
    `**${m.title}** — default severity \`${m.severity}\`, category \`${m.category}\`, presets: ${presetsText(rule)}.`,
    '',
    '## What makes it fire',
    '',
    m.fires,
    '',
  ];
  if (m.silent) lines.push('## What does not', '', m.silent, '');
  if (m.assumes) lines.push('## Default assumed', '', m.assumes, '');
  lines.push('## Why it matters', '', m.rationale, '', '## How to fix it', '', m.remediation, '');
  if (m.fixable) lines.push('## Automatic fix', '', `\`kubeharden lint --fix\`: ${m.fixable}`, '');
  if (m.optionsSchema) {
    lines.push(
      '## Options',
      '',
      '```json',
      JSON.stringify(m.optionsSchema, null, 2),
      '```',
      '',
      `Defaults: \`${JSON.stringify(m.defaultOptions ?? {})}\``,
      '',
    );
  }
  const peers = Object.entries(m.peers ?? {}).filter(([, ids]) => ids && ids.length > 0);
  if (peers.length) {
    lines.push('## Equivalent checks in other linters', '', '| linter | check ids |', '|---|---|');
    for (const [peer, ids] of peers) lines.push(`| ${peer} | ${ids!.map((id) => `\`${id}\``).join(', ')} |`);
    lines.push('');
  }
  if (m.references.length) {
    lines.push('## References', '');
    for (const r of m.references) lines.push(r.url ? `- [${r.title}](${r.url})` : `- ${r.title}`);
    lines.push('');
  }
  lines.push(
    '## Suppressing',
    '',
    `Per object: annotation \`kubeharden.io/ignore: "${m.id}"\` (with \`kubeharden.io/ignore-reason\`). Per line: \`# kubeharden-ignore ${m.id} -- reason\` on the line before. In \`.kubeharden.yaml\`: \`rules: { ${m.id}: off }\`.`,
    '',
  );
  return lines.join('\n');
}

export function ruleText(rule: Rule): string {
  const m = rule.meta;
  const parts = [
    `${m.id}: ${m.title} (${m.severity}, ${m.category}; presets: ${presetsText(rule)})`,
    '',
    `Fires: ${m.fires}`,
  ];
  if (m.silent) parts.push(`Does not fire: ${m.silent}`);
  if (m.assumes) parts.push(`Assumes: ${m.assumes}`);
  parts.push(`Why: ${m.rationale}`, `Fix: ${m.remediation}`);
  if (m.fixable) parts.push(`--fix: ${m.fixable}`);
  if (m.references.length) parts.push(`References: ${m.references.map((r) => r.title).join('; ')}`);
  parts.push(`Docs: ${ruleHelpUri(m.id)}`);
  return parts.join('\n');
}

function presetsText(rule: Rule): string {
  const p = rule.meta.category === 'parse' ? ['always on'] : [...rule.meta.presets, 'all'];
  return p.map((x) => `\`${x}\``).join(', ');
}

export function rulesIndexMarkdown(rules: readonly Rule[]): string {
  const lines = [
    '# Rules',
    '',
    'Generated from rule metadata by `npm run docs`. Do not edit by hand.',
    '',
    'A finding in a Helm chart or a Kustomize overlay is fixed on the repository line that set the value (a values-file, patch or base line) or, for an overlay, under the field the base or patch file writes, when the source map allows it; otherwise its fix is a suggestion only. See [Fixes of rendered findings](../../README.md#fixing).',
    '',
    '| id | title | severity | category | presets | --fix |',
    '|---|---|---|---|---|---|',
  ];
  for (const r of [...rules].sort((a, b) => a.meta.id.localeCompare(b.meta.id))) {
    lines.push(
      `| [${r.meta.id}](${r.meta.id}.md) | ${r.meta.title} | ${r.meta.severity} | ${r.meta.category} | ${r.meta.category === 'parse' ? 'always' : r.meta.presets.join(', ')} | ${r.meta.fixable ? 'yes' : ''} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
