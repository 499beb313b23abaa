import { lastValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthClient, AuthImplicitGrantRedirectError } from 'supabase-rx/auth';
import {
  fakeTransport,
  json,
  makeJwt,
  mapStorage,
  tokenBody,
  USER,
  type Recorded,
} from './helpers.js';

/** A minimal browser: window.location/history, document visibility. Enough for initialize(). */
interface FakeWindow {
  location: { href: string; hash: string; assign(url: string): void };
  history: { replaceState(d: unknown, u: string, url?: string): void };
}
const g = globalThis as unknown as { window?: FakeWindow; document?: unknown };
let assigned: string[];
let replaced: string[];

function browserAt(href: string): void {
  assigned = [];
  replaced = [];
  g.window = {
    location: { href, hash: new URL(href).hash, assign: (u) => void assigned.push(u) },
    history: { replaceState: (_d, _u, url) => void replaced.push(url ?? '') },
  };
  g.document = {
    visibilityState: 'visible',
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  };
}

beforeEach(() => browserAt('https://app.test/'));
afterEach(() => {
  delete g.window;
  delete g.document;
});

const URL_ = 'http://proj.test/auth/v1';
const KEY = 'sb-proj-auth-token';

function transport() {
  return fakeTransport((req: Recorded) => {
    if (req.path.endsWith('/user')) return json(200, USER);
    if (req.path.endsWith('/token'))
      return json(200, tokenBody(Date.now(), 3600, req.query.grant_type));
    return json(404, {});
  });
}

async function start(options: Partial<ConstructorParameters<typeof AuthClient>[0]> = {}) {
  const t = transport();
  const storage = mapStorage();
  const auth = new AuthClient({
    url: URL_,
    transport: t,
    storage,
    autoRefreshToken: false,
    skipAutoInitialize: true,
    ...options,
  });
  const events: string[] = [];
  auth.onAuthStateChange((e) => events.push(e));
  const error = await lastValueFrom(auth.initialize(), { defaultValue: undefined }).then(
    () => null,
    (e: unknown) => e,
  );
  return { auth, t, storage, events, error };
}

describe('detectSessionInUrl (protocol.md §3.12)', () => {
  it('implicit fragment: checks the token with GET /user, saves the session, clears the hash → SIGNED_IN', async () => {
    const at = makeJwt({ sub: USER.id, exp: Math.floor(Date.now() / 1000) + 3600 });
    browserAt(
      `https://app.test/cb#access_token=${at}&expires_in=3600&refresh_token=r1&token_type=bearer&type=magiclink`,
    );
    const { auth, t, events, error, storage } = await start();
    expect(error).toBeNull();
    expect(t.requests[0]).toMatchObject({
      method: 'GET',
      path: '/auth/v1/user',
      headers: { authorization: `Bearer ${at}` },
    });
    expect(auth.session).toMatchObject({
      access_token: at,
      refresh_token: 'r1',
      user: { id: USER.id },
    });
    expect(JSON.parse(storage.items.get(KEY)!).refresh_token).toBe('r1');
    expect(g.window!.location.hash).toBe('');
    expect(events).toEqual(['SIGNED_IN', 'INITIAL_SESSION']);
    auth.dispose();
  });

  it('type=recovery → PASSWORD_RECOVERY', async () => {
    browserAt(
      `https://app.test/cb#access_token=${makeJwt({ exp: 9999999999 })}&expires_in=3600&refresh_token=r&token_type=bearer&type=recovery`,
    );
    const { events, auth } = await start();
    expect(events).toEqual(['PASSWORD_RECOVERY', 'INITIAL_SESSION']);
    auth.dispose();
  });

  it('?code= with a stored verifier (PKCE): exchanges it and removes code from the URL', async () => {
    browserAt('https://app.test/cb?code=the-code&keep=1');
    const storage = mapStorage({ [`${KEY}-code-verifier`]: JSON.stringify('v'.repeat(112)) });
    const { t, events, auth } = await start({ flowType: 'pkce', storage });
    expect(t.requests[0]).toMatchObject({
      path: '/auth/v1/token',
      query: { grant_type: 'pkce' },
      body: { auth_code: 'the-code', code_verifier: 'v'.repeat(112) },
    });
    expect(replaced).toEqual(['https://app.test/cb?keep=1']);
    expect(events).toEqual(['SIGNED_IN', 'INITIAL_SESSION']);
    auth.dispose();
  });

  it('an error in the URL: initialize errors with AuthImplicitGrantRedirectError, the stored session is kept', async () => {
    browserAt(
      'https://app.test/cb?error=access_denied&error_code=provider_denied&error_description=User+said+no',
    );
    const storage = mapStorage({ [KEY]: JSON.stringify(tokenBody(Date.now(), 3600, 'old')) });
    const { error, auth, events } = await start({ storage });
    expect(error).toBeInstanceOf(AuthImplicitGrantRedirectError);
    expect(error).toMatchObject({
      message: 'User said no',
      details: { error: 'access_denied', code: 'provider_denied' },
    });
    expect(auth.session?.refresh_token).toBe('rt-old');
    expect(events).toEqual(['SIGNED_IN', 'INITIAL_SESSION']);
    auth.dispose();
  });

  it('detectSessionInUrl: false leaves the URL alone', async () => {
    browserAt(
      `https://app.test/cb#access_token=x&expires_in=3600&refresh_token=r&token_type=bearer`,
    );
    const { t, events, auth } = await start({ detectSessionInUrl: false });
    expect(t.requests).toHaveLength(0);
    expect(events).toEqual(['INITIAL_SESSION']);
    auth.dispose();
  });

  it('signInWithOAuth navigates the browser unless skipBrowserRedirect', async () => {
    const { auth } = await start();
    const { url } = await lastValueFrom(auth.signInWithOAuth({ provider: 'github' }));
    expect(assigned).toEqual([url]);
    await lastValueFrom(
      auth.signInWithOAuth({ provider: 'github', options: { skipBrowserRedirect: true } }),
    );
    expect(assigned).toHaveLength(1);
    auth.dispose();
  });
});

describe('tabs stay in step (BroadcastChannel named after the storage key)', () => {
  it('a sign-in and a sign-out in one tab reach the other', async () => {
    const shared = mapStorage();
    const tab = () =>
      new AuthClient({
        url: URL_,
        transport: transport(),
        storage: shared,
        autoRefreshToken: false,
        detectSessionInUrl: false,
      });
    const a = tab();
    const b = tab();
    const seen: string[] = [];
    const got = (event: string) =>
      new Promise<void>((resolve) =>
        b.onAuthStateChange((e) => {
          if (e === event) resolve();
        }),
      );
    b.onAuthStateChange((e) => seen.push(e));
    const signedIn = got('SIGNED_IN');
    await lastValueFrom(a.signInWithPassword({ email: 'a@b.c', password: 'pw' }));
    await signedIn;
    expect(b.session?.access_token).toBe(a.session?.access_token);
    const signedOut = got('SIGNED_OUT');
    await lastValueFrom(a.signOut({ scope: 'local' }));
    await signedOut;
    expect(b.session).toBeNull();
    expect(seen).toEqual(['INITIAL_SESSION', 'SIGNED_IN', 'SIGNED_OUT']);
    a.dispose();
    b.dispose();
  });
});
