import { lastValueFrom, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createFakeFetch, jsonResponse, type RecordedRequest } from 'supabase-rx/testing';
import {
  AuthClient,
  AuthPKCECodeVerifierMissingError,
  AuthSessionMissingError,
  AuthValidationError,
} from 'supabase-rx/auth';
import { mapStorage, tokenBody, USER } from './helpers.js';

const BASE = 'http://proj.test/auth/v1';
const KEY = 'sb-proj-auth-token';
const ANON = 'anon-key';
const UID = USER.id;
const FID = '22222222-2222-4222-8222-222222222222';

function answer(req: RecordedRequest) {
  const path = new URL(req.url).pathname.replace('/auth/v1', '');
  const token = () => jsonResponse(tokenBody(Date.now(), 3600, 'new'));
  if (
    path === '/token' ||
    path === '/signup' ||
    path === '/verify' ||
    /\/factors\/[^/]+\/verify$/.test(path)
  )
    return token();
  if (path === '/otp' || path === '/resend') return jsonResponse({ message_id: 'm1' });
  if (path === '/user')
    return jsonResponse({
      ...USER,
      identities: [{ identity_id: 'i1', id: 'x', user_id: UID, provider: 'email' }],
    });
  if (path === '/factors')
    return jsonResponse({
      id: FID,
      type: 'totp',
      totp: { qr_code: '<svg/>', secret: 'S', uri: 'otpauth://x' },
    });
  if (path.endsWith('/challenge')) return jsonResponse({ id: 'c1', type: 'totp', expires_at: 1 });
  if (path === '/sso' || path === '/user/identities/authorize')
    return jsonResponse({ url: 'https://idp.test/start' });
  if (path === '/admin/users' && req.method === 'GET')
    return jsonResponse({ users: [USER], aud: 'authenticated' });
  if (path === '/admin/generate_link') {
    return jsonResponse({
      ...USER,
      action_link: 'https://l',
      email_otp: '123456',
      hashed_token: 'h',
      redirect_to: 'r',
      verification_type: 'signup',
    });
  }
  if (path.startsWith('/admin/users/') && path.endsWith('/factors'))
    return jsonResponse([{ id: FID }]);
  if (path.startsWith('/admin/users/') || path === '/admin/users' || path === '/invite')
    return jsonResponse(USER);
  if (path === '/logout') return new Response(null, { status: 204 });
  return jsonResponse({});
}

function client(signedIn: boolean, flowType: 'implicit' | 'pkce' = 'implicit') {
  const fetch = createFakeFetch(answer);
  const session = tokenBody(Date.now(), 3600, 'old');
  const storage = mapStorage(signedIn ? { [KEY]: JSON.stringify(session) } : {});
  const auth = new AuthClient({
    url: BASE,
    headers: { apikey: ANON, Authorization: `Bearer ${ANON}`, 'X-Client-Info': 'supabase-rx/test' },
    fetch,
    storage,
    flowType,
    autoRefreshToken: false,
  });
  return { auth, fetch, session, storage };
}

interface Shape {
  method: string;
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** Which bearer the request carries. */
  bearer: 'key' | 'jwt';
}

const JSON_CT = 'application/json;charset=UTF-8';
const sec = { gotrue_meta_security: {} };

