// kubeadm reads static-pod and kubelet patches from a folder (`patches.directory` in an Init/Join
// configuration, often mounted there by a kind `Cluster` config). Each file is a patch named
// `<target>[suffix][+<patchtype>].<yaml|json>` (kubeadm's documented naming): a fragment merged into
// the manifest kubeadm writes, not an object applied on its own. Linting one as a Pod reports every
// field it leaves to the real manifest, so such files are skipped with a notice.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** kubeadm's patch targets and patch types (`kubeadm init --help`, `--patches`). */
const PATCH_FILE =
  /^(?:etcd|kube-apiserver|kube-controller-manager|kube-scheduler|kubeletconfiguration|corednsdeployment)[a-z0-9]*(?:\+(?:strategic|merge|json))?\.(?:ya?ml|json)$/i;
/** A kind cluster config or a kubeadm configuration. */
const KUBEADM_CONFIG = /\bkind\.x-k8s\.io\/|\bkubeadm\.k8s\.io\/|\bkind:\s*(?:Init|Join)Configuration\b/;
/** That configuration names a patches folder. */
const PATCHES_DIRECTORY = /\bpatches:[ \t]*(?:\{[ \t]*|(?:#[^\n]*)?\r?\n\s*)directory:/;
const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Whether the file is a kubeadm patch: named as kubeadm names patches, in a folder named `patches`
 * whose parent folder holds a kind or kubeadm configuration with `patches.directory`.
 */
export function isKubeadmPatchFile(absPath: string, configDirs = new Map<string, boolean>()): boolean {
  if (!PATCH_FILE.test(basename(absPath))) return false;
  const folder = dirname(absPath);
  if (basename(folder) !== 'patches') return false;
  const parent = dirname(folder);
  let known = configDirs.get(parent);
  if (known === undefined) {
    known = hasKubeadmConfig(parent);
    configDirs.set(parent, known);
  }
  return known;
}

function hasKubeadmConfig(dir: string): boolean {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return false;
  }
  for (const name of names) {
    if (!/\.ya?ml$/i.test(name)) continue;
    const p = join(dir, name);
    try {
      if (!statSync(p).isFile() || statSync(p).size > MAX_CONFIG_BYTES) continue;
      const text = readFileSync(p, 'utf8');
      if (KUBEADM_CONFIG.test(text) && PATCHES_DIRECTORY.test(text)) return true;
    } catch {
      // unreadable: not evidence either way
    }
  }
  return false;
}
