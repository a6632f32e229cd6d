// Exposure rules: Services, Ingresses, Gateways and the Dashboard.
import dashboardInsecure from '../../../rules/cluster/dashboard-insecure.js';
import ingressWithoutTls from '../../../rules/cluster/ingress-without-tls.js';
import sensitiveServiceExposed from '../../../rules/cluster/sensitive-service-exposed.js';
import serviceExternalIps from '../../../rules/cluster/service-external-ips.js';
import serviceLoadBalancerOpen from '../../../rules/cluster/service-load-balancer-open.js';
import serviceNodePort from '../../../rules/cluster/service-node-port.js';
import { ruleTester } from '../../rule-tester.js';

/** A Service; `spec` body from line 7. */
const service = (spec: string, name = 'web', annotations = '') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: shop
${annotations}spec:
${spec}`;

ruleTester(serviceLoadBalancerOpen, {
  valid: [
    {
      name: 'source ranges',
      code: service('  type: LoadBalancer\n  loadBalancerSourceRanges: [203.0.113.0/24]\n'),
    },
    {
      name: 'an internal AWS load balancer',
      code: service(
        '  type: LoadBalancer\n',
        'web',
        '  annotations:\n    service.beta.kubernetes.io/aws-load-balancer-scheme: internal\n',
      ),
    },
    { name: 'ClusterIP', code: service('  type: ClusterIP\n') },
  ],
  invalid: [
    {
      name: 'no source ranges',
      code: service('  type: LoadBalancer\n'),
      errors: [
        {
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 21,
          path: 'spec.type',
          message: 'without loadBalancerSourceRanges',
        },
      ],
    },
    {
      name: 'a range of 0.0.0.0/0 is no restriction',
      code: service('  type: LoadBalancer\n  loadBalancerSourceRanges: [0.0.0.0/0]\n'),
      errors: [{ line: 7, column: 3, endLine: 7, endColumn: 21, message: 'open to 0.0.0.0/0' }],
    },
  ],
});

ruleTester(serviceNodePort, {
  valid: [{ name: 'ClusterIP', code: service('  ports: [{port: 80}]\n') }],
  invalid: [
    {
      name: 'NodePort',
      code: service('  type: NodePort\n'),
      errors: [{ line: 7, column: 3, endLine: 7, endColumn: 17, severity: 'low' }],
    },
  ],
});

ruleTester(serviceExternalIps, {
  valid: [{ name: 'empty list', code: service('  externalIPs: []\n') }],
  invalid: [
    {
      name: 'externalIPs',
      code: service('  externalIPs:\n  - 198.51.100.7\n'),
      errors: [{ line: 7, column: 3, endLine: 8, endColumn: 17, message: 'CVE-2020-8554' }],
    },
  ],
});

const ingress = (spec: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
spec:
${spec}`;

const rule = (host: string, svc = 'web') =>
  `  - host: ${host}\n    http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend:\n          service: {name: ${svc}, port: {number: 80}}\n`;

ruleTester(ingressWithoutTls, {
  valid: [
    {
      name: 'hosts covered by a wildcard',
      code: ingress(
        `  tls:\n  - hosts: ["*.example.com"]\n    secretName: tls\n  rules:\n${rule('shop.example.com')}`,
      ),
    },
    {
      name: 'a Gateway with HTTP next to HTTPS (redirect)',
      code: `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: shop}
spec:
  gatewayClassName: x
  listeners:
  - {name: http, port: 80, protocol: HTTP}
  - {name: https, port: 443, protocol: HTTPS}
`,
    },
  ],
  invalid: [
    {
      name: 'no tls section',
      code: ingress(`  rules:\n${rule('shop.example.com')}`),
      errors: [{ line: 7, column: 3, endLine: 14, endColumn: 51, path: 'spec.tls' }],
    },
    {
      name: 'a host the wildcard does not cover (two labels deep)',
      code: ingress(`  tls:\n  - hosts: ["*.example.com"]\n  rules:\n${rule('a.b.example.com')}`),
      errors: [{ line: 10, column: 5, endLine: 10, endColumn: 26, path: 'spec.rules[0].host' }],
    },
    {
      name: 'a Gateway with only an HTTP listener',
      code: `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: shop}
spec:
  gatewayClassName: x
  listeners:
  - name: http
    port: 80
    protocol: HTTP
`,
      errors: [{ line: 9, column: 5, endLine: 9, endColumn: 19 }],
    },
  ],
});

