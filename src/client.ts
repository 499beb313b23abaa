import { asyncScheduler, from, type Observable, type SchedulerLike } from 'rxjs';
import type { SupabaseClientOptions } from './client-options.js';
import { AuthClient } from './auth/auth-client.js';
import { PostgrestClient } from './db/client.js';
import type { FunctionsClient } from './functions/client.js';
import { LazyFunctionsClient } from './lazy/lazy-functions.js';
import type { StorageClient } from './storage/client.js';
import { LazyStorageClient } from './lazy/lazy-storage.js';
import { checkSharedOptions } from './db/query-options.js';
import { assertTimeout } from './http/base-transport.js';
import { createModuleTransport, type Transport } from './http/transport.js';
import { isNewApiKey } from './http/new-api-key.js';
import type { TokenSource } from './http/types.js';
import { SupabaseRxError, SupabaseRxInputError } from './http/supabase-rx-error.js';
import type { RealtimeClient } from './realtime/realtime-client.js';
import { LazyRealtimeClient } from './lazy/lazy-realtime.js';
import type { RealtimeChannel, RealtimeChannelOptions } from './realtime/channel.js';
import type { SendResult } from './realtime/channel-send.js';
import { feedRealtimeAuth, realtimeTokenCallback } from './realtime/auth-feed.js';
import { realtimeUrl } from './realtime/socket-url.js';
import { VERSION } from './version.js';

/** The service URLs of a Supabase project, derived from its base URL. */
export interface ProjectUrls {
  base: string;
  rest: string;
  auth: string;
  storage: string;
  functions: string;
}

/**
 * Validates a project URL and key as supabase-js does, and derives the service URLs.
 * Throws a `SupabaseRxInputError` naming what is wrong.
 *
 * @example
 * ```ts
 * import { projectUrls } from 'supabase-rx';
 *
 * projectUrls('http://127.0.0.1:54321', anonKey).rest; // 'http://127.0.0.1:54321/rest/v1'
 * ```
 */
