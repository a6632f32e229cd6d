// Which fields each builtin transformer touches, per kind: kustomize's builtin configuration
// (api/internal/konfig/builtinpluginconsts), written here as data. A field spec selects resources by
// group/version/kind (empty matches all) and names a slash-separated path (`\/` escapes a slash in a
// key; a path segment that meets a list applies to every element).

export interface FieldSpec {
  readonly group?: string;
  readonly version?: string;
  readonly kind?: string;
  readonly path: string;
  readonly create?: boolean;
}

export interface NameBackRef {
  /** The kind whose renames are propagated. */
  readonly group?: string;
  readonly version?: string;
  readonly kind: string;
  readonly fieldSpecs: readonly FieldSpec[];
}

export interface TransformerConfig {
  namePrefix: FieldSpec[];
  nameSuffix: FieldSpec[];
  namespace: FieldSpec[];
  commonLabels: FieldSpec[];
  templateLabels: FieldSpec[];
  commonAnnotations: FieldSpec[];
  nameReference: NameBackRef[];
  varReference: FieldSpec[];
  images: FieldSpec[];
  replicas: FieldSpec[];
}

const fs = (kind: string | undefined, path: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  ...(kind ? { kind } : {}),
  path,
  ...extra,
});

/** Workload kinds and where their pod spec sits. */
const POD_SPEC_AT: readonly [string, string][] = [
  ['Pod', 'spec'],
  ['PodTemplate', 'template/spec'],
  ['Deployment', 'spec/template/spec'],
  ['ReplicaSet', 'spec/template/spec'],
  ['DaemonSet', 'spec/template/spec'],
  ['StatefulSet', 'spec/template/spec'],
  ['Job', 'spec/template/spec'],
  ['CronJob', 'spec/jobTemplate/spec/template/spec'],
];

function podRefs(kinds: readonly [string, string][], subPaths: readonly string[]): FieldSpec[] {
  const out: FieldSpec[] = [];
  for (const [kind, at] of kinds) {
    for (const sub of subPaths) out.push(fs(kind, `${at}/${sub}`, kind === 'Pod' ? { version: 'v1' } : {}));
  }
  return out;
}

const metadataLabels: FieldSpec[] = [
  fs(undefined, 'metadata/labels', { create: true }),
  fs('ReplicationController', 'spec/template/metadata/labels', { create: true, version: 'v1' }),
  fs('Deployment', 'spec/template/metadata/labels', { create: true }),
  fs('ReplicaSet', 'spec/template/metadata/labels', { create: true }),
  fs('DaemonSet', 'spec/template/metadata/labels', { create: true }),
  fs('StatefulSet', 'spec/template/metadata/labels', { create: true, group: 'apps' }),
  fs('Job', 'spec/template/metadata/labels', { create: true, group: 'batch' }),
  fs('CronJob', 'spec/jobTemplate/metadata/labels', { create: true, group: 'batch' }),
  fs('CronJob', 'spec/jobTemplate/spec/template/metadata/labels', { create: true, group: 'batch' }),
];

const volumeClaimTemplateLabels: FieldSpec[] = [
  fs('StatefulSet', 'spec/volumeClaimTemplates[]/metadata/labels', { create: true, group: 'apps' }),
];

const AFFINITY = [
  'spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  'spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels',
];

const commonLabels: FieldSpec[] = [
  fs('Service', 'spec/selector', { create: true, version: 'v1' }),
  fs('ReplicationController', 'spec/selector', { create: true, version: 'v1' }),
  fs('Deployment', 'spec/selector/matchLabels', { create: true }),
  ...AFFINITY.map((p) => fs('Deployment', p, { group: 'apps' })),
  fs('ReplicaSet', 'spec/selector/matchLabels', { create: true }),
  fs('DaemonSet', 'spec/selector/matchLabels', { create: true }),
  fs('StatefulSet', 'spec/selector/matchLabels', { create: true, group: 'apps' }),
  ...AFFINITY.map((p) => fs('StatefulSet', p, { group: 'apps' })),
  fs('Job', 'spec/selector/matchLabels', { group: 'batch' }),
  fs('CronJob', 'spec/jobTemplate/spec/selector/matchLabels', { group: 'batch' }),
  fs('PodDisruptionBudget', 'spec/selector/matchLabels', { group: 'policy' }),
  fs('NetworkPolicy', 'spec/podSelector/matchLabels', { group: 'networking.k8s.io' }),
  fs('NetworkPolicy', 'spec/ingress/from/podSelector/matchLabels', { group: 'networking.k8s.io' }),
  fs('NetworkPolicy', 'spec/egress/to/podSelector/matchLabels', { group: 'networking.k8s.io' }),
  ...metadataLabels,
  ...volumeClaimTemplateLabels,
];