const table: Array<[string, boolean, (a: AuthClient) => Observable<unknown>, Shape[]]> = [
  [
    'signUp email',
    false,
    (a) =>
      a.signUp({
        email: 'a@b.c',
        password: 'pw',
        options: { data: { n: 1 }, emailRedirectTo: 'https://app/cb', captchaToken: 'cap' },
      }),
    [
      {
        method: 'POST',
        path: '/signup',
        query: { redirect_to: 'https://app/cb' },
        bearer: 'key',
        body: {
          email: 'a@b.c',
          password: 'pw',
          data: { n: 1 },
          gotrue_meta_security: { captcha_token: 'cap' },
          code_challenge: null,
          code_challenge_method: null,
        },
      },
    ],
  ],
  [
    'signUp phone',
    false,
    (a) => a.signUp({ phone: '+100', password: 'pw', options: { channel: 'whatsapp' } }),
    [
      {
        method: 'POST',
        path: '/signup',
        bearer: 'key',
        body: { phone: '+100', password: 'pw', data: {}, channel: 'whatsapp', ...sec },
      },
    ],
  ],
  [
    'signInAnonymously',
    false,
    (a) => a.signInAnonymously({ options: { data: { a: 1 } } }),
    [{ method: 'POST', path: '/signup', bearer: 'key', body: { data: { a: 1 }, ...sec } }],
  ],
  [
    'signInWithPassword email',
    false,
    (a) => a.signInWithPassword({ email: 'a@b.c', password: 'pw' }),
    [
      {
        method: 'POST',
        path: '/token',
        query: { grant_type: 'password' },
        bearer: 'key',
        body: { email: 'a@b.c', password: 'pw', ...sec },
      },
    ],
  ],
  [
    'signInWithPassword phone',
    false,
    (a) => a.signInWithPassword({ phone: '+100', password: 'pw' }),
    [
      {
        method: 'POST',
        path: '/token',
        query: { grant_type: 'password' },
        bearer: 'key',
        body: { phone: '+100', password: 'pw', ...sec },
      },
    ],
  ],
  [
    'signInWithIdToken',
    false,
    (a) => a.signInWithIdToken({ provider: 'google', token: 'idt', nonce: 'n' }),
    [
      {
        method: 'POST',
        path: '/token',
        query: { grant_type: 'id_token' },
        bearer: 'key',
        body: { provider: 'google', id_token: 'idt', nonce: 'n', ...sec },
      },
    ],
  ],
  [
    'signInWithOtp email',
    false,
    (a) =>
      a.signInWithOtp({
        email: 'a@b.c',
        options: { shouldCreateUser: false, emailRedirectTo: 'https://app' },
      }),
    [
      {
        method: 'POST',
        path: '/otp',
        query: { redirect_to: 'https://app' },
        bearer: 'key',
        body: {
          email: 'a@b.c',
          data: {},
          create_user: false,
          ...sec,
          code_challenge: null,
          code_challenge_method: null,
        },
      },
    ],
  ],
  [
    'signInWithOtp phone',
    false,
    (a) => a.signInWithOtp({ phone: '+100' }),
    [
      {
        method: 'POST',
        path: '/otp',
        bearer: 'key',
        body: { phone: '+100', data: {}, create_user: true, ...sec, channel: 'sms' },
      },
    ],
  ],
  [
    'signInWithSSO domain',
    false,
    (a) => a.signInWithSSO({ domain: 'acme.com', options: { redirectTo: 'https://app' } }),
    [
      {
        method: 'POST',
        path: '/sso',
        bearer: 'key',
        body: {
          domain: 'acme.com',
          redirect_to: 'https://app',
          skip_http_redirect: true,
          code_challenge: null,
          code_challenge_method: null,
        },
      },
    ],
  ],
  [
    'signInWithWeb3 solana (signed message)',
    false,
    (a) =>
      a.signInWithWeb3({
        chain: 'solana',
        message: 'hello',
        signature: new Uint8Array([251, 255]),
      }),
    [
      {
        method: 'POST',
        path: '/token',
        query: { grant_type: 'web3' },
        bearer: 'key',
        body: { chain: 'solana', message: 'hello', signature: '-_8' },
      },
    ],
  ],
  [
    'verifyOtp email',
    false,
    (a) =>
      a.verifyOtp({
        email: 'a@b.c',
        token: '123456',
        type: 'email',
        options: { redirectTo: 'https://app' },
      }),
    [
      {
        method: 'POST',
        path: '/verify',
        query: { redirect_to: 'https://app' },
        bearer: 'key',
        body: {
          email: 'a@b.c',
          token: '123456',
          type: 'email',
          options: { redirectTo: 'https://app' },
          ...sec,
        },
      },
    ],
  ],
  [
    'verifyOtp token_hash',
    false,
    (a) => a.verifyOtp({ token_hash: 'th', type: 'recovery' }),
    [
      {
        method: 'POST',
        path: '/verify',
        bearer: 'key',
        body: { token_hash: 'th', type: 'recovery', ...sec },
      },
    ],
  ],
  [
    'resend email',
    false,
    (a) => a.resend({ type: 'signup', email: 'a@b.c' }),
    [
      {
        method: 'POST',
        path: '/resend',
        bearer: 'key',
        body: {
          email: 'a@b.c',
          type: 'signup',
          ...sec,
          code_challenge: null,
          code_challenge_method: null,
        },
      },
    ],
  ],
  [
    'resend phone',
    false,
    (a) => a.resend({ type: 'sms', phone: '+100' }),
    [
      {
        method: 'POST',
        path: '/resend',
        bearer: 'key',
        body: { phone: '+100', type: 'sms', ...sec },
      },
    ],
  ],
  [
    'resetPasswordForEmail',
    false,
    (a) => a.resetPasswordForEmail('a@b.c', { redirectTo: 'https://app/r' }),
    [
      {
        method: 'POST',
        path: '/recover',
        query: { redirect_to: 'https://app/r' },
        bearer: 'key',
        body: { email: 'a@b.c', code_challenge: null, code_challenge_method: null, ...sec },
      },
    ],
  ],
  [
    'exchangeCodeForSession (implicit, no verifier)',
    false,
    (a) => a.exchangeCodeForSession('the-code'),
    [
      {
        method: 'POST',
        path: '/token',
        query: { grant_type: 'pkce' },
        bearer: 'key',
        body: { auth_code: 'the-code' },
      },
    ],
  ],
  [
    'refreshSession',
    true,
    (a) => a.refreshSession(),
    [
      {
        method: 'POST',
        path: '/token',
        query: { grant_type: 'refresh_token' },
        bearer: 'key',
        body: { refresh_token: 'rt-old' },
      },
    ],
  ],
  ['getUser', true, (a) => a.getUser(), [{ method: 'GET', path: '/user', bearer: 'jwt' }]],
  [
    'getUserIdentities',
    true,
    (a) => a.getUserIdentities(),
    [{ method: 'GET', path: '/user', bearer: 'jwt' }],
  ],
  [
    'updateUser',
    true,
    (a) =>
      a.updateUser(
        { password: 'new', nonce: '123456', data: { x: 1 } },
        { emailRedirectTo: 'https://app/e' },
      ),
    [
      {
        method: 'PUT',
        path: '/user',
        query: { redirect_to: 'https://app/e' },
        bearer: 'jwt',
        body: {
          password: 'new',
          nonce: '123456',
          data: { x: 1 },
          code_challenge: null,
          code_challenge_method: null,
        },
      },
    ],
  ],
  [
    'linkIdentity id token',
    true,
    (a) => a.linkIdentity({ provider: 'google', token: 'idt' }),
    [
      {
        method: 'POST',
        path: '/token',
        query: { grant_type: 'id_token' },
        bearer: 'jwt',
        body: { provider: 'google', id_token: 'idt', link_identity: true, ...sec },
      },
    ],
  ],
  [
    'linkIdentity OAuth',
    true,
    (a) =>
      a.linkIdentity({
        provider: 'github',
        options: { scopes: 'repo user', skipBrowserRedirect: true },
      }),
    [
      {
        method: 'GET',
        path: '/user/identities/authorize',
        query: { provider: 'github', scopes: 'repo user', skip_http_redirect: 'true' },
        bearer: 'jwt',
      },
    ],
  ],
  [
    'unlinkIdentity',
    true,
    (a) => a.unlinkIdentity({ identity_id: 'i1', id: 'x', user_id: UID, provider: 'github' }),
    [{ method: 'DELETE', path: '/user/identities/i1', bearer: 'jwt' }],
  ],
  [
    'reauthenticate',
    true,
    (a) => a.reauthenticate(),
    [{ method: 'GET', path: '/reauthenticate', bearer: 'jwt' }],
  ],
  [
    'signOut global',
    true,
    (a) => a.signOut(),
    [{ method: 'POST', path: '/logout', query: { scope: 'global' }, bearer: 'jwt' }],
  ],
  [
    'signOut others',
    true,
    (a) => a.signOut({ scope: 'others' }),
    [{ method: 'POST', path: '/logout', query: { scope: 'others' }, bearer: 'jwt' }],
  ],
  [
    'mfa.enroll totp',
    true,
    (a) => a.mfa.enroll({ factorType: 'totp', friendlyName: 'phone app', issuer: 'acme' }),
    [
      {
        method: 'POST',
        path: '/factors',
        bearer: 'jwt',
        body: { friendly_name: 'phone app', factor_type: 'totp', issuer: 'acme' },
      },
    ],
  ],
  [
    'mfa.enroll phone',
    true,
    (a) => a.mfa.enroll({ factorType: 'phone', phone: '+100' }),
    [
      {
        method: 'POST',
        path: '/factors',
        bearer: 'jwt',
        body: { factor_type: 'phone', phone: '+100' },
      },
    ],
  ],
  [
    'mfa.challenge',
    true,
    (a) => a.mfa.challenge({ factorId: FID, channel: 'sms' }),
    [
      {
        method: 'POST',
        path: `/factors/${FID}/challenge`,
        bearer: 'jwt',
        body: { factorId: FID, channel: 'sms' },
      },
    ],
  ],
  [
    'mfa.verify',
    true,
    (a) => a.mfa.verify({ factorId: FID, challengeId: 'c1', code: '123456' }),
    [
      {
        method: 'POST',
        path: `/factors/${FID}/verify`,
        bearer: 'jwt',
        body: { challenge_id: 'c1', code: '123456' },
      },
    ],
  ],
  [
    'mfa.challengeAndVerify',
    true,
    (a) => a.mfa.challengeAndVerify({ factorId: FID, code: '123456' }),
    [
      { method: 'POST', path: `/factors/${FID}/challenge`, bearer: 'jwt', body: { factorId: FID } },
      {
        method: 'POST',
        path: `/factors/${FID}/verify`,
        bearer: 'jwt',
        body: { challenge_id: 'c1', code: '123456' },
      },
    ],
  ],
  [
    'mfa.unenroll',
    true,
    (a) => a.mfa.unenroll({ factorId: FID }),
    [{ method: 'DELETE', path: `/factors/${FID}`, bearer: 'jwt' }],
  ],
  [
    'mfa.listFactors',
    true,
    (a) => a.mfa.listFactors(),
    [{ method: 'GET', path: '/user', bearer: 'jwt' }],
  ],
  [
    'admin.getUserById',
    false,
    (a) => a.admin.getUserById(UID),
    [{ method: 'GET', path: `/admin/users/${UID}`, bearer: 'key' }],
  ],
  [
    'admin.listUsers',
    false,
    (a) => a.admin.listUsers(),
    [{ method: 'GET', path: '/admin/users', query: { page: '', per_page: '' }, bearer: 'key' }],
  ],
  [
    'admin.listUsers page',
    false,
    (a) => a.admin.listUsers({ page: 12, perPage: 5 }),
    [{ method: 'GET', path: '/admin/users', query: { page: '12', per_page: '5' }, bearer: 'key' }],
  ],
  [
    'admin.createUser',
    false,
    (a) => a.admin.createUser({ email: 'n@b.c', password: 'pw', email_confirm: true }),
    [
      {
        method: 'POST',
        path: '/admin/users',
        bearer: 'key',
        body: { email: 'n@b.c', password: 'pw', email_confirm: true },
      },
    ],
  ],
  [
    'admin.updateUserById',
    false,
    (a) => a.admin.updateUserById(UID, { ban_duration: '24h' }),
    [{ method: 'PUT', path: `/admin/users/${UID}`, bearer: 'key', body: { ban_duration: '24h' } }],
  ],
  [
    'admin.deleteUser soft',
    false,
    (a) => a.admin.deleteUser(UID, true),
    [
      { method: 'GET', path: `/admin/users/${UID}`, bearer: 'key' },
      {
        method: 'DELETE',
        path: `/admin/users/${UID}`,
        bearer: 'key',
        body: { should_soft_delete: true },
      },
    ],
  ],
  [
    'admin.inviteUserByEmail',
    false,
    (a) => a.admin.inviteUserByEmail('n@b.c', { data: { r: 1 }, redirectTo: 'https://app/i' }),
    [
      {
        method: 'POST',
        path: '/invite',
        query: { redirect_to: 'https://app/i' },
        bearer: 'key',
        body: { email: 'n@b.c', data: { r: 1 } },
      },
    ],
  ],
  [
    'admin.generateLink email change',
    false,
    (a) =>
      a.admin.generateLink({
        type: 'email_change_new',
        email: 'a@b.c',
        newEmail: 'n@b.c',
        options: { redirectTo: 'https://app' },
      }),
    [
      {
        method: 'POST',
        path: '/admin/generate_link',
        query: { redirect_to: 'https://app' },
        bearer: 'key',
        body: {
          type: 'email_change_new',
          email: 'a@b.c',
          new_email: 'n@b.c',
          redirectTo: 'https://app',
        },
      },
    ],
  ],
  [
    'admin.mfa.listFactors',
    false,
    (a) => a.admin.mfa.listFactors({ userId: UID }),
    [{ method: 'GET', path: `/admin/users/${UID}/factors`, bearer: 'key' }],
  ],
  [
    'admin.mfa.deleteFactor',
    false,
    (a) => a.admin.mfa.deleteFactor({ userId: UID, id: FID }),
    [{ method: 'DELETE', path: `/admin/users/${UID}/factors/${FID}`, bearer: 'key' }],
  ],
];

