import { lastValueFrom, switchMap } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from 'supabase-rx-emulator';
import { AuthApiError, WebAuthnError, type WebAuthnCredentials } from 'supabase-rx/auth';
import { SoftAuthenticator } from '../../../emulator/test/auth/webauthn-authenticator.js';
import { claimsOf, newEmail, rxAuth, startAuthEmulator } from './helpers.js';

const ORIGIN = 'http://localhost:3000';
const CONFIG = `
[auth]
site_url = "${ORIGIN}"
[auth.mfa.web_authn]
enroll_enabled = true
verify_enabled = true
[auth.webauthn]
rp_id = "localhost"
rp_origins = ["${ORIGIN}"]
`;

const b64u = (b: ArrayBuffer) => Buffer.from(b).toString('base64url');

/**
 * `navigator.credentials` backed by the software authenticator: the SDK hands it the options
 * decoded to ArrayBuffers (Node has no `PublicKeyCredential.parse…FromJSON`), so they are encoded
 * back for the authenticator, as a browser reads them. It records what it was given.
 */
function softCredentials(device: SoftAuthenticator, seen: unknown[] = []): WebAuthnCredentials {
  return {
    create: async ({ publicKey }) => {
      const o = publicKey!;
      seen.push(o);
      const json = device.create({
        ...o,
        challenge: b64u(o.challenge as ArrayBuffer),
        user: { ...o.user, id: b64u(o.user.id as ArrayBuffer) },
      });
      return { id: json.id, type: 'public-key', toJSON: () => json } as never;
    },
    get: async ({ publicKey }) => {
      const o = publicKey!;
      seen.push(o);
      const json = device.get({
        ...o,
        challenge: b64u(o.challenge as ArrayBuffer),
        allowCredentials: o.allowCredentials?.map((c) => ({ ...c, id: b64u(c.id as ArrayBuffer) })),
      });
      return { id: json.id, type: 'public-key', toJSON: () => json } as never;
    },
  };
}

const amr = (jwt: string) => (claimsOf(jwt).amr as { method: string }[]).map((a) => a.method);

describe('supabase-rx auth.mfa WebAuthn factors against the emulator', () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startAuthEmulator(CONFIG);
  });
  afterAll(() => emu?.stop());

  it('mfa.webauthn.register → aal2; a password sign-in then mfa.webauthn.authenticate → aal2', async () => {
    const device = new SoftAuthenticator(ORIGIN);
    const seen: any[] = [];
    const auth = rxAuth(emu, { webauthn: softCredentials(device, seen) });
    const email = newEmail('rx-wa');
    await lastValueFrom(auth.signUp({ email, password: 'secret-pw' }));
    const events: string[] = [];
    auth.onAuthStateChange((e) => events.push(e));

    const registered = await lastValueFrom(
      auth.mfa.webauthn.register({ friendlyName: 'YubiKey', webauthn: { rpId: 'localhost' } }),
    );
    expect(claimsOf(registered.access_token).aal).toBe('aal2');
    expect(amr(registered.access_token)).toContain('mfa/webauthn');
    expect(auth.session?.access_token).toBe(registered.access_token);
    expect(events).toContain('MFA_CHALLENGE_VERIFIED');
    // The server's options win over auth-js's defaults (its `attestation: 'direct'`).
    expect(seen[0]).toMatchObject({ attestation: 'none', rp: { id: 'localhost' } });
    const factors = await lastValueFrom(auth.mfa.listFactors());
    expect(factors.webauthn).toEqual([
      expect.objectContaining({
        friendly_name: 'YubiKey',
        factor_type: 'webauthn',
        status: 'verified',
      }),
    ]);

    const other = rxAuth(emu, { webauthn: softCredentials(device) });
    await lastValueFrom(other.signInWithPassword({ email, password: 'secret-pw' }));
    expect(await lastValueFrom(other.mfa.getAuthenticatorAssuranceLevel())).toMatchObject({
      currentLevel: 'aal1',
      nextLevel: 'aal2',
    });
    const raised = await lastValueFrom(
      other.mfa.webauthn.authenticate({
        factorId: factors.webauthn[0].id,
        webauthn: { rpId: 'localhost', rpOrigins: [ORIGIN] },
      }),
    );
    expect(claimsOf(raised.access_token).aal).toBe('aal2');
    expect(await lastValueFrom(other.mfa.getAuthenticatorAssuranceLevel())).toMatchObject({
      currentLevel: 'aal2',
    });
  });

  it('step by step: enroll, mfa.webauthn.challenge, mfa.webauthn.verify', async () => {
    const device = new SoftAuthenticator(ORIGIN);
    const auth = rxAuth(emu, { webauthn: softCredentials(device) });
    await lastValueFrom(auth.signUp({ email: newEmail('rx-wa2'), password: 'secret-pw' }));
    const factor = await lastValueFrom(
      auth.mfa.enroll({ factorType: 'webauthn', friendlyName: 'key' }),
    );
    expect(factor).toMatchObject({ type: 'webauthn', friendly_name: 'key' });
    const session = await lastValueFrom(
      auth.mfa.webauthn
        .challenge({ factorId: factor.id, webauthn: { rpId: 'localhost' } })
        .pipe(
          switchMap((c) =>
            auth.mfa.webauthn.verify({ ...c, webauthn: { ...c.webauthn, rpId: 'localhost' } }),
          ),
        ),
    );
    expect(claimsOf(session.access_token).aal).toBe('aal2');
  });

  it('the server refuses a stale sign count (AuthApiError); an authenticator without the key fails as WebAuthnError', async () => {
    const device = new SoftAuthenticator(ORIGIN);
    const auth = rxAuth(emu, { webauthn: softCredentials(device) });
    await lastValueFrom(auth.signUp({ email: newEmail('rx-wa3'), password: 'secret-pw' }));
    await lastValueFrom(
      auth.mfa.webauthn.register({ friendlyName: 'k', webauthn: { rpId: 'localhost' } }),
    );
    const factorId = (await lastValueFrom(auth.mfa.listFactors())).webauthn[0].id;
    await lastValueFrom(
      auth.mfa.webauthn.authenticate({ factorId, webauthn: { rpId: 'localhost' } }),
    );
    device.credentials[0].counter = 0; // a clone of the authenticator before that assertion
    const stale = await lastValueFrom(
      auth.mfa.webauthn.authenticate({ factorId, webauthn: { rpId: 'localhost' } }),
    ).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(AuthApiError);
    expect(stale).toMatchObject({ status: 422, code: 'webauthn_verification_failed' });

    const stranger = rxAuth(emu, { webauthn: softCredentials(new SoftAuthenticator(ORIGIN)) });
    await lastValueFrom(stranger.setSession(auth.session!));
    const e = await lastValueFrom(
      stranger.mfa.webauthn.authenticate({ factorId, webauthn: { rpId: 'localhost' } }),
    ).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WebAuthnError);
  });
});
