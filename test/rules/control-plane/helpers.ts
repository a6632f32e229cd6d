// Manifest builders for the control-plane rule tests. In `staticPod`, `command:` is on line 10
// (columns 7-14) and the first flag on line 12, its text starting at column 11.
export function staticPod(
  component: string,
  flags: readonly string[],
  image = `registry.k8s.io/${component}:v1.34.2`,
): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${component}
  namespace: kube-system
spec:
  containers:
    - name: ${component}
      image: ${image}
      command:
        - ${component}
${flags.map((f) => `        - ${f}`).join('\n')}
`;
}

/** A kubeadm ClusterConfiguration; `body` starts on line 3. */
export function clusterConfiguration(body: string, version = 'v1beta4'): string {
  return `apiVersion: kubeadm.k8s.io/${version}
kind: ClusterConfiguration
${body}`;
}
