import { fixWith, setField } from '../../src/engine/fix/types.js';
import { defineRule, type Fix } from '../../src/engine/rule.js';
import { getPair, str } from '../../src/load/index.js';
import { k8sDocs } from '../references.js';
import { type ImageRef, imageName, parseImageRef } from '../shared/image.js';

export default defineRule<{ pins?: Readonly<Record<string, string>> }>({
  meta: {
    id: 'image-tag-latest',
    title: 'Image without a version tag',
    severity: 'medium',
    category: 'images',
    fires: 'A container image has no tag or the tag `latest`, and no digest.',
    silent:
      'A version tag; any image pinned by digest (`@sha256:`), since the digest decides what runs whatever the tag says.',
    assumes:
      'An image without a tag means `:latest`, and for `:latest` the API defaults `imagePullPolicy` to Always.',
    rationale:
      '`latest` moves: two nodes can run different code under one manifest, rollbacks do not roll back, and a compromised upstream push lands on the next restart. The seed advice: use trusted images only, which needs knowing which image runs.',
    remediation:
      'Use an immutable version tag (`nginx:1.27.3`), or better, pin the digest (`nginx:1.27.3@sha256:...`).',
    references: [k8sDocs('Images: image names and tags', 'concepts/containers/images/#image-names')],
    presets: ['recommended'],
    peers: {
      'kube-linter': ['latest-tag'],
      polaris: ['tagNotSpecified'],
      'kube-score': ['container-image-tag'],
      checkov: ['CKV_K8S_14'],
      kics: ['583053b7-e632-46f0-b989-f81ff8045385'],
      kubescape: ['C-0075'],
      trivy: ['KSV-0013'],
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        pins: {
          type: 'object',
          additionalProperties: {
            type: 'string',
            pattern: '^[\\w][\\w.-]{0,127}(@sha256:[0-9a-f]{64})?$|^sha256:[0-9a-f]{64}$',
          },
          description:
            'For `--fix`: the tag or digest to use per image repository, e.g. `{ nginx: "1.27.3", "ghcr.io/acme/api": "sha256:<64 hex>" }`.',
        },
      },
    },
    defaultOptions: { pins: {} },
    fixable:
      'Only with the `pins` option: replaces the image reference with the tag or digest configured for its repository. Nothing is ever guessed.',
  },
  create(context) {
    return {
      container(c) {
        const pair = getPair(c.node, 'image');
        const raw = str(pair?.value);
        if (!pair || raw === undefined) return;
        const ref = parseImageRef(raw);
        if (!ref || ref.digest) return;
        if (ref.tag !== undefined && ref.tag !== 'latest') return;
        context.report({
          object: c.object,
          span: pair.value,
          path: c.sub('image'),
          message:
            ref.tag === undefined
              ? `container "${c.name}" uses image ${raw} without a tag, which means :latest; use a version tag or a digest`
              : `container "${c.name}" uses the moving :latest tag (${raw}); use a version tag or a digest`,
          ...pinFix(raw, ref, context.options.pins ?? {}, c.sub('image')),
        });
      },
    };
  },
});

/** The configured pin for the image's repository (by name as written or in full), as a fix. */
function pinFix(
  raw: string,
  ref: ImageRef,
  pins: Readonly<Record<string, string>>,
  path: string,
): { fix?: Fix } {
  const written = raw
    .trim()
    .replace(/@.*$/, '')
    .replace(/:[^/:]*$/, '');
  const pin = pins[written] ?? pins[imageName(ref)];
  if (!pin) return {};
  const image = pin.startsWith('sha256:') ? `${written}@${pin}` : `${written}:${pin}`;
  return { fix: fixWith(`pin the image to ${image} (from the pins option)`, setField(path, image)) };
}
