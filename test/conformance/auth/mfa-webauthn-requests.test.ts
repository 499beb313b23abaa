import { lastValueFrom, type Observable } from 'rxjs';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { SupabaseClient as RxClient } from 'supabase-rx';
import type { WebAuthnCredentials } from 'supabase-rx/auth';
import { FID, recordingServer, SESSION, shape, signedInClients } from './gotrue-recorder.js';

/**
 * `auth.mfa` with WebAuthn factors (`factorType: 'webauthn'`, `mfa.webauthn.*`) through
 * supabase-js 2.119.1 (auth-js 2.119.1) and supabase-rx against a recording server with canned
 * GoTrue answers: the same requests (method, path, headers that matter, body) and the same data.
 * Both ceremonies run on the same fake `navigator.credentials` on a fake page.
 */

const EXP = 4_000_000_000;
const CREATE = {
  id: 'ch-1',
  type: 'webauthn',
  expires_at: EXP,
  webauthn: {
    type: 'create',
    credential_options: {
      publicKey: {
        rp: { id: 'localhost', name: 'App' },
        user: { id: 'dXNlcg', name: 'a@b.c', displayName: 'a@b.c' },
        challenge: 'AQID',
        pubKeyCredParams: [{ alg: -7, type: 'public-key' }],
        excludeCredentials: [{ id: 'BAUG', type: 'public-key' }],
      },
    },
  },
};
const REQUEST = {
  id: 'ch-2',
  type: 'webauthn',
  expires_at: EXP,
  webauthn: {
    type: 'request',
    credential_options: {
      publicKey: {
        challenge: 'BwgJ',
        rpId: 'localhost',
        allowCredentials: [{ id: 'BAUG', type: 'public-key' }],
      },
    },
  },
};
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
const FACTOR = { id: FID, type: 'webauthn', friendly_name: 'Key' };

/** The challenge answer for the next request: a `create` one until a factor is verified. */
let challenge: unknown = CREATE;
const server = await recordingServer((method, path) => {
  if (path === '/factors') return { status: 200, body: FACTOR };
  if (path.endsWith('/challenge')) return { status: 200, body: challenge };
  if (path.endsWith('/verify')) return { status: 200, body: SESSION };
  return { status: 200, body: {} };
});
afterAll(() => server.close());
afterEach(() => vi.unstubAllGlobals());

/** Binary values as their bytes: `toEqual` does not compare ArrayBuffers' contents. */
function plain(v: unknown): unknown {
  if (v instanceof ArrayBuffer) return { bytes: [...new Uint8Array(v)] };
  if (ArrayBuffer.isView(v))
    return { bytes: [...new Uint8Array(v.buffer, v.byteOffset, v.byteLength)] };
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object' && !('toJSON' in v)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  }
  return v;
}

/** What each ceremony gave the authenticator, by client. */
let given: Record<string, unknown>[] = [];

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
  const strip = ({ signal: _s, ...o }: Record<string, unknown>) => o;
  const credentials: WebAuthnCredentials = {
    create: async (o) => (
      given.push(strip(o as never)),
      new FakePublicKeyCredential(REGISTRATION_JSON) as never
    ),
    get: async (o) => (
      given.push(strip(o as never)),
      new FakePublicKeyCredential(ASSERTION_JSON) as never
    ),
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
  { challenge?: unknown; requests: number; ceremony?: boolean },
];

