import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import ws from 'ws';
import { createClient as createRx, type SupabaseClient as RxClient } from 'supabase-rx';

/**
 * A recording GoTrue stand-in for the auth conformance tests (MFA, passkeys, the OAuth server):
 * canned answers by path, every request kept; and a supabase-js and a supabase-rx client signed
 * in against it.
 */

export interface Seen {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export const KEY = 'key-for-auth-conformance';
export const UID = '11111111-1111-4111-8111-111111111111';
export const FID = '33333333-3333-4333-8333-333333333333';
const STORAGE_KEY = 'sb-127-auth-token';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
export const EXP = Math.floor(Date.now() / 1000) + 3600;
const TOKEN = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: UID, exp: EXP, role: 'authenticated', aal: 'aal1' })}.c2ln`;
export const USER = {
  id: UID,
  aud: 'authenticated',
  email: 'a@b.c',
  app_metadata: {},
  user_metadata: {},
};
export const SESSION = {
  access_token: TOKEN,
  token_type: 'bearer',
  expires_in: 3600,
  expires_at: EXP,
  refresh_token: 'rt',
  user: USER,
};

export type Answer = (
  method: string,
  path: string,
) => { status: number; body?: unknown; headers?: Record<string, string> };

/** Starts the server; `answer` decides each reply (its path is without `/auth/v1`). */
export async function recordingServer(answer: Answer) {
  const state = { seen: [] as Seen[], base: '' };
  const send = (
    res: ServerResponse,
    status: number,
    value?: unknown,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(value === undefined ? undefined : JSON.stringify(value));
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
      state.seen.push({
        method: req.method!,
        url: req.url!,
        headers,
        body: raw ? JSON.parse(raw) : undefined,
      });
      const path = new URL(req.url!, 'http://x').pathname.replace('/auth/v1', '');
      const { status, body, headers: extra } = answer(req.method!, path);
      send(res, status, body, extra);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  state.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () => new Promise<void>((r) => server.close(() => r()));
  return { state, close };
}

function memory(initial: Record<string, string>) {
  const m = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
}

/** Both clients, signed in with {@link SESSION}. */
export function signedInClients(
  base: string,
  options: { recoveryCodes?: boolean; webauthn?: unknown } = {},
): { js: SupabaseClient; rx: RxClient } {
  const experimental =
    options.recoveryCodes === undefined ? undefined : { recoveryCodes: options.recoveryCodes };
  const js = createClient(base, KEY, {
    auth: {
      storage: memory({ [STORAGE_KEY]: JSON.stringify(SESSION) }),
      autoRefreshToken: false,
      detectSessionInUrl: false,
      experimental,
    },
    realtime: { transport: ws as never },
  });
  const rx = createRx(base, KEY, {
    auth: {
      storage: memory({ [STORAGE_KEY]: JSON.stringify(SESSION) }),
      autoRefreshToken: false,
      detectSessionInUrl: false,
      experimental,
      webauthn: options.webauthn as never,
    },
  });
  return { js, rx };
}

const HEADERS = ['apikey', 'authorization', 'content-type', 'x-supabase-api-version'];

/** What of a request must match. */
export function shape(r: Seen) {
  return {
    method: r.method,
    url: r.url,
    headers: Object.fromEntries(HEADERS.map((h) => [h, r.headers[h]])),
    body: r.body,
  };
}
