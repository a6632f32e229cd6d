// The objects templates see besides .Values: .Release, .Capabilities, .Files (as Helm builds them).
import {
  type GoMap,
  GoStruct,
  type GoValue,
  goString,
  goStruct,
  isString,
  stringList,
} from '../gotemplate/values.js';
import type { ChartFile } from './chart.js';
import { toYaml } from './yaml.js';

export interface ReleaseOptions {
  readonly name: string;
  readonly namespace: string;
  readonly isUpgrade?: boolean;
}

export function releaseObject(o: ReleaseOptions): GoMap {
  return new Map<string, GoValue>([
    ['Name', o.name],
    ['Namespace', o.namespace],
    ['IsUpgrade', o.isUpgrade === true],
    ['IsInstall', o.isUpgrade !== true],
    ['Revision', 1n],
    ['Service', 'Helm'],
  ]);
}

/** API versions `helm template` v4.1.4 knows without a cluster (its client-go scheme). */
export const DEFAULT_API_VERSIONS: readonly string[] = [
  'v1', 'admissionregistration.k8s.io/v1', 'admissionregistration.k8s.io/v1alpha1',
  'admissionregistration.k8s.io/v1beta1', 'internal.apiserver.k8s.io/v1alpha1', 'apps/v1', 'apps/v1beta1',
  'apps/v1beta2', 'authentication.k8s.io/v1', 'authentication.k8s.io/v1alpha1', 'authentication.k8s.io/v1beta1',
  'authorization.k8s.io/v1', 'authorization.k8s.io/v1beta1', 'autoscaling/v1', 'autoscaling/v2',
  'autoscaling/v2beta1', 'autoscaling/v2beta2', 'batch/v1', 'batch/v1beta1', 'certificates.k8s.io/v1',
  'certificates.k8s.io/v1beta1', 'certificates.k8s.io/v1alpha1', 'coordination.k8s.io/v1alpha2',
  'coordination.k8s.io/v1beta1', 'coordination.k8s.io/v1', 'discovery.k8s.io/v1', 'discovery.k8s.io/v1beta1',
  'events.k8s.io/v1', 'events.k8s.io/v1beta1', 'extensions/v1beta1', 'flowcontrol.apiserver.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1beta1', 'flowcontrol.apiserver.k8s.io/v1beta2',
  'flowcontrol.apiserver.k8s.io/v1beta3', 'networking.k8s.io/v1', 'networking.k8s.io/v1beta1', 'node.k8s.io/v1',
  'node.k8s.io/v1alpha1', 'node.k8s.io/v1beta1', 'policy/v1', 'policy/v1beta1', 'rbac.authorization.k8s.io/v1',
  'rbac.authorization.k8s.io/v1beta1', 'rbac.authorization.k8s.io/v1alpha1', 'resource.k8s.io/v1',
  'resource.k8s.io/v1beta2', 'resource.k8s.io/v1beta1', 'resource.k8s.io/v1alpha3', 'scheduling.k8s.io/v1alpha1',
  'scheduling.k8s.io/v1beta1', 'scheduling.k8s.io/v1', 'storage.k8s.io/v1beta1', 'storage.k8s.io/v1',
  'storage.k8s.io/v1alpha1', 'storagemigration.k8s.io/v1beta1', 'apiextensions.k8s.io/v1beta1',
  'apiextensions.k8s.io/v1',
]; // biome-ignore format: a table

/** The Kubernetes version `helm template` v4.1.4 assumes without a cluster. */
export const DEFAULT_KUBE_VERSION = 'v1.35.0';

export class KubeVersionError extends Error {}

/** common.ParseKubeVersion: `1.28`, `v1.28.3`, `1.28.3-gke.1`. */
export function kubeVersionObject(version: string): GoStruct {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?([-+].*)?$/.exec(version.trim());
  if (!m)
    throw new KubeVersionError(`invalid kube version '${version}': could not parse "${version}" as version`);
  const git = version.startsWith('v') ? version : `v${version}`;
  const normalized = `v${Number(m[1])}.${Number(m[2])}.${Number(m[3] ?? 0)}${m[4] ?? ''}`;
  return goStruct(
    'common.KubeVersion',
    { Version: git, Major: String(Number(m[1])), Minor: String(Number(m[2])) },
    {
      String: { fn: () => normalized },
      GitVersion: { fn: () => git },
    },
  );
}