const ANNOTATED_TEMPLATES: readonly [string, string, Partial<FieldSpec>][] = [
  ['ReplicationController', 'spec/template/metadata/annotations', { version: 'v1' }],
  ['Deployment', 'spec/template/metadata/annotations', {}],
  ['ReplicaSet', 'spec/template/metadata/annotations', {}],
  ['DaemonSet', 'spec/template/metadata/annotations', {}],
  ['StatefulSet', 'spec/template/metadata/annotations', {}],
  ['Job', 'spec/template/metadata/annotations', { group: 'batch' }],
  ['CronJob', 'spec/jobTemplate/metadata/annotations', { group: 'batch' }],
  ['CronJob', 'spec/jobTemplate/spec/template/metadata/annotations', { group: 'batch' }],
];

const commonAnnotations: FieldSpec[] = [
  fs(undefined, 'metadata/annotations', { create: true }),
  ...ANNOTATED_TEMPLATES.map(([k, p, e]) => fs(k, p, { create: true, ...e })),
];

const CONFIGMAP_POD_REFS = [
  'volumes/configMap/name',
  'containers/env/valueFrom/configMapKeyRef/name',
  'initContainers/env/valueFrom/configMapKeyRef/name',
  'containers/envFrom/configMapRef/name',
  'initContainers/envFrom/configMapRef/name',
  'volumes/projected/sources/configMap/name',
];
const SECRET_POD_REFS = [
  'volumes/secret/secretName',
  'containers/env/valueFrom/secretKeyRef/name',
  'initContainers/env/valueFrom/secretKeyRef/name',
  'containers/envFrom/secretRef/name',
  'initContainers/envFrom/secretRef/name',
  'imagePullSecrets/name',
  'volumes/projected/sources/secret/name',
];
const SA_KINDS: readonly [string, string][] = [
  ['Pod', 'spec'],
  ['StatefulSet', 'spec/template/spec'],
  ['Deployment', 'spec/template/spec'],
  ['ReplicationController', 'spec/template/spec'],
  ['CronJob', 'spec/jobTemplate/spec/template/spec'],
  ['Job', 'spec/template/spec'],
  ['DaemonSet', 'spec/template/spec'],
];
const noPodVersion = (specs: FieldSpec[]): FieldSpec[] =>
  specs.map((s) => (s.kind === 'Pod' ? { kind: 'Pod', path: s.path } : s));

