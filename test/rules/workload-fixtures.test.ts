// The workload rules together on fixtures: a hardened workload none of them reports, an insecure
// one each recommended rule reports, and the tricky cases of issue 4 across rules.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workloadRules } from '../../rules/workload/index.js';
import privilegeEscalationAllowed from '../../rules/workload/privilege-escalation-allowed.js';
import runAsRoot from '../../rules/workload/run-as-root.js';
import { FIXTURES, lintCase, ruleTester } from '../rule-tester.js';

const recommended = workloadRules.filter((r) => r.meta.presets.includes('recommended'));
// Pod Security exempts Windows pods from these (Linux-only) controls.
const LINUX_ONLY = [
  'privilege-escalation-allowed',
  'dangerous-capabilities',
  'capabilities-not-dropped',
  'seccomp-unconfined',
  'seccomp-profile-missing',
  'selinux-custom-options',
  'proc-mount-unmasked',
  'unsafe-sysctls',
];

describe('workload fixtures', () => {
  for (const rule of recommended) {
    it(`${rule.meta.id} is silent on the hardened workload`, () => {
      const findings = lintCase(rule, { fixture: 'workload/hardened.yaml' });
      expect(findings.filter((f) => f.ruleId === rule.meta.id || f.ruleId === 'rule-error')).toEqual([]);
    });
  }

  // Rules about shapes this fixture does not have (each fires in its own case table): a
  // ServiceAccount object, a projected token volume, an init container weaker than hardened apps.
  const NEEDS_OTHER_SHAPES = new Set([
    'default-service-account-automount',
    'projected-token-long-expiry',
    'init-container-security-gap',
  ]);
  for (const rule of recommended.filter((r) => !NEEDS_OTHER_SHAPES.has(r.meta.id))) {
    it(`${rule.meta.id} fires on the insecure workload`, () => {
      const findings = lintCase(rule, { fixture: 'workload/insecure.yaml' });
      expect(findings.filter((f) => f.ruleId === 'rule-error')).toEqual([]);
      expect(findings.filter((f) => f.ruleId === rule.meta.id).length).toBeGreaterThan(0);
    });
  }

  for (const id of LINUX_ONLY) {
    const rule = workloadRules.find((r) => r.meta.id === id)!;
    it(`${id} exempts Windows pods`, () => {
      const findings = lintCase(rule, { fixture: 'workload/windows-exempt.yaml' });
      expect(findings.filter((f) => f.ruleId === id || f.ruleId === 'rule-error')).toEqual([]);
      // The same manifest without `os.name: windows` is reported.
      const linux = lintCase(rule, {
        code: lintFixtureText('workload/windows-exempt.yaml').replace(
          '    name: windows\n',
          '    name: linux\n',
        ),
      });
      expect(linux.filter((f) => f.ruleId === id).length).toBeGreaterThan(0);
    });
  }

  it('rule ids are unique and every rule has docs, references and a preset decision', () => {
    const ids = workloadRules.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of workloadRules) {
      expect(r.meta.fires.length, r.meta.id).toBeGreaterThan(20);
      expect(r.meta.references.length, r.meta.id).toBeGreaterThan(0);
      if (r.meta.presets.includes('pss-baseline'))
        expect(r.meta.presets, r.meta.id).toContain('pss-restricted');
      // Rules that need options to say anything are not in `recommended` (image-tag-latest's
      // `pins` only feeds its --fix: the rule reports everything without it).
      if (r.meta.optionsSchema && r.meta.id !== 'image-tag-latest')
        expect(r.meta.presets, r.meta.id).not.toContain('recommended');
    }
  });
});

function lintFixtureText(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}

// A CronJob on a removed API version (batch/v1beta1): its nested pod template is still linted.
ruleTester(runAsRoot, {
  valid: [{ name: 'the hardened workload', fixture: 'workload/hardened.yaml' }],
  invalid: [
    {
      name: 'batch/v1beta1 CronJob, runAsUser 0 in the nested template',
      fixture: 'workload/cronjob-v1beta1.yaml',
      errors: [
        {
          line: 19,
          column: 17,
          endLine: 19,
          endColumn: 29,
          severity: 'critical',
          path: 'spec.jobTemplate.spec.template.spec.containers[0].securityContext.runAsUser',
        },
      ],
    },
  ],
});

// YAML anchors and merge keys: an aliased securityContext is the same node, so findings for
// every container that shares it point at the anchored text; a merge that overrides a key is safe.
ruleTester(privilegeEscalationAllowed, {
  valid: [{ name: 'the hardened workload', fixture: 'workload/hardened.yaml' }],
  invalid: [
    {
      name: 'anchored securityContext shared by two containers; the third overrides it',
      fixture: 'workload/anchors.yaml',
      errors: [
        {
          line: 12,
          column: 9,
          endLine: 12,
          endColumn: 39,
          message: 'container "a"',
          path: 'spec.containers[0].securityContext.allowPrivilegeEscalation',
        },
        {
          line: 12,
          column: 9,
          endLine: 12,
          endColumn: 39,
          message: 'container "b"',
          path: 'spec.containers[1].securityContext.allowPrivilegeEscalation',
        },
      ],
    },
    {
      name: 'batch/v1beta1 CronJob: the nested template',
      fixture: 'workload/cronjob-v1beta1.yaml',
      errors: [{ line: 18, column: 15, endLine: 18, endColumn: 30, message: 'container "cleanup"' }],
    },
  ],
});
