import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret, TOTP } from 'otpauth';
import type { EmulatorHandle } from '../../src/index.js';
import { authApi, jwtPayload, newEmail, startAuthEmulator } from './helpers.js';

const CONFIG = `
[auth.mfa.phone]
enroll_enabled = true
verify_enabled = true
`;

const totpCode = (secret: string, offset = 0) =>
  new TOTP({
    secret: Secret.fromBase32(secret),
    digits: 6,
    period: 30,
    algorithm: 'SHA1',
  }).generate({
    timestamp: Date.now() + offset,
  });

describe('auth: MFA (TOTP and phone factors)', () => {
  let emu: EmulatorHandle;
  let api: ReturnType<typeof authApi>;
  beforeAll(async () => {
    emu = await startAuthEmulator(CONFIG);
    api = authApi(emu);
  });
  afterAll(() => emu?.stop());

  const signUp = async () =>
    (await api.post('/signup', { email: newEmail('mfa'), password: 'secret-pw' })).body;

  it('enrolls TOTP with a real secret, otpauth URI and QR svg; verify raises the session to aal2', async () => {
    const s = await signUp();
    const t = { token: s.access_token };
    const enroll = await api.post(
      '/factors',
      { factor_type: 'totp', friendly_name: 'phone app', issuer: 'acme' },
      t,
    );
    expect(enroll.status).toBe(200);
    expect(enroll.body).toMatchObject({ type: 'totp', friendly_name: 'phone app' });
    const { secret, uri, qr_code } = enroll.body.totp;
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    expect(uri).toMatch(/^otpauth:\/\/totp\/acme:/);
    expect(uri).toContain(`secret=${secret}`);
    expect(qr_code).toMatch(/^<svg[\s\S]*<\/svg>$/);

    const dup = await api.post('/factors', { factor_type: 'totp', friendly_name: 'phone app' }, t);
    expect(dup.status).toBe(422);
    expect(dup.body.code).toBe('mfa_factor_name_conflict');

    const challenge = await api.post(`/factors/${enroll.body.id}/challenge`, {}, t);
    expect(challenge.status).toBe(200);
    expect(challenge.body).toMatchObject({ type: 'totp', id: expect.any(String) });
    expect(challenge.body.expires_at).toBeGreaterThan(Date.now() / 1000);

    const wrong = await api.post(
      `/factors/${enroll.body.id}/verify`,
      {
        challenge_id: challenge.body.id,
        code: '000000' === totpCode(secret) ? '111111' : '000000',
      },
      t,
    );
    expect(wrong.status).toBe(422);
    expect(wrong.body).toEqual({
      code: 'mfa_verification_failed',
      message: 'Invalid TOTP code entered',
    });

    const ok = await api.post(
      `/factors/${enroll.body.id}/verify`,
      { challenge_id: challenge.body.id, code: totpCode(secret) },
      t,
    );
    expect(ok.status).toBe(200);
    const claims = jwtPayload(ok.body.access_token);
    expect(claims.aal).toBe('aal2');
    expect(claims.amr.map((a: { method: string }) => a.method).sort()).toEqual([
      'password',
      'totp',
    ]);
    expect(claims.session_id).toBe(jwtPayload(s.access_token).session_id);

    const me = await api.get('/user', { token: ok.body.access_token });
    expect(me.body.factors).toEqual([
      expect.objectContaining({ id: enroll.body.id, factor_type: 'totp', status: 'verified' }),
    ]);

    // A refresh keeps aal2.
    const refreshed = await api.post(
      '/token',
      { refresh_token: ok.body.refresh_token },
      { query: { grant_type: 'refresh_token' } },
    );
    expect(jwtPayload(refreshed.body.access_token).aal).toBe('aal2');
  });

  it('a used challenge cannot be verified again', async () => {
    const s = await signUp();
    const t = { token: s.access_token };
    const f = (await api.post('/factors', { factor_type: 'totp' }, t)).body;
    const ch = (await api.post(`/factors/${f.id}/challenge`, {}, t)).body;
    await api.post(
      `/factors/${f.id}/verify`,
      { challenge_id: ch.id, code: totpCode(f.totp.secret) },
      t,
    );
    const again = await api.post(
      `/factors/${f.id}/verify`,
      { challenge_id: ch.id, code: totpCode(f.totp.secret) },
      t,
    );
    expect(again.status).toBe(404);
  });

  it('a verified factor needs aal2 to unenroll; an unverified one does not', async () => {
    const s = await signUp();
    const t = { token: s.access_token };
    const f = (await api.post('/factors', { factor_type: 'totp' }, t)).body;
    const ch = (await api.post(`/factors/${f.id}/challenge`, {}, t)).body;
    const verified = (
      await api.post(
        `/factors/${f.id}/verify`,
        { challenge_id: ch.id, code: totpCode(f.totp.secret) },
        t,
      )
    ).body;
    const aal1 = await api.post(
      '/token',
      { email: s.user.email, password: 'secret-pw' },
      { query: { grant_type: 'password' } },
    );
    const refused = await api.del(`/factors/${f.id}`, undefined, { token: aal1.body.access_token });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('insufficient_aal');
    const ok = await api.del(`/factors/${f.id}`, undefined, { token: verified.access_token });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ id: f.id });
    const loose = (
      await api.post('/factors', { factor_type: 'totp' }, { token: aal1.body.access_token })
    ).body;
    expect(
      (await api.del(`/factors/${loose.id}`, undefined, { token: aal1.body.access_token })).status,
    ).toBe(200);
    const gone = await api.post(
      `/factors/${loose.id}/challenge`,
      {},
      { token: aal1.body.access_token },
    );
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('mfa_factor_not_found');
  });

  it('phone factors: the challenge texts a code to the mailbox', async () => {
    const s = await signUp();
    const t = { token: s.access_token };
    const f = await api.post('/factors', { factor_type: 'phone', phone: '+15550001111' }, t);
    expect(f.body).toMatchObject({ type: 'phone', phone: '15550001111' });
    const ch = await api.post(`/factors/${f.body.id}/challenge`, { channel: 'sms' }, t);
    expect(ch.body.type).toBe('phone');
    const sms = emu.mailbox.latest('15550001111')!;
    expect(sms).toMatchObject({ channel: 'sms', type: 'mfa' });
    const ok = await api.post(
      `/factors/${f.body.id}/verify`,
      { challenge_id: ch.body.id, code: sms.token },
      t,
    );
    expect(ok.status).toBe(200);
    const claims = jwtPayload(ok.body.access_token);
    expect(claims.aal).toBe('aal2');
    expect(claims.amr.map((a: { method: string }) => a.method)).toContain('phone');
  });

  it('refuses an unknown factor type and a missing bearer', async () => {
    const s = await signUp();
    const bad = await api.post(
      '/factors',
      { factor_type: 'carrier-pigeon' },
      { token: s.access_token },
    );
    expect(bad.status).toBe(400);
    const anon = await api.post('/factors', { factor_type: 'totp' });
    expect(anon.status).toBe(403);
  });
});

describe('auth: MFA switches off', () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startAuthEmulator(
      '[auth.mfa.totp]\nenroll_enabled = false\nverify_enabled = false\n',
    );
  });
  afterAll(() => emu?.stop());

  it('refuses TOTP enrollment when enroll_enabled = false and phone factors by default', async () => {
    const api = authApi(emu);
    const s = (await api.post('/signup', { email: newEmail(), password: 'secret-pw' })).body;
    const totp = await api.post('/factors', { factor_type: 'totp' }, { token: s.access_token });
    expect(totp.status).toBe(422);
    expect(totp.body).toEqual({
      code: 'mfa_totp_enroll_not_enabled',
      message: 'MFA enroll is disabled for TOTP',
    });
    const phone = await api.post(
      '/factors',
      { factor_type: 'phone', phone: '+15550001111' },
      { token: s.access_token },
    );
    expect(phone.body.code).toBe('mfa_phone_enroll_not_enabled');
  });
});
