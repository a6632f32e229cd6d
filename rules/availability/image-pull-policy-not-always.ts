import { defineRule } from '../../src/engine/rule.js';
import { getPair, str } from '../../src/load/index.js';
import { k8sDocs } from '../references.js';
import { parseImageRef } from '../shared/image.js';

export default defineRule({
  meta: {
    id: 'image-pull-policy-not-always',
    title: 'Image pull policy is not Always',
    severity: 'low',
    category: 'images',
    fires:
      'A container sets `imagePullPolicy` to `IfNotPresent` or `Never`, or leaves it unset while its image has a tag other than `latest` or a digest (the API then defaults it to `IfNotPresent`).',
    silent:
      '`imagePullPolicy: Always`; an unset policy on an untagged or `:latest` image (the API defaults those to `Always`). Off by default: it trades start-up time and registry load for the check.',
    assumes:
      'An unset `imagePullPolicy` is `Always` for `:latest` or untagged images and `IfNotPresent` otherwise.',
    rationale:
      "With `IfNotPresent`, an image already on the node is used without asking the registry, so a pod in another namespace can run a private image pulled earlier with someone else's credentials (unless the cluster enables the AlwaysPullImages admission plugin or the kubelet's credential verification).",
    remediation:
      'Set `imagePullPolicy: Always`, or enable the AlwaysPullImages admission plugin cluster-wide.',
    references: [k8sDocs('Images: Image pull policy', 'concepts/containers/images/#image-pull-policy')],
    presets: [],
    peers: {
      polaris: ['pullPolicyNotAlways'],
      'kube-score': ['container-image-pull-policy'],
      checkov: ['CKV_K8S_15'],
      kics: ['caa3479d-885d-4882-9aac-95e5e78ef5c2'],
    },
  },
  create(context) {
    return {
      container(c) {
        const pair = getPair(c.node, 'imagePullPolicy');
        const policy = str(pair?.value);
        if (pair) {
          if (policy === 'Always' || policy === undefined) return;
          context.report({
            object: c.object,
            span: pair.value,
            path: c.sub('imagePullPolicy'),
            message: `container "${c.name}" uses imagePullPolicy ${policy}, so a cached image runs without the registry checking this pod's credentials; set imagePullPolicy: Always`,
          });
          return;
        }
        const ref = c.image ? parseImageRef(c.image) : undefined;
        if (!ref || ((ref.tag === undefined || ref.tag === 'latest') && ref.digest === undefined)) return;
        context.report({
          object: c.object,
          span: c.anchor,
          path: c.sub('imagePullPolicy'),
          message: `container "${c.name}" sets no imagePullPolicy, so it defaults to IfNotPresent for a tagged image and a cached copy runs without the registry checking this pod's credentials; set imagePullPolicy: Always`,
        });
      },
    };
  },
});
