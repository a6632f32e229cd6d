import { defineRule } from '../../src/engine/rule.js';
import { cis } from '../references.js';
import { COMPONENT_KINDS, eachComponent, reportFlag } from './support.js';

const UNIT_SECONDS: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, µs: 1e-6, ns: 1e-9 };

/** A Go duration (`60s`, `1m30s`, `2h`) in seconds; undefined when it is not one. */
export function goDurationSeconds(text: string): number | undefined {
  const t = text.trim();
  if (t === '0') return 0;
  const parts = /^(?:\d+(?:\.\d+)?(?:h|ms|us|µs|ns|m|s))+$/.test(t)
    ? t.match(/\d+(?:\.\d+)?(?:h|ms|us|µs|ns|m|s)/g)
    : null;
  if (!parts) return undefined;
  let total = 0;
  for (const p of parts) {
    const unit = /(h|ms|us|µs|ns|m|s)$/.exec(p)![1]!;
    total += Number(p.slice(0, p.length - unit.length)) * UNIT_SECONDS[unit]!;
  }
  return total;
}

/** Five minutes: long enough for any ordinary request, short enough not to hold connections open. */
const MAX_SECONDS = 300;

export default defineRule({
  meta: {
    id: 'apiserver-request-timeout',
    title: 'API server request timeout too long',
    severity: 'low',
    category: 'control-plane',
    kinds: COMPONENT_KINDS,
    fires:
      'A kube-apiserver with `--request-timeout` longer than 5 minutes, or set to something that is not a Go duration (the API server then refuses to start).',
    silent: 'An unset `--request-timeout` (the default is 1 minute) and values up to 5 minutes.',
    assumes:
      'The default request timeout is 60s; watch requests have their own timeouts and are not governed by it.',
    rationale:
      'Every request the API server keeps open holds a connection and memory; a long timeout lets slow or malicious clients pile up requests and starve the control plane. Availability of the API server is part of its security.',
    remediation:
      'Remove `--request-timeout` (default 1m) or set it to at most 5m; raise it only with a reason.',
    references: [
      cis('1.2.19 (v1.6: 1.2.26)', 'Ensure that the --request-timeout argument is set as appropriate'),
    ],
    presets: ['recommended'],
    peers: { checkov: ['CKV_K8S_95'], kics: ['d89a15bb-8dba-4c71-9529-bef6729b9c09'], kubescape: ['C-0134'] },
  },
  create(context) {
    return {
      object(o) {
        eachComponent(o, 'kube-apiserver', (c) => {
          const value = c.value('request-timeout');
          if (value === undefined || c.isDefault('request-timeout')) return;
          const seconds = goDurationSeconds(value);
          if (seconds !== undefined && seconds <= MAX_SECONDS) return;
          reportFlag(
            context,
            c,
            'request-timeout',
            seconds === undefined
              ? `--request-timeout=${value} is not a Go duration, so the API server refuses to start; use a value such as 60s`
              : `--request-timeout=${value} lets a request hold an API server connection for ${Math.round(seconds / 60)} minutes; keep it at or below 5m (default 1m)`,
          );
        });
      },
    };
  },
});
