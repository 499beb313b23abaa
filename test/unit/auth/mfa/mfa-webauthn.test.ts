import { jsonResponse } from 'supabase-rx/testing';
import { lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  AuthApiError,
  AuthError,
  AuthUnknownError,
  AuthValidationError,
  WebAuthnError,
  type WebAuthnCredentials,
} from 'supabase-rx/auth';
import {
  answering,
  ASSERTION_JSON,
  CREATE_CHALLENGE,
  FID,
  mfaClient,
  REGISTRATION_JSON,
  REQUEST_CHALLENGE,
} from './fixtures.js';

const bytes = (b: ArrayBuffer) => [...new Uint8Array(b)];
const enrolled = () => jsonResponse({ id: FID, type: 'webauthn', friendly_name: 'Key' });

describe('mfa: WebAuthn factors, one step at a time', () => {
  it('enroll sends factor_type webauthn and the name, no issuer', async () => {
    const { auth, sent } = mfaClient((p) => (p === '/factors' ? enrolled() : undefined));
    const out = await lastValueFrom(
      auth.mfa.enroll({ factorType: 'webauthn', friendlyName: 'Key' }),
    );
    expect(out).toEqual({ id: FID, type: 'webauthn', friendly_name: 'Key' });
    expect(sent()).toEqual([
      { method: 'POST', path: '/factors', body: { friendly_name: 'Key', factor_type: 'webauthn' } },
    ]);
  });

  it('challenge sends the relying party and emits the options decoded for the browser', async () => {
    const { auth, sent } = mfaClient((p) =>
      p.endsWith('/challenge') ? jsonResponse(REQUEST_CHALLENGE) : undefined,
    );
    const out = await lastValueFrom(
      auth.mfa.challenge({
        factorId: FID,
        webauthn: { rpId: 'localhost', rpOrigins: ['http://x'] },
      }),
    );
    expect(sent()[0].body).toEqual({
      factorId: FID,
      webauthn: { rpId: 'localhost', rpOrigins: ['http://x'] },
    });
    expect(out.webauthn?.type).toBe('request');
    const publicKey = out.webauthn!.credential_options
      .publicKey as PublicKeyCredentialRequestOptions;
    expect(bytes(publicKey.challenge as ArrayBuffer)).toEqual([7, 8, 9]);
    expect(bytes(publicKey.allowCredentials![0].id as ArrayBuffer)).toEqual([4, 5, 6]);
  });

  it('a TOTP challenge answer is emitted as it came', async () => {
    const answer = { id: 'c', type: 'totp', expires_at: 1 };
    const { auth } = mfaClient((p) =>
      p.endsWith('/challenge') ? jsonResponse(answer) : undefined,
    );
    expect(await lastValueFrom(auth.mfa.challenge({ factorId: FID }))).toEqual(answer);
  });

  it('verify sends webauthn with the credential serialized (toJSON) and raises the session', async () => {
    const { auth, sent } = mfaClient();
    const events: string[] = [];
    auth.onAuthStateChange((e) => events.push(e));
    const credential = { id: 'cred', toJSON: () => ASSERTION_JSON } as unknown as Credential;
    const session = await lastValueFrom(
      auth.mfa.verify({
        factorId: FID,
        challengeId: 'ch-2',
        webauthn: { type: 'request', rpId: 'localhost', credential_response: credential },
      }),
    );
    expect(sent()).toEqual([
      {
        method: 'POST',
        path: `/factors/${FID}/verify`,
        body: {
          challenge_id: 'ch-2',
          webauthn: { type: 'request', rpId: 'localhost', credential_response: ASSERTION_JSON },
        },
      },
    ]);
    expect(auth.session?.access_token).toBe(session.access_token);
    expect(events).toContain('MFA_CHALLENGE_VERIFIED');
  });

  it('verify takes an already serialized credential as it is; without one it is a typed error', async () => {
    const { auth, sent } = mfaClient();
    await lastValueFrom(
      auth.mfa.verify({
        factorId: FID,
        challengeId: 'c',
        webauthn: { type: 'create', credential_response: REGISTRATION_JSON },
      }),
    );
    expect((sent()[0].body as any).webauthn.credential_response).toEqual(REGISTRATION_JSON);
    const e = await lastValueFrom(
      auth.mfa.verify({ factorId: FID, challengeId: 'c', webauthn: { type: 'create' } as never }),
    ).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AuthValidationError);
    expect(sent()).toHaveLength(1);
  });
});