const nameReference: NameBackRef[] = [
  ...['Deployment', 'ReplicationController', 'ReplicaSet', 'StatefulSet'].map((kind) => ({
    kind,
    fieldSpecs: [fs('HorizontalPodAutoscaler', 'spec/scaleTargetRef/name')],
  })),
  {
    kind: 'ConfigMap',
    version: 'v1',
    fieldSpecs: [
      ...podRefs(POD_SPEC_AT, CONFIGMAP_POD_REFS),
      fs('Node', 'spec/configSource/configMap'),
      fs('Role', 'rules/resourceNames'),
      fs('ClusterRole', 'rules/resourceNames'),
      fs('Ingress', 'metadata/annotations/nginx.ingress.kubernetes.io\\/fastcgi-params-configmap'),
    ],
  },
  {
    kind: 'Secret',
    version: 'v1',
    fieldSpecs: [
      ...podRefs(POD_SPEC_AT, SECRET_POD_REFS).filter(
        (s) => !(s.kind === 'CronJob' && s.path.endsWith('imagePullSecrets/name') && false),
      ),
      fs('Ingress', 'spec/tls/secretName'),
      fs('Ingress', 'metadata/annotations/ingress.kubernetes.io\\/auth-secret'),
      fs('Ingress', 'metadata/annotations/nginx.ingress.kubernetes.io\\/auth-secret'),
      fs('Ingress', 'metadata/annotations/nginx.ingress.kubernetes.io\\/auth-tls-secret'),
      fs('ServiceAccount', 'imagePullSecrets/name'),
      fs('StorageClass', 'parameters/secretName'),
      fs('StorageClass', 'parameters/adminSecretName'),
      fs('StorageClass', 'parameters/userSecretName'),
      fs('StorageClass', 'parameters/secretRef'),
      fs('Role', 'rules/resourceNames'),
      fs('ClusterRole', 'rules/resourceNames'),
      fs('Service', 'spec/template/spec/containers/env/valueFrom/secretKeyRef/name', {
        group: 'serving.knative.dev',
        version: 'v1',
      }),
      fs('PersistentVolume', 'spec/azureFile/secretName'),
    ],
  },
  {
    kind: 'Service',
    version: 'v1',
    fieldSpecs: [
      fs('StatefulSet', 'spec/serviceName', { group: 'apps' }),
      fs('Ingress', 'spec/rules/http/paths/backend/serviceName'),
      fs('Ingress', 'spec/backend/serviceName'),
      fs('Ingress', 'spec/rules/http/paths/backend/service/name'),
      fs('Ingress', 'spec/defaultBackend/service/name'),
      fs('APIService', 'spec/service/name', { group: 'apiregistration.k8s.io' }),
      fs('ValidatingWebhookConfiguration', 'webhooks/clientConfig/service', {
        group: 'admissionregistration.k8s.io',
      }),
      fs('MutatingWebhookConfiguration', 'webhooks/clientConfig/service', {
        group: 'admissionregistration.k8s.io',
      }),
    ],
  },
  {
    kind: 'Role',
    group: 'rbac.authorization.k8s.io',
    fieldSpecs: [fs('RoleBinding', 'roleRef/name', { group: 'rbac.authorization.k8s.io' })],
  },
  {
    kind: 'ClusterRole',
    group: 'rbac.authorization.k8s.io',
    fieldSpecs: [
      fs('RoleBinding', 'roleRef/name', { group: 'rbac.authorization.k8s.io' }),
      fs('ClusterRoleBinding', 'roleRef/name', { group: 'rbac.authorization.k8s.io' }),
    ],
  },
  {
    kind: 'ServiceAccount',
    version: 'v1',
    fieldSpecs: [
      fs('RoleBinding', 'subjects', { group: 'rbac.authorization.k8s.io' }),
      fs('ClusterRoleBinding', 'subjects', { group: 'rbac.authorization.k8s.io' }),
      ...noPodVersion(podRefs(SA_KINDS, ['serviceAccountName'])),
    ],
  },
  {
    kind: 'PersistentVolumeClaim',
    version: 'v1',
    fieldSpecs: noPodVersion(podRefs(SA_KINDS, ['volumes/persistentVolumeClaim/claimName'])),
  },
  {
    kind: 'PersistentVolume',
    version: 'v1',
    fieldSpecs: [fs('PersistentVolumeClaim', 'spec/volumeName'), fs('ClusterRole', 'rules/resourceNames')],
  },
  {
    kind: 'StorageClass',
    version: 'v1',
    group: 'storage.k8s.io',
    fieldSpecs: [
      fs('PersistentVolume', 'spec/storageClassName'),
      fs('PersistentVolumeClaim', 'spec/storageClassName'),
      fs('StatefulSet', 'spec/volumeClaimTemplates/spec/storageClassName'),
    ],
  },
  {
    kind: 'PriorityClass',
    version: 'v1',
    group: 'scheduling.k8s.io',
    fieldSpecs: noPodVersion(podRefs(SA_KINDS, ['priorityClassName'])),
  },
  {
    kind: 'IngressClass',
    version: 'v1',
    group: 'networking.k8s.io/v1',
    fieldSpecs: [fs('Ingress', 'spec/ingressClassName')],
  },
  {
    kind: 'ValidatingAdmissionPolicy',
    group: 'admissionregistration.k8s.io',
    fieldSpecs: [
      fs('ValidatingAdmissionPolicyBinding', 'spec/policyName', { group: 'admissionregistration.k8s.io' }),
    ],
  },
];

