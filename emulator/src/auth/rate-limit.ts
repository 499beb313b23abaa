import { AsyncLocalStorage } from 'node:async_hooks';
import { AuthHttpError } from './errors.js';
import type { RateLimits } from './settings.js';

type Bucket = keyof RateLimits;

/** GoTrue's windows: e-mail, SMS and anonymous sign-ins per hour, the rest per 5 minutes. */
const WINDOW_MS: Record<Bucket, number> = {
  emailSent: 3_600_000,
  smsSent: 3_600_000,
  anonymousUsers: 3_600_000,
  tokenRefresh: 300_000,
  signInSignUps: 300_000,
  tokenVerifications: 300_000,
  web3: 300_000,
};

// GoTrue counts e-mails and SMS for the whole project; every other limit per client address.
const PROJECT_WIDE = new Set<Bucket>(['emailSent', 'smsSent']);

/**
 * Sliding-window counters for `[auth.rate_limit]`: e-mail and SMS sends for the whole project,
 * every other limit per client address, as GoTrue counts them. The address is the one of the
 * request being served (`within`). A limit applies only when set.
 *
 * @example
 * await limiter.within('203.0.113.7', async () => limiter.hit('signInSignUps')); // 429 past the limit
 */
export class RateLimiter {
  readonly #hits = new Map<string, number[]>();
  readonly #last = new Map<string, number>();
  readonly #client = new AsyncLocalStorage<string>();

  constructor(
    private readonly limits: RateLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs `fn` as the request of `address`: the per-address limits it hits count for that address. */
  within<T>(address: string, fn: () => Promise<T>): Promise<T> {
    return this.#client.run(address, fn);
  }

  /** Counts one event in `bucket`, or throws GoTrue's 429 when the window is full. */
  hit(bucket: Bucket): void {
    const limit = this.limits[bucket];
    if (limit === undefined) return;
    const key = PROJECT_WIDE.has(bucket) ? bucket : `${bucket} ${this.#client.getStore() ?? ''}`;
    const t = this.now();
    const recent = (this.#hits.get(key) ?? []).filter((h) => h > t - WINDOW_MS[bucket]);
    if (recent.length >= limit) {
      this.#hits.set(key, recent);
      if (bucket === 'emailSent') {
        throw new AuthHttpError(429, 'over_email_send_rate_limit', 'Email rate limit exceeded');
      }
      if (bucket === 'smsSent') {
        throw new AuthHttpError(429, 'over_sms_send_rate_limit', 'SMS rate limit exceeded');
      }
      throw new AuthHttpError(429, 'over_request_rate_limit', 'Request rate limit reached');
    }
    recent.push(t);
    this.#hits.set(key, recent);
  }

  /**
   * Allows one event per `key` every `minMs` (GoTrue's per-address e-mail `max_frequency`), else
   * 429 `over_email_send_rate_limit` saying how long to wait.
   */
  every(key: string, minMs: number): void {
    const t = this.now();
    const last = this.#last.get(key);
    if (last !== undefined && t - last < minMs) {
      const wait = Math.ceil((minMs - (t - last)) / 1000);
      throw new AuthHttpError(
        429,
        'over_email_send_rate_limit',
        `For security purposes, you can only request this after ${wait} seconds.`,
      );
    }
    this.#last.set(key, t);
  }
}
