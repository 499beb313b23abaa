import { lastValueFrom, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { AuthCore } from '../../../../src/auth/auth-core.js';
import {
  AuthApiError,
  AuthInvalidTokenResponseError,
  AuthSessionMissingError,
  AuthValidationError,
} from '../../../../src/auth/errors.js';
import type { PasskeyApiContext } from '../../../../src/auth/passkey/index.js';
import { tokenBody, USER } from '../helpers.js';
import { apiWith, hangingFetch, KEY, reply, URL_BASE } from '../oauth-server/fixtures.js';
import {
  ASSERTION_JSON,
  CREATION,
  passkeyWith,
  REGISTRATION_JSON,
  REQUEST,
  TOKEN,
} from './fixtures.js';

// AuthClient hands its AuthCore over as the context: this line stops compiling if it no longer fits.
const coreFits: (core: AuthCore) => PasskeyApiContext = (core) => core;
void coreFits;

describe('PasskeyApi requests', () => {
  it('startRegistration: POST /passkeys/registration/options {} with the user token', async () => {
    const { api, requests } = apiWith(() => reply(200, CREATION));
    const { passkey } = passkeyWith(api);
    expect(await lastValueFrom(passkey.startRegistration())).toEqual(CREATION);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      method: 'POST',
      url: `${URL_BASE}/passkeys/registration/options`,
      body: {},
    });
    expect(requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(requests[0].headers.apikey).toBe(KEY);
  });

  it('verifyRegistration: POST /passkeys/registration/verify { challenge_id, credential }', async () => {
    const meta = { id: 'p-1', friendly_name: 'Passkey', created_at: '2026-01-01T00:00:00Z' };
    const { api, requests } = apiWith(() => reply(200, meta));
    const { passkey } = passkeyWith(api);
    const out = await lastValueFrom(
      passkey.verifyRegistration({ challengeId: 'c-1', credential: REGISTRATION_JSON }),
    );
    expect(out).toEqual(meta);
    expect(requests[0].body).toEqual({ challenge_id: 'c-1', credential: REGISTRATION_JSON });
    expect(requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('startAuthentication: no session needed; sends the captcha token under gotrue_meta_security', async () => {
    const { api, requests } = apiWith(() => reply(200, REQUEST));
    const { passkey, context } = passkeyWith(api, { signedIn: false });
    expect(
      await lastValueFrom(passkey.startAuthentication({ options: { captchaToken: 'cap' } })),
    ).toEqual(REQUEST);
    expect(requests[0]).toMatchObject({
      method: 'POST',
      path: '/auth/v1/passkeys/authentication/options',
      body: { gotrue_meta_security: { captcha_token: 'cap' } },
    });
    expect(requests[0].headers.authorization).toBe(`Bearer ${KEY}`);
    expect(context.requireSession).not.toHaveBeenCalled();
  });

  it('verifyAuthentication: saves the session it answers with SIGNED_IN and emits it with the user', async () => {
    const body = tokenBody(1_700_000_000_000, 3600, 'pk');
    const { api, requests } = apiWith(() => reply(200, body));
    const { passkey, saved } = passkeyWith(api, { signedIn: false });
    const out = await lastValueFrom(
      passkey.verifyAuthentication({ challengeId: 'c-2', credential: ASSERTION_JSON }),
    );
    expect(requests[0].body).toEqual({ challenge_id: 'c-2', credential: ASSERTION_JSON });
    expect(out.user).toEqual(USER);
    expect(out.session.access_token).toBe(body.access_token);
    expect(saved).toEqual([[out.session, 'SIGNED_IN']]);
  });

  it('verifyAuthentication: an answer without a session is AuthInvalidTokenResponseError, nothing saved', async () => {
    const { api } = apiWith(() => reply(200, { user: USER }));
    const { passkey, saved } = passkeyWith(api);
    await expect(
      lastValueFrom(passkey.verifyAuthentication({ challengeId: 'c', credential: ASSERTION_JSON })),
    ).rejects.toBeInstanceOf(AuthInvalidTokenResponseError);
    expect(saved).toEqual([]);
  });

  it('list, update and delete: GET /passkeys, PATCH and DELETE /passkeys/<id> with the user token', async () => {
    const item = { id: 'p-1', friendly_name: 'Laptop', created_at: '2026-01-01T00:00:00Z' };
    const { api, requests } = apiWith((req) =>
      req.method === 'DELETE'
        ? new Response(null, { status: 204 })
        : reply(200, req.method === 'GET' ? [item] : item),
    );
    const { passkey } = passkeyWith(api);
    expect(await lastValueFrom(passkey.list())).toEqual([item]);
    expect(
      await lastValueFrom(passkey.update({ passkeyId: 'p-1', friendlyName: 'Laptop' })),
    ).toEqual(item);
    expect(await lastValueFrom(passkey.delete({ passkeyId: 'p-1' }))).toBeNull();
    expect(requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ['GET', '/auth/v1/passkeys', undefined],
      ['PATCH', '/auth/v1/passkeys/p-1', { friendly_name: 'Laptop' }],
      ['DELETE', '/auth/v1/passkeys/p-1', undefined],
    ]);
    for (const r of requests) expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });
});

describe('PasskeyApi errors', () => {
  it('the user calls need a session: AuthSessionMissingError and no request', async () => {
    const { api, requests } = apiWith(() => reply(200, {}));
    const { passkey } = passkeyWith(api, { signedIn: false });
    const calls: Observable<unknown>[] = [
      passkey.startRegistration(),
      passkey.verifyRegistration({ challengeId: 'c', credential: REGISTRATION_JSON }),
      passkey.list(),
      passkey.update({ passkeyId: 'p', friendlyName: 'x' }),
      passkey.delete({ passkeyId: 'p' }),
    ];
    for (const call of calls) {
      await expect(lastValueFrom(call)).rejects.toBeInstanceOf(AuthSessionMissingError);
    }
    expect(requests).toEqual([]);
  });

  it('bad arguments are AuthValidationError notifications, never throws, and send nothing', async () => {
    const { api, requests } = apiWith(() => reply(200, {}));
    const { passkey } = passkeyWith(api);
    const calls: (() => Observable<unknown>)[] = [
      () => passkey.verifyRegistration({ challengeId: '', credential: REGISTRATION_JSON }),
      () => passkey.verifyAuthentication({ challengeId: 'c', credential: null as never }),
      () => passkey.update({ passkeyId: '', friendlyName: 'x' }),
      () => passkey.delete(undefined as never),
    ];
    for (const call of calls) {
      const obs = call();
      await expect(lastValueFrom(obs)).rejects.toBeInstanceOf(AuthValidationError);
    }
    expect(requests).toEqual([]);
  });

  it("GoTrue's refusals keep their status and code", async () => {
    const { api } = apiWith(() =>
      reply(422, { code: 'webauthn_challenge_expired', message: 'Passkey challenge has expired' }),
    );
    const { passkey } = passkeyWith(api);
    const error = await lastValueFrom(
      passkey.verifyAuthentication({ challengeId: 'c', credential: ASSERTION_JSON }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthApiError);
    expect(error).toMatchObject({ status: 422, code: 'webauthn_challenge_expired' });
  });

  it('unsubscribing aborts the request', () => {
    const { api, signals } = hangingFetch();
    const { passkey } = passkeyWith(api);
    const sub = passkey.list().subscribe();
    expect(signals).toHaveLength(1);
    sub.unsubscribe();
    expect(signals[0].aborted).toBe(true);
  });
});
