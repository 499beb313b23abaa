import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import { testEngines } from '../helpers/index.js';
import { authApi, jwtPayload, newEmail, startAuthEmulator } from './helpers.js';
import { SoftAuthenticator } from './webauthn-authenticator.js';

const ORIGIN = 'http://localhost:3000';
const CONFIG = `
[auth.passkey]
enabled = true

[auth.webauthn]
rp_display_name = "Emulator tests"
rp_id = "localhost"
rp_origins = ["${ORIGIN}"]
`;

describe.each(testEngines())('auth: passkeys on %s', (engine) => {
  let emu: EmulatorHandle;
  let api: ReturnType<typeof authApi>;
  beforeAll(async () => {
    emu = await startAuthEmulator(CONFIG, engine);
    api = authApi(emu);
  });
  afterAll(() => emu?.stop());

  const signUp = async () =>
    (await api.post('/signup', { email: newEmail('passkey'), password: 'secret-pw' })).body;

  /** Registers a passkey for a new user with a new authenticator. */
  const registered = async () => {
    const s = await signUp();
    const t = { token: s.access_token };
    const device = new SoftAuthenticator(ORIGIN);
    const opts = await api.post('/passkeys/registration/options', {}, t);
    const verify = await api.post(
      '/passkeys/registration/verify',
      { challenge_id: opts.body.challenge_id, credential: device.create(opts.body.options) },
      t,
    );
    expect(verify.status).toBe(200);
    return { s, t, device, passkey: verify.body };
  };

  const signInOptions = async () => (await api.post('/passkeys/authentication/options', {})).body;

  it('registers a passkey: creation options for the signed-in user, then the attestation is verified', async () => {
    const s = await signUp();
    const t = { token: s.access_token };
    const opts = await api.post('/passkeys/registration/options', {}, t);
    expect(opts.status).toBe(200);
    expect(opts.body.challenge_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(opts.body.expires_at).toBeGreaterThan(Date.now() / 1000);
    const o = opts.body.options;
    expect(o.rp).toEqual({ name: 'Emulator tests', id: 'localhost' });
    expect(Buffer.from(o.user.id, 'base64url').toString()).toBe(s.user.id);
    expect(o.user.name).toBe(s.user.email);
    expect(o.attestation).toBe('none');
    expect(o.authenticatorSelection).toMatchObject({ residentKey: 'required' });
    expect(o.pubKeyCredParams).toContainEqual({ alg: -7, type: 'public-key' });

    const device = new SoftAuthenticator(ORIGIN);
    const verify = await api.post(
      '/passkeys/registration/verify',
      { challenge_id: opts.body.challenge_id, credential: device.create(o) },
      t,
    );
    expect(verify.status).toBe(200);
    expect(verify.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      friendly_name: 'Passkey',
      created_at: expect.any(String),
    });

    const list = await api.get('/passkeys', t);
    expect(list.body).toEqual([
      expect.objectContaining({ id: verify.body.id, friendly_name: 'Passkey' }),
    ]);
    expect(list.body[0].last_used_at).toBeUndefined();

    // A second registration excludes the credential already held.
    const again = await api.post('/passkeys/registration/options', {}, t);
    expect(again.body.options.excludeCredentials).toEqual([
      expect.objectContaining({ id: Buffer.from(device.credentials[0].id).toString('base64url') }),
    ]);
  });

  it('signs in with a passkey: no session needed, answers a session like a sign-in', async () => {
    const { s, device } = await registered();
    const opts = await signInOptions();
    expect(opts.options.rpId).toBe('localhost');
    expect(opts.options.allowCredentials ?? []).toEqual([]);
    const res = await api.post('/passkeys/authentication/verify', {
      challenge_id: opts.challenge_id,
      credential: device.get(opts.options),
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'bearer', user: { id: s.user.id } });
    expect(res.body.refresh_token).toEqual(expect.any(String));
    const claims = jwtPayload(res.body.access_token);
    expect(claims.sub).toBe(s.user.id);
    expect(claims.aal).toBe('aal1');
    expect(claims.amr.map((a: { method: string }) => a.method)).toEqual(['passkey']);
    expect(claims.session_id).not.toBe(jwtPayload(s.access_token).session_id);

    const me = await api.get('/user', { token: res.body.access_token });
    expect(me.body.id).toBe(s.user.id);
    const list = await api.get('/passkeys', { token: res.body.access_token });
    expect(list.body[0].last_used_at).toEqual(expect.any(String));
  });

  it('refuses an assertion signed for another challenge', async () => {
    const { device } = await registered();
    const opts = await signInOptions();
    const other = await signInOptions();
    const res = await api.post('/passkeys/authentication/verify', {
      challenge_id: opts.challenge_id,
      credential: device.get(opts.options, { challenge: other.options.challenge }),
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('webauthn_verification_failed');
  });

  it('refuses a replayed assertion: the challenge answers once, and the sign count must grow', async () => {
    const { device } = await registered();
    const opts = await signInOptions();
    const assertion = device.get(opts.options);
    const body = { challenge_id: opts.challenge_id, credential: assertion };
    expect((await api.post('/passkeys/authentication/verify', body)).status).toBe(200);
    const replay = await api.post('/passkeys/authentication/verify', body);
    expect(replay.status).toBe(422);
    expect(replay.body).toEqual({
      code: 'webauthn_challenge_not_found',
      message: 'Challenge not found',
    });

    // A fresh challenge signed with the count already seen (a cloned authenticator).
    const next = await signInOptions();
    const cloned = await api.post('/passkeys/authentication/verify', {
      challenge_id: next.challenge_id,
      credential: device.get(next.options, { counter: 1 }),
    });
    expect(cloned.status).toBe(422);
    expect(cloned.body.code).toBe('webauthn_verification_failed');
    expect(cloned.body.message).toMatch(/counter/i);
  });

  it("refuses another user's credential: the user handle must be the credential's owner", async () => {
    const a = await registered();
    const b = await registered();
    const opts = await signInOptions();
    const res = await api.post('/passkeys/authentication/verify', {
      challenge_id: opts.challenge_id,
      credential: a.device.get(opts.options, {
        userHandle: Buffer.from(b.s.user.id).toString('base64url'),
      }),
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('webauthn_verification_failed');

    // B cannot see, rename or delete A's passkey.
    const pk = `/passkeys/${a.passkey.id}`;
    expect((await api.call('PATCH', pk, { friendly_name: 'x' }, b.t)).status).toBe(404);
    const del = await api.del(pk, undefined, b.t);
    expect(del.status).toBe(404);
    expect(del.body.code).toBe('webauthn_credential_not_found');
    expect((await api.get('/passkeys', b.t)).body.map((p: { id: string }) => p.id)).toEqual([
      b.passkey.id,
    ]);
  });

  it('refuses an unknown credential, a registration challenge of another user and a missing credential', async () => {
    const opts = await signInOptions();
    const stranger = new SoftAuthenticator(ORIGIN);
    stranger.create({ challenge: 'x', rp: { id: 'localhost' }, user: { id: 'eA' } });
    const res = await api.post('/passkeys/authentication/verify', {
      challenge_id: opts.challenge_id,
      credential: stranger.get(opts.options),
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('webauthn_credential_not_found');

    const a = await signUp();
    const b = await signUp();
    const aOpts = await api.post('/passkeys/registration/options', {}, { token: a.access_token });
    const device = new SoftAuthenticator(ORIGIN);
    const stolen = await api.post(
      '/passkeys/registration/verify',
      { challenge_id: aOpts.body.challenge_id, credential: device.create(aOpts.body.options) },
      { token: b.access_token },
    );
    expect(stolen.status).toBe(422);
    expect(stolen.body.code).toBe('webauthn_challenge_not_found');

    const missing = await api.post('/passkeys/authentication/verify', { challenge_id: 'x' });
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('validation_failed');
  });

  it('refuses an attestation from another origin', async () => {
    const s = await signUp();
    const t = { token: s.access_token };
    const opts = await api.post('/passkeys/registration/options', {}, t);
    const phishing = new SoftAuthenticator('http://evil.example');
    const res = await api.post(
      '/passkeys/registration/verify',
      { challenge_id: opts.body.challenge_id, credential: phishing.create(opts.body.options) },
      t,
    );
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('webauthn_verification_failed');
    expect((await api.get('/passkeys', t)).body).toEqual([]);
  });

  it('renames and deletes a passkey; registration needs a session', async () => {
    const { t, passkey } = await registered();
    const renamed = await api.call(
      'PATCH',
      `/passkeys/${passkey.id}`,
      { friendly_name: 'Laptop' },
      t,
    );
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: passkey.id, friendly_name: 'Laptop' });
    const long = await api.call(
      'PATCH',
      `/passkeys/${passkey.id}`,
      { friendly_name: 'x'.repeat(121) },
      t,
    );
    expect(long.status).toBe(400);
    expect((await api.del(`/passkeys/${passkey.id}`, undefined, t)).status).toBe(204);
    expect((await api.get('/passkeys', t)).body).toEqual([]);

    const anon = await api.post('/passkeys/registration/options', {});
    expect(anon.status).toBe(403);
  });

  it('admin: lists and deletes a user’s passkeys with the service role only', async () => {
    const { s, t, passkey } = await registered();
    const path = `/admin/users/${s.user.id}/passkeys`;
    expect((await api.get(path, t)).status).toBe(403);
    const list = await api.get(path, api.admin());
    expect(list.status).toBe(200);
    expect(list.body).toEqual([expect.objectContaining({ id: passkey.id })]);
    expect((await api.del(`${path}/${passkey.id}`, undefined, api.admin())).status).toBe(204);
    expect((await api.get(path, api.admin())).body).toEqual([]);
    const gone = await api.del(`${path}/${passkey.id}`, undefined, api.admin());
    expect(gone.status).toBe(404);
  });
});

describe('auth: passkeys when disabled (the CLI default)', () => {
  let emu: EmulatorHandle;
  let api: ReturnType<typeof authApi>;
  beforeAll(async () => {
    emu = await startAuthEmulator('');
    api = authApi(emu);
  });
  afterAll(() => emu?.stop());

  it('answers passkey_disabled on every passkey endpoint', async () => {
    const s = (await api.post('/signup', { email: newEmail('nopk'), password: 'secret-pw' })).body;
    for (const [method, path] of [
      ['POST', '/passkeys/authentication/options'],
      ['POST', '/passkeys/registration/options'],
      ['GET', '/passkeys'],
    ]) {
      const res = await api.call(method, path, method === 'GET' ? undefined : {}, {
        token: s.access_token,
      });
      expect(res.status, path).toBe(422);
      expect(res.body).toEqual({ code: 'passkey_disabled', message: 'Passkeys are disabled' });
    }
  });
});