describe('request shapes (protocol.md §3.3–3.5)', () => {
  for (const [name, signedIn, call, shapes] of table) {
    it(name, async () => {
      const { auth, fetch, session } = client(signedIn);
      await lastValueFrom(call(auth), { defaultValue: undefined });
      expect(fetch.requests).toHaveLength(shapes.length);
      shapes.forEach((shape, i) => {
        const req = fetch.requests[i];
        const url = new URL(req.url);
        expect(req.method).toBe(shape.method);
        expect(url.pathname).toBe(`/auth/v1${shape.path}`);
        expect(Object.fromEntries(url.searchParams)).toEqual(shape.query ?? {});
        expect(req.headers.apikey).toBe(ANON);
        expect(req.headers.authorization).toBe(
          `Bearer ${shape.bearer === 'key' ? ANON : session.access_token}`,
        );
        expect(req.headers['x-supabase-api-version']).toBe('2024-01-01');
        expect(req.headers['x-client-info']).toBe('supabase-rx/test');
        if (shape.method === 'GET') {
          expect(req.headers['content-type']).toBeUndefined();
          expect(req.body).toBeNull();
        } else {
          expect(req.headers['content-type']).toBe(JSON_CT);
          expect(req.body === null ? undefined : JSON.parse(req.body)).toEqual(shape.body);
        }
      });
    });
  }
});

