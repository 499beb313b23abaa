import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import { testEngines } from '../helpers/index.js';
import { authApi, jwtPayload, newEmail, startAuthEmulator } from './helpers.js';
import { SoftAuthenticator } from './webauthn-authenticator.js';

const ORIGIN = 'http://localhost:3000';
const CONFIG = `
[auth.mfa.web_authn]
enroll_enabled = true
verify_enabled = true

[auth.webauthn]
rp_id = "localhost"
rp_origins = ["${ORIGIN}"]
`;

describe.each(testEngines())('auth: WebAuthn MFA factors on %s', (engine) => {
  let emu: EmulatorHandle;
  let api: ReturnType<typeof authApi>;
  beforeAll(async () => {
    emu = await startAuthEmulator(CONFIG, engine);
    api = authApi(emu);
  });
  afterAll(() => emu?.stop());

  const signUp = async () => {
    const email = newEmail('wa');
    const s = (await api.post('/signup', { email, password: 'secret-pw' })).body;
    return { s, email, t: { token: s.access_token as string } };
  };

  /** Enrolls and verifies a WebAuthn factor: the session it answers is aal2. */
  const enrolled = async () => {
    const u = await signUp();
    const device = new SoftAuthenticator(ORIGIN);
    const factor = (
      await api.post('/factors', { factor_type: 'webauthn', friendly_name: 'key' }, u.t)
    ).body;
    const ch = (await api.post(`/factors/${factor.id}/challenge`, {}, u.t)).body;
    const res = await api.post(
      `/factors/${factor.id}/verify`,
      {
        challenge_id: ch.id,
        webauthn: {
          type: 'create',
          credential_response: device.create(ch.webauthn.credential_options.publicKey),
        },
      },
      u.t,
    );
    expect(res.status).toBe(200);
    return { ...u, device, factor, session: res.body };
  };

  /** Signs the user in again with the password: an aal1 session with a verified factor. */
  const passwordSession = async (email: string) =>
    (
      await api.post(
        '/token',
        { email, password: 'secret-pw' },
        { query: { grant_type: 'password' } },
      )
    ).body;

  it('enrolls: creation options on the first challenge, the attestation verifies to aal2', async () => {
    const u = await signUp();
    const enroll = await api.post(
      '/factors',
      { factor_type: 'webauthn', friendly_name: 'yubi' },
      u.t,
    );
    expect(enroll.status).toBe(200);
    expect(enroll.body).toEqual({
      id: expect.any(String),
      type: 'webauthn',
      friendly_name: 'yubi',
    });

    const ch = await api.post(
      `/factors/${enroll.body.id}/challenge`,
      { webauthn: { rpId: 'localhost' } },
      u.t,
    );
    expect(ch.status).toBe(200);
    expect(ch.body).toMatchObject({ type: 'webauthn', webauthn: { type: 'create' } });
    expect(ch.body.expires_at).toBeGreaterThan(Date.now() / 1000);
    const publicKey = ch.body.webauthn.credential_options.publicKey;
    expect(publicKey.rp.id).toBe('localhost');
    expect(Buffer.from(publicKey.user.id, 'base64url').toString()).toBe(u.s.user.id);

    const device = new SoftAuthenticator(ORIGIN);
    const res = await api.post(
      `/factors/${enroll.body.id}/verify`,
      {
        challenge_id: ch.body.id,
        webauthn: { type: 'create', credential_response: device.create(publicKey) },
      },
      u.t,
    );
    expect(res.status).toBe(200);
    const claims = jwtPayload(res.body.access_token);
    expect(claims.aal).toBe('aal2');
    expect(claims.amr.map((a: { method: string }) => a.method)).toContain('mfa/webauthn');
    expect(res.body.user.factors).toEqual([
      expect.objectContaining({ id: enroll.body.id, factor_type: 'webauthn', status: 'verified' }),
    ]);
  });

  it('a verified factor is challenged with request options for its credential; the assertion raises aal1 to aal2', async () => {
    const { email, device, factor } = await enrolled();
    const s = await passwordSession(email);
    const t = { token: s.access_token };
    expect(jwtPayload(s.access_token).aal).toBe('aal1');
    const ch = (await api.post(`/factors/${factor.id}/challenge`, {}, t)).body;
    expect(ch.webauthn.type).toBe('request');
    const publicKey = ch.webauthn.credential_options.publicKey;
    expect(publicKey.allowCredentials).toEqual([
      expect.objectContaining({ id: Buffer.from(device.credentials[0].id).toString('base64url') }),
    ]);
    const res = await api.post(
      `/factors/${factor.id}/verify`,
      {
        challenge_id: ch.id,
        webauthn: { type: 'request', credential_response: device.get(publicKey) },
      },
      t,
    );
    expect(res.status).toBe(200);
    expect(jwtPayload(res.body.access_token).aal).toBe('aal2');
  });

  it('refuses a wrong challenge, a replayed assertion and a stale sign count', async () => {
    const { email, device, factor } = await enrolled();
    const t = { token: (await passwordSession(email)).access_token };
    const a = (await api.post(`/factors/${factor.id}/challenge`, {}, t)).body;
    const b = (await api.post(`/factors/${factor.id}/challenge`, {}, t)).body;
    const pk = (ch: any) => ch.webauthn.credential_options.publicKey;

    const wrong = await api.post(
      `/factors/${factor.id}/verify`,
      {
        challenge_id: a.id,
        webauthn: {
          type: 'request',
          credential_response: device.get(pk(a), { challenge: pk(b).challenge }),
        },
      },
      t,
    );
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('webauthn_verification_failed');

    const assertion = device.get(pk(b));
    const body = {
      challenge_id: b.id,
      webauthn: { type: 'request', credential_response: assertion },
    };
    expect((await api.post(`/factors/${factor.id}/verify`, body, t)).status).toBe(200);
    const t2 = { token: (await passwordSession(email)).access_token };
    const replay = await api.post(`/factors/${factor.id}/verify`, body, t2);
    expect(replay.status).toBe(404);
    expect(replay.body.code).toBe('mfa_factor_not_found');

    const c = (await api.post(`/factors/${factor.id}/challenge`, {}, t2)).body;
    const stale = await api.post(
      `/factors/${factor.id}/verify`,
      {
        challenge_id: c.id,
        webauthn: { type: 'request', credential_response: device.get(pk(c), { counter: 1 }) },
      },
      t2,
    );
    expect(stale.status).toBe(422);
    expect(stale.body.code).toBe('webauthn_verification_failed');
  });

  it("refuses another user's credential and a mistyped body", async () => {
    const a = await enrolled();
    const b = await enrolled();
    const t = { token: (await passwordSession(a.email)).access_token };
    const ch = (await api.post(`/factors/${a.factor.id}/challenge`, {}, t)).body;
    const publicKey = ch.webauthn.credential_options.publicKey;
    const res = await api.post(
      `/factors/${a.factor.id}/verify`,
      {
        challenge_id: ch.id,
        webauthn: {
          type: 'request',
          credential_response: b.device.get(publicKey, { credential: b.device.credentials[0] }),
        },
      },
      t,
    );
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('webauthn_verification_failed');

    const none = await api.post(`/factors/${a.factor.id}/verify`, { challenge_id: ch.id }, t);
    expect(none.status).toBe(400);
    expect(none.body.message).toBe('WebAuthn config required');
    const typed = await api.post(
      `/factors/${a.factor.id}/verify`,
      { challenge_id: ch.id, webauthn: { type: 'create', credential_response: {} } },
      t,
    );
    expect(typed.status).toBe(400);
    expect(typed.body.code).toBe('validation_failed');
  });
});