export function projectUrls(supabaseUrl: unknown, supabaseKey: unknown): ProjectUrls {
  if (typeof supabaseUrl !== 'string' || supabaseUrl.trim() === '') {
    throw new SupabaseRxInputError('supabaseUrl is required.');
  }
  if (typeof supabaseKey !== 'string' || supabaseKey.trim() === '') {
    throw new SupabaseRxInputError('supabaseKey is required.');
  }
  const trimmed = supabaseUrl.trim();
  let parsed: URL;
  try {
    parsed = new URL(trimmed.endsWith('/') ? trimmed : `${trimmed}/`);
  } catch {
    throw new SupabaseRxInputError(
      `Invalid supabaseUrl "${supabaseUrl}": must be a valid HTTP or HTTPS URL.`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new SupabaseRxInputError(
      `Invalid supabaseUrl "${supabaseUrl}": must be a valid HTTP or HTTPS URL.`,
    );
  }
  const base = parsed.href;
  return {
    base,
    rest: `${base}rest/v1`,
    auth: `${base}auth/v1`,
    storage: `${base}storage/v1`,
    functions: `${base}functions/v1`,
  };
}

/**
 * The client `createClient` returns: the database, auth, realtime, storage and functions
 * modules. Modules never import each other: this class wires them.
 *
 * @example
 * ```ts
 * import { createClient } from 'supabase-rx';
 *
 * const supabase = createClient('http://127.0.0.1:54321', anonKey);
 * supabase.from('movies').select('id, title').subscribe(({ data }) => console.log(data));
 * supabase.auth.session$.subscribe((session) => console.log(session?.user.id));
 * ```
 */
export class SupabaseClient<
  Database = any,
  SchemaName extends string & keyof Database = 'public' extends keyof Database
    ? 'public'
    : string & keyof Database,
> {
  /** The project's service URLs. */
  readonly urls: ProjectUrls;
  /** The scheduler of every timer of this client. */
  readonly scheduler: SchedulerLike;
  /**
   * The auth module: sign-in flows, the session as replayed streams, MFA, admin. With the
   * `accessToken` option (third-party auth) it is unavailable, as in supabase-js: any access throws.
   */
  readonly auth: AuthClient;
  /**
   * The realtime client: one socket for every channel, fed with the session token (the API key
   * when signed out).
   */
  readonly realtime: RealtimeClient;
  /** Edge Functions: `functions.invoke(name, options)`. */
  readonly functions: FunctionsClient;
  /** Storage: buckets, and `storage.from(bucket)` for files. */
  readonly storage: StorageClient;
  readonly #rest: PostgrestClient<Database, SchemaName>;
  readonly #transport: Transport;

  constructor(
    supabaseUrl: string,
    protected readonly supabaseKey: string,
    options: SupabaseClientOptions<SchemaName> = {},
  ) {
    this.urls = projectUrls(supabaseUrl, supabaseKey);
    checkDbOptions(options.db);
    const timeouts = moduleTimeouts(options);
    this.scheduler = options.scheduler ?? asyncScheduler;
    const clientInfo = { 'X-Client-Info': `supabase-rx/${VERSION}` };
    if (options.accessToken) {
      this.auth = unavailableAuth();
    } else {
      this.auth = new AuthClient({
        url: this.urls.auth,
        headers: {
          ...clientInfo,
          ...options.global?.headers,
          apikey: supabaseKey,
          Authorization: `Bearer ${supabaseKey}`,
        },
        fetch: options.global?.fetch,
        timeout: timeouts.auth,
        scheduler: this.scheduler,
        storage: options.auth?.storage,
        storageKey: options.auth?.storageKey,
        userStorage: options.auth?.userStorage,
        webauthn: options.auth?.webauthn,
        experimental: options.auth?.experimental,
        autoRefreshToken: options.auth?.autoRefreshToken,
        persistSession: options.auth?.persistSession,
        detectSessionInUrl: options.auth?.detectSessionInUrl,
        flowType: options.auth?.flowType,
      });
    }
    const tokenSource = options.accessToken
      ? accessTokenSource(options.accessToken)
      : this.auth.tokenSource;
    this.#transport = createModuleTransport({
      fetch: options.global?.fetch,
      scheduler: this.scheduler,
      retry: options.db?.retry ?? true,
      apiKey: supabaseKey,
      headers: options.global?.headers,
      tokenSource,
      timeout: timeouts.db,
    });
    const { headers: _unusedHeaders, ...realtimeOptions } = options.realtime ?? {};
    const realtimeScheduler = realtimeOptions.scheduler ?? this.scheduler;
    // The socket code loads on the first subscription or send (see LazyRealtimeClient).
    const realtime = new LazyRealtimeClient(realtimeUrl(this.urls.base), {
      ...realtimeOptions,
      params: { apikey: supabaseKey, ...realtimeOptions.params },
      scheduler: realtimeScheduler,
      accessToken: realtimeOptions.accessToken ?? realtimeTokenCallback(tokenSource, supabaseKey),
      // REST broadcasts go through this transport (RealtimeClient builds its own only alone).
      http: createModuleTransport({
        fetch: realtimeOptions.fetch ?? options.global?.fetch,
        scheduler: realtimeScheduler,
        retry: false,
        apiKey: supabaseKey,
        headers: options.global?.headers,
        tokenSource,
      }),
    });
    this.realtime = realtime as unknown as RealtimeClient;
    if (!options.accessToken) feedRealtimeAuth(this.auth.events$, (t) => realtime._feedAuth(t));
    // Never retried by the transport (an invoke may not be idempotent, even a GET), as functions-js.
    this.functions = new LazyFunctionsClient(this.urls.functions, {
      scheduler: this.scheduler,
      timeout: timeouts.functions,
      transport: createModuleTransport({
        fetch: options.global?.fetch,
        scheduler: this.scheduler,
        retry: false,
        apiKey: supabaseKey,
        // supabase-js: the new keys are not JWTs, so signed out a function gets no bearer.
        apiKeyAsBearer: !isNewApiKey(supabaseKey),
        headers: options.global?.headers,
        tokenSource,
      }),
    });
    // Not retried by the transport either, as storage-js (an upload body may be a stream).
    const storageTransport = {
      fetch: options.global?.fetch,
      scheduler: this.scheduler,
      retry: false,
      apiKey: supabaseKey,
      headers: options.global?.headers,
      tokenSource,
    };
    this.storage = new LazyStorageClient(this.urls.storage, {
      scheduler: this.scheduler,
      fetch: options.global?.fetch,
      resumableHeaders: { ...clientInfo, ...options.global?.headers },
      apiKey: supabaseKey,
      tokenSource,
      transport: createModuleTransport({ ...storageTransport, timeout: timeouts.storage }),
      uploadTransport: createModuleTransport(storageTransport),
    }) as unknown as StorageClient;
    this.#rest = new PostgrestClient<Database, SchemaName>(this.urls.rest, {
      schema: (options.db?.schema ?? 'public') as SchemaName,
      transport: this.#transport,
      urlLengthLimit: options.db?.urlLengthLimit,
    });
    this.from = this.#rest.from.bind(this.#rest);
    this.schema = this.#rest.schema.bind(this.#rest);
    this.rpc = this.#rest.rpc.bind(this.#rest);
    this.getOpenApiSpec = this.#rest.getOpenApiSpec.bind(this.#rest);
  }

  /**
   * The channel of a name (`realtime:<name>`; the same instance for the same name).
   *
   * @example
   * ```ts
   * const room = supabase.channel('room1', { config: { broadcast: { self: true } } });
   * room.on('broadcast', { event: 'cursor' }).subscribe(({ payload }) => draw(payload));
   * ```
   */
  channel(name: string, opts?: RealtimeChannelOptions): RealtimeChannel {
    return this.realtime.channel(name, opts);
  }

  /**
   * Every realtime channel of this client.
   *
   * @example
   * ```ts
   * supabase.getChannels().length;
   * ```
   */
  getChannels(): RealtimeChannel[] {
    return this.realtime.getChannels();
  }

  /**
   * Leaves a channel and completes its streams: `'ok' | 'timed out' | 'error'`.
   *
   * @example
   * ```ts
   * supabase.removeChannel(room).subscribe();
   * ```
   */
  removeChannel(channel: RealtimeChannel): Observable<SendResult> {
    return this.realtime.removeChannel(channel);
  }

  /**
   * Removes every channel, then closes the socket.
   *
   * @example
   * ```ts
   * supabase.removeAllChannels().subscribe();
   * ```
   */
  removeAllChannels(): Observable<SendResult[]> {
    return this.realtime.removeAllChannels();
  }

  /**
   * A query on a table or view.
   *
   * @example
   * ```ts
   * supabase.from('movies').select('id, title').eq('year', 1999).subscribe(({ data }) => …);
   * ```
   */
  readonly from: PostgrestClient<Database, SchemaName>['from'];

  /**
   * A database client for another exposed schema.
   *
   * @example
   * ```ts
   * supabase.schema('private').from('audit').select();
   * ```
   */
  readonly schema: PostgrestClient<Database, SchemaName>['schema'];

  /**
   * Calls a Postgres function.
   *
   * @example
   * ```ts
   * supabase.rpc('add', { a: 1, b: 2 }).subscribe(({ data }) => console.log(data));
   * ```
   */
  readonly rpc: PostgrestClient<Database, SchemaName>['rpc'];

  /**
   * The OpenAPI description PostgREST publishes for the client's schema, scoped to the caller
   * (the request carries the same `apikey` and bearer token as every query).
   *
   * @example
   * ```ts
   * supabase.getOpenApiSpec().subscribe(({ data }) => console.log(Object.keys(data.paths)));
   * supabase.schema('inventory').getOpenApiSpec();
   * ```
   */
  readonly getOpenApiSpec: PostgrestClient<Database, SchemaName>['getOpenApiSpec'];
}