const VAR_CONTAINER_FIELDS = ['args', 'command', 'env/value', 'volumeMounts/mountPath'];
function varRefs(): FieldSpec[] {
  const out: FieldSpec[] = [];
  const kinds: readonly [string, string, string][] = [
    ['CronJob', 'spec/jobTemplate/spec/template/spec', 'spec/jobTemplate/spec/template/volumes/nfs/server'],
    ['DaemonSet', 'spec/template/spec', 'spec/template/spec/volumes/nfs/server'],
    ['Deployment', 'spec/template/spec', 'spec/template/spec/volumes/nfs/server'],
    ['Job', 'spec/template/spec', 'spec/template/spec/volumes/nfs/server'],
    ['Pod', 'spec', 'spec/volumes/nfs/server'],
    ['ReplicaSet', 'spec/template/spec', 'spec/template/spec/volumes/nfs/server'],
    ['StatefulSet', 'spec/template/spec', 'spec/volumeClaimTemplates/spec/nfs/server'],
  ];
  for (const [kind, at, nfs] of kinds) {
    for (const c of ['containers', 'initContainers']) {
      for (const f of VAR_CONTAINER_FIELDS) out.push(fs(kind, `${at}/${c}/${f}`));
    }
    out.push(fs(kind, nfs));
    if (kind === 'Deployment') out.push(fs(kind, 'spec/template/metadata/annotations'));
  }
  out.push(
    fs('Ingress', 'spec/rules/host'),
    fs('Ingress', 'spec/tls/hosts'),
    fs('Ingress', 'spec/tls/secretName'),
    fs('Service', 'spec/ports/port'),
    fs('Service', 'spec/ports/targetPort'),
    fs('PersistentVolume', 'spec/nfs/server'),
    fs(undefined, 'metadata/labels'),
    fs(undefined, 'metadata/annotations'),
  );
  return out;
}

const VAR_REFS: readonly FieldSpec[] = varRefs();

const images: FieldSpec[] = [
  'spec/containers[]/image',
  'spec/initContainers[]/image',
  'spec/volumes[]/image/reference',
  'spec/template/spec/containers[]/image',
  'spec/template/spec/initContainers[]/image',
  'spec/template/spec/volumes[]/image/reference',
].map((path) => fs(undefined, path, { create: true }));

const replicas: FieldSpec[] = ['Deployment', 'ReplicationController', 'ReplicaSet', 'StatefulSet'].map(
  (kind) => fs(kind, 'spec/replicas', { create: true }),
);

export function builtinConfig(): TransformerConfig {
  return {
    namePrefix: [fs(undefined, 'metadata/name')],
    nameSuffix: [fs(undefined, 'metadata/name')],
    namespace: [
      fs('Namespace', 'metadata/name', { create: true }),
      fs('APIService', 'spec/service/namespace', { create: true, group: 'apiregistration.k8s.io' }),
      fs('CustomResourceDefinition', 'spec/conversion/webhook/clientConfig/service/namespace', {
        group: 'apiextensions.k8s.io',
      }),
    ],
    commonLabels: [...commonLabels],
    templateLabels: [...metadataLabels],
    commonAnnotations: [...commonAnnotations],
    nameReference: nameReference.map((r) => ({ ...r, fieldSpecs: [...r.fieldSpecs] })),
    varReference: [...VAR_REFS],
    images: [...images],
    replicas: [...replicas],
  };
}

/** Kinds the API server serves cluster-wide (kyaml's `IsCertainlyClusterScoped`). */
export const CLUSTER_SCOPED_KINDS = new Set([
  'APIService',
  'CertificateSigningRequest',
  'ClusterRole',
  'ClusterRoleBinding',
  'ComponentStatus',
  'CSIDriver',
  'CSINode',
  'CustomResourceDefinition',
  'FlowSchema',
  'IngressClass',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PodSecurityPolicy',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'RuntimeClass',
  'SelfSubjectAccessReview',
  'SelfSubjectRulesReview',
  'StorageClass',
  'SubjectAccessReview',
  'TokenReview',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
]);
