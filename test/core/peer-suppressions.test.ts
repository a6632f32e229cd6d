import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { ConfigError, parseConfig } from '../../src/engine/index.js';
import { kicsDirectives } from '../../src/engine/peer-suppressions.js';
import { lintFiles } from '../../src/lint.js';
import { loadText } from '../../src/load/index.js';
import { toSarif } from '../../src/report/sarif.js';
import { ROOT } from './helpers.js';

const DIR = join(ROOT, 'fixtures', 'peers', 'suppressions');
const MANIFESTS = readFileSync(join(DIR, 'workloads.yaml'), 'utf8');
const CONFIG = readFileSync(join(DIR, '.kubeharden.yaml'), 'utf8');

function run(configText: string) {
  const config = parseConfig(configText, '.kubeharden.yaml', DIR, builtinRules);
  return lintFiles([loadText('workloads.yaml', MANIFESTS)], config).findings;
}

const rows = (configText: string) =>
  run(configText).map(
    (f) =>
      `${f.location.startLine} ${f.ruleId} ${f.object?.name}${f.suppression ? ` suppressed by ${f.suppression.justification}` : ''}`,
  );

describe('suppressions.honor: the peers’ own in-manifest ignores', () => {
  it('suppress exactly the findings of the rules mapped to the ignored checks, on that object or line', () => {
    expect(rows(CONFIG)).toEqual([
      // kube-linter names privileged-container only: the escalation finding stays.
      '20 privilege-escalation-allowed node-agent',
      '20 privileged-container node-agent suppressed by ignore-check.kube-linter.io/privileged-container: reads kernel counters',
      // Polaris hostNetworkSet-exempt covers host-network, not the privileged container.
      '37 host-network edge-proxy suppressed by polaris.fairwinds.com/hostNetworkSet-exempt: true',
      '42 privilege-escalation-allowed edge-proxy',
      '42 privileged-container edge-proxy',
      // Polaris exempt covers every rule with a Polaris equivalent.
      '63 privilege-escalation-allowed legacy-batch suppressed by polaris.fairwinds.com/exempt: true',
      '63 privileged-container legacy-batch suppressed by polaris.fairwinds.com/exempt: true',
      // Checkov skips CKV_K8S_16 (privileged) only.
      '85 privilege-escalation-allowed csi-driver',
      '85 privileged-container csi-driver suppressed by checkov.io/skip1: CKV_K8S_16=mounts block devices',
      // kics ignore-line covers the next line only.
      '99 privileged-container debug suppressed by # kics-scan ignore-line',
      '100 privilege-escalation-allowed debug',
      // kics ignore-block covers the securityContext block of the first container, not the second.
      '113 privileged-container builder suppressed by # kics-scan ignore-block',
      '114 privilege-escalation-allowed builder suppressed by # kics-scan ignore-block',
      '120 privilege-escalation-allowed builder',
      '120 privileged-container builder',
    ]);
  });

  it('suppress nothing unless the peer is listed', () => {
    const none = CONFIG.replace(/suppressions:[\s\S]*$/, '');
    expect(run(none).filter((f) => f.suppression)).toEqual([]);
    const onlyKics = CONFIG.replace('[kube-linter, polaris, checkov, kics]', '[kics]');
    expect(
      run(onlyKics)
        .filter((f) => f.suppression)
        .map((f) => `${f.location.startLine} ${f.ruleId}`),
    ).toEqual(['99 privileged-container', '113 privileged-container', '114 privilege-escalation-allowed']);
  });

  it('show as suppressed in SARIF with the original annotation or comment as justification', () => {
    const log = toSarif({ findings: run(CONFIG), rules: builtinRules, toolVersion: '0.0.0' });
    const results = log.runs[0]!.results!;
    const checkov = results.find(
      (r) =>
        r.locations?.[0]?.physicalLocation?.region?.startLine === 85 && r.ruleId === 'privileged-container',
    );
    expect(checkov?.suppressions).toEqual([
      {
        kind: 'inSource',
        status: 'accepted',
        justification: 'checkov.io/skip1: CKV_K8S_16=mounts block devices',
      },
    ]);
    const open = results.find((r) => r.locations?.[0]?.physicalLocation?.region?.startLine === 120);
    expect(open?.suppressions).toBeUndefined();
  });

  it('rejects a linter whose ignores kubeharden cannot read, naming the key', () => {
    expect(() =>
      parseConfig('suppressions:\n  honor: [trivy]\n', '.kubeharden.yaml', '.', builtinRules),
    ).toThrow(ConfigError);
  });
});

describe('KICS comment directives', () => {
  it('read ignore-line, ignore-block and the file-level ignore and disable= forms', () => {
    const file = loadText(
      'k.yaml',
      '# kics-scan disable=dd29336b-fe57-445b-a26e-e6aa867ae609,a\n# kics-scan ignore\napiVersion: v1\nkind: Pod\nspec:\n  # kics-scan ignore-block\n  containers:\n    - name: a\n\n    - name: b\n  # kics-scan ignore-line\n  hostNetwork: true\n  # kics-scan ignore\n',
    );
    expect(kicsDirectives(file)).toEqual([
      {
        comment: '# kics-scan disable=dd29336b-fe57-445b-a26e-e6aa867ae609,a',
        fromLine: 1,
        toLine: 14,
        queries: ['dd29336b-fe57-445b-a26e-e6aa867ae609', 'a'],
      },
      { comment: '# kics-scan ignore', fromLine: 2, toLine: 14 },
      { comment: '# kics-scan ignore-block', fromLine: 7, toLine: 10 },
      { comment: '# kics-scan ignore-line', fromLine: 12, toLine: 12 },
    ]);
  });
});
