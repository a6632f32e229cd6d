// The only module that talks to GitHub: an Octokit with retries (5xx, network) and throttling
// (primary and secondary rate limits), plus typed helpers for the calls the Action makes.
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { VERSION } from '../version.js';

export interface GitHubLog {
  info(message: string): void;
  warn(message: string): void;
}

const GitHubOctokit = Octokit.plugin(retry, throttling);
export type GitHubClient = InstanceType<typeof GitHubOctokit>;

/** Retries allowed after a rate limit before giving up on a request. */
const RATE_LIMIT_RETRIES = 2;

export function createClient(options: { token: string; baseUrl: string; log: GitHubLog }): GitHubClient {
  const { log } = options;
  return new GitHubOctokit({
    auth: options.token,
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    userAgent: `kubeharden-action/${VERSION}`,
    // Octokit's own logger would print request details; keep only warnings, never headers.
    log: {
      debug: () => {},
      info: () => {},
      warn: (m: string) => log.warn(m),
      error: (m: string) => log.warn(m),
    },
    throttle: {
      onRateLimit: (retryAfter, opts, _octokit, retryCount) => {
        log.warn(`GitHub rate limit hit on ${opts.method} ${opts.url}; retrying in ${retryAfter}s`);
        return retryCount < RATE_LIMIT_RETRIES;
      },
      onSecondaryRateLimit: (retryAfter, opts, _octokit, retryCount) => {
        log.warn(`GitHub secondary rate limit hit on ${opts.method} ${opts.url}; retrying in ${retryAfter}s`);
        return retryCount < RATE_LIMIT_RETRIES;
      },
    },
    retry: { retries: 2 },
  });
}

/** HTTP status of an Octokit request error, if it is one. */
export function statusOf(err: unknown): number | undefined {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * True when GitHub refused a write for lack of permission: fork pull requests get a read-only
 * token ("Resource not accessible by integration"), as do workflows without the permission.
 */
export function isPermissionError(err: unknown): boolean {
  const status = statusOf(err);
  return status === 403 || status === 401;
}
