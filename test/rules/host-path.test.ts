import containerRuntimeSocket from '../../rules/workload/container-runtime-socket.js';
import hostPathVolume from '../../rules/workload/host-path-volume.js';
import { ruleTester } from '../rule-tester.js';

const pod = (mounts: string, volumes: string) => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: app
    image: app:1.0
    volumeMounts:
${mounts}  volumes:
${volumes}`;

ruleTester(hostPathVolume, {
  valid: [
    {
      name: 'emptyDir and configMap volumes',
      code: pod(
        '    - {name: tmp, mountPath: /tmp}\n',
        '  - name: tmp\n    emptyDir: {}\n  - name: cfg\n    configMap: {name: c}\n',
      ),
    },
  ],
  invalid: [
    {
      name: 'a writable mount of a non-sensitive path is high',
      code: pod(
        '    - {name: data, mountPath: /data}\n',
        '  - name: data\n    hostPath:\n      path: /srv/data\n',
      ),
      errors: [
        {
          line: 14,
          column: 7,
          endLine: 14,
          endColumn: 22,
          severity: 'high',
          path: 'spec.volumes[0].hostPath.path',
          message: 'exposes /srv/data from the node; container "app" mounts it writable',
        },
      ],
    },
    {
      name: 'a sensitive path is critical, even read-only',
      code: pod(
        '    - {name: etc, mountPath: /host/etc, readOnly: true}\n',
        '  - name: etc\n    hostPath: {path: /etc/kubernetes/}\n',
      ),
      errors: [
        {
          line: 13,
          column: 16,
          endLine: 13,
          endColumn: 38,
          severity: 'critical',
          message: '/etc/kubernetes, a sensitive node path, from the node; every mount is read-only',
        },
      ],
    },
    {
      name: 'a volume no container mounts, in a Deployment, without a path',
      code: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      containers: [{name: a, image: a:1}]
      volumes:
      - name: root
        hostPath:
          type: Directory
`,
      errors: [{ line: 10, column: 9, endLine: 11, endColumn: 26, message: 'no container mounts it' }],
    },
    {
      name: 'the root filesystem, mounted writable by init and regular containers',
      code: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - name: setup
    image: a:1
    volumeMounts: [{name: host, mountPath: /host}]
  containers:
  - name: app
    image: a:1
    volumeMounts: [{name: host, mountPath: /host, readOnly: false}]
  volumes:
  - name: host
    hostPath: {path: /}
`,
      errors: [
        {
          line: 15,
          column: 16,
          endLine: 15,
          endColumn: 23,
          severity: 'critical',
          message: 'containers "setup" and "app" mount it writable',
        },
      ],
    },
  ],
});

ruleTester(containerRuntimeSocket, {
  valid: [
    {
      name: 'a hostPath that reaches no runtime socket',
      code: pod(
        '    - {name: logs, mountPath: /var/log}\n',
        '  - name: logs\n    hostPath: {path: /var/log}\n',
      ),
    },
  ],
  invalid: [
    {
      name: 'the docker socket by volume path',
      code: pod(
        '    - {name: docker, mountPath: /var/run/docker.sock}\n',
        '  - name: docker\n    hostPath:\n      path: /var/run/docker.sock\n      type: Socket\n',
      ),
      errors: [
        {
          line: 14,
          column: 7,
          endLine: 14,
          endColumn: 33,
          severity: 'critical',
          message: 'exposes the Docker socket (/var/run/docker.sock)',
          path: 'spec.volumes[0].hostPath.path',
        },
      ],
    },
    {
      name: 'the containerd run directory',
      code: pod('', '  - name: c\n    hostPath: {path: /run/containerd}\n'),
      errors: [{ line: 12, column: 16, endLine: 12, endColumn: 37, message: 'containerd socket' }],
    },
    {
      name: 'the CRI-O socket reached through a /var/run volume by subPath',
      code: pod(
        '    - name: run\n      mountPath: /crio.sock\n      subPath: crio/crio.sock\n',
        '  - name: run\n    hostPath: {path: /var/run}\n',
      ),
      errors: [
        {
          line: 11,
          column: 7,
          endLine: 11,
          endColumn: 28,
          message: 'container "app" mounts the CRI-O socket from hostPath volume "run"',
          path: 'spec.containers[0].volumeMounts[0].mountPath',
        },
      ],
    },
    {
      name: 'a /var/run volume with no socket-named mount: the volume, which holds the sockets',
      code: pod(
        '    - {name: run, mountPath: /host/run, readOnly: true}\n',
        '  - name: run\n    hostPath: {path: /var/run/}\n',
      ),
      errors: [
        {
          line: 13,
          column: 16,
          endLine: 13,
          endColumn: 31,
          message: 'exposes /var/run, which holds the container runtime',
          path: 'spec.volumes[0].hostPath.path',
        },
      ],
    },
  ],
});
