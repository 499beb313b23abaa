import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';
import { SignJWT } from 'jose';
import ws from 'ws';
import type { EmulatorHandle } from '../../src/index.js';

/** Helpers of the official supabase-js realtime tests against the emulator. Every wait is bounded. */

export const WAIT_MS = 5000;

/** Fixed users of the RLS tests. */
export const ALICE = '11111111-1111-4111-8111-111111111111';
export const BOB = '22222222-2222-4222-8222-222222222222';

/** An access token as GoTrue issues it: HS256 with the project's secret, role authenticated. */
export async function userToken(emu: EmulatorHandle, sub: string, expiresInSeconds = 3600) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub, role: 'authenticated', aud: 'authenticated' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + expiresInSeconds)
    .sign(new TextEncoder().encode(emu.jwtSecret));
}

export interface JsOptions {
  /** The API key (default: the anon key). */
  key?: string;
  /** A user's access token (through the `accessToken` option, as third-party auth does). */
  token?: string;
  vsn?: '1.0.0' | '2.0.0';
}

const clients: SupabaseClient[] = [];

/** A supabase-js client on the emulator; `closeAll()` disconnects every one made. */
export async function jsClient(emu: EmulatorHandle, opts: JsOptions = {}) {
  const { token } = opts;
  const sb = createClient(emu.url, opts.key ?? emu.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    ...(token ? { accessToken: async () => token } : {}),
    realtime: { transport: ws as never, ...(opts.vsn ? { vsn: opts.vsn } : {}) },
  });
  clients.push(sb);
  // supabase-js hands the token to realtime a few microtasks later; joins must carry it.
  if (token) await sb.realtime.setAuth(token);
  return sb;
}

/** Disconnects every client `jsClient` made. */
export async function closeAll() {
  const all = clients.splice(0);
  await Promise.all(all.map((sb) => bounded('removeAllChannels', sb.removeAllChannels())));
  for (const sb of all) sb.realtime.disconnect();
}

/** Rejects after `ms` naming `what`. */
export function bounded<T>(what: string, p: PromiseLike<T>, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
  });
  return Promise.race([Promise.resolve(p), limit]).finally(() => clearTimeout(timer));
}

/** Subscribes; resolves with the first status and its error message (if any). */
export function subscribe(ch: RealtimeChannel) {
  return bounded(
    `subscribe ${ch.topic}`,
    new Promise<{ status: string; error?: string }>((resolve) =>
      ch.subscribe((status, err) => resolve({ status, error: err?.message })),
    ),
  );
}

/** Subscribes and requires SUBSCRIBED. */
export async function joined(ch: RealtimeChannel): Promise<RealtimeChannel> {
  const s = await subscribe(ch);
  if (s.status !== 'SUBSCRIBED') {
    throw new Error(`${ch.topic}: ${s.status}${s.error ? ` (${s.error})` : ''}`);
  }
  return ch;
}

/** What a listener was handed, with a bounded wait for the n-th item. */
export class Inbox<T = any> {
  readonly items: T[] = [];
  private waiters: (() => void)[] = [];

  /** The listener to pass to `channel.on`. */
  readonly push = (item: T) => {
    this.items.push(item);
    for (const w of this.waiters.splice(0)) w();
  };

  /** Resolves with the items once there are at least `n` of them. */
  until(n: number, what: string, ms = WAIT_MS): Promise<T[]> {
    return bounded(
      `${what} (${this.items.length} of ${n} so far)`,
      new Promise<T[]>((resolve) => {
        const check = () =>
          this.items.length >= n ? resolve(this.items) : this.waiters.push(check);
        check();
      }),
      ms,
    );
  }

  /** Resolves with the first item matching, once it arrives. */
  async find(match: (item: T) => boolean, what: string, ms = WAIT_MS): Promise<T> {
    const found = () => this.items.find(match);
    return bounded(
      what,
      new Promise<T>((resolve) => {
        const check = () => {
          const f = found();
          if (f !== undefined) resolve(f);
          else this.waiters.push(check);
        };
        check();
      }),
      ms,
    );
  }
}

let seq = 0;
/** A topic no other test in the process uses. */
export const uniqueTopic = (prefix: string) => `${prefix}-${process.pid}-${++seq}`;