export function capabilitiesObject(kubeVersion: string, apiVersions: readonly string[]): GoStruct {
  const versions = [...DEFAULT_API_VERSIONS, ...apiVersions];
  const apiSet = new GoStruct('common.VersionSet', new Map(), {
    Has: { params: ['string'], fn: (v) => versions.includes(str(v)) },
  });
  const helmVersion = goStruct('version.BuildInfo', {
    Version: 'v4.1.4',
    GitCommit: '05fa37973dc9e42b76e1d2883494c87174b6074f',
    GitTreeState: 'clean',
    GoVersion: 'go1.25.9',
    KubeClientVersion: 'v1.35',
  });
  return goStruct(
    'common.Capabilities',
    { KubeVersion: kubeVersionObject(kubeVersion), APIVersions: apiSet, HelmVersion: helmVersion },
    {},
    true,
  );
}

const str = (v: GoValue | undefined): string =>
  isString(v ?? null) ? goString(v as string) : String(v ?? '');
const utf8 = new TextDecoder('utf-8');

/** `.Files`: a map of chart file name to bytes with Helm's accessors. */
export function filesObject(files: readonly ChartFile[]): GoStruct {
  const byName = new Map<string, Uint8Array>();
  for (const f of files) byName.set(f.name, f.data);
  return makeFiles(byName);
}

function makeFiles(byName: Map<string, Uint8Array>): GoStruct {
  const names = () => [...byName.keys()].sort();
  return new GoStruct('engine.files', new Map(), {
    Get: { params: ['string'], fn: (n) => utf8.decode(byName.get(str(n)) ?? new Uint8Array()) },
    GetBytes: { params: ['string'], fn: (n) => byName.get(str(n)) ?? new Uint8Array() },
    Glob: {
      params: ['string'],
      fn: (p) => {
        const re = globRegExp(str(p));
        const out = new Map<string, Uint8Array>();
        for (const n of names()) if (re.test(n)) out.set(n, byName.get(n)!);
        return makeFiles(out);
      },
    },
    Lines: {
      params: ['string'],
      fn: (p) => {
        const data = byName.get(str(p));
        if (!data || data.length === 0) return stringList([]);
        let s = utf8.decode(data);
        if (s.endsWith('\n')) s = s.slice(0, -1);
        return stringList(s.split('\n'));
      },
    },
    AsConfig: {
      fn: () => {
        const m: GoMap = new Map();
        for (const n of names()) m.set(n.slice(n.lastIndexOf('/') + 1), utf8.decode(byName.get(n)!));
        return toYaml(m);
      },
    },
    AsSecrets: {
      fn: () => {
        const m: GoMap = new Map();
        for (const n of names())
          m.set(n.slice(n.lastIndexOf('/') + 1), Buffer.from(byName.get(n)!).toString('base64'));
        return toYaml(m);
      },
    },
  });
}

/** gobwas/glob with '/' as separator: `*` and `?` stay within a path segment, `**` crosses them. */
export function globRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        re += '.*';
        i++;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        let body = pattern.slice(i + 1, end);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        re += `[${body.replaceAll('\\', '\\\\')}]`;
        i = end;
      }
    } else if (c === '{') {
      const end = pattern.indexOf('}', i + 1);
      if (end < 0) re += '\\{';
      else {
        re += `(?:${pattern
          .slice(i + 1, end)
          .split(',')
          .map((a) =>
            a
              .replace(/[.+^$()|\\]/g, '\\$&')
              .replaceAll('*', '[^/]*')
              .replaceAll('?', '[^/]'),
          )
          .join('|')})`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < pattern.length) {
      re += pattern[++i]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  try {
    return new RegExp(`^${re}$`, 's');
  } catch {
    return /^.*$/s;
  }
}
