// Generates a realistic manifest repository for the benchmark: many small application manifests
// (Deployments, Services, ConfigMaps, RBAC, NetworkPolicies, Ingresses, multi-document files, some
// JSON, some `helm template` output) across many namespaces, plus a few multi-megabyte install
// bundles full of CustomResourceDefinitions, as real repositories vendor them. Deterministic: the
// same seed and size give the same bytes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Small seeded PRNG (mulberry32): the corpus must not change between runs. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'the a of to and for in is on that by this with from or as be are at it an which if when not field value specifies name object list must may can will should set used defines reference resource pod container node port volume secret config map key selector label annotation policy rule service account network ingress egress namespace cluster default optional required maximum minimum number string duration seconds timeout interval period threshold status condition type reason message observed generation replicas available ready updated strategy rolling update surge unavailable template metadata spec api version kind group plural singular scope storage served schema properties items additional preserve unknown fields description format integer boolean array pattern enum nullable'.split(
    ' ',
  );
const TEAMS = [
  'payments',
  'search',
  'checkout',
  'identity',
  'catalog',
  'billing',
  'growth',
  'data',
  'platform',
  'infra',
  'media',
  'ml',
  'ads',
  'support',
  'mobile',
  'web',
  'risk',
  'ledger',
  'notify',
  'maps',
];
const ENVS = ['dev', 'staging', 'prod'];
const APPS = [
  'api',
  'worker',
  'gateway',
  'frontend',
  'scheduler',
  'indexer',
  'cache',
  'consumer',
  'exporter',
  'sync',
  'auth',
  'reports',
  'admin',
  'webhook',
  'batch',
  'stream',
];
const REGISTRIES = [
  'ghcr.io/acme',
  'registry.example.com/team',
  'docker.io/library',
  'quay.io/acme',
  '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
];
const BASE_IMAGES = [
  'nginx',
  'redis',
  'postgres',
  'python',
  'node',
  'golang',
  'busybox',
  'envoy',
  'haproxy',
  'memcached',
];