/** Checks the `db` options up front, naming the wrong one as `db.<option>`. */
function checkDbOptions(db: SupabaseClientOptions<string>['db']): void {
  if (db === undefined) return;
  checkSharedOptions(db, 'createClient()', 'db.');
  assertTimeout(db.timeout, 'createClient(): db.timeout');
}

/**
 * Each module's timeout: its own option, else `global.timeout`; each checked up front, naming
 * the option. `functions` is the default of `invoke()`'s own `timeout`, which wins over it.
 */
function moduleTimeouts(options: SupabaseClientOptions<string>): {
  db?: number;
  auth?: number;
  storage?: number;
  functions?: number;
} {
  const global = options.global?.timeout;
  assertTimeout(global, 'createClient(): global.timeout');
  assertTimeout(options.auth?.timeout, 'createClient(): auth.timeout');
  assertTimeout(options.storage?.timeout, 'createClient(): storage.timeout');
  assertTimeout(options.functions?.timeout, 'createClient(): functions.timeout');
  return {
    db: options.db?.timeout ?? global,
    auth: options.auth?.timeout ?? global,
    storage: options.storage?.timeout ?? global,
    functions: options.functions?.timeout ?? global,
  };
}

/** The `accessToken` option (third-party auth) as the transport's token source. */
function accessTokenSource(
  accessToken: NonNullable<SupabaseClientOptions['accessToken']>,
): TokenSource {
  return {
    token() {
      const token = accessToken();
      return token instanceof Promise ? from(token) : token;
    },
  };
}

/** supabase-js's behaviour with `accessToken`: the auth module is off, and says so on any use. */
function unavailableAuth(): AuthClient {
  return new Proxy({} as AuthClient, {
    get(_target, property) {
      throw new SupabaseRxError(
        `supabase-rx: the client is configured with the accessToken option; accessing supabase.auth.${String(property)} is not possible`,
        { code: 'auth_unavailable' },
      );
    },
  });
}
