import { defineRule } from '../../src/engine/rule.js';
import { getPair, str } from '../../src/load/index.js';
import { k8sDocs } from '../references.js';
import { parseImageRef } from '../shared/image.js';

export default defineRule({
  meta: {
    id: 'image-not-pinned',
    title: 'Image not pinned by digest',
    severity: 'low',
    category: 'images',
    fires: 'A container image has no `@sha256:` (or other) digest.',
    silent:
      'Images with a digest, with or without a tag. Not in `recommended`: pinning every image is a release-process choice (it needs a bot to bump digests); enable it where you have one.',
    rationale:
      'Tags can be moved or overwritten in the registry; only a digest names exactly the bytes that were reviewed and scanned. The seed advice: use trusted images only (a signature or scan vouches for a digest, not a tag).',
    remediation:
      'Reference images by digest (`registry/app:1.4.2@sha256:...`) and let a dependency bot update the digests.',
    references: [k8sDocs('Images: image names and digests', 'concepts/containers/images/#image-names')],
    presets: [],
    peers: { checkov: ['CKV_K8S_43'], kics: ['7c81d34c-8e5a-402b-9798-9f442630e678'], kubescape: ['C-0306'] },
  },
  create(context) {
    return {
      container(c) {
        const pair = getPair(c.node, 'image');
        const raw = str(pair?.value);
        if (!pair || raw === undefined) return;
        const ref = parseImageRef(raw);
        if (!ref || ref.digest) return;
        context.report({
          object: c.object,
          span: pair.value,
          path: c.sub('image'),
          message: `container "${c.name}" uses image ${raw} by tag, not by digest; pin it as ${raw}@sha256:<digest>`,
        });
      },
    };
  },
});
