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
};

/**
 * Sliding-window counters for `[auth.rate_limit]`. The emulator has one client address in
 * practice, so the counters are global rather than per IP. A limit applies only when set.
 *
 * @example
 * limiter.hit('signInSignUps'); // throws 429 over_request_rate_limit past the limit
 */
export class RateLimiter {
  readonly #hits = new Map<Bucket, number[]>();
  readonly #last = new Map<string, number>();

  constructor(
    private readonly limits: RateLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one event in `bucket`, or throws GoTrue's 429 when the window is full. */
  hit(bucket: Bucket): void {
    const limit = this.limits[bucket];
    if (limit === undefined) return;
    const t = this.now();
    const recent = (this.#hits.get(bucket) ?? []).filter((h) => h > t - WINDOW_MS[bucket]);
    if (recent.length >= limit) {
      this.#hits.set(bucket, recent);
      if (bucket === 'emailSent') {
        throw new AuthHttpError(429, 'over_email_send_rate_limit', 'Email rate limit exceeded');
      }
      if (bucket === 'smsSent') {
        throw new AuthHttpError(429, 'over_sms_send_rate_limit', 'SMS rate limit exceeded');
      }
      throw new AuthHttpError(429, 'over_request_rate_limit', 'Request rate limit reached');
    }
    recent.push(t);
    this.#hits.set(bucket, recent);
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
