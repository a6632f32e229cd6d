import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, items, num, pairSpan, str } from '../../src/load/index.js';
import { k8sDocs, nsa } from '../references.js';

/** One day: a stolen token should stop working within it. */
const MAX_SECONDS = 86400;

export default defineRule({
  meta: {
    id: 'projected-token-long-expiry',
    title: 'Projected service account token lives longer than a day',
    severity: 'low',
    category: 'workload',
    fires:
      'A `projected` volume source `serviceAccountToken` sets `expirationSeconds` above 86400 (one day).',
    silent: '`expirationSeconds` of 86400 or less, or unset (the API server defaults it to 3600, one hour).',
    assumes:
      'Unset `expirationSeconds` is 3600. The API server may cap the value further (`--service-account-max-token-expiration`), which a manifest cannot show.',
    rationale:
      'The kubelet refreshes projected tokens, so a short lifetime costs nothing; a long one lets a token stolen from the pod keep working for days. The seed advice: ensure the service token is not used beyond what the pod needs, and rotate API tokens regularly.',
    remediation: 'Lower `expirationSeconds` to 86400 or less (3600, the default, is usually right).',
    references: [
      k8sDocs(
        'Projected Volumes: serviceAccountToken',
        'concepts/storage/projected-volumes/#serviceaccounttoken',
      ),
      nsa('Pod security: Protecting Pod service account tokens'),
    ],
    presets: ['recommended'],
  },
  create(context) {
    return {
      podSpec(pod) {
        items(get(pod.node, 'volumes')).forEach((volume, v) => {
          const volumeName = str(get(volume, 'name')) ?? `#${v}`;
          items(get(get(volume, 'projected'), 'sources')).forEach((source, s) => {
            const pair = getPair(get(source, 'serviceAccountToken'), 'expirationSeconds');
            const seconds = num(pair?.value);
            if (!pair || seconds === undefined || seconds <= MAX_SECONDS) return;
            context.report({
              object: pod.object,
              span: pairSpan(pair),
              path: pod.sub(
                'volumes',
                v,
                'projected',
                'sources',
                s,
                'serviceAccountToken',
                'expirationSeconds',
              ),
              message: `projected volume "${volumeName}" requests a service account token valid for ${seconds} seconds (over one day); set expirationSeconds to ${MAX_SECONDS} or less`,
            });
          });
        });
      },
    };
  },
});
