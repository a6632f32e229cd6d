import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, type YPair } from '../../src/load/index.js';
import type { K8sObject } from '../../src/model/index.js';

const GO_DURATION = /^[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;

/**
 * Whether a `refreshInterval` value is a zero Go duration (`0`, `"0s"`, `"0h0m"`), which the
 * External Secrets Operator reads as "never refresh". Unparseable text is not zero.
 */
export function isZeroDuration(value: string | number): boolean {
  if (typeof value === 'number') return value === 0;
  const t = value.trim();
  if (t === '0' || t === '+0' || t === '-0') return true;
  if (!GO_DURATION.test(t)) return false;
  return [...t.matchAll(/(\d+(?:\.\d*)?|\.\d+)/g)].every((m) => Number(m[1]) === 0);
}

/** Refresh policies under which a value rotated at the provider never reaches the cluster. */
const NO_PERIODIC_REFRESH = new Set(['CreatedOnce', 'OnChange']);

/** The ExternalSecret spec of an ExternalSecret, or the template spec of a ClusterExternalSecret. */
function externalSecretSpec(o: K8sObject): { spec: YPair; path: string[] } | undefined {
  if (o.kind === 'ExternalSecret') {
    const spec = getPair(o.root, 'spec');
    return spec ? { spec, path: ['spec'] } : undefined;
  }
  const spec = getPair(get(o.root, 'spec'), 'externalSecretSpec');
  return spec ? { spec, path: ['spec', 'externalSecretSpec'] } : undefined;
}

export default defineRule({
  meta: {
    id: 'external-secret-refresh-disabled',
    title: 'ExternalSecret never refreshes',
    severity: 'low',
    category: 'secrets',
    fires:
      'An ExternalSecret (group `external-secrets.io`, any served version), or the `externalSecretSpec` of a ClusterExternalSecret, with `refreshInterval` a zero duration (`0`, `"0s"`, `"0m0s"`…), or with `refreshPolicy: CreatedOnce` or `refreshPolicy: OnChange` (neither polls the provider, so a value rotated there never arrives).',
    silent:
      'No `refreshInterval` (the operator defaults it to 1h), any non-zero duration, `refreshPolicy: Periodic`, and kinds of other groups named ExternalSecret.',
    assumes:
      'The External Secrets Operator reads `refreshInterval` as a Go duration and treats zero as "fetch once"; unset means 1h.',
    rationale:
      'A credential rotated in the secret manager must reach the pods that use it, or rotation only breaks the old copy while the cluster keeps it. The seed advice: move secrets out of Kubernetes into an external manager with the External Secrets Operator, which "simplified secret rotation and revocation", and make it easy to rotate credentials.',
    remediation:
      'Set `refreshInterval` to a period your rotation can wait for (e.g. `1h`) and remove `refreshPolicy: CreatedOnce`/`OnChange` (or set `Periodic`).',
    references: [
      {
        title: 'External Secrets Operator: ExternalSecret (refreshInterval, refreshPolicy)',
        url: 'https://external-secrets.io/latest/api/externalsecret/',
      },
      {
        title: 'Kubernetes docs: Good practices for Kubernetes Secrets',
        url: 'https://kubernetes.io/docs/concepts/security/secrets-good-practices/',
      },
    ],
    presets: ['recommended'],
    kinds: ['ExternalSecret', 'ClusterExternalSecret'],
  },
  create(context) {
    return {
      object(o) {
        if (o.group !== 'external-secrets.io') return;
        const found = externalSecretSpec(o);
        if (!found) return;
        const { spec, path } = found;
        const interval = getPair(spec.value, 'refreshInterval');
        const v = interval?.value;
        if (
          interval &&
          v?.type === 'scalar' &&
          (typeof v.value === 'string' || typeof v.value === 'number') &&
          isZeroDuration(v.value)
        ) {
          context.report({
            object: o,
            span: interval.value,
            path: o.path(...path, 'refreshInterval'),
            message: `${o.kind} ${o.name} has refreshInterval ${String(v.value)}, so a secret rotated at the provider never reaches the cluster; set a period such as 1h`,
          });
        }
        const policy = getPair(spec.value, 'refreshPolicy');
        const pv = policy?.value;
        if (
          policy &&
          pv?.type === 'scalar' &&
          typeof pv.value === 'string' &&
          NO_PERIODIC_REFRESH.has(pv.value)
        ) {
          context.report({
            object: o,
            span: policy.value,
            path: o.path(...path, 'refreshPolicy'),
            message: `${o.kind} ${o.name} has refreshPolicy ${pv.value}, so it never polls the provider and a rotated secret never reaches the cluster; use refreshPolicy: Periodic with a refreshInterval`,
          });
        }
      },
    };
  },
});