describe('auth: WebAuthn MFA when disabled (the CLI default)', () => {
  let emu: EmulatorHandle;
  let api: ReturnType<typeof authApi>;
  beforeAll(async () => {
    emu = await startAuthEmulator('');
    api = authApi(emu);
  });
  afterAll(() => emu?.stop());

  it("answers GoTrue's mfa_webauthn_enroll_not_enabled", async () => {
    const s = (await api.post('/signup', { email: newEmail('nowa'), password: 'secret-pw' })).body;
    const res = await api.post('/factors', { factor_type: 'webauthn' }, { token: s.access_token });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      code: 'mfa_webauthn_enroll_not_enabled',
      message: 'MFA enroll is disabled for WebAuthn',
    });
  });
});

describe('auth: WebAuthn MFA with enroll on and verify off', () => {
  let emu: EmulatorHandle;
  let api: ReturnType<typeof authApi>;
  beforeAll(async () => {
    emu = await startAuthEmulator('[auth.mfa.web_authn]\nenroll_enabled = true\n');
    api = authApi(emu);
  });
  afterAll(() => emu?.stop());

  it("answers GoTrue's mfa_webauthn_verify_not_enabled on challenge", async () => {
    const s = (await api.post('/signup', { email: newEmail('nowv'), password: 'secret-pw' })).body;
    const t = { token: s.access_token };
    const f = (await api.post('/factors', { factor_type: 'webauthn' }, t)).body;
    const res = await api.post(`/factors/${f.id}/challenge`, {}, t);
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      code: 'mfa_webauthn_verify_not_enabled',
      message: 'MFA verification is disabled for WebAuthn',
    });
  });
});
