import { Observable } from 'rxjs';
import type { Transport } from '../http/transport.js';
import { SupabaseRxInputError } from '../http/supabase-rx-error.js';
import { runQuery } from './execute.js';
import type { OverrideResult } from './override-types.js';
import { withHeader, type QueryState } from './state.js';
import type { PostgrestResponse } from './types.js';

/**
 * The base of every query builder: a cold `Observable` of one `PostgrestResponse`, holding an
 * immutable {@link QueryState}. Each subscription sends the request again; unsubscribing aborts it.
 *
 * @example
 * ```ts
 * const movies$ = db.from('movies').select('id, title'); // nothing sent yet
 * movies$.subscribe(({ data }) => console.log(data)); // one GET per subscription
 * ```
 */
export class PostgrestBuilder<Result> extends Observable<PostgrestResponse<Result>> {
  // `declare`: assigned in the constructor, so no field initialisers are emitted.
  /** The plain description of the request; never mutated. */
  declare readonly state: QueryState;
  declare protected readonly transport: Transport;

  constructor(transport: Transport, state: QueryState) {
    super((subscriber) => runQuery<Result>(transport, state, subscriber));
    this.transport = transport;
    this.state = state;
  }

  /** A copy of this builder (same class) with some state replaced. */
  protected derive(patch: Partial<QueryState>): this {
    const Ctor = this.constructor as new (transport: Transport, state: QueryState) => this;
    return new Ctor(this.transport, { ...this.state, ...patch });
  }

  /**
   * Sets (replaces) one request header on this query only.
   *
   * @example
   * ```ts
   * db.from('movies').select().setHeader('x-trace-id', 'abc');
   * ```
   */
  setHeader(name: string, value: string): this {
    return this.derive({ headers: withHeader(this.state.headers, name, value) });
  }

  /**
   * Asks PostgREST to leave out `null` fields (`nulls=stripped` media type). Not with `csv()`.
   *
   * @example
   * ```ts
   * db.from('movies').select().stripNulls();
   * ```
   */
  stripNulls(): this {
    if (this.state.headers.accept === 'text/csv') {
      throw new SupabaseRxInputError('stripNulls() cannot be combined with csv()');
    }
    return this.derive({ stripNulls: true });
  }

  /**
   * Turns automatic retries (GET/HEAD on network errors, 503 and 520) on or off for this query.
   *
   * @example
   * ```ts
   * db.from('movies').select().retry(false);
   * ```
   */
  retry(enabled: boolean): this {
    return this.derive({ retry: enabled });
  }

  /**
   * Kept for supabase-js compatibility and does nothing: errors always go to the error channel.
   *
   * @example
   * ```ts
   * db.from('movies').select().throwOnError(); // same as without
   * ```
   */
  throwOnError(): this {
    return this;
  }

  /**
   * Changes the result type only (no effect on the request).
   *
   * @deprecated Prefer `overrideTypes<T>()`, as in supabase-js.
   * @example
   * ```ts
   * db.from('movies').select().returns<{ id: number }[]>();
   * ```
   */
  returns<NewResult>(): PostgrestBuilder<NewResult> {
    return this as unknown as PostgrestBuilder<NewResult>;
  }

  /**
   * Changes the result type only: merges `NewResult`'s fields over the current row type, or
   * replaces it with `{ merge: false }`.
   *
   * @example
   * ```ts
   * db.from('movies').select().overrideTypes<{ tags: string[] }[]>();
   * ```
   */
  overrideTypes<
    NewResult,
    Options extends { merge?: boolean } = { merge: true },
  >(): PostgrestBuilder<OverrideResult<Result, NewResult, Options>> {
    return this as unknown as PostgrestBuilder<OverrideResult<Result, NewResult, Options>>;
  }
}