const grafana = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dashboards
  namespace: shop
spec:
  template:
    metadata:
      labels: {app: dashboards}
    spec:
      containers:
      - name: ui
        image: grafana/grafana:11.2.0
`;

ruleTester(sensitiveServiceExposed, {
  valid: [
    { name: 'a ClusterIP Prometheus', code: service('  ports: [{port: 9090}]\n', 'prometheus') },
    { name: 'an ordinary LoadBalancer', code: service('  type: LoadBalancer\n  ports: [{port: 443}]\n') },
  ],
  invalid: [
    {
      name: 'a NodePort selecting a Grafana Deployment in another file',
      files: {
        'svc.yaml': service('  type: NodePort\n  selector: {app: dashboards}\n'),
        'deploy.yaml': grafana,
      },
      errors: [
        {
          file: 'svc.yaml',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 17,
          message: 'it selects Deployment/shop/dashboards, which runs grafana/grafana:11.2.0 (grafana)',
        },
      ],
    },
    {
      name: 'a LoadBalancer on the kubelet port',
      code: service('  type: LoadBalancer\n  ports: [{port: 10250}]\n', 'node-api'),
      errors: [{ line: 7, column: 3, endLine: 7, endColumn: 21, message: 'port 10250, the kubelet API' }],
    },
    {
      name: 'an Ingress routing to a Prometheus Service',
      files: {
        'ing.yaml': ingress(`  rules:\n${rule('metrics.example.com', 'prometheus-server')}`),
        'svc.yaml': service('  ports: [{port: 80}]\n', 'prometheus-server'),
      },
      errors: [
        {
          file: 'ing.yaml',
          line: 14,
          column: 21,
          endLine: 14,
          endColumn: 44,
          path: 'spec.rules[0].http.paths[0].backend.service.name',
        },
      ],
    },
  ],
});

const dashboard = (args: string, sa = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: kubernetes-dashboard
  namespace: kubernetes-dashboard
spec:
  template:
    spec:
${sa}      containers:
      - name: dashboard
        image: kubernetesui/dashboard:v2.7.0
        args:
${args}`;

ruleTester(dashboardInsecure, {
  valid: [
    {
      name: 'login required',
      code: dashboard('        - --auto-generate-certificates\n        - --enable-skip-login=false\n'),
    },
    {
      name: 'other images',
      code: dashboard('        - --enable-skip-login\n').replace(
        'kubernetesui/dashboard:v2.7.0',
        'example/app:1',
      ),
    },
  ],
  invalid: [
    {
      name: 'skip-login',
      code: dashboard('        - --enable-skip-login\n'),
      errors: [
        {
          line: 13,
          column: 11,
          endLine: 13,
          endColumn: 30,
          path: 'spec.template.spec.containers[0].args[0]',
        },
      ],
    },
    {
      name: 'its ServiceAccount bound to cluster-admin in another file',
      files: {
        'dash.yaml': dashboard(
          '        - --auto-generate-certificates\n',
          '      serviceAccountName: kubernetes-dashboard\n',
        ),
        'crb.yaml': `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: dashboard-admin}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects:
- {kind: ServiceAccount, name: kubernetes-dashboard, namespace: kubernetes-dashboard}
`,
      },
      errors: [
        {
          file: 'dash.yaml',
          line: 9,
          column: 7,
          endLine: 9,
          endColumn: 47,
          message: 'bound to cluster-admin by ClusterRoleBinding/dashboard-admin',
        },
      ],
    },
  ],
});