describe('requests that must not be sent', () => {
  it('nothing is sent before subscribe, and each subscription sends again (cold)', async () => {
    const { auth, fetch } = client(false);
    const signIn$ = auth.signInWithPassword({ email: 'a@b.c', password: 'pw' });
    expect(fetch.requests).toHaveLength(0);
    await lastValueFrom(signIn$);
    await lastValueFrom(signIn$);
    expect(fetch.requests).toHaveLength(2);
  });

  it('an unsubscribed signOut does nothing', async () => {
    const { auth, fetch } = client(true);
    auth.signOut();
    await new Promise((r) => setTimeout(r, 10));
    expect(fetch.requests).toHaveLength(0);
    expect(auth.session).not.toBeNull();
  });

  it('getUser without a session: AuthSessionMissingError, no request', async () => {
    const { auth, fetch } = client(false);
    await expect(lastValueFrom(auth.getUser())).rejects.toBeInstanceOf(AuthSessionMissingError);
    expect(fetch.requests).toHaveLength(0);
  });

  it('exchangeCodeForSession in PKCE mode without a verifier: AuthPKCECodeVerifierMissingError, no request', async () => {
    const { auth, fetch } = client(false, 'pkce');
    const error = await lastValueFrom(auth.exchangeCodeForSession('code')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthPKCECodeVerifierMissingError);
    expect((error as AuthPKCECodeVerifierMissingError).code).toBe('pkce_code_verifier_not_found');
    expect(fetch.requests).toHaveLength(0);
  });

  it('bad input is a typed error naming what was wrong, sent nowhere', async () => {
    const { auth, fetch } = client(true);
    await expect(lastValueFrom(auth.admin.getUserById('nope'))).rejects.toThrow(/UUID/);
    await expect(lastValueFrom(auth.admin.listUsers({ page: 0 }))).rejects.toBeInstanceOf(
      AuthValidationError,
    );
    await expect(lastValueFrom(auth.signOut({ scope: 'everyone' as never }))).rejects.toThrow(
      /scope/,
    );
    await expect(lastValueFrom(auth.signInWithPassword({} as never))).rejects.toThrow(
      /email or phone/,
    );
    await expect(lastValueFrom(auth.mfa.challenge({} as never))).rejects.toThrow(/factorId/);
    await expect(lastValueFrom(auth.signInWithWeb3({ chain: 'bitcoin' } as never))).rejects.toThrow(
      /bitcoin/,
    );
    expect(fetch.requests).toHaveLength(0);
  });
});

