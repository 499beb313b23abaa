import type { SupabaseClient } from '@supabase/supabase-js';
import { lastValueFrom, type Observable } from 'rxjs';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { SupabaseClient as RxClient } from 'supabase-rx';
import type { WebAuthnCredentials } from '../../../src/auth/passkey/index.js';
import type { Session } from '../../../src/auth/types.js';
import { EXP, recordingServer, SESSION, shape, signedInClients, UID } from './gotrue-recorder.js';

/**
 * `auth.passkey.*`, `signInWithPasskey`, `registerPasskey` and `auth.admin.passkey.*` through
 * supabase-js 2.119.1 (auth-js 2.119.1) and supabase-rx against a recording server with canned
 * GoTrue answers: for the same call, the same method, path, headers that matter and body. The
 * ceremonies run on the same fake `navigator.credentials`.
 */

const PASSKEY_ID = '22222222-2222-4222-8222-222222222222';
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

const server = await recordingServer((method, path) => {
  if (method === 'DELETE') return { status: 204 };
  if (path === '/passkeys/registration/options') return { status: 200, body: CREATION };
  if (path === '/passkeys/registration/verify') return { status: 200, body: ITEM };
  if (path === '/passkeys/authentication/options') return { status: 200, body: REQUEST };
  if (path === '/passkeys/authentication/verify') return { status: 200, body: SESSION };
  if (method === 'GET') return { status: 200, body: [ITEM] };
  return { status: 200, body: ITEM };
});

afterAll(() => server.close());
afterEach(() => vi.unstubAllGlobals());

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

type Case = [
  string,
  (js: SupabaseClient) => Promise<{ data: unknown; error: unknown }>,
  (rx: RxClient) => Observable<unknown>,
  { browser?: boolean; requests?: number } | undefined,
];

const cases: Case[] = [
  [
    'passkey.startRegistration',
    (js) => js.auth.passkey.startRegistration(),
    (rx) => rx.auth.passkey.startRegistration(),
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
      rx.auth.passkey.verifyRegistration({
        challengeId: 'c-1',
        credential: REGISTRATION_JSON as never,
      }),
    undefined,
  ],
  [
    'passkey.startAuthentication',
    (js) => js.auth.passkey.startAuthentication({ options: { captchaToken: 'cap' } }),
    (rx) => rx.auth.passkey.startAuthentication({ options: { captchaToken: 'cap' } }),
    undefined,
  ],
  [
    'passkey.startAuthentication without params',
    (js) => js.auth.passkey.startAuthentication(),
    (rx) => rx.auth.passkey.startAuthentication(),
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
      rx.auth.passkey.verifyAuthentication({
        challengeId: 'c-2',
        credential: ASSERTION_JSON as never,
      }),
    undefined,
  ],
  ['passkey.list', (js) => js.auth.passkey.list(), (rx) => rx.auth.passkey.list(), undefined],
  [
    'passkey.update',
    (js) => js.auth.passkey.update({ passkeyId: PASSKEY_ID, friendlyName: 'Laptop' }),
    (rx) => rx.auth.passkey.update({ passkeyId: PASSKEY_ID, friendlyName: 'Laptop' }),
    undefined,
  ],
  [
    'passkey.delete',
    (js) => js.auth.passkey.delete({ passkeyId: PASSKEY_ID }),
    (rx) => rx.auth.passkey.delete({ passkeyId: PASSKEY_ID }),
    undefined,
  ],
  [
    'admin.passkey.listPasskeys',
    (js) => js.auth.admin.passkey.listPasskeys({ userId: UID }),
    (rx) => rx.auth.admin.passkey.listPasskeys({ userId: UID }),
    undefined,
  ],
  [
    'admin.passkey.deletePasskey',
    (js) => js.auth.admin.passkey.deletePasskey({ userId: UID, passkeyId: PASSKEY_ID }),
    (rx) => rx.auth.admin.passkey.deletePasskey({ userId: UID, passkeyId: PASSKEY_ID }),
    undefined,
  ],
  [
    'signInWithPasskey',
    (js) => js.auth.signInWithPasskey({ options: { captchaToken: 'cap' } }),
    (rx) => rx.auth.signInWithPasskey({ options: { captchaToken: 'cap' } }),
    { browser: true, requests: 2 },
  ],
  [
    'registerPasskey',
    (js) => js.auth.registerPasskey(),
    (rx) => rx.auth.registerPasskey(),
    { browser: true, requests: 2 },
  ],
];

describe('auth.passkey, the passkey ceremonies and auth.admin.passkey send the same requests as supabase-js', () => {
  for (const [name, jsCall, rxCall, o] of cases) {
    it(name, async () => {
      const webauthn = o?.browser ? fakeBrowser() : undefined;
      const { js, rx } = signedInClients(server.state.base, { webauthn });
      await js.auth.getSession();
      server.state.seen = [];
      const jsResult = await jsCall(js);
      expect(jsResult.error).toBeNull();
      const jsSeen = server.state.seen.map(shape);
      server.state.seen = [];
      const ours = await lastValueFrom(rxCall(rx), { defaultValue: undefined });
      const rxSeen = server.state.seen.map(shape);
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
