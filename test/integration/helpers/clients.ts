import { createClient as createOfficialClient } from '@supabase/supabase-js';
import { firstValueFrom, type Observable } from 'rxjs';
import { createClient } from 'supabase-rx';
import { toResult } from 'supabase-rx/operators';
import { PostgrestClient } from 'supabase-rx/postgrest';
import ws from 'ws';
import { settleJs, toOutcome, type ClientName, type Outcome } from './outcome.js';

/**
 * A database client as the cases see it: `from`, `rpc`, `schema` with supabase-js's names and
 * arguments. Both clients offer exactly these, so one case function serves both.
 */
export type Db = any;

/** How supabase-rx is built: through `createClient` (as apps do) or the database module alone. */
export type RxEntry = 'createClient' | 'postgrest';

/** The two clients of one caller (a key or a user token), and how to settle their builders. */
export interface ClientPair {
  js: Db;
  rx: Db;
  settle(client: ClientName, builder: unknown): Promise<Outcome>;
}

const noSession = { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false };

/** The official supabase-js client for a project URL, an API key and an optional user token. */
export function officialClient(url: string, key: string, token?: string): Db {
  return createOfficialClient(url, key, {
    auth: noSession,
    realtime: { transport: ws as any },
    global: { headers: token ? { Authorization: `Bearer ${token}` } : {} },
  });
}

/** supabase-rx for the same caller, through `createClient` or `PostgrestClient` alone. */
export function rxClient(
  url: string,
  key: string,
  token?: string,
  entry: RxEntry = 'createClient',
): Db {
  if (entry === 'postgrest') {
    return new PostgrestClient(`${url}/rest/v1`, {
      headers: { apikey: key, Authorization: `Bearer ${token ?? key}` },
    });
  }
  return createClient(url, key, {
    auth: noSession,
    global: { headers: token ? { Authorization: `Bearer ${token}` } : {} },
  });
}

/** supabase-rx: a builder is a cold Observable; `toResult()` gives supabase-js's shape. */
async function settleRx(builder: Observable<unknown>): Promise<Outcome> {
  return toOutcome(await firstValueFrom(builder.pipe(toResult())));
}

/** Both clients for one caller. */
export function clientPair(url: string, key: string, token?: string, entry?: RxEntry): ClientPair {
  return {
    js: officialClient(url, key, token),
    rx: rxClient(url, key, token, entry),
    settle: (client, builder) =>
      client === 'supabase-js'
        ? settleJs(builder as PromiseLike<unknown>)
        : settleRx(builder as Observable<unknown>),
  };
}
