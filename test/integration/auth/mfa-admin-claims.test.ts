import { exportJWK, generateKeyPair } from 'jose';
import { Secret, TOTP } from 'otpauth';
import { lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from 'supabase-rx-emulator';
import { AuthApiError, AuthInvalidJwtError, type AuthClient } from 'supabase-rx/auth';
import { newEmail, rxAuth, startAuthEmulator } from './helpers.js';

describe('supabase-rx auth against the emulator: MFA and admin', () => {
  let emu: EmulatorHandle;
  let admin: AuthClient;
  beforeAll(async () => {
    emu = await startAuthEmulator();
    admin = rxAuth(emu, { key: emu.serviceRoleKey, persistSession: false });
  });
  beforeEach(() => emu.mailbox.clear());
  afterAll(() => emu?.stop());

  it('TOTP: enroll, challengeAndVerify with a real code → aal2 and MFA_CHALLENGE_VERIFIED; listFactors; unenroll', async () => {
    const auth = rxAuth(emu);
    await lastValueFrom(auth.signUp({ email: newEmail('mfa'), password: 'secret-pw' }));
    expect(await lastValueFrom(auth.mfa.getAuthenticatorAssuranceLevel())).toMatchObject({
      currentLevel: 'aal1',
      nextLevel: 'aal1',
    });
    const enrolled = await lastValueFrom(
      auth.mfa.enroll({ factorType: 'totp', friendlyName: 'app' }),
    );
    expect(enrolled.totp!.qr_code).toMatch(/^data:image\/svg\+xml;utf-8,<svg/);
    const events: string[] = [];
    auth.onAuthStateChange((e) => events.push(e));
    const wrong = await lastValueFrom(
      auth.mfa.challengeAndVerify({ factorId: enrolled.id, code: '000000' }),
    ).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(AuthApiError);
    const code = new TOTP({ secret: Secret.fromBase32(enrolled.totp!.secret) }).generate();
    await lastValueFrom(auth.mfa.challengeAndVerify({ factorId: enrolled.id, code }));
    expect(events).toContain('MFA_CHALLENGE_VERIFIED');
    const aal = await lastValueFrom(auth.mfa.getAuthenticatorAssuranceLevel());
    expect(aal).toMatchObject({ currentLevel: 'aal2', nextLevel: 'aal2' });
    expect(aal.currentAuthenticationMethods.map((m) => m.method).sort()).toEqual([
      'password',
      'totp',
    ]);
    expect((await lastValueFrom(auth.mfa.listFactors())).totp.map((f) => f.id)).toEqual([
      enrolled.id,
    ]);
    await lastValueFrom(auth.mfa.unenroll({ factorId: enrolled.id }));
    expect((await lastValueFrom(auth.mfa.listFactors())).all).toEqual([]);
  });

  it('admin: createUser, getUserById, updateUserById, listUsers pages ≥ 10 from the Link header, deleteUser', async () => {
    const created = await lastValueFrom(
      admin.admin.createUser({
        email: newEmail('adm'),
        password: 'secret-pw',
        email_confirm: true,
        user_metadata: { a: 1 },
      }),
    );
    expect((await lastValueFrom(admin.admin.getUserById(created.user.id))).user.email).toBe(
      created.user.email,
    );
    const updated = await lastValueFrom(
      admin.admin.updateUserById(created.user.id, { app_metadata: { plan: 'pro' } }),
    );
    expect(updated.user.app_metadata.plan).toBe('pro');
    for (let i = 0; i < 12; i++)
      await lastValueFrom(
        admin.admin.createUser({ email: newEmail('many'), password: 'secret-pw' }),
      );
    const page = await lastValueFrom(admin.admin.listUsers({ page: 1, perPage: 1 }));
    expect(page.users).toHaveLength(1);
    expect(page.total).toBeGreaterThanOrEqual(13);
    expect(page.nextPage).toBe(2);
    expect(page.lastPage).toBe(page.total);
    const tenth = await lastValueFrom(admin.admin.listUsers({ page: 10, perPage: 1 }));
    expect(tenth.nextPage).toBe(11);
    const gone = await lastValueFrom(admin.admin.deleteUser(created.user.id));
    expect(gone.user.id).toBe(created.user.id);
    await expect(lastValueFrom(admin.admin.getUserById(created.user.id))).rejects.toMatchObject({
      status: 404,
    });
  });

  it('admin with the anon key is refused', async () => {
    await expect(lastValueFrom(rxAuth(emu).admin.listUsers())).rejects.toBeInstanceOf(AuthApiError);
  });

  it('admin: generateLink (signup, magiclink, recovery) and inviteUserByEmail; the OTP verifies', async () => {
    const email = newEmail('gl');
    const signup = await lastValueFrom(
      admin.admin.generateLink({ type: 'signup', email, password: 'secret-pw' }),
    );
    expect(signup.user.email).toBe(email);
    expect(signup.properties.action_link).toContain('/verify');
    const magic = await lastValueFrom(admin.admin.generateLink({ type: 'magiclink', email }));
    const { session } = await lastValueFrom(
      rxAuth(emu).verifyOtp({ token_hash: magic.properties.hashed_token, type: 'magiclink' }),
    );
    expect(session?.user.email).toBe(email);
    const recovery = await lastValueFrom(admin.admin.generateLink({ type: 'recovery', email }));
    expect(recovery.properties.verification_type).toBe('recovery');
    const invited = newEmail('inv');
    const inv = await lastValueFrom(
      admin.admin.inviteUserByEmail(invited, { data: { team: 'x' } }),
    );
    expect(inv.user.email).toBe(invited);
    expect(emu.mailbox.latest(invited)?.type).toBe('invite');
  });

  it('admin.mfa: listFactors and deleteFactor of a user', async () => {
    const auth = rxAuth(emu);
    const { user } = await lastValueFrom(
      auth.signUp({ email: newEmail('am'), password: 'secret-pw' }),
    );
    const f = await lastValueFrom(auth.mfa.enroll({ factorType: 'totp' }));
    const { factors } = await lastValueFrom(admin.admin.mfa.listFactors({ userId: user!.id }));
    expect(factors.map((x) => x.id)).toEqual([f.id]);
    await lastValueFrom(admin.admin.mfa.deleteFactor({ userId: user!.id, id: f.id }));
    expect(
      (await lastValueFrom(admin.admin.mfa.listFactors({ userId: user!.id }))).factors,
    ).toEqual([]);
  });
});

describe('getClaims with asymmetric signing keys (ES256 JWKS)', () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = {
      ...(await exportJWK(privateKey)),
      kid: 'rx-es256',
      alg: 'ES256',
      use: 'sig',
      key_ops: ['sign', 'verify'],
    };
    emu = await startAuthEmulator('[auth]\nsigning_keys_path = "./signing_keys.json"\n', {
      'signing_keys.json': JSON.stringify([jwk]),
    });
  });
  afterAll(() => emu?.stop());

  it('verifies locally with the JWKS (one fetch), and rejects a tampered token', async () => {
    const paths: string[] = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      paths.push(new URL(String(input)).pathname);
      return globalThis.fetch(input, init);
    };
    const auth = rxAuth(emu, { fetch });
    const { session } = await lastValueFrom(
      auth.signUp({ email: newEmail('es'), password: 'secret-pw' }),
    );
    const first = await lastValueFrom(auth.getClaims());
    expect(first?.header).toMatchObject({ alg: 'ES256', kid: 'rx-es256' });
    expect(first?.claims.sub).toBe(session!.user.id);
    await lastValueFrom(auth.getClaims());
    // Two verifications, one JWKS fetch, no GET /user.
    expect(paths.filter((x) => x.endsWith('/.well-known/jwks.json'))).toHaveLength(1);
    expect(paths.filter((x) => x.endsWith('/user'))).toHaveLength(0);
    const [h, p, s] = session!.access_token.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, role: 'service_role' })).toString('base64url')}.${s}`;
    await expect(lastValueFrom(auth.getClaims(forged))).rejects.toBeInstanceOf(AuthInvalidJwtError);
  });
});
