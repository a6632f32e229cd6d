// Helpers for the cluster rule tests: lint a fixture repository (every YAML file under a folder of
// fixtures/) with chosen rules, and summarise findings compactly for assertions.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { clusterRules } from '../../../rules/cluster/index.js';
import type { Finding } from '../../../src/engine/index.js';
import { defaultConfig } from '../../../src/engine/index.js';
import { lintFiles } from '../../../src/lint.js';
import { loadText } from '../../../src/load/index.js';
import { FIXTURES } from '../../rule-tester.js';

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? walk(p) : /\.ya?ml$/.test(name) ? [p] : [];
    });
}

/** Lints every YAML file under `fixtures/<folder>` with the given cluster rule ids enabled. */
export function lintFixtureRepo(folder: string, ruleIds: readonly string[]): Finding[] {
  const root = join(FIXTURES, folder);
  const files = walk(root).map((p) =>
    loadText(`fixtures/${relative(FIXTURES, p).split('\\').join('/')}`, readFileSync(p, 'utf8')),
  );
  const config = {
    ...defaultConfig(process.cwd()),
    extends: [],
    rules: Object.fromEntries(ruleIds.map((id) => [id, { options: {} }])),
  };
  return lintFiles(files, config, config.kubernetesVersion, clusterRules).findings;
}

/** `rule file:line:col-endLine:endCol` for each finding. */
export function summary(findings: readonly Finding[]): string[] {
  return findings.map((f) => {
    const l = f.location;
    return `${f.ruleId} ${f.severity} ${l.file.replace(/^fixtures\/cluster\/repo\//, '')}:${l.startLine}:${l.startColumn}-${l.endLine}:${l.endColumn}`;
  });
}
