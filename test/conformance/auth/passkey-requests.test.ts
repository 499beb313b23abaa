import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { lastValueFrom, of, type Observable } from 'rxjs';
import ws from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuthApi } from '../../../src/auth/auth-api.js';
import {
  AdminPasskeyApi,
  PasskeyApi,
  registerPasskey,
  signInWithPasskey,
  type WebAuthnCredentials,
} from '../../../src/auth/passkey/index.js';
import type { Session } from '../../../src/auth/types.js';
import { createTransport } from '../../../src/http/transport.js';

/**
 * `auth.passkey.*`, `signInWithPasskey`, `registerPasskey` and `auth.admin.passkey.*` through
 * supabase-js 2.119.1 (auth-js 2.119.1) and supabase-rx against a recording server with canned
 * GoTrue answers: for the same call, the same method, path, headers that matter and body. The
 * ceremonies run on the same fake `navigator.credentials`.
 */

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

const KEY = 'key-for-passkey-conformance';
const UID = '11111111-1111-4111-8111-111111111111';
const PASSKEY_ID = '22222222-2222-4222-8222-222222222222';
const STORAGE_KEY = 'sb-127-auth-token';

function b64(v: unknown) {
  return Buffer.from(JSON.stringify(v)).toString('base64url');
}
const EXP = Math.floor(Date.now() / 1000) + 3600;
const TOKEN = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: UID, exp: EXP, role: 'authenticated' })}.c2ln`;
const USER = { id: UID, aud: 'authenticated', email: 'a@b.c', app_metadata: {}, user_metadata: {} };
const SESSION = {
  access_token: TOKEN,
  token_type: 'bearer',
  expires_in: 3600,
  expires_at: EXP,
  refresh_token: 'rt',
  user: USER,
};
const CREATION = {
  challenge_id: 'c-1',
  expires_at: EXP,
  options: {
    rp: { id: 'localhost', name: 'App' },
    user: { id: 'dXNlcg', name: 'a@b.c', displayName: 'a@b.c' },
    challenge: 'AQID',
    pubKeyCredParams: [{ alg: -7, type: 'public-key' }],
  },
};
const REQUEST = {
  challenge_id: 'c-2',
  expires_at: EXP,
  options: { challenge: 'BwgJ', rpId: 'localhost' },
};
const ITEM = { id: PASSKEY_ID, friendly_name: 'Laptop', created_at: '2026-01-01T00:00:00Z' };
const REGISTRATION_JSON = {
  id: 'cred',
  rawId: 'cred',
  type: 'public-key',
  response: { clientDataJSON: 'e30', attestationObject: 'oA' },
  clientExtensionResults: {},
};
const ASSERTION_JSON = {
  id: 'cred',
  rawId: 'cred',
  type: 'public-key',
  response: {
    clientDataJSON: 'e30',
    authenticatorData: 'AA',
    signature: 'AA',
    userHandle: 'dXNlcg',
  },
  clientExtensionResults: {},
};

let server: Server;
let base = '';
let seen: Seen[] = [];

function reply(method: string, path: string, res: ServerResponse) {
  const send = (status: number, value?: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(value === undefined ? undefined : JSON.stringify(value));
  };
  if (method === 'DELETE') return send(204);
  if (path === '/passkeys/registration/options') return send(200, CREATION);
  if (path === '/passkeys/registration/verify') return send(200, ITEM);
  if (path === '/passkeys/authentication/options') return send(200, REQUEST);
  if (path === '/passkeys/authentication/verify') return send(200, SESSION);
  if (method === 'GET') return send(200, [ITEM]);
  return send(200, ITEM);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
      seen.push({
        method: req.method!,
        url: req.url!,
        headers,
        body: raw ? JSON.parse(raw) : undefined,
      });
      reply(req.method!, new URL(req.url!, 'http://x').pathname.replace('/auth/v1', ''), res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));
afterEach(() => vi.unstubAllGlobals());

function memory(initial: Record<string, string>) {
  const m = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
}

/**
 * The same fake authenticator for both clients: auth-js finds it as `navigator.credentials` on
 * a fake page, supabase-rx is handed it.
 */
function fakeBrowser(): WebAuthnCredentials {
  class FakePublicKeyCredential {
    constructor(private readonly json: unknown) {}
    toJSON() {
      return this.json;
    }
    getClientExtensionResults() {
      return {};
    }
  }
  const credentials: WebAuthnCredentials = {
    create: async () => new FakePublicKeyCredential(REGISTRATION_JSON) as never,
    get: async () => new FakePublicKeyCredential(ASSERTION_JSON) as never,
  };
  const noop = () => undefined;
  vi.stubGlobal('PublicKeyCredential', FakePublicKeyCredential);
  vi.stubGlobal('navigator', { credentials });
  vi.stubGlobal('document', { addEventListener: noop, removeEventListener: noop });
  vi.stubGlobal('window', {
    PublicKeyCredential: FakePublicKeyCredential,
    location: { href: 'http://localhost/', origin: 'http://localhost', hostname: 'localhost' },
    addEventListener: noop,
    removeEventListener: noop,
  });
  return credentials;
}

interface Ours {
  passkey: PasskeyApi;
  admin: AdminPasskeyApi;
  credentials: WebAuthnCredentials | undefined;
}

function clients(credentials?: WebAuthnCredentials): { js: SupabaseClient; rx: Ours } {
  const js = createClient(base, KEY, {
    auth: {
      storage: memory({ [STORAGE_KEY]: JSON.stringify(SESSION) }),
      autoRefreshToken: false,
      detectSessionInUrl: false,
    },
    realtime: { transport: ws as never },
  });
  const api = new AuthApi(
    `${base}/auth/v1`,
    { apikey: KEY, Authorization: `Bearer ${KEY}` },
    createTransport({ retry: false }),
  );
  const passkey = new PasskeyApi({
    api,
    requireSession: () => of(SESSION as unknown as Session),
    saveSession: () => of(undefined),
    now: () => Date.now(),
  });
  return { js, rx: { passkey, admin: new AdminPasskeyApi(api), credentials } };
}

const HEADERS = ['apikey', 'authorization', 'content-type', 'x-supabase-api-version'];

function shape(r: Seen) {
  return {
    method: r.method,
    url: r.url,
    headers: Object.fromEntries(HEADERS.map((h) => [h, r.headers[h]])),
    body: r.body,
  };
}

type Case = [
  string,
  (js: SupabaseClient) => Promise<{ data: unknown; error: unknown }>,
  (rx: Ours) => Observable<unknown>,
  { browser?: boolean; requests?: number } | undefined,
];

const cases: Case[] = [
  [
    'passkey.startRegistration',
    (js) => js.auth.passkey.startRegistration(),
    (rx) => rx.passkey.startRegistration(),
    undefined,
  ],
  [
    'passkey.verifyRegistration',
    (js) =>
      js.auth.passkey.verifyRegistration({
        challengeId: 'c-1',
        credential: REGISTRATION_JSON as never,
      }),
    (rx) =>
      rx.passkey.verifyRegistration({ challengeId: 'c-1', credential: REGISTRATION_JSON as never }),
    undefined,
  ],
  [
    'passkey.startAuthentication',
    (js) => js.auth.passkey.startAuthentication({ options: { captchaToken: 'cap' } }),
    (rx) => rx.passkey.startAuthentication({ options: { captchaToken: 'cap' } }),
    undefined,
  ],
  [
    'passkey.startAuthentication without params',
    (js) => js.auth.passkey.startAuthentication(),
    (rx) => rx.passkey.startAuthentication(),
    undefined,
  ],
  [
    'passkey.verifyAuthentication',
    (js) =>
      js.auth.passkey.verifyAuthentication({
        challengeId: 'c-2',
        credential: ASSERTION_JSON as never,
      }),
    (rx) =>
      rx.passkey.verifyAuthentication({ challengeId: 'c-2', credential: ASSERTION_JSON as never }),
    undefined,
  ],
  ['passkey.list', (js) => js.auth.passkey.list(), (rx) => rx.passkey.list(), undefined],
  [
    'passkey.update',
    (js) => js.auth.passkey.update({ passkeyId: PASSKEY_ID, friendlyName: 'Laptop' }),
    (rx) => rx.passkey.update({ passkeyId: PASSKEY_ID, friendlyName: 'Laptop' }),
    undefined,
  ],
  [
    'passkey.delete',
    (js) => js.auth.passkey.delete({ passkeyId: PASSKEY_ID }),
    (rx) => rx.passkey.delete({ passkeyId: PASSKEY_ID }),
    undefined,
  ],
  [
    'admin.passkey.listPasskeys',
    (js) => js.auth.admin.passkey.listPasskeys({ userId: UID }),
    (rx) => rx.admin.listPasskeys({ userId: UID }),
    undefined,
  ],
  [
    'admin.passkey.deletePasskey',
    (js) => js.auth.admin.passkey.deletePasskey({ userId: UID, passkeyId: PASSKEY_ID }),
    (rx) => rx.admin.deletePasskey({ userId: UID, passkeyId: PASSKEY_ID }),
    undefined,
  ],
  [
    'signInWithPasskey',
    (js) => js.auth.signInWithPasskey({ options: { captchaToken: 'cap' } }),
    (rx) => signInWithPasskey(rx.passkey, rx.credentials, { options: { captchaToken: 'cap' } }),
    { browser: true, requests: 2 },
  ],
  [
    'registerPasskey',
    (js) => js.auth.registerPasskey(),
    (rx) => registerPasskey(rx.passkey, rx.credentials),
    { browser: true, requests: 2 },
  ],
];

describe('auth.passkey, the passkey ceremonies and auth.admin.passkey send the same requests as supabase-js', () => {
  for (const [name, jsCall, rxCall, o] of cases) {
    it(name, async () => {
      const { js, rx } = clients(o?.browser ? fakeBrowser() : undefined);
      await js.auth.getSession();
      seen = [];
      const jsResult = await jsCall(js);
      expect(jsResult.error).toBeNull();
      const jsSeen = seen.map(shape);
      seen = [];
      const ours = await lastValueFrom(rxCall(rx), { defaultValue: undefined });
      const rxSeen = seen.map(shape);
      js.auth.stopAutoRefresh();
      expect(jsSeen).toHaveLength(o?.requests ?? 1);
      expect(rxSeen).toEqual(jsSeen);
      // What we emit is supabase-js's `data`; a sign-in's session is compared by its token.
      if (name === 'passkey.verifyAuthentication' || name === 'signInWithPasskey') {
        const data = jsResult.data as { session: Session; user: unknown };
        const mine = ours as { session: Session; user: unknown };
        expect(mine.user).toEqual(data.user);
        expect(mine.session.access_token).toBe(data.session.access_token);
      } else {
        expect(ours).toEqual(jsResult.data);
      }
    });
  }
});
