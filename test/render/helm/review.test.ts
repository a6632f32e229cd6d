// The PR review comment of a finding on a rendered chart lands on whichever line the pull request
// changed: the template line, else the values line that fed the node.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planComment, planValuesComment } from '../../../src/action/comments.js';
import { parsePatch } from '../../../src/action/diff.js';
import { lint } from '../../../src/lint.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

describe('review comments for rendered charts', () => {
  it('a pull request that changed only values.yaml line 13 gets the comment there', async () => {
    const r = await lint({ paths: ['examples/helm-chart'], cwd: ROOT });
    const f = r.findings.find((x) => x.ruleId === 'privileged-container')!;
    const valuesDiff = parsePatch('@@ -13,1 +13,1 @@\n-  privileged: false\n+  privileged: true');
    const diffs = new Map([['examples/helm-chart/web/values.yaml', valuesDiff]]);
    expect(diffs.get(f.location.file)).toBeUndefined();
    const plan = planValuesComment([f], (p) => diffs.get(p));
    expect(plan && `${plan.path}:${plan.line}`).toBe('examples/helm-chart/web/values.yaml:13');
  });

  it('a pull request that changed the template line gets the comment on the template', async () => {
    const r = await lint({ paths: ['examples/helm-chart'], cwd: ROOT });
    const f = r.findings.find((x) => x.ruleId === 'privileged-container')!;
    const diff = parsePatch(
      '@@ -30,1 +30,1 @@\n-            privileged: false\n+            privileged: {{ .Values.securityContext.privileged }}',
    );
    const plan = planComment([f], diff, undefined);
    expect(plan && `${plan.path}:${plan.line}`).toBe('examples/helm-chart/web/templates/deployment.yaml:30');
  });
});
