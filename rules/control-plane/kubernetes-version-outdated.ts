import { defineRule } from '../../src/engine/rule.js';
import { getIn, getPair, type YNode } from '../../src/load/index.js';
import { componentsIn, type K8sObject } from '../../src/model/index.js';
import { k8sDocs } from '../references.js';
import { COMPONENT_KINDS } from './support.js';
import { RELEASES_AS_OF, supportedMinors, supportStatus } from './versions.js';

/** A version as written: YAML reads `1.30` as the number 1.3, so numbers are taken from the source text. */
function versionText(o: K8sObject, node: YNode | undefined): string | undefined {
  if (node?.type !== 'scalar' || node.value === null) return undefined;
  if (typeof node.value === 'number') return o.file.text.slice(node.start, node.end);
  return typeof node.value === 'string' ? node.value : undefined;
}

/** Where each kind of cluster definition declares its Kubernetes version. */
function declaredVersions(o: K8sObject): { node: YNode; path: string; what: string }[] {
  const at = (path: readonly string[], what: string) => {
    const node = getIn(o.root, path);
    return node ? [{ node, path: o.path(...path), what }] : [];
  };
  const group = o.group;
  switch (o.kind) {
    case 'ClusterConfiguration':
      return group.startsWith('kubeadm.k8s.io') ? at(['kubernetesVersion'], 'kubeadm kubernetesVersion') : [];
    case 'KubeadmControlPlane':
      return at(['spec', 'version'], 'KubeadmControlPlane spec.version');
    case 'MachineDeployment':
      return group.startsWith('cluster.x-k8s.io')
        ? at(['spec', 'template', 'spec', 'version'], 'MachineDeployment version')
        : [];
    case 'ClusterConfig':
      return group === 'eksctl.io' ? at(['metadata', 'version'], 'eksctl metadata.version') : [];
    case 'Cluster':
      return group === 'kops.k8s.io' ? at(['spec', 'kubernetesVersion'], 'kops spec.kubernetesVersion') : [];
    default: {
      // Static Pods: the control-plane image tag is the version that runs.
      const out: { node: YNode; path: string; what: string }[] = [];
      for (const c of componentsIn(o)) {
        if (!c.container || c.component === 'etcd' || c.component === 'kubelet') continue;
        const pair = getPair(c.container.node, 'image');
        if (pair)
          out.push({ node: pair.value, path: c.container.sub('image'), what: `${c.component} image tag` });
      }
      return out;
    }
  }
}

function tagOf(o: K8sObject, node: YNode): string | undefined {
  const text = versionText(o, node);
  if (!text) return undefined;
  // An image reference: the version is its tag.
  if (!text.includes(':')) return text;
  return /:([^/:]+)$/.exec(text.split('@')[0] ?? '')?.[1];
}

export default defineRule({
  meta: {
    id: 'kubernetes-version-outdated',
    title: 'Kubernetes version no longer patched',
    severity: 'medium',
    category: 'api-versions',
    kinds: [...COMPONENT_KINDS, 'MachineDeployment', 'ClusterConfig', 'Cluster'],
    fires:
      'A cluster version declared in Git (kubeadm `ClusterConfiguration.kubernetesVersion`, control-plane image tags in static Pods, Cluster API `KubeadmControlPlane.spec.version` and `MachineDeployment` versions, eksctl `metadata.version`, kops `spec.kubernetesVersion`) whose minor release has reached end of life, per `data/kubernetes-releases.json` as of the date that table states.',
    silent:
      "Minors still patched on the table's date; labels such as `stable` or `latest`; versions newer than the table knows. The clock is never read: the same tree gives the same findings until the table is updated.",
    assumes: 'The Kubernetes project patches each minor release for about 14 months.',
    rationale:
      'An end-of-life release gets no security fixes: every CVE published after that date stays open. The seed advice: keep Kubernetes up to date.',
    remediation:
      'Upgrade one minor at a time (kubeadm upgrade, Cluster API version bump, eksctl upgrade cluster, kops upgrade) to a supported release.',
    references: [
      { title: 'Kubernetes releases and their end-of-life dates', url: 'https://kubernetes.io/releases/' },
      k8sDocs('Version Skew Policy', 'setup/release/version-skew-policy/'),
    ],
    presets: ['recommended'],
    peers: { kubescape: ['C-0273'] },
  },
  create(context) {
    return {
      object(o) {
        for (const d of declaredVersions(o)) {
          const version = tagOf(o, d.node);
          if (!version) continue;
          const status = supportStatus(version);
          if (!status?.endOfLife) continue;
          const since = status.row
            ? `reached end of life on ${status.row.endOfLife}`
            : 'is older than any release still tracked';
          context.report({
            object: o,
            span: d.node,
            path: d.path,
            message: `Kubernetes ${status.minor} (${d.what} ${version}) ${since} and gets no security fixes (release table as of ${RELEASES_AS_OF}); upgrade to a supported minor: ${supportedMinors().join(', ')}`,
          });
        }
      },
    };
  },
});