describe('PKCE (flowType: pkce)', () => {
  it('signUp sends an S256 challenge of the stored verifier, and exchangeCodeForSession sends that verifier', async () => {
    const { auth, fetch, storage } = client(false, 'pkce');
    await lastValueFrom(auth.signUp({ email: 'a@b.c', password: 'pw' }));
    const body = JSON.parse(fetch.requests[0].body!);
    expect(body.code_challenge_method).toBe('s256');
    const verifier = JSON.parse(storage.items.get(`${KEY}-code-verifier`)!);
    expect(verifier).toMatch(/^[0-9a-f]{112}$/);
    const digest = new Uint8Array(
      await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)),
    );
    expect(body.code_challenge).toBe(Buffer.from(digest).toString('base64url'));
    const flows = JSON.parse(storage.items.get(`${KEY}-flows-code-verifier`)!);
    expect(flows).toHaveLength(1);
    expect(JSON.parse(storage.items.get(`${KEY}-flow-${flows[0]}-code-verifier`)!)).toBe(verifier);

    const result = await lastValueFrom(auth.exchangeCodeForSession('the-code'));
    expect(JSON.parse(fetch.requests[1].body!)).toEqual({
      auth_code: 'the-code',
      code_verifier: verifier,
    });
    expect(result.redirectType).toBeNull();
    expect(storage.items.has(`${KEY}-code-verifier`)).toBe(false);
  });

  it('a recovery verifier is stored with /recovery and the exchange emits PASSWORD_RECOVERY', async () => {
    const { auth, storage } = client(false, 'pkce');
    await lastValueFrom(auth.resetPasswordForEmail('a@b.c'));
    expect(JSON.parse(storage.items.get(`${KEY}-code-verifier`)!)).toMatch(
      /^[0-9a-f]{112}\/recovery$/,
    );
    const events: string[] = [];
    auth.onAuthStateChange((e) => events.push(e));
    const result = await lastValueFrom(auth.exchangeCodeForSession('c'));
    expect(result.redirectType).toBe('recovery');
    expect(events).toContain('PASSWORD_RECOVERY');
  });

  it('keeps at most 5 pending flows, evicting the oldest', async () => {
    const { auth, storage } = client(false, 'pkce');
    for (let i = 0; i < 7; i++)
      await lastValueFrom(
        auth.signInWithOAuth({ provider: 'github', options: { skipBrowserRedirect: true } }),
      );
    const flows = JSON.parse(storage.items.get(`${KEY}-flows-code-verifier`)!);
    expect(flows).toHaveLength(5);
    const slots = [...storage.items.keys()].filter((k) =>
      /-flow-[0-9a-f]{32}-code-verifier$/.test(k),
    );
    expect(slots).toHaveLength(5);
  });

  it('signInWithOAuth builds the /authorize URL without any request', async () => {
    const { auth, fetch } = client(false, 'pkce');
    const { url, flowId, provider } = await lastValueFrom(
      auth.signInWithOAuth({
        provider: 'github',
        options: {
          redirectTo: 'https://app/cb',
          scopes: 'repo user',
          queryParams: { access_type: 'offline' },
        },
      }),
    );
    expect(provider).toBe('github');
    expect(flowId).toMatch(/^[0-9a-f]{32}$/);
    expect(url).toMatch(
      /^http:\/\/proj\.test\/auth\/v1\/authorize\?provider=github&redirect_to=https%3A%2F%2Fapp%2Fcb&scopes=repo%20user&code_challenge=[A-Za-z0-9_-]{43}&code_challenge_method=s256&access_type=offline$/,
    );
    expect(fetch.requests).toHaveLength(0);
  });
});
