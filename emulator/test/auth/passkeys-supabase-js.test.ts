import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import ws from 'ws';
import type { EmulatorHandle } from '../../src/index.js';
import { jwtPayload, newEmail, startAuthEmulator } from './helpers.js';
import { SoftAuthenticator } from './webauthn-authenticator.js';

const ORIGIN = 'http://localhost:3000';
const CONFIG = `
[auth.passkey]
enabled = true

[auth.webauthn]
rp_id = "localhost"
rp_origins = ["${ORIGIN}"]

[auth.mfa.web_authn]
enroll_enabled = true
verify_enabled = true
`;

/**
 * What auth-js needs of a browser to run its WebAuthn ceremonies: `window`, `document`, a
 * `PublicKeyCredential` class (with WebAuthn Level 3's JSON parsers, so the options reach the
 * authenticator as the server sent them) and `navigator.credentials` backed by the software
 * authenticator.
 */
function fakeBrowser(device: SoftAuthenticator) {
  class FakePublicKeyCredential {
    constructor(private readonly json: Record<string, any>) {}
    get id() {
      return this.json.id;
    }
    toJSON() {
      return this.json;
    }
    getClientExtensionResults() {
      return {};
    }
    static parseCreationOptionsFromJSON(o: Record<string, any>) {
      return { ...o, user: { ...o.user } };
    }
    static parseRequestOptionsFromJSON(o: Record<string, any>) {
      return { ...o };
    }
  }
  const calls: string[] = [];
  const credentials = {
    create: async ({ publicKey }: { publicKey: Record<string, any> }) => {
      calls.push('create');
      return new FakePublicKeyCredential(device.create(publicKey));
    },
    get: async ({ publicKey }: { publicKey: Record<string, any> }) => {
      calls.push('get');
      return new FakePublicKeyCredential(device.get(publicKey));
    },
  };
  const noop = () => undefined;
  const url = new URL(ORIGIN);
  vi.stubGlobal('PublicKeyCredential', FakePublicKeyCredential);
  vi.stubGlobal('navigator', { credentials, userAgent: 'node' });
  vi.stubGlobal('document', {
    addEventListener: noop,
    removeEventListener: noop,
    visibilityState: 'visible',
  });
  vi.stubGlobal('window', {
    PublicKeyCredential: FakePublicKeyCredential,
    location: { hostname: url.hostname, origin: url.origin, href: `${ORIGIN}/` },
    addEventListener: noop,
    removeEventListener: noop,
  });
  return calls;
}

/** A Storage that keeps the session in memory. */
function memoryStorage() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
}

describe('the official supabase-js 2.119 passkey and WebAuthn MFA methods against the emulator', () => {
  let emu: EmulatorHandle;
  let calls: string[];
  const device = new SoftAuthenticator(ORIGIN);
  const client = (): SupabaseClient =>
    createClient(emu.url, emu.anonKey, {
      auth: {
        storage: memoryStorage(),
        autoRefreshToken: false,
        persistSession: true,
        detectSessionInUrl: false,
      },
      realtime: { transport: ws as never },
    });
  beforeAll(async () => {
    emu = await startAuthEmulator(CONFIG);
    calls = fakeBrowser(device);
  });
  afterAll(async () => {
    vi.unstubAllGlobals();
    await emu?.stop();
  });

  it('registerPasskey, passkey.list/update/delete and signInWithPasskey', async () => {
    const email = newEmail('sbjs-pk');
    const a = client();
    const { data: signUp, error: signUpError } = await a.auth.signUp({
      email,
      password: 'secret-pw',
    });
    expect(signUpError).toBeNull();

    const { data: registered, error } = await a.auth.registerPasskey();
    expect(error).toBeNull();
    expect(registered).toMatchObject({ id: expect.any(String), friendly_name: 'Passkey' });
    expect(calls).toEqual(['create']);

    const renamed = await a.auth.passkey.update({
      passkeyId: registered!.id,
      friendlyName: 'Node',
    });
    expect(renamed.error).toBeNull();
    expect(renamed.data).toMatchObject({ id: registered!.id, friendly_name: 'Node' });
    const list = await a.auth.passkey.list();
    expect(list.data).toEqual([
      expect.objectContaining({ id: registered!.id, friendly_name: 'Node' }),
    ]);

    const b = client();
    const events: string[] = [];
    b.auth.onAuthStateChange((event) => void events.push(event));
    const signedIn = await b.auth.signInWithPasskey();
    expect(signedIn.error).toBeNull();
    expect(signedIn.data?.user?.id).toBe(signUp.user!.id);
    expect(signedIn.data?.session?.access_token).toEqual(expect.any(String));
    expect(calls).toEqual(['create', 'get']);
    expect(events).toContain('SIGNED_IN');
    const { data: current } = await b.auth.getSession();
    expect(current.session?.user.id).toBe(signUp.user!.id);

    const admin = createClient(emu.url, emu.serviceRoleKey, {
      auth: { autoRefreshToken: false, persistSession: false },
      realtime: { transport: ws as never },
    });
    const adminList = await admin.auth.admin.passkey.listPasskeys({ userId: signUp.user!.id });
    expect(adminList.data).toEqual([expect.objectContaining({ id: registered!.id })]);

    const del = await b.auth.passkey.delete({ passkeyId: registered!.id });
    expect(del).toEqual({ data: null, error: null });
    expect((await b.auth.passkey.list()).data).toEqual([]);

    // Nothing registered any more: the same authenticator is refused.
    const refused = await client().auth.signInWithPasskey();
    expect(refused.data).toBeNull();
    expect(refused.error).toMatchObject({ status: 422, code: 'webauthn_credential_not_found' });
  });

  it('mfa.webauthn.register and authenticate raise the session to aal2', async () => {
    const email = newEmail('sbjs-wa');
    const a = client();
    await a.auth.signUp({ email, password: 'secret-pw' });
    const reg = await a.auth.mfa.webauthn.register({
      friendlyName: 'node key',
      webauthn: { rpId: 'localhost', rpOrigins: [ORIGIN] },
    });
    expect(reg.error).toBeNull();
    expect(jwtPayload(reg.data!.access_token).aal).toBe('aal2');

    const b = client();
    await b.auth.signInWithPassword({ email, password: 'secret-pw' });
    const factors = await b.auth.mfa.listFactors();
    const factor = factors.data!.webauthn[0];
    expect(factor).toMatchObject({ friendly_name: 'node key', status: 'verified' });
    const auth = await b.auth.mfa.webauthn.authenticate({
      factorId: factor.id,
      webauthn: { rpId: 'localhost', rpOrigins: [ORIGIN] },
    });
    expect(auth.error).toBeNull();
    expect(jwtPayload(auth.data!.access_token).aal).toBe('aal2');
    const aal = await b.auth.mfa.getAuthenticatorAssuranceLevel();
    expect(aal.data).toMatchObject({ currentLevel: 'aal2', nextLevel: 'aal2' });
  });
});
