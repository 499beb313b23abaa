import { TestScheduler } from 'rxjs/testing';
import { firstValueFrom, lastValueFrom, type Observable } from 'rxjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AuthApiError,
  AuthClient,
  AuthRefreshDiscardedError,
  AuthRetryableFetchError,
} from 'supabase-rx/auth';
import {
  fakeTransport,
  json,
  mapStorage,
  tokenBody,
  type Reply,
  type Recorded,
} from './helpers.js';
import { loadLazyModules } from 'supabase-rx/testing';

// The sign-in, sign-out and user flows load on first use; marbles need them loaded before run().
beforeAll(() => loadLazyModules());

const URL_ = 'http://proj.test/auth/v1';
const KEY = 'sb-proj-auth-token';

function scheduler() {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

/** A client whose stored session expires `expiresIn` s after t=0, with auto refresh off. */
function clientWith(ts: TestScheduler, expiresIn: number, onToken: (req: Recorded) => Reply) {
  const transport = fakeTransport((req) => {
    if (req.path.endsWith('/token')) return onToken(req);
    if (req.path.endsWith('/logout')) return json(204, undefined);
    return json(404, { code: 'not_found', message: 'no' });
  });
  const storage = mapStorage({ [KEY]: JSON.stringify(tokenBody(0, expiresIn, 'old')) });
  const auth = new AuthClient({
    url: URL_,
    transport,
    scheduler: ts,
    storage,
    autoRefreshToken: false,
  });
  return { auth, transport, storage };
}

const refreshes = (requests: Recorded[]) =>
  requests.filter((r) => r.path.endsWith('/token') && r.query.grant_type === 'refresh_token');

describe('single-flight refresh', () => {
  for (const n of [100, 1000]) {
    it(`${n} concurrent token requests with an expired token send exactly one refresh`, () => {
      const ts = scheduler();
      ts.run(({ cold, expectObservable }) => {
        const { auth, transport } = clientWith(ts, -5, () =>
          cold('---r|', { r: json(200, tokenBody(0, 3600, 'new')) }),
        );
        const tokens: Observable<string | null>[] = [];
        for (let i = 0; i < n; i++)
          tokens.push(auth.tokenSource.token() as Observable<string | null>);
        const fresh = tokenBody(0, 3600, 'new').access_token;
        tokens.forEach((t) => expectObservable(t).toBe('---a|', { a: fresh }));
        ts.flush();
        expect(refreshes(transport.requests)).toHaveLength(1);
        expect(refreshes(transport.requests)[0].body).toEqual({ refresh_token: 'rt-old' });
        expect(auth.session?.refresh_token).toBe('rt-new');
      });
    });
  }

  it('a token still valid beyond the 90 s margin is returned without a request', () => {
    const ts = scheduler();
    ts.run(() => {
      const { auth, transport } = clientWith(ts, 3600, () => json(500, {}));
      // Once initialised, a fresh token is answered synchronously: no Observable on the hot path.
      expect(auth.tokenSource.token()).toBe(tokenBody(0, 3600, 'old').access_token);
      ts.flush();
      expect(transport.requests).toHaveLength(0);
    });
  });

  it('a token within the 90 s margin is refreshed first', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      const { auth, transport } = clientWith(ts, 60, () =>
        cold('-r|', { r: json(200, tokenBody(0, 3600, 'new')) }),
      );
      expectObservable(auth.tokenSource.token() as Observable<string>).toBe('-a|', {
        a: tokenBody(0, 3600, 'new').access_token,
      });
      ts.flush();
      expect(refreshes(transport.requests)).toHaveLength(1);
    });
  });

  it('refreshSession, getSession and token() at once share one request, with one TOKEN_REFRESHED', () => {
    const ts = scheduler();
    ts.run(({ cold }) => {
      const { auth, transport } = clientWith(ts, -5, () =>
        cold('--r|', { r: json(200, tokenBody(0, 3600, 'new')) }),
      );
      const events: string[] = [];
      auth.events$.subscribe(({ event }) => events.push(event));
      auth.refreshSession().subscribe();
      auth.getSession().subscribe();
      (auth.tokenSource.token() as Observable<string>).subscribe();
      auth.tokenSource.refreshAfterUnauthorized!().subscribe();
      ts.flush();
      expect(refreshes(transport.requests)).toHaveLength(1);
      expect(events).toEqual(['INITIAL_SESSION', 'TOKEN_REFRESHED']);
    });
  });

  it('keeps running when every caller unsubscribes (the rotated token is not lost)', () => {
    const ts = scheduler();
    ts.run(({ cold }) => {
      const { auth } = clientWith(ts, -5, () =>
        cold('-----r|', { r: json(200, tokenBody(0, 3600, 'new')) }),
      );
      const sub = auth.refreshSession().subscribe();
      ts.schedule(() => sub.unsubscribe(), 2);
      ts.flush();
      expect(auth.session?.refresh_token).toBe('rt-new');
    });
  });

  it('a reused refresh token with an expired access token signs out with the API error', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      const reused = json(
        400,
        { code: 'refresh_token_already_used', message: 'Invalid Refresh Token: Already Used' },
        { 'x-supabase-api-version': '2024-01-01' },
      );
      const { auth, storage } = clientWith(ts, -5, () => cold('-r|', { r: reused }));
      const events: string[] = [];
      auth.events$.subscribe(({ event }) => events.push(event));
      expectObservable(auth.refreshSession()).toBe(
        '-#',
        undefined,
        new AuthApiError('Invalid Refresh Token: Already Used', 400, 'refresh_token_already_used'),
      );
      ts.flush();
      expect(auth.session).toBeNull();
      expect(storage.items.has(KEY)).toBe(false);
      expect(events).toEqual(['INITIAL_SESSION', 'SIGNED_OUT']);
    });
  });

  it('a failed refresh with a still-valid access token keeps the session', () => {
    const ts = scheduler();
    ts.run(({ cold }) => {
      const { auth } = clientWith(ts, 60, () =>
        cold('-r|', {
          r: json(400, { error_code: 'refresh_token_not_found', msg: 'Invalid Refresh Token' }),
        }),
      );
      let error: unknown;
      auth.refreshSession().subscribe({ error: (e) => (error = e) });
      ts.flush();
      expect(error).toBeInstanceOf(AuthApiError);
      expect((error as AuthApiError).code).toBe('refresh_token_not_found');
      expect(auth.session?.refresh_token).toBe('rt-old');
    });
  });

  it('network failure during refresh: retries at 200, 400, 800 … ms within 30 s, then errors and keeps the session', () => {
    const ts = scheduler();
    ts.run(({ cold }) => {
      const times: number[] = [];
      const { auth } = clientWith(ts, -5, () => {
        times.push(ts.now());
        return cold('#', undefined, new TypeError('fetch failed'));
      });
      let error: unknown;
      auth.refreshSession().subscribe({ error: (e) => (error = e) });
      ts.flush();
      // 0, +200, +400, +800, +1600, +3200, +6400, +12800 → the next (+25600) would pass 30 s.
      expect(times).toEqual([0, 200, 600, 1400, 3000, 6200, 12600, 25400]);
      expect(error).toBeInstanceOf(AuthRetryableFetchError);
      expect((error as AuthRetryableFetchError).status).toBe(0);
      expect(auth.session?.refresh_token).toBe('rt-old');
    });
  });

  it('a 5xx during refresh is retried and can succeed', () => {
    const ts = scheduler();
    ts.run(({ cold }) => {
      let calls = 0;
      const { auth } = clientWith(ts, -5, () =>
        calls++ === 0
          ? cold('-r|', { r: json(503, { message: 'busy' }) })
          : cold('-r|', { r: json(200, tokenBody(0, 3600, 'new')) }),
      );
      auth.refreshSession().subscribe();
      ts.flush();
      expect(calls).toBe(2);
      expect(auth.session?.refresh_token).toBe('rt-new');
    });
  });

  it('a failure is answered from cache for 60 s to callers with the same refresh token', () => {
    const ts = scheduler();
    ts.run(({ cold }) => {
      const { auth, transport } = clientWith(ts, 60, () =>
        cold('-r|', { r: json(400, { error_code: 'x', msg: 'no' }) }),
      );
      auth.refreshSession().subscribe({ error: () => undefined });
      ts.schedule(() => auth.refreshSession().subscribe({ error: () => undefined }), 30_000);
      ts.schedule(() => auth.refreshSession().subscribe({ error: () => undefined }), 61_000);
      ts.flush();
      expect(refreshes(transport.requests)).toHaveLength(2);
    });
  });

  it('sign-out while a refresh is in flight: the refresh result is discarded and the user stays signed out', () => {
    const ts = scheduler();
    ts.run(({ cold }) => {
      const { auth, storage } = clientWith(ts, 3600, () =>
        cold('-----r|', { r: json(200, tokenBody(0, 3600, 'new')) }),
      );
      const events: string[] = [];
      auth.events$.subscribe(({ event }) => events.push(event));
      let refreshError: unknown;
      auth.refreshSession().subscribe({ error: (e) => (refreshError = e) });
      ts.schedule(() => auth.signOut({ scope: 'local' }).subscribe(), 2);
      ts.flush();
      expect(refreshError).toBeInstanceOf(AuthRefreshDiscardedError);
      expect(auth.session).toBeNull();
      expect(storage.items.has(KEY)).toBe(false);
      expect(events).toEqual(['INITIAL_SESSION', 'SIGNED_OUT']);
    });
  });
});

describe('refresh through the real transport', () => {
  it('1,000 concurrent callers after expiry are all served by one request', async () => {
    let calls = 0;
    const fetch = (async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 5));
      return new Response(JSON.stringify(tokenBody(Date.now(), 3600, 'new')), { status: 200 });
    }) as typeof globalThis.fetch;
    const storage = mapStorage({ [KEY]: JSON.stringify(tokenBody(Date.now(), -10, 'old')) });
    const auth = new AuthClient({ url: URL_, fetch, storage, autoRefreshToken: false });
    const tokens = await Promise.all(
      Array.from({ length: 1000 }, () =>
        firstValueFrom(auth.tokenSource.token() as Observable<string>),
      ),
    );
    expect(calls).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    expect(await lastValueFrom(auth.getSession())).toMatchObject({
      session: { refresh_token: 'rt-new' },
    });
  });
});
