// Shared by the control-plane rules: how findings about one flag are reported, and the facts the
// CIS Kubernetes Benchmark checks flags against (loopback addresses, strong TLS cipher suites).
import type { Fix, RuleContext } from '../../src/engine/rule.js';
import type { ComponentFlags, ComponentName, K8sObject } from '../../src/model/index.js';
import { COMPONENT_KINDS as COMPONENT_KINDS_LIST, componentsOf } from '../../src/model/index.js';

export const COMPONENT_KINDS: readonly string[] = COMPONENT_KINDS_LIST;

/** Reports about `flag` of a component: at the flag when written, else at the command/extraArgs key. */
export function reportFlag(
  context: RuleContext<unknown>,
  c: ComponentFlags,
  flag: string,
  message: string,
  severity?: 'critical' | 'high' | 'medium' | 'low',
  fix?: Fix,
): void {
  const at = c.at(flag);
  // Where defaults are not modelled (kops), an unwritten flag may well be set: judge written ones only.
  if (!at.written && c.defaultsUnknown) return;
  context.report({
    object: c.object,
    span: at.span,
    path: at.written ? at.path : `${at.path}`,
    message: `${message} (${c.where})`,
    ...(severity ? { severity } : {}),
    ...(fix ? { fix } : {}),
  });
}

/** Calls `check` for every declaration of `component` in the object. */
export function eachComponent(
  object: K8sObject,
  component: ComponentName,
  check: (c: ComponentFlags) => void,
): void {
  for (const c of componentsOf(object, component)) check(c);
}

/** True for addresses only the node itself can reach. */
export function isLoopback(address: string): boolean {
  const a = address.replace(/^\[|\]$/g, '');
  return a === 'localhost' || a === '::1' || /^127\.\d+\.\d+\.\d+$/.test(a);
}

// The suites the CIS Kubernetes Benchmark accepts (1.2.30 / 4.2.13): AEAD ciphers with forward secrecy.
const STRONG_CIPHERS = new Set([
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
]);

export function weakCiphers(suites: readonly string[]): string[] {
  return suites.filter((s) => !STRONG_CIPHERS.has(s));
}

/** Profiling and bind-address rules differ only in component and CIS control; these build them. */
export const COMPONENT_LABEL: Record<ComponentName, string> = {
  'kube-apiserver': 'API server',
  'kube-controller-manager': 'controller manager',
  'kube-scheduler': 'scheduler',
  etcd: 'etcd',
  kubelet: 'kubelet',
};

export const KUBELET_KINDS = [...COMPONENT_KINDS_LIST, 'KubeletConfiguration'];
