import type { Observable, SchedulerLike } from 'rxjs';
import { createBaseTransport, type Transport } from '../http/base-transport.js';
import { SupabaseRxInputError } from '../http/supabase-rx-error.js';
import type { PostgrestFilterBuilder } from './filter-builder.js';
import { openApiSpec, type PostgrestOpenApiResponse } from './open-api-spec.js';
import { COUNTS, PostgrestQueryBuilder, newQuery } from './query-builder.js';
import {
  checkQueryOptions,
  checkSharedOptions,
  type PostgrestQueryBuilderOptions,
} from './query-options.js';
import { rpcShape, type RpcOptions } from './rpc-request.js';
import { withHeader } from './state.js';
import type { GenericSchema } from './types.js';
import { assertName, assertOneOf } from './validate.js';

/** Options of `new PostgrestClient(url, options)`. */
export interface PostgrestClientOptions<SchemaName extends string = string> {
  /** Sent with every request (e.g. `apikey`, `Authorization`). */
  headers?: Record<string, string>;
  /** The schema to query; default `'public'`. */
  schema?: SchemaName;
  /** Used when no `transport` is given; default the global `fetch`. */
  fetch?: typeof fetch;
  /** Retry delays and timeouts run on it; used when no `transport` is given. */
  scheduler?: SchedulerLike;
  /** Retry GET/HEAD on network errors, 503 and 520 (default `true`). */
  retry?: boolean;
  /** Per-request timeout in ms; used when no `transport` is given. */
  timeout?: number;
  /**
   * A failed request whose URL is longer than this (in characters) gets a note in its error's
   * `hint` saying the URL may be the cause (default 8000).
   */
  urlLengthLimit?: number;
  /** A ready transport (`createClient` passes one carrying the API key and the auth token). */
  transport?: Transport;
}

type SchemaOf<Database, SchemaName> = SchemaName extends keyof Database
  ? Database[SchemaName] extends GenericSchema
    ? Database[SchemaName]
    : any
  : any;

/** The schemas of a `Database` (generated types also carry `__InternalSupabase`, not a schema). */
type SchemaNameOf<Database> = Exclude<string & keyof Database, '__InternalSupabase'>;

type DefaultSchemaName<Database> = 'public' extends keyof Database
  ? 'public'
  : SchemaNameOf<Database>;

type FnOf<Schema extends GenericSchema, Fn> = Fn extends keyof Schema['Functions']
  ? Schema['Functions'][Fn]
  : { Args: Record<string, unknown>; Returns: unknown };

type RowOfReturns<R> = R extends (infer Row extends Record<string, unknown>)[]
  ? Row
  : R extends Record<string, unknown>
    ? R
    : Record<string, unknown>;

/**
 * Whether a table or function name needs no help from the URL parser (percent-encoding, dot
 * segments) as a path segment: letters, digits, `_` and `-` only (`/^[\w-]+$/`, by comparisons:
 * the regular expression cost ~1.5 µs per query in the request loop, Node 24).
 */
function isPlainName(name: string): boolean {
  if (name === '') return false;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    const plain =
      (code >= 97 && code <= 122) || // a-z
      (code >= 65 && code <= 90) || // A-Z
      (code >= 48 && code <= 57) || // 0-9
      code === 95 || // _
      code === 45; // -
    if (!plain) return false;
  }
  return true;
}

/**
 * A client for one PostgREST endpoint (`…/rest/v1`): `from()`, `rpc()`, `schema()`. Typed by a
 * generated `Database` type. The `supabase-rx/postgrest` entry point, for apps that need only the
 * database.
 *
 * @example
 * ```ts
 * import { firstValueFrom } from 'rxjs';
 * import { PostgrestClient } from 'supabase-rx/postgrest';
 *
 * const db = new PostgrestClient<Database>('http://127.0.0.1:54321/rest/v1', {
 *   headers: { apikey: anonKey, Authorization: `Bearer ${anonKey}` },
 * });
 * const { data } = await firstValueFrom(db.from('movies').select('id, title').eq('year', 1999));
 * ```
 */
export class PostgrestClient<
  Database = any,
  SchemaName extends string & keyof Database = DefaultSchemaName<Database>,
  Schema extends GenericSchema = SchemaOf<Database, SchemaName>,