class Gen {
  constructor(seed) {
    this.r = rng(seed);
  }
  pick(list) {
    return list[Math.floor(this.r() * list.length)];
  }
  int(lo, hi) {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
  chance(p) {
    return this.r() < p;
  }
  words(n) {
    const out = [];
    for (let i = 0; i < n; i++) out.push(this.pick(WORDS));
    return out.join(' ');
  }
  sentence(n) {
    const w = this.words(n);
    return `${w[0].toUpperCase()}${w.slice(1)}.`;
  }
  ident() {
    return `${this.pick(WORDS)}${this.pick(WORDS).replace(/^./, (c) => c.toUpperCase())}`;
  }
}

function labels(g, app, team, indent) {
  const pad = ' '.repeat(indent);
  let s = `${pad}app.kubernetes.io/name: ${app}\n${pad}app.kubernetes.io/part-of: ${team}\n`;
  if (g.chance(0.6))
    s += `${pad}app.kubernetes.io/managed-by: ${g.pick(['kustomize', 'argocd', 'helm', 'flux'])}\n`;
  if (g.chance(0.4)) s += `${pad}tier: ${g.pick(['backend', 'frontend', 'data'])}\n`;
  return s;
}

function container(g, name, image, hardened, indent) {
  const p = ' '.repeat(indent);
  let s = `${p}- name: ${name}\n${p}  image: ${image}\n`;
  if (g.chance(0.7)) s += `${p}  imagePullPolicy: ${g.pick(['IfNotPresent', 'Always'])}\n`;
  if (g.chance(0.5))
    s += `${p}  args: [${g.pick(['"--port=8080"', '"serve"', '--config=/etc/app/config.yaml'])}, "--log-level=${g.pick(['info', 'debug'])}"]\n`;
  const port = g.pick([80, 8080, 3000, 9090, 5432, 6379]);
  s += `${p}  ports:\n${p}  - name: http\n${p}    containerPort: ${port}\n${p}    protocol: TCP\n`;
  if (g.chance(0.3)) s += `${p}  - name: metrics\n${p}    containerPort: 9102\n`;
  const envs = g.int(0, 6);
  if (envs) {
    s += `${p}  env:\n`;
    for (let i = 0; i < envs; i++) {
      const k = `${g.pick(WORDS).toUpperCase()}_${g.pick(WORDS).toUpperCase()}`;
      if (g.chance(0.25))
        s += `${p}  - name: ${k}\n${p}    valueFrom:\n${p}      secretKeyRef:\n${p}        name: ${name}-secrets\n${p}        key: ${g.pick(WORDS)}\n`;
      else if (g.chance(0.2))
        s += `${p}  - name: ${k}\n${p}    valueFrom:\n${p}      fieldRef:\n${p}        fieldPath: metadata.namespace\n`;
      else
        s += `${p}  - name: ${k}\n${p}    value: ${g.pick(['"true"', '"8080"', 'production', `"${g.words(2)}"`, "'1'", 'info'])}\n`;
    }
  }
  if (g.chance(0.8)) {
    s += `${p}  resources:\n${p}    requests:\n${p}      cpu: ${g.pick(['50m', '100m', '250m', '"1"'])}\n${p}      memory: ${g.pick(['64Mi', '128Mi', '512Mi', '1Gi'])}\n`;
    if (g.chance(0.6)) s += `${p}    limits:\n${p}      memory: ${g.pick(['256Mi', '1Gi', '2Gi'])}\n`;
  }
  if (g.chance(0.6)) {
    s += `${p}  readinessProbe:\n${p}    httpGet:\n${p}      path: /healthz\n${p}      port: http\n${p}    initialDelaySeconds: ${g.int(0, 30)}\n${p}    periodSeconds: 10\n`;
    s += `${p}  livenessProbe:\n${p}    tcpSocket:\n${p}      port: ${port}\n${p}    failureThreshold: 3\n`;
  }
  if (g.chance(0.5))
    s += `${p}  volumeMounts:\n${p}  - name: config\n${p}    mountPath: /etc/app\n${p}    readOnly: true\n${p}  - name: tmp\n${p}    mountPath: /tmp\n`;
  if (hardened) {
    s += `${p}  securityContext:\n${p}    allowPrivilegeEscalation: false\n${p}    readOnlyRootFilesystem: true\n${p}    runAsNonRoot: true\n${p}    capabilities:\n${p}      drop: ["ALL"]\n`;
  } else if (g.chance(0.5)) {
    const bad = g.pick([
      'privileged: true',
      'runAsUser: 0',
      'allowPrivilegeEscalation: true',
      'capabilities:\n      add: [NET_ADMIN, SYS_TIME]',
      'privileged: yes',
      'runAsNonRoot: false',
    ]);
    s += `${p}  securityContext:\n${p}    ${bad.replace(/\n {6}/g, `\n${p}      `)}\n`;
  }
  return s;
}

function podSpec(g, app, team, indent) {
  const p = ' '.repeat(indent);
  const hardened = g.chance(0.45);
  const image = `${g.pick(REGISTRIES)}/${g.chance(0.7) ? app : g.pick(BASE_IMAGES)}:${g.chance(0.15) ? 'latest' : `${g.int(1, 4)}.${g.int(0, 30)}.${g.int(0, 9)}`}`;
  let s = '';
  if (g.chance(0.7)) s += `${p}serviceAccountName: ${app}\n`;
  if (g.chance(0.15)) s += `${p}hostNetwork: true\n`;
  if (g.chance(0.05)) s += `${p}hostPID: true\n`;
  if (hardened || g.chance(0.3))
    s += `${p}securityContext:\n${p}  runAsNonRoot: true\n${p}  runAsUser: ${g.int(1000, 65000)}\n${p}  fsGroup: 2000\n${p}  seccompProfile:\n${p}    type: RuntimeDefault\n`;
  if (g.chance(0.3)) s += `${p}nodeSelector:\n${p}  kubernetes.io/os: linux\n`;
  if (g.chance(0.2))
    s += `${p}tolerations:\n${p}- key: dedicated\n${p}  operator: Equal\n${p}  value: ${team}\n${p}  effect: NoSchedule\n`;
  if (g.chance(0.25))
    s += `${p}initContainers:\n${container(g, 'init', `${g.pick(REGISTRIES)}/busybox:1.36`, hardened, indent)}`;
  s += `${p}containers:\n${container(g, app, image, hardened, indent)}`;
  if (g.chance(0.25))
    s += container(g, 'sidecar', `${g.pick(REGISTRIES)}/envoy:v1.${g.int(20, 31)}.0`, hardened, indent);
  s += `${p}volumes:\n${p}- name: config\n${p}  configMap:\n${p}    name: ${app}-config\n${p}- name: tmp\n${p}  emptyDir: {}\n`;
  if (g.chance(0.08)) s += `${p}- name: host\n${p}  hostPath:\n${p}    path: /var/run/docker.sock\n`;
  return s;
}

function meta(g, name, ns, app, team) {
  let s = `metadata:\n  name: ${name}\n  namespace: ${ns}\n  labels:\n${labels(g, app, team, 4)}`;
  if (g.chance(0.3))
    s += `  annotations:\n    owner: "${team}@example.com"\n    description: ${g.words(6)}\n`;
  return s;
}

function workload(g, app, ns, team) {
  const kind = g.chance(0.85) ? 'Deployment' : g.pick(['StatefulSet', 'DaemonSet']);
  let s = '';
  if (g.chance(0.3)) s += `# ${kind} for ${app} (${team}); owned by the ${team} team\n`;
  s += `apiVersion: apps/v1\nkind: ${kind}\n${meta(g, app, ns, app, team)}spec:\n`;
  if (kind !== 'DaemonSet') s += `  replicas: ${g.int(1, 6)}\n`;
  if (kind === 'StatefulSet') s += `  serviceName: ${app}\n`;
  if (kind === 'Deployment' && g.chance(0.4))
    s += `  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 25%\n      maxUnavailable: 0\n`;
  s += `  selector:\n    matchLabels:\n      app.kubernetes.io/name: ${app}\n  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: ${app}\n        app.kubernetes.io/part-of: ${team}\n`;
  if (g.chance(0.3))
    s += `      annotations:\n        prometheus.io/scrape: "true"\n        prometheus.io/port: "9102"\n`;
  s += `    spec:\n${podSpec(g, app, team, 6)}`;
  return s;
}

function service(g, app, ns, team) {
  return `apiVersion: v1\nkind: Service\n${meta(g, app, ns, app, team)}spec:\n  type: ${g.pick(['ClusterIP', 'ClusterIP', 'ClusterIP', 'NodePort', 'LoadBalancer'])}\n  selector:\n    app.kubernetes.io/name: ${app}\n  ports:\n  - name: http\n    port: 80\n    targetPort: http\n    protocol: TCP\n`;
}

function configMap(g, app, ns, team) {
  let s = `apiVersion: v1\nkind: ConfigMap\n${meta(g, `${app}-config`, ns, app, team)}data:\n`;
  const n = g.int(1, 6);
  for (let i = 0; i < n; i++)
    s += `  ${g.pick(WORDS)}_${i}: ${g.pick(['"true"', '"42"', g.words(3), `'${g.words(2)}'`])}\n`;
  if (g.chance(0.6)) {
    s += '  config.yaml: |\n';
    const lines = g.int(3, 25);
    for (let i = 0; i < lines; i++)
      s += `    ${g.pick(WORDS)}: ${g.chance(0.5) ? g.int(0, 1000) : g.words(2)}\n`;
  }
  return s;
}

function rbac(g, app, ns) {
  const verbs = g.chance(0.15) ? '["*"]' : '["get", "list", "watch"]';
  const resources = g.chance(0.1) ? '["secrets"]' : '["configmaps", "pods"]';
  return [
    `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${app}\n  namespace: ${ns}\n${g.chance(0.5) ? 'automountServiceAccountToken: false\n' : ''}`,
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: ${app}\n  namespace: ${ns}\nrules:\n- apiGroups: [""]\n  resources: ${resources}\n  verbs: ${verbs}\n${g.chance(0.3) ? '- apiGroups: ["apps"]\n  resources: ["deployments"]\n  verbs: ["get"]\n' : ''}`,
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: ${app}\n  namespace: ${ns}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: ${app}\nsubjects:\n- kind: ServiceAccount\n  name: ${app}\n  namespace: ${ns}\n`,
  ];
}

function networkPolicy(g, app, ns, team) {
  if (g.chance(0.3))
    return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: ${ns}\nspec:\n  podSelector: {}\n  policyTypes:\n  - Ingress\n  - Egress\n`;
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n${meta(g, `${app}-allow`, ns, app, team)}spec:\n  podSelector:\n    matchLabels:\n      app.kubernetes.io/name: ${app}\n  policyTypes: [Ingress]\n  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels:\n          kubernetes.io/metadata.name: ${g.pick(TEAMS)}-${g.pick(ENVS)}\n    - podSelector:\n        matchLabels:\n          app.kubernetes.io/name: ${g.pick(APPS)}\n    ports:\n    - protocol: TCP\n      port: 8080\n`;
}

function ingress(g, app, ns, team) {
  const host = `${app}.${team}.example.com`;
  return `apiVersion: networking.k8s.io/v1\nkind: Ingress\n${meta(g, app, ns, app, team)}spec:\n  ingressClassName: nginx\n${g.chance(0.7) ? `  tls:\n  - hosts:\n    - ${host}\n    secretName: ${app}-tls\n` : ''}  rules:\n  - host: ${host}\n    http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend:\n          service:\n            name: ${app}\n            port:\n              number: 80\n`;
}

function extras(g, app, ns, team) {
  const out = [];
  if (g.chance(0.4))
    out.push(
      `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ${app}\n  namespace: ${ns}\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: ${app}\n  minReplicas: 2\n  maxReplicas: ${g.int(3, 20)}\n  metrics:\n  - type: Resource\n    resource:\n      name: cpu\n      target:\n        type: Utilization\n        averageUtilization: 70\n`,
    );
  if (g.chance(0.4))
    out.push(
      `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: ${app}\n  namespace: ${ns}\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: ${app}\n`,
    );
  if (g.chance(0.2))
    out.push(
      `apiVersion: batch/v1\nkind: CronJob\n${meta(g, `${app}-cleanup`, ns, app, team)}spec:\n  schedule: "${g.int(0, 59)} ${g.int(0, 23)} * * *"\n  concurrencyPolicy: Forbid\n  jobTemplate:\n    spec:\n      backoffLimit: 2\n      template:\n        spec:\n          restartPolicy: OnFailure\n${podSpec(g, app, team, 10)}`,
    );
  return out;
}

const NS_DOC = (ns, team) =>
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  labels:\n    team: ${team}\n    pod-security.kubernetes.io/enforce: restricted\n`;

function schemaProps(g, depth, indent, budget) {
  const p = ' '.repeat(indent);
  let s = `${p}properties:\n`;
  const n = depth === 0 ? g.int(8, 14) : g.int(2, 7);
  const used = new Set();
  for (let i = 0; i < n && budget.left > 0; i++) {
    budget.left--;
    let name = g.ident();
    while (used.has(name)) name = `${name}X`;
    used.add(name);
    const desc = g.sentence(g.int(8, 60));
    s += `${p}  ${name}:\n`;
    // controller-gen writes long descriptions as plain multi-line scalars or literal blocks.
    if (desc.length > 80 && g.chance(0.5)) {
      s += `${p}    description: |-\n`;
      for (let j = 0; j < desc.length; j += 80) s += `${p}      ${desc.slice(j, j + 80).trim()}\n`;
    } else if (desc.length > 80) {
      const words = desc.split(' ');
      s += `${p}    description: ${words.slice(0, 10).join(' ')}\n`;
      for (let j = 10; j < words.length; j += 10) s += `${p}      ${words.slice(j, j + 10).join(' ')}\n`;
    } else s += `${p}    description: ${desc}\n`;
    const t =
      depth < 5 && budget.left > 0
        ? g.pick(['object', 'object', 'array', 'string', 'integer', 'boolean'])
        : g.pick(['string', 'integer', 'boolean']);
    if (t === 'object') {
      s += `${p}    type: object\n${schemaProps(g, depth + 1, indent + 4, budget)}`;
      if (g.chance(0.3)) s += `${p}    required:\n${p}    - ${g.ident()}\n`;
    } else if (t === 'array') {
      s += `${p}    type: array\n${p}    items:\n${g.chance(0.5) ? `${p}      type: string\n` : `${p}      type: object\n${schemaProps(g, depth + 1, indent + 6, budget)}`}`;
      if (g.chance(0.3)) s += `${p}    x-kubernetes-list-type: atomic\n`;
    } else if (t === 'integer') {
      s += `${p}    type: integer\n${p}    format: int${g.pick(['32', '64'])}\n${g.chance(0.3) ? `${p}    minimum: 0\n` : ''}`;
    } else if (t === 'string' && g.chance(0.3)) {
      s += `${p}    enum:\n${p}    - ${g.pick(WORDS)}\n${p}    - ${g.pick(WORDS)}\n${p}    type: string\n`;
    } else {
      s += `${p}    type: ${t}\n`;
    }
  }
  return s;
}

function crd(g, group, plural, props) {
  const kind = plural[0].toUpperCase() + plural.slice(1, -1);
  let s = `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  annotations:\n    controller-gen.kubebuilder.io/version: v0.${g.int(10, 16)}.0\n  name: ${plural}.${group}\nspec:\n  group: ${group}\n  names:\n    kind: ${kind}\n    listKind: ${kind}List\n    plural: ${plural}\n    singular: ${plural.slice(0, -1)}\n  scope: Namespaced\n  versions:\n  - name: v1\n    served: true\n    storage: true\n    subresources:\n      status: {}\n    additionalPrinterColumns:\n    - jsonPath: .metadata.creationTimestamp\n      name: Age\n      type: date\n    schema:\n      openAPIV3Schema:\n        description: ${g.sentence(12)}\n        type: object\n`;
  s += schemaProps(g, 0, 8, { left: props });
  return s;
}

/** One install bundle of roughly `targetBytes`, like the `install.yaml` operators publish. */
function bundle(g, name, targetBytes) {
  const docs = [];
  const ns = `${name}-system`;
  const group = `${name}.example.io`;
  docs.push(NS_DOC(ns, name));
  let size = 0;
  let i = 0;
  while (size < targetBytes * 0.85) {
    const d = crd(g, group, `${g.pick(WORDS)}${g.pick(WORDS)}${i++}s`, g.int(150, 700));
    size += d.length;
    docs.push(d);
  }
  for (const c of ['controller', 'webhook', 'cainjector']) {
    docs.push(`apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}-${c}\n  namespace: ${ns}\n`);
    docs.push(
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ${name}-${c}\nrules:\n- apiGroups: ["${group}"]\n  resources: ["*"]\n  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]\n- apiGroups: [""]\n  resources: ["secrets", "events"]\n  verbs: ["get", "list", "watch", "create", "patch"]\n`,
    );
    docs.push(
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: ${name}-${c}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: ${name}-${c}\nsubjects:\n- kind: ServiceAccount\n  name: ${name}-${c}\n  namespace: ${ns}\n`,
    );
    docs.push(workload(g, `${name}-${c}`, ns, name));
    docs.push(service(g, `${name}-${c}`, ns, name));
  }
  return docs;
}

function write(root, rel, docs, stats) {
  const path = join(root, rel);
  mkdirSync(dirname(path), { recursive: true });
  const text = docs.join('---\n');
  writeFileSync(path, text);
  stats.files++;
  stats.documents += docs.length;
  stats.bytes += Buffer.byteLength(text);
  stats.paths.push(path);
}

/**
 * Writes at least `documents` YAML documents under `root`; install bundles are 2–4 MB unless
 * `bundleMegabytes` says otherwise (tests use small ones).
 * Returns { files, documents, bytes, bundles, paths }.
 */
export function generateCorpus(root, { documents = 10_000, seed = 1, bundleMegabytes } = {}) {
  const g = new Gen(seed);
  const stats = { files: 0, documents: 0, bytes: 0, bundles: 0, bundleBytes: 0, paths: [] };
  // About one install bundle (2–4 MB) per 4,000 documents, at least two.
  const bundles = Math.max(2, Math.round(documents / 4000));
  for (let b = 0; b < bundles; b++) {
    const name = `${g.pick(['cert', 'mesh', 'monitor', 'backup', 'policy', 'secrets', 'gitops', 'queue'])}${b}`;
    const docs = bundle(g, name, (bundleMegabytes ?? g.int(2, 4)) * 1024 * 1024);
    const before = stats.bytes;
    write(root, `vendor/${name}/install.yaml`, docs, stats);
    stats.bundles++;
    stats.bundleBytes += stats.bytes - before;
  }
  let n = 0;
  while (stats.documents < documents) {
    const team = TEAMS[n % TEAMS.length];
    const env = ENVS[Math.floor(n / TEAMS.length) % ENVS.length];
    const ns = `${team}-${env}`;
    const app = `${g.pick(APPS)}-${n}`;
    const dir = `clusters/${env}/${team}/${app}`;
    n++;
    if (n % 20 === 1) write(root, `clusters/${env}/${team}/namespace-${n}.yaml`, [NS_DOC(ns, team)], stats);
    const style = g.r();
    if (style < 0.1) {
      // Rendered by `helm template`: one file, `# Source:` comments, many documents.
      const docs = [
        `# Source: ${app}/templates/serviceaccount.yaml\n${rbac(g, app, ns)[0]}`,
        `# Source: ${app}/templates/configmap.yaml\n${configMap(g, app, ns, team)}`,
        `# Source: ${app}/templates/service.yaml\n${service(g, app, ns, team)}`,
        `# Source: ${app}/templates/deployment.yaml\n${workload(g, app, ns, team)}`,
      ];
      write(root, `rendered/${env}/${app}.yaml`, docs, stats);
    } else if (style < 0.15) {
      // JSON manifests (kubectl get -o json style).
      const obj = {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: app, namespace: ns, labels: { 'app.kubernetes.io/name': app } },
        spec: { selector: { 'app.kubernetes.io/name': app }, ports: [{ port: 80, targetPort: 8080 }] },
      };
      write(root, `${dir}/service.json`, [`${JSON.stringify(obj, null, 2)}\n`], stats);
      write(root, `${dir}/deployment.yaml`, [workload(g, app, ns, team)], stats);
    } else if (style < 0.45) {
      // One multi-document file per app.
      write(
        root,
        `${dir}/all.yaml`,
        [
          workload(g, app, ns, team),
          service(g, app, ns, team),
          configMap(g, app, ns, team),
          ...rbac(g, app, ns),
        ],
        stats,
      );
    } else {
      write(root, `${dir}/deployment.yaml`, [workload(g, app, ns, team)], stats);
      write(root, `${dir}/service.yaml`, [service(g, app, ns, team)], stats);
      if (g.chance(0.8)) write(root, `${dir}/configmap.yaml`, [configMap(g, app, ns, team)], stats);
      if (g.chance(0.7)) write(root, `${dir}/rbac.yaml`, rbac(g, app, ns), stats);
      if (g.chance(0.6)) write(root, `${dir}/networkpolicy.yaml`, [networkPolicy(g, app, ns, team)], stats);
      if (g.chance(0.5)) write(root, `${dir}/ingress.yaml`, [ingress(g, app, ns, team)], stats);
      const more = extras(g, app, ns, team);
      if (more.length) write(root, `${dir}/extras.yaml`, more, stats);
      if (g.chance(0.3))
        write(
          root,
          `${dir}/kustomization.yaml`,
          [
            `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- deployment.yaml\n- service.yaml\n`,
          ],
          stats,
        );
    }
  }
  return stats;
}
