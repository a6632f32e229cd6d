// Reference links shared by rule metadata.
import type { Reference } from '../src/engine/rule.js';

const PSS_URL = 'https://kubernetes.io/docs/concepts/security/pod-security-standards/';

export function pss(level: 'baseline' | 'restricted', control: string): Reference {
  return { title: `Pod Security Standards (${level}): ${control}`, url: PSS_URL };
}

export function cis(id: string, title: string): Reference {
  return {
    title: `CIS Kubernetes Benchmark ${id}: ${title}`,
    url: 'https://www.cisecurity.org/benchmark/kubernetes',
  };
}

export function nsa(section: string): Reference {
  return {
    title: `NSA/CISA Kubernetes Hardening Guide: ${section}`,
    url: 'https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF',
  };
}

export function k8sDocs(title: string, path: string): Reference {
  return { title, url: `https://kubernetes.io/docs/${path}` };
}
