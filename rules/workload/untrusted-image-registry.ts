import { defineRule } from '../../src/engine/rule.js';
import { getPair, str } from '../../src/load/index.js';
import { cis, nsa } from '../references.js';
import { imageMatches, imageName, parseImageRef } from '../shared/image.js';

interface Options {
  readonly allowedRegistries?: readonly string[];
}

export default defineRule<Options>({
  meta: {
    id: 'untrusted-image-registry',
    title: 'Image from an untrusted registry',
    severity: 'high',
    category: 'images',
    fires:
      "An image's registry and repository are outside `options.allowedRegistries`. Entries are a registry (`ghcr.io`), a registry with a repository prefix (`ghcr.io/acme`, `registry:5000/team`), or a Docker Hub name (`nginx` means `docker.io/library/nginx`); prefixes match at path boundaries, so `ghcr.io/acme` does not allow `ghcr.io/acme-evil`. Images are normalised as the runtimes do: a bare `nginx` is `docker.io/library/nginx`.",
    silent: 'Silent unless `allowedRegistries` is configured (it has no sensible default).',
    rationale:
      'An image runs with whatever the pod is allowed; pulling from arbitrary registries means trusting every publisher on them. The seed advice: use trusted images only (whitelist the registries your pipeline publishes to).',
    remediation:
      'Mirror the image into an allowed registry (after scanning it) and reference the mirror, or add its registry to `allowedRegistries` if you trust it.',
    references: [
      cis('5.5.1', 'Configure Image Provenance using ImagePolicyWebhook admission controller'),
      nsa('Pod security: Building secure container images'),
    ],
    presets: [],
    peers: {
      kubescape: ['C-0001', 'C-0078'],
      trivy: ['KSV-0032', 'KSV-0033', 'KSV-0034', 'KSV-0035', 'KSV-0125'],
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        allowedRegistries: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description: 'Registries or registry/repository prefixes images may come from.',
        },
      },
    },
    defaultOptions: { allowedRegistries: [] },
  },
  create(context) {
    const allowed = context.options.allowedRegistries ?? [];
    if (allowed.length === 0) return {};
    return {
      container(c) {
        const pair = getPair(c.node, 'image');
        const raw = str(pair?.value);
        if (!pair || raw === undefined) return;
        const ref = parseImageRef(raw);
        if (!ref || allowed.some((p) => imageMatches(ref, p))) return;
        context.report({
          object: c.object,
          span: pair.value,
          path: c.sub('image'),
          message: `container "${c.name}" pulls ${imageName(ref)}, which is outside the allowed registries (${allowed.join(', ')}); mirror it into an allowed registry`,
        });
      },
    };
  },
});
