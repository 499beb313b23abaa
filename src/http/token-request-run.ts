import { isObservable } from 'rxjs';
import { firstValue } from './first-value.js';
import { mergeHeaders, type MergedHeaders } from './headers.js';
import { drainBody } from './read-body.js';
import { RequestRun, isStream } from './request-run.js';
import { SupabaseRxInputError } from './supabase-rx-error.js';
import type { TokenSource } from './types.js';

/**
 * A {@link RequestRun} whose bearer comes from the transport's token source, read at subscribe
 * time, and which replays once after a 401 if the source can refresh. Only transports made with
 * a `tokenSource` use it, so an app that never authenticates does not bundle it.
 *
 * @example
 * ```ts
 * const Run = options.tokenSource ? TokenRequestRun : RequestRun;
 * ```
 */
export class TokenRequestRun extends RequestRun {
  /** Whether the bearer sent came from the token source (only then can a 401 be refreshed). */
  #fromSource = false;
  #replayed = false;

  protected override begin(merged: MergedHeaders): void {
    const source = this.config.tokenSource as TokenSource;
    // A request that carries its own Authorization never consults the token source (which might
    // otherwise refresh a session for nothing).
    if (merged.hasAuthorization) return this.send(merged, null);
    let token: ReturnType<TokenSource['token']>;
    try {
      token = source.token();
    } catch (error) {
      return this.fail(error);
    }
    // The usual answer (signed out, or a fresh session) is synchronous: sent at once, with no
    // callbacks made for it.
    if (!isObservable(token)) return this.#sendToken(merged, token);
    this.step = firstValue(
      () => token,
      (value) => this.#sendToken(merged, value),
      (error) => this.fail(error),
    );
  }

  #sendToken(merged: MergedHeaders, token: string | null): void {
    if (token !== null && typeof token !== 'string') {
      return this.fail(
        new SupabaseRxInputError(
          `tokenSource.token() gave a ${typeof token}, expected a string or null`,
        ),
      );
    }
    this.#fromSource = !!token;
    this.send(merged, token);
  }

  protected override finish(res: Response): void {
    const refresh = this.config.tokenSource?.refreshAfterUnauthorized;
    if (
      res.status === 401 &&
      refresh &&
      this.#fromSource &&
      !this.#replayed &&
      !isStream(this.req.body)
    ) {
      return this.#replayAfterUnauthorized(res);
    }
    super.finish(res);
  }

  #replayAfterUnauthorized(res: Response): void {
    this.#replayed = true;
    const source = this.config.tokenSource as Required<TokenSource>;
    // A refresh that fails or gives no token leaves the 401 for the module to map to its error.
    const giveUp = () => super.finish(res);
    this.step = firstValue(
      () => source.refreshAfterUnauthorized(),
      (token) => {
        if (typeof token !== 'string' || token === '') return giveUp();
        drainBody(res);
        this.send(mergeHeaders(this.config.base, this.req.headers), token);
      },
      giveUp,
    );
  }
}
