/** A verifier of tokens: resolves to the claims, or rejects (`JwtError`). */
export type VerifyToken = (token: string) => Promise<Record<string, unknown>>;

/** Options of {@link JwtCache}. */
export interface JwtCacheOptions {
  /** Tokens kept at most, least recently used dropped first (default 1000). */
  max?: number;
  /** Seconds a token stays valid after its `exp`, as its verifier allows (default 30). */
  clockSkewSeconds?: number;
  /** The clock, in milliseconds (default `Date.now`). */
  now?: () => number;
}

interface Entry {
  claims: Promise<Record<string, unknown>>;
  /** The token's `exp` once verified (`undefined` while pending or when it has none). */
  exp?: number;
}

/**
 * Remembers the claims of verified tokens (PostgREST has such a cache behind
 * `jwt-cache-max-lifetime`): every request of a client sends the same token, and verifying it
 * again was a fifth of the emulator's CPU per small select (CPU profile of the emulator under
 * bench/emulator-load.ts's selects, issue 12). A token is served from the cache until
 * its `exp` (plus the clock skew) passes; then it is verified again, so it fails as it would
 * have. Only successful verifications are kept; concurrent requests with a new token share one
 * verification. Bounded: least recently used tokens go first.
 *
 * @example
 * ```ts
 * const cache = new JwtCache((token) => jwt.verify(token));
 * const claims = await cache.verify(token); // verified once, then from the cache until exp
 * ```
 */
export class JwtCache {
  readonly #verify: VerifyToken;
  readonly #max: number;
  readonly #skew: number;
  readonly #now: () => number;
  // A Map iterates in insertion order: re-inserting on a hit keeps the oldest first.
  readonly #entries = new Map<string, Entry>();

  constructor(verify: VerifyToken, options: JwtCacheOptions = {}) {
    this.#verify = verify;
    this.#max = options.max ?? 1000;
    this.#skew = options.clockSkewSeconds ?? 30;
    this.#now = options.now ?? Date.now;
  }

  /** The token's claims (a fresh copy of the top level each time); rejects as the verifier does. */
  async verify(token: string): Promise<Record<string, unknown>> {
    let entry = this.#entries.get(token);
    if (entry && entry.exp !== undefined && this.#expired(entry.exp)) {
      this.#entries.delete(token);
      entry = undefined;
    }
    if (entry) {
      this.#entries.delete(token);
      this.#entries.set(token, entry);
    } else {
      entry = this.#add(token);
    }
    // A copy, so that a caller that adds to the claims does not change the cached ones.
    return { ...(await entry.claims) };
  }

  /** How many tokens are kept. */
  get size(): number {
    return this.#entries.size;
  }

  #add(token: string): Entry {
    const entry: Entry = { claims: this.#verify(token) };
    this.#entries.set(token, entry);
    if (this.#entries.size > this.#max) {
      this.#entries.delete(this.#entries.keys().next().value as string);
    }
    entry.claims.then(
      (claims) => {
        if (typeof claims.exp === 'number') entry.exp = claims.exp;
      },
      () => {
        // A failure is not remembered: the next request verifies again.
        if (this.#entries.get(token) === entry) this.#entries.delete(token);
      },
    );
    return entry;
  }

  // As jose's check: expired when exp <= now - skew, in whole seconds.
  #expired(exp: number): boolean {
    return exp <= Math.floor(this.#now() / 1000) - this.#skew;
  }
}
