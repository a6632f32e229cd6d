import { defineRule } from '../../src/engine/rule.js';
import { getPair, str } from '../../src/load/index.js';
import {
  KYVERNO_SKIPPED,
  kyvernoImageString,
  type SignaturePolicy,
  signaturePolicies,
  sigstoreImageName,
} from '../../src/model/image-policy.js';
import { nsa } from '../references.js';

/** An image for a message: a digest is shortened, the way registries show it. */
function shortImage(image: string): string {
  return image.replace(/@sha256:([0-9a-f]{12})[0-9a-f]{52}$/, '@sha256:$1…');
}

/** Why one policy does not protect an image in a namespace, for the message. */
function reason(p: SignaturePolicy, image: string, ns: string | undefined): string {
  // Gatekeeper constraints and cluster policies are cluster-scoped whatever the model assumes.
  const o = p.object;
  const name = o.explicitNamespace ? `${o.kind}/${o.explicitNamespace}/${o.name}` : `${o.kind}/${o.name}`;
  if (p.appliesIn(ns) === 'no') {
    const why =
      p.engine === 'Sigstore policy-controller'
        ? `namespace ${ns} is not labelled policy.sigstore.dev/include: "true"`
        : p.engine === 'Kyverno verifyImages' && ns !== undefined && KYVERNO_SKIPPED.has(ns)
          ? `Kyverno skips namespace ${ns} by default (webhook namespaceSelector and resourceFilters)`
          : p.engine === 'Connaisseur'
            ? `namespace ${ns} is labelled to bypass the Connaisseur webhook`
            : `it does not apply in namespace ${ns}`;
    return `${name} (${why})`;
  }
  if (!p.enforcing) return `${name} (${p.engine}, audit/warn only)`;
  const seen = p.engine === 'Kyverno verifyImages' ? kyvernoImageString(image) : sigstoreImageName(image);
  return `${name} (${p.patterns.length ? p.patterns.join(', ') : 'no image patterns'} does not match ${seen})`;
}

export default defineRule({
  meta: {
    id: 'image-not-covered-by-signature-policy',
    title: 'Image not covered by a signature verification policy',
    severity: 'medium',
    category: 'admission',
    fires:
      'Only when image signature policies are in the tree. A container image (init, regular or ephemeral) that no enforcing policy applying in the workload’s namespace matches. Read: Kyverno `verifyImages` rules (`imageReferences`/`image`, minus `skipImageReferences`, matched with Kyverno’s wildcard — `*` any run including `/`, `?` one character — against Kyverno’s image string: `docker.io/` added to a bare name without `library/`, `:latest` when untagged, `@digest` instead of the tag when pinned; enforcing when the entry’s `failureAction` or the policy’s `validationFailureAction` is Enforce; `match`/`exclude` namespaces honoured, wildcards included, and kube-system, kube-public and kube-node-lease skipped as Kyverno’s chart does by default); Sigstore policy-controller `ClusterImagePolicy` (`images[].glob` — `*` any run without `/`, `**` anything — against the fully qualified name, `index.docker.io/library/…:latest`, then the name as written; `mode: warn` is not enforcing; it applies only in namespaces labelled `policy.sigstore.dev/include: "true"`); Ratify’s Gatekeeper constraint `RatifyVerification` (every image in its matched namespaces; `enforcementAction` other than deny is not enforcing). The finding names every policy considered and why it does not cover the image.',
    silent:
      'Trees without a signature policy (`image-verification-policy-missing` covers that); images a policy covers; workloads whose namespace is not written or whose Namespace object is not in the tree when a policy’s scope depends on it; namespaces chosen by label selectors. Connaisseur (its rules live in Helm values), Portieris and Kyverno ImageValidatingPolicy are counted as covering every image they may apply to (their patterns are not evaluated), except that Connaisseur’s `securesystemsengineering.connaisseur/webhook: ignore` namespace label is honoured; policy-controller’s `config-policy-controller` ConfigMap with `no-match-policy: deny` makes every image of an included namespace covered (unmatched images are refused).',
    assumes:
      'Kyverno’s `validationFailureAction` defaults to Audit; policy-controller defaults to `mode: enforce` and to opting namespaces in by label; Gatekeeper’s `enforcementAction` defaults to deny.',
    rationale:
      'A signature policy only protects the images its patterns match and the namespaces it watches: an image outside them runs unsigned while the policy gives a false sense of safety. The seed advice: use image signature verification among the key admission controllers (Sigstore/Cosign, Kyverno) and ensure your pipeline is not producing compromised containers (Notary with Portieris).',
    remediation:
      'Add a pattern covering the image (e.g. `ghcr.io/acme/*` for Kyverno, `ghcr.io/acme/**` for policy-controller) to an enforcing policy, switch the policy from Audit/warn to Enforce, or label the namespace `policy.sigstore.dev/include: "true"`.',
    references: [
      {
        title: 'Kyverno: Verify Images rules',
        url: 'https://kyverno.io/docs/policy-types/cluster-policy/verify-images/',
      },
      {
        title: 'Sigstore policy-controller: overview (namespace opt-in, image globs)',
        url: 'https://docs.sigstore.dev/policy-controller/overview/',
      },
      {
        title: 'Ratify: Gatekeeper integration',
        url: 'https://ratify.dev/docs/quickstarts/quickstart-manual',
      },
      nsa('Pod security: immutable container images and signatures'),
    ],
    presets: ['recommended'],
    peers: { kubescape: ['C-0236'] },
  },
  create(context) {
    let policies: SignaturePolicy[] | undefined;
    return {
      container(c) {
        policies ??= signaturePolicies(context.model);
        if (policies.length === 0) return;
        const pair = getPair(c.node, 'image');
        const image = str(pair?.value)?.trim();
        if (!pair || !image) return;
        const ns = c.object.explicitNamespace;
        const covered = policies.some(
          (p) => p.enforcing && p.appliesIn(ns) !== 'no' && p.covers(image) !== 'no',
        );
        if (covered) return;
        const reasons = policies.map((p) => reason(p, image, ns));
        // The message names the policies when that stays short; each policy's reason is a related
        // location either way.
        const inline = reasons.join('; ');
        const why =
          inline.length <= 160
            ? inline
            : `${policies.length} signature polic${policies.length === 1 ? 'y' : 'ies'} considered, none enforcing with a matching pattern (see related locations)`;
        context.report({
          object: c.object,
          span: pair.value,
          path: c.sub('image'),
          message: `container "${c.name}" runs ${shortImage(image)}, which no enforcing signature policy covers: ${why}; add a pattern for it to an enforcing policy (or enable the policy in this namespace)`,
          related: policies.map((p, i) => ({
            object: p.object,
            span: p.object.anchor,
            message: reasons[i]!,
          })),
        });
      },
    };
  },
});
