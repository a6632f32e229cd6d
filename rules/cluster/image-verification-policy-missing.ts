import { defineRule } from '../../src/engine/rule.js';
import { get, items } from '../../src/load/index.js';
import type { K8sObject } from '../../src/model/index.js';
import { nsa } from '../references.js';

function verifiesImages(o: K8sObject): boolean {
  if (o.group === 'kyverno.io' && (o.kind === 'ClusterPolicy' || o.kind === 'Policy'))
    return items(get(get(o.root, 'spec'), 'rules')).some((r) => get(r, 'verifyImages') !== undefined);
  if (o.group === 'kyverno.io' || o.group === 'policies.kyverno.io')
    return o.kind === 'ImageValidatingPolicy' || o.kind === 'ImageVerificationPolicy';
  if (o.group === 'policy.sigstore.dev') return o.kind === 'ClusterImagePolicy';
  if (o.group === 'portieris.cloud.ibm.com')
    return o.kind === 'ImagePolicy' || o.kind === 'ClusterImagePolicy';
  // Connaisseur is deployed as a webhook named after itself.
  if (o.kind === 'ValidatingWebhookConfiguration' || o.kind === 'MutatingWebhookConfiguration')
    return o.name.includes('connaisseur');
  return false;
}

export default defineRule({
  meta: {
    id: 'image-verification-policy-missing',
    title: 'No image signature verification policy',
    severity: 'info',
    category: 'admission',
    fires:
      'Opt-in. The tree runs workloads but holds no image signature policy: no Kyverno rule with `verifyImages` (or ImageValidatingPolicy), no Sigstore policy-controller ClusterImagePolicy, no Connaisseur webhook, no Portieris ImagePolicy/ClusterImagePolicy. Reported once, on the first workload.',
    silent:
      'Trees with any of those policies, and trees without workloads. The policy may live in another repository, hence opt-in.',
    assumes: 'Without a verifying admission controller, the cluster runs any image its nodes can pull.',
    rationale:
      'Signature verification at admission ensures only images your pipeline built and signed run. The seed advice lists image signature verification among key admission controllers and suggests Notary with Portieris.',
    remediation:
      'Deploy an image verification policy (Kyverno verifyImages, Sigstore policy-controller, Connaisseur or Portieris) for your registries.',
    references: [nsa('Pod security: immutable container images and signatures')],
    presets: [],
    peers: { kics: ['14abda69-8e91-4acb-9931-76e2bee90284'], kubescape: ['C-0236', 'C-0289'] },
  },
  create(context) {
    return {
      done() {
        const { model } = context;
        const pods = model.podSpecs();
        if (!pods.length) return;
        if (model.objects.some(verifiesImages)) return;
        const first = pods[0]!.object;
        context.report({
          object: first,
          span: first.anchor,
          path: first.path('metadata', 'name'),
          message: `no image signature verification policy is in the scanned tree, so ${first.displayName} and every other workload may run unsigned images; add Kyverno verifyImages, a Sigstore ClusterImagePolicy, Connaisseur or Portieris`,
        });
      },
    };
  },
});
