import { lastValueFrom, map, throwError, switchMap, of } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from 'supabase-rx-emulator';
import { AuthApiError, type AuthClient } from 'supabase-rx/auth';
import { AuthApi } from '../../../src/auth/auth-api.js';
import { AuthSessionMissingError } from '../../../src/auth/errors.js';
import {
  AdminPasskeyApi,
  PasskeyApi,
  registerPasskey,
  signInWithPasskey,
  type WebAuthnCredentials,
} from '../../../src/auth/passkey/index.js';
import { createTransport } from '../../../src/http/transport.js';
import { SoftAuthenticator } from '../../../emulator/test/auth/webauthn-authenticator.js';
import { newEmail, rxAuth, startAuthEmulator } from './helpers.js';

const ORIGIN = 'http://localhost:3000';
const CONFIG = `
[auth]
site_url = "${ORIGIN}"
[auth.passkey]
enabled = true
[auth.webauthn]
rp_id = "localhost"
rp_origins = ["${ORIGIN}"]
`;

const b64u = (b: ArrayBuffer) => Buffer.from(b).toString('base64url');

/**
 * `navigator.credentials` backed by the software authenticator. The SDK hands it the options
 * decoded to ArrayBuffers (Node has no `PublicKeyCredential.parse…FromJSON`), so this encodes
 * them back for the authenticator, as a browser reads them.
 */
function softCredentials(device: SoftAuthenticator): WebAuthnCredentials {
  return {
    create: async ({ publicKey }) => {
      const o = publicKey!;
      const json = device.create({
        ...o,
        challenge: b64u(o.challenge as ArrayBuffer),
        user: { ...o.user, id: b64u(o.user.id as ArrayBuffer) },
      });
      return { id: json.id, type: 'public-key', toJSON: () => json } as never;
    },
    get: async ({ publicKey }) => {
      const o = publicKey!;
      const json = device.get({
        ...o,
        challenge: b64u(o.challenge as ArrayBuffer),
        allowCredentials: o.allowCredentials?.map((c) => ({ ...c, id: b64u(c.id as ArrayBuffer) })),
      });
      return { id: json.id, type: 'public-key', toJSON: () => json } as never;
    },
  };
}

/**
 * The passkey API over an AuthClient's public methods, standing in for the wiring into
 * `auth.passkey` (the session comes from the client; a sign-in's session goes back by setSession).
 */
function passkeyOf(emu: EmulatorHandle, auth: AuthClient): PasskeyApi {
  const api = new AuthApi(
    `${emu.url}/auth/v1`,
    { apikey: emu.anonKey, Authorization: `Bearer ${emu.anonKey}` },
    createTransport({ retry: false }),
  );
  return new PasskeyApi({
    api,
    requireSession: () =>
      auth
        .getSession()
        .pipe(
          switchMap(({ session }) =>
            session ? of(session) : throwError(() => new AuthSessionMissingError()),
          ),
        ),
    saveSession: (s) => auth.setSession(s).pipe(map(() => undefined)),
    now: () => Date.now(),
  });
}

describe('supabase-rx passkeys against the emulator', () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startAuthEmulator(CONFIG);
  });
  afterAll(() => emu?.stop());

  it('registerPasskey, list, update; signInWithPasskey signs a new client in; delete', async () => {
    const device = new SoftAuthenticator(ORIGIN);
    const credentials = softCredentials(device);
    const auth = rxAuth(emu);
    const { user } = await lastValueFrom(
      auth.signUp({ email: newEmail('rx-pk'), password: 'secret-pw' }),
    );
    const passkey = passkeyOf(emu, auth);
    const created = await lastValueFrom(registerPasskey(passkey, credentials));
    expect(created).toMatchObject({ id: expect.any(String), friendly_name: 'Passkey' });
    const renamed = await lastValueFrom(
      passkey.update({ passkeyId: created.id, friendlyName: 'Laptop' }),
    );
    expect(renamed.friendly_name).toBe('Laptop');
    expect(await lastValueFrom(passkey.list())).toEqual([
      expect.objectContaining({ id: created.id, friendly_name: 'Laptop' }),
    ]);

    const other = rxAuth(emu);
    const events: string[] = [];
    other.onAuthStateChange((e) => events.push(e));
    const signedIn = await lastValueFrom(signInWithPasskey(passkeyOf(emu, other), credentials));
    expect(signedIn.user.id).toBe(user!.id);
    expect(other.session?.access_token).toBe(signedIn.session.access_token);
    expect(events).toContain('SIGNED_IN');
    expect((await lastValueFrom(other.getUser())).user.id).toBe(user!.id);

    const admin = new AdminPasskeyApi(
      new AuthApi(
        `${emu.url}/auth/v1`,
        { apikey: emu.serviceRoleKey, Authorization: `Bearer ${emu.serviceRoleKey}` },
        createTransport({ retry: false }),
      ),
    );
    const listed = await lastValueFrom(admin.listPasskeys({ userId: user!.id }));
    expect(listed.map((p) => p.id)).toEqual([created.id]);
    expect(listed[0].last_used_at).toEqual(expect.any(String));

    expect(await lastValueFrom(passkey.delete({ passkeyId: created.id }))).toBeNull();
    const refused = await lastValueFrom(
      signInWithPasskey(passkeyOf(emu, rxAuth(emu)), credentials),
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AuthApiError);
    expect(refused).toMatchObject({ status: 422, code: 'webauthn_credential_not_found' });
  });

  it('a stale sign count is refused as webauthn_verification_failed', async () => {
    const device = new SoftAuthenticator(ORIGIN);
    const auth = rxAuth(emu);
    await lastValueFrom(auth.signUp({ email: newEmail('rx-pk2'), password: 'secret-pw' }));
    const passkey = passkeyOf(emu, auth);
    await lastValueFrom(registerPasskey(passkey, softCredentials(device)));
    await lastValueFrom(signInWithPasskey(passkey, softCredentials(device)));
    device.credentials[0].counter = 0; // a clone of the authenticator before that sign-in
    const e = await lastValueFrom(signInWithPasskey(passkey, softCredentials(device))).catch(
      (x: unknown) => x,
    );
    expect(e).toMatchObject({ status: 422, code: 'webauthn_verification_failed' });
  });
});