const cases: Case[] = [
  [
    'mfa.enroll webauthn',
    (js) => js.auth.mfa.enroll({ factorType: 'webauthn', friendlyName: 'Key' }),
    (rx) => rx.auth.mfa.enroll({ factorType: 'webauthn', friendlyName: 'Key' }),
    { requests: 1 },
  ],
  [
    'mfa.webauthn.enroll',
    (js) => js.auth.mfa.webauthn.enroll({ friendlyName: 'Key' }),
    (rx) => rx.auth.mfa.webauthn.enroll({ friendlyName: 'Key' }),
    { requests: 1 },
  ],
  [
    'mfa.challenge webauthn (create)',
    (js) => js.auth.mfa.challenge({ factorId: FID, webauthn: { rpId: 'localhost' } }),
    (rx) => rx.auth.mfa.challenge({ factorId: FID, webauthn: { rpId: 'localhost' } }),
    { requests: 1, challenge: CREATE },
  ],
  [
    'mfa.challenge webauthn (request)',
    (js) =>
      js.auth.mfa.challenge({
        factorId: FID,
        webauthn: { rpId: 'localhost', rpOrigins: ['http://localhost'] },
      }),
    (rx) =>
      rx.auth.mfa.challenge({
        factorId: FID,
        webauthn: { rpId: 'localhost', rpOrigins: ['http://localhost'] },
      }),
    { requests: 1, challenge: REQUEST },
  ],
  [
    'mfa.verify webauthn',
    (js) =>
      js.auth.mfa.verify({
        factorId: FID,
        challengeId: 'ch-2',
        webauthn: {
          type: 'request',
          rpId: 'localhost',
          credential_response: { toJSON: () => ASSERTION_JSON } as never,
        },
      }),
    (rx) =>
      rx.auth.mfa.verify({
        factorId: FID,
        challengeId: 'ch-2',
        webauthn: {
          type: 'request',
          rpId: 'localhost',
          credential_response: ASSERTION_JSON as never,
        },
      }),
    { requests: 1 },
  ],
  [
    'mfa.webauthn.challenge (create)',
    (js) => js.auth.mfa.webauthn.challenge({ factorId: FID, webauthn: { rpId: 'localhost' } }),
    (rx) => rx.auth.mfa.webauthn.challenge({ factorId: FID, webauthn: { rpId: 'localhost' } }),
    { requests: 1, challenge: CREATE, ceremony: true },
  ],
  [
    'mfa.webauthn.challenge (request) with overrides',
    (js) =>
      js.auth.mfa.webauthn.challenge(
        { factorId: FID, webauthn: { rpId: 'localhost' } },
        { request: { userVerification: 'required', timeout: 5000 } },
      ),
    (rx) =>
      rx.auth.mfa.webauthn.challenge(
        { factorId: FID, webauthn: { rpId: 'localhost' } },
        { request: { userVerification: 'required', timeout: 5000 } },
      ),
    { requests: 1, challenge: REQUEST, ceremony: true },
  ],
  [
    'mfa.webauthn.authenticate',
    (js) => js.auth.mfa.webauthn.authenticate({ factorId: FID }),
    (rx) => rx.auth.mfa.webauthn.authenticate({ factorId: FID }),
    { requests: 2, challenge: REQUEST, ceremony: true },
  ],
  [
    'mfa.webauthn.register',
    (js) => js.auth.mfa.webauthn.register({ friendlyName: 'Key' }, { attestation: 'none' }),
    (rx) => rx.auth.mfa.webauthn.register({ friendlyName: 'Key' }, { attestation: 'none' }),
    { requests: 3, challenge: CREATE, ceremony: true },
  ],
];

describe('auth.mfa with WebAuthn factors sends the same requests as supabase-js', () => {
  for (const [name, jsCall, rxCall, o] of cases) {
    it(name, async () => {
      challenge = o.challenge ?? CREATE;
      const credentials = fakeBrowser();
      const { js, rx } = signedInClients(server.state.base, { webauthn: credentials });
      await js.auth.getSession();
      await lastValueFrom(rx.auth.getSession());
      server.state.seen = [];
      given = [];
      const jsResult = await jsCall(js);
      expect(jsResult.error).toBeNull();
      const jsSeen = server.state.seen.map(shape);
      const jsGiven = given;
      server.state.seen = [];
      given = [];
      const ours = await lastValueFrom(rxCall(rx));
      js.auth.stopAutoRefresh();
      expect(jsSeen).toHaveLength(o.requests);
      expect(server.state.seen.map(shape)).toEqual(jsSeen);
      // The same options reached the authenticator.
      expect(plain(given)).toEqual(plain(jsGiven));
      expect(given).toHaveLength(o.ceremony ? 1 : 0);
      const data = jsResult.data as Record<string, any>;
      if (name.startsWith('mfa.webauthn.challenge')) {
        // auth-js hands back the browser's credential object; we emit its JSON.
        expect(plain(ours)).toEqual(
          plain({
            ...data,
            webauthn: {
              ...data.webauthn,
              credential_response: data.webauthn.credential_response.toJSON(),
            },
          }),
        );
      } else {
        expect(plain(ours)).toEqual(plain(data));
      }
    });
  }
});