> {
  /** The endpoint URL as given (`…/rest/v1`). */
  declare readonly url: string;
  /** The schema every query of this client targets. */
  declare readonly schemaName: string;
  readonly #transport: Transport;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #options: PostgrestClientOptions<string>;

  constructor(url: string, options: PostgrestClientOptions<SchemaName> = {}) {
    if (typeof url !== 'string' || !/^https?:\/\//i.test(url.trim())) {
      throw new SupabaseRxInputError(
        `PostgrestClient: url must be an http(s) URL such as http://127.0.0.1:54321/rest/v1, got ${JSON.stringify(url)}`,
      );
    }
    const schema = options.schema ?? 'public';
    assertName(schema, 'PostgrestClient', 'schema');
    checkSharedOptions(options, 'PostgrestClient');
    this.url = url;
    this.schemaName = schema;
    this.#options = options;
    let headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      headers = withHeader(headers, name, value);
    }
    this.#headers = headers;
    this.#transport =
      options.transport ??
      createBaseTransport({
        fetch: options.fetch,
        scheduler: options.scheduler,
        retry: options.retry,
        timeout: options.timeout,
        // X-Client-Info (supabase-rx/<version>) is the transport's own default header.
      });
  }

  /** `<url>/<prefix><name>` as supabase-js forms it (`new URL` of the concatenation). */
  #resource(name: string, prefix = ''): string {
    // A plain name needs no URL parsing: the concatenation is what `new URL` would give.
    if (isPlainName(name)) return `${this.url}/${prefix}${name}`;
    // `?` and `#` would start a query or fragment: keep them part of the name.
    const u = new URL(`${this.url}/${prefix}${name.replace(/[?#]/g, encodeURIComponent)}`);
    return u.origin + u.pathname;
  }

  /**
   * Starts a query on a table or view. `options` override the client's `fetch`, `urlLengthLimit`
   * and `retry` for this query only; a wrong option throws a `SupabaseRxInputError` at once.
   *
   * @example
   * ```ts
   * db.from('movies').select().eq('id', 1);
   * db.from('movies', { retry: false, fetch: tracedFetch }).select('id');
   * ```
   */
  from<Name extends (string & keyof Schema['Tables']) | (string & keyof Schema['Views'])>(
    relation: Name,
    options?: PostgrestQueryBuilderOptions,
  ): PostgrestQueryBuilder<
    Schema,
    Name extends keyof Schema['Tables']
      ? Schema['Tables'][Name]
      : Name extends keyof Schema['Views']
        ? Schema['Views'][Name]
        : any,
    Name
  > {
    assertName(relation, 'from()', 'table name');
    const own = this.#options;
    if (options != null) checkQueryOptions(options);
    return new PostgrestQueryBuilder(this.#transport, {
      url: this.#resource(relation),
      headers: this.#headers,
      schema: this.schemaName,
      retry: options?.retry ?? own.retry,
      fetch: options?.fetch,
      urlLengthLimit: options?.urlLengthLimit ?? own.urlLengthLimit,
    });
  }

  /**
   * The OpenAPI (Swagger 2.0) description PostgREST publishes for this client's schema
   * (`GET <url>/`): a cold Observable of `{ data, count: null, status, statusText }`. It lists
   * only what the caller's role may use. Call `schema(name)` first to describe another schema.
   * Retried like every GET; failures go to the error channel as a `PostgrestError`.
   *
   * @example
   * ```ts
   * const { data } = await firstValueFrom(db.getOpenApiSpec());
   * console.log(Object.keys(data.definitions ?? {})); // ['countries', 'movies', …]
   * db.schema('inventory').getOpenApiSpec().subscribe(({ data }) => console.log(data.paths));
   * ```
   */
  getOpenApiSpec(): Observable<PostgrestOpenApiResponse> {
    return openApiSpec(this.#transport, {
      url: this.url,
      headers: this.#headers,
      schema: this.schemaName,
      retry: this.#options.retry,
    });
  }

  /**
   * A client for another schema (sent as `Accept-Profile` / `Content-Profile`); the schema must
   * be exposed by PostgREST.
   *
   * @example
   * ```ts
   * db.schema('private').from('secrets').select();
   * ```
   */
  schema<Name extends SchemaNameOf<Database>>(
    schema: Name,
  ): PostgrestClient<Database, Name, SchemaOf<Database, Name>> {
    assertName(schema, 'schema()', 'schema name');
    return new PostgrestClient(this.url, {
      ...this.#options,
      headers: this.#headers,
      schema,
      transport: this.#transport,
    }) as never;
  }

  /**
   * Calls a Postgres function (`POST /rpc/<fn>`; `GET` with `get: true`, `HEAD` with
   * `head: true`). Filters and modifiers can follow for set-returning functions.
   *
   * @example
   * ```ts
   * db.rpc('search_movies', { q: 'heat' }).select('id, title').limit(5);
   * ```
   */
  rpc<Fn extends string & keyof Schema['Functions']>(
    fn: Fn,
    args: FnOf<Schema, Fn>['Args'] = {},
    options: RpcOptions = {},
  ): PostgrestFilterBuilder<
    Schema,
    RowOfReturns<FnOf<Schema, Fn>['Returns']>,
    FnOf<Schema, Fn>['Returns'],
    'RPC',
    Fn
  > {
    assertName(fn, 'rpc()', 'function name');
    assertOneOf(options.count, COUNTS, 'rpc()', 'count');
    const shape = rpcShape(args as Record<string, unknown>, options);
    return newQuery(
      this.#transport,
      {
        url: this.#resource(fn, 'rpc/'),
        headers:
          shape.prefer === undefined
            ? this.#headers
            : withHeader(this.#headers, 'Prefer', shape.prefer),
        schema: this.schemaName,
        retry: this.#options.retry,
        urlLengthLimit: this.#options.urlLengthLimit,
      },
      shape.method,
      { params: shape.params, body: shape.body },
    );
  }
}
