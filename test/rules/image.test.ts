import { describe, expect, it } from 'vitest';
import { imageMatches, imageName, parseImageRef } from '../../rules/shared/image.js';

describe('parseImageRef', () => {
  it('normalises a bare Docker Hub name', () => {
    expect(parseImageRef('nginx')).toEqual({
      raw: 'nginx',
      registry: 'docker.io',
      repository: 'library/nginx',
    });
    expect(parseImageRef('bitnami/redis:7.2')).toMatchObject({
      registry: 'docker.io',
      repository: 'bitnami/redis',
      tag: '7.2',
    });
    expect(imageName(parseImageRef('index.docker.io/nginx')!)).toBe('docker.io/library/nginx');
  });

  it('reads a registry port, a tag and a digest together', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(parseImageRef(`registry:5000/team/app:1.2@${digest}`)).toEqual({
      raw: `registry:5000/team/app:1.2@${digest}`,
      registry: 'registry:5000',
      repository: 'team/app',
      tag: '1.2',
      digest,
    });
    expect(parseImageRef('localhost:5000/app')).toMatchObject({
      registry: 'localhost:5000',
      repository: 'app',
    });
    expect(parseImageRef('localhost:5000/app')?.tag).toBeUndefined();
    expect(parseImageRef(`ghcr.io/acme/api@${digest}`)).toMatchObject({
      registry: 'ghcr.io',
      repository: 'acme/api',
      digest,
    });
    expect(parseImageRef(`ghcr.io/acme/api@${digest}`)?.tag).toBeUndefined();
  });

  it('treats a first component without dot, port or localhost as a Docker Hub namespace', () => {
    expect(parseImageRef('team/app:latest')).toMatchObject({ registry: 'docker.io', repository: 'team/app' });
    expect(parseImageRef('')).toBeUndefined();
  });
});

describe('imageMatches', () => {
  const img = (s: string) => parseImageRef(s)!;
  it('matches registries and repository prefixes at path boundaries', () => {
    expect(imageMatches(img('ghcr.io/acme/api:1'), 'ghcr.io')).toBe(true);
    expect(imageMatches(img('ghcr.io/acme/api:1'), 'ghcr.io/acme')).toBe(true);
    expect(imageMatches(img('ghcr.io/acme/api:1'), 'ghcr.io/acme/*')).toBe(true);
    expect(imageMatches(img('ghcr.io/acme-evil/api:1'), 'ghcr.io/acme')).toBe(false);
    expect(imageMatches(img('registry:5000/team/app'), 'registry:5000/team')).toBe(true);
  });
  it('normalises Docker Hub names on both sides', () => {
    expect(imageMatches(img('nginx:1.27'), 'docker.io/library/nginx')).toBe(true);
    expect(imageMatches(img('nginx:1.27'), 'nginx')).toBe(true);
    expect(imageMatches(img('docker.io/library/nginx'), 'nginx')).toBe(true);
    expect(imageMatches(img('nginx'), 'docker.io')).toBe(true);
    expect(imageMatches(img('evil/nginx'), 'nginx')).toBe(false);
    expect(imageMatches(img('nginx'), '')).toBe(false);
  });
});