describe('mfa.webauthn: the whole ceremonies', () => {
  it('register: enroll → challenge → create() with auth-js defaults → verify', async () => {
    const { credentials, seen } = answering();
    const { auth, sent } = mfaClient(
      (p) =>
        p === '/factors'
          ? enrolled()
          : p.endsWith('/challenge')
            ? jsonResponse(CREATE_CHALLENGE)
            : undefined,
      { webauthn: credentials },
    );
    const session = await lastValueFrom(
      auth.mfa.webauthn.register({ friendlyName: 'Key', webauthn: { rpId: 'localhost' } }),
    );
    expect(sent()).toEqual([
      { method: 'POST', path: '/factors', body: { friendly_name: 'Key', factor_type: 'webauthn' } },
      {
        method: 'POST',
        path: `/factors/${FID}/challenge`,
        body: { factorId: FID, webauthn: { rpId: 'localhost' } },
      },
      {
        method: 'POST',
        path: `/factors/${FID}/verify`,
        body: {
          challenge_id: 'ch-1',
          webauthn: { rpId: 'localhost', type: 'create', credential_response: REGISTRATION_JSON },
        },
      },
    ]);
    const publicKey = seen[0].publicKey;
    expect(publicKey).toMatchObject({
      attestation: 'direct',
      hints: ['security-key'],
      authenticatorSelection: {
        authenticatorAttachment: 'cross-platform',
        residentKey: 'discouraged',
        requireResidentKey: false,
        userVerification: 'preferred',
      },
      rp: { id: 'localhost', name: 'App' },
      user: { name: 'a@b.c', displayName: 'a@b.c' },
    });
    expect(bytes(publicKey.challenge)).toEqual([1, 2, 3]);
    expect(seen[0].signal).toBeInstanceOf(AbortSignal);
    expect(auth.session?.access_token).toBe(session.access_token);
  });

  it('register: overrides win over the defaults; a missing user name becomes the factor name', async () => {
    const { credentials, seen } = answering();
    const nameless = structuredClone(CREATE_CHALLENGE);
    nameless.webauthn.credential_options.publicKey.user.name = '';
    const { auth } = mfaClient(
      (p) =>
        p === '/factors'
          ? enrolled()
          : p.endsWith('/challenge')
            ? jsonResponse(nameless)
            : undefined,
      { webauthn: credentials },
    );
    await lastValueFrom(
      auth.mfa.webauthn.register(
        { friendlyName: 'Key', webauthn: { rpId: 'localhost' } },
        { attestation: 'none', authenticatorSelection: { residentKey: 'required' } },
      ),
    );
    expect(seen[0].publicKey.attestation).toBe('none');
    expect(seen[0].publicKey.authenticatorSelection).toMatchObject({
      residentKey: 'required',
      authenticatorAttachment: 'cross-platform',
    });
    expect(seen[0].publicKey.user).toMatchObject({ name: 'Key', displayName: 'Key' });
  });

  it('authenticate: challenge → get() with the request defaults → verify type request', async () => {
    const { credentials, seen } = answering();
    const { auth, sent } = mfaClient(
      (p) => (p.endsWith('/challenge') ? jsonResponse(REQUEST_CHALLENGE) : undefined),
      { webauthn: credentials },
    );
    await lastValueFrom(
      auth.mfa.webauthn.authenticate({
        factorId: FID,
        webauthn: { rpId: 'localhost', rpOrigins: ['http://localhost:3000'] },
      }),
    );
    expect(sent().map((r) => r.body)).toEqual([
      { factorId: FID, webauthn: { rpId: 'localhost', rpOrigins: ['http://localhost:3000'] } },
      {
        challenge_id: 'ch-2',
        webauthn: {
          type: 'request',
          rpId: 'localhost',
          rpOrigins: ['http://localhost:3000'],
          credential_response: ASSERTION_JSON,
        },
      },
    ]);
    expect(seen[0].publicKey).toMatchObject({ userVerification: 'preferred', rpId: 'localhost' });
  });

  it('no rpId outside a page, or no WebAuthn: typed errors before any request', async () => {
    const { auth, sent } = mfaClient(undefined, { webauthn: answering().credentials });
    const noRp = await lastValueFrom(auth.mfa.webauthn.authenticate({ factorId: FID })).catch(
      (x: unknown) => x,
    );
    expect(noRp).toBeInstanceOf(AuthError);
    expect((noRp as Error).message).toBe('rpId is required for WebAuthn authentication');
    const bare = mfaClient().auth;
    const noApi = await lastValueFrom(
      bare.mfa.webauthn.register({ friendlyName: 'K', webauthn: { rpId: 'localhost' } }),
    ).catch((x: unknown) => x);
    expect(noApi).toBeInstanceOf(AuthUnknownError);
    expect((noApi as Error).message).toBe('Browser does not support WebAuthn');
    expect(sent()).toEqual([]);
  });

  it('a failed enrollment removes the unverified factor of that name, and errors with its error', async () => {
    const factors = [
      { id: 'old', factor_type: 'webauthn', friendly_name: 'Key', status: 'unverified' },
      { id: 'kept', factor_type: 'webauthn', friendly_name: 'Key', status: 'verified' },
    ];
    const { auth, sent } = mfaClient(
      (p, req) =>
        p === '/factors' && req.method === 'POST'
          ? jsonResponse({ error_code: 'mfa_factor_name_conflict', msg: 'taken' }, { status: 422 })
          : p === '/user'
            ? jsonResponse({ id: 'u', factors })
            : undefined,
      { webauthn: answering().credentials },
    );
    const e = await lastValueFrom(
      auth.mfa.webauthn.register({ friendlyName: 'Key', webauthn: { rpId: 'localhost' } }),
    ).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AuthApiError);
    expect(e).toMatchObject({ status: 422, code: 'mfa_factor_name_conflict' });
    expect(sent().map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /factors',
      'GET /user',
      'DELETE /factors/old',
    ]);
  });

  it('a refused ceremony is a WebAuthnError; unsubscribing aborts the prompt and sends nothing more', async () => {
    const refusing: WebAuthnCredentials = {
      create: () => Promise.reject(new DOMException('no', 'NotAllowedError')),
      get: () => Promise.reject(new DOMException('no', 'NotAllowedError')),
    };
    const { auth } = mfaClient(
      (p) => (p.endsWith('/challenge') ? jsonResponse(REQUEST_CHALLENGE) : undefined),
      { webauthn: refusing },
    );
    const e = await lastValueFrom(
      auth.mfa.webauthn.authenticate({ factorId: FID, webauthn: { rpId: 'localhost' } }),
    ).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WebAuthnError);

    let signal: AbortSignal | undefined;
    let asked!: () => void;
    const prompted = new Promise<void>((r) => (asked = r));
    const hanging: WebAuthnCredentials = {
      create: () => new Promise(() => {}),
      get: (o) => ((signal = o.signal ?? undefined), asked(), new Promise(() => {})),
    };
    const second = mfaClient(
      (p) => (p.endsWith('/challenge') ? jsonResponse(REQUEST_CHALLENGE) : undefined),
      { webauthn: hanging },
    );
    const sub = second.auth.mfa.webauthn
      .authenticate({ factorId: FID, webauthn: { rpId: 'localhost' } })
      .subscribe();
    await prompted;
    expect(signal?.aborted).toBe(false);
    sub.unsubscribe();
    expect(signal?.aborted).toBe(true);
    expect(second.sent().map((r) => r.path)).toEqual([`/factors/${FID}/challenge`]);
  });
});
