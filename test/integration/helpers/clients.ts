import { createClient } from '@supabase/supabase-js';
import type { Observable } from 'rxjs';
import ws from 'ws';
import { tryImport } from './modules.js';
import { settleJs, settleRx, type ClientName, type Outcome } from './outcome.js';

/**
 * A database client as the cases see it: `from`, `rpc`, `schema` with supabase-js's names and
 * arguments. Both clients offer exactly these, so one case function serves both.
 */
export type Db = any;

/** The two clients of one caller (a key or a user token), and how to settle their builders. */
export interface ClientPair {
  js: Db;
  rx: Db;
  settle(client: ClientName, builder: unknown): Promise<Outcome>;
}

interface RxModules {
  createClient?: (url: string, key: string, options?: Record<string, unknown>) => Db;
  PostgrestClient?: new (url: string, options?: Record<string, unknown>) => Db;
  toResult: () => (source: Observable<unknown>) => Observable<unknown>;
}

/** The supabase-rx entry points, or `null` until the database module and `toResult` have landed. */
export async function loadRx(): Promise<RxModules | null> {
  const operators = await tryImport<{ toResult?: RxModules['toResult'] }>('supabase-rx/operators');
  const postgrest = await tryImport<{ PostgrestClient?: RxModules['PostgrestClient'] }>(
    'supabase-rx/postgrest',
  );
  const root = await tryImport<{ createClient?: RxModules['createClient'] }>('supabase-rx');
  if (!operators?.toResult || (!postgrest?.PostgrestClient && !root?.createClient)) return null;
  return {
    toResult: operators.toResult,
    PostgrestClient: postgrest?.PostgrestClient,
    createClient: root?.createClient,
  };
}

/** The official supabase-js client for a project URL, an API key and an optional user token. */
export function officialClient(url: string, key: string, token?: string): Db {
  return createClient(url, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: ws as any },
    global: { headers: token ? { Authorization: `Bearer ${token}` } : {} },
  });
}

/**
 * supabase-rx for the same caller: through `createClient` when it exists (as users will use it),
 * else the database module alone (`PostgrestClient` from `supabase-rx/postgrest`).
 */
export function rxClient(rx: RxModules, url: string, key: string, token?: string): Db {
  const authorization = `Bearer ${token ?? key}`;
  if (rx.createClient) {
    return rx.createClient(url, key, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      global: { headers: token ? { Authorization: authorization } : {} },
    });
  }
  return new rx.PostgrestClient!(`${url}/rest/v1`, {
    headers: { apikey: key, Authorization: authorization },
  });
}

/** Both clients for one caller. */
export function clientPair(rx: RxModules, url: string, key: string, token?: string): ClientPair {
  return {
    js: officialClient(url, key, token),
    rx: rxClient(rx, url, key, token),
    settle: (client, builder) =>
      client === 'supabase-js'
        ? settleJs(builder as PromiseLike<unknown>)
        : settleRx(builder as Observable<unknown>, rx.toResult),
  };
}
