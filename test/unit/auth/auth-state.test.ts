import { TestScheduler } from 'rxjs/testing';
import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuthClient, type AuthChangeEvent, type StorageFailure } from 'supabase-rx/auth';
import { SessionStore } from '../../../src/auth/session-store.js';
import { fakeTransport, json, mapStorage, tokenBody, USER } from './helpers.js';
import { loadLazyModules } from 'supabase-rx/testing';

// The sign-in, sign-out and user flows load on first use; marbles need them loaded before run().
beforeAll(() => loadLazyModules());

const URL_ = 'http://proj.test/auth/v1';
const KEY = 'sb-proj-auth-token';

const scheduler = () => new TestScheduler((a, e) => expect(a).toEqual(e));

function signInTransport(clock: { now(): number } = Date) {
  return fakeTransport((req) => {
    if (req.path.endsWith('/token'))
      return json(200, tokenBody(clock.now(), 3600, req.query.grant_type ?? 'x'));
    if (req.path.endsWith('/logout')) return json(204, undefined);
    if (req.path.endsWith('/user')) return json(200, { ...USER, user_metadata: req.body ?? {} });
    return json(404, { message: 'no route' });
  });
}

describe('SessionStore', () => {
  it('replays the session to late subscribers and reads it synchronously', () => {
    const store = new SessionStore();
    const session = tokenBody(0, 3600, 'a');
    store.set(session, 'SIGNED_IN');
    const seen: unknown[] = [];
    store.session$.subscribe((s) => seen.push(s));
    store.user$.subscribe((u) => seen.push(u?.id));
    expect(seen).toEqual([session, USER.id]);
    expect(store.session).toBe(session);
  });

  it('gives INITIAL_SESSION once per subscriber: live to early ones, at once to late ones', () => {
    const store = new SessionStore();
    const early: string[] = [];
    store.events$.subscribe(({ event }) => early.push(event));
    store.set(tokenBody(0, 3600, 'a'), 'SIGNED_IN');
    store.markInitialized();
    const late: string[] = [];
    store.events$.subscribe(({ event }) => late.push(event));
    store.set(null, 'SIGNED_OUT');
    expect(early).toEqual(['SIGNED_IN', 'INITIAL_SESSION', 'SIGNED_OUT']);
    expect(late).toEqual(['INITIAL_SESSION', 'SIGNED_OUT']);
  });

  it('a change made from inside a handler reaches every subscriber after the current event (same order for all)', () => {
    const store = new SessionStore();
    const a: string[] = [];
    const b: string[] = [];
    store.events$.subscribe(({ event }) => {
      a.push(event);
      if (event === 'SIGNED_IN') store.set(tokenBody(0, 3600, 'b'), 'TOKEN_REFRESHED');
      // The synchronous getter is already up to date inside the handler.
      if (event === 'SIGNED_IN') a.push(store.session!.refresh_token);
    });
    store.events$.subscribe(({ event }) => b.push(event));
    store.set(tokenBody(0, 3600, 'a'), 'SIGNED_IN');
    expect(a).toEqual(['SIGNED_IN', 'rt-b', 'TOKEN_REFRESHED']);
    expect(b).toEqual(['SIGNED_IN', 'TOKEN_REFRESHED']);
  });
});

describe('initialisation and event order (protocol.md §3.11)', () => {
  const cases: Array<[string, Record<string, string>, AuthChangeEvent[], number]> = [
    [
      'a stored fresh session',
      { [KEY]: JSON.stringify(tokenBody(0, 3600, 'old')) },
      ['SIGNED_IN', 'INITIAL_SESSION'],
      0,
    ],
    [
      'a stored near-expiry session',
      { [KEY]: JSON.stringify(tokenBody(0, 60, 'old')) },
      ['TOKEN_REFRESHED', 'INITIAL_SESSION'],
      1,
    ],
    [
      'a stored expired session',
      { [KEY]: JSON.stringify(tokenBody(0, -60, 'old')) },
      ['TOKEN_REFRESHED', 'INITIAL_SESSION'],
      1,
    ],
    ['no stored session', {}, ['INITIAL_SESSION'], 0],
    [
      'an invalid stored session',
      { [KEY]: JSON.stringify({ access_token: 'x' }) },
      ['SIGNED_OUT', 'INITIAL_SESSION'],
      0,
    ],
    ['a stored value that is not JSON', { [KEY]: 'garbage' }, ['SIGNED_OUT', 'INITIAL_SESSION'], 0],
  ];
  for (const [name, stored, expected, refreshes] of cases) {
    it(`${name} → ${expected.join(', ')}`, () => {
      const ts = scheduler();
      ts.run(() => {
        const storage = mapStorage(stored);
        const transport = signInTransport(ts);
        const auth = new AuthClient({
          url: URL_,
          transport,
          scheduler: ts,
          storage,
          skipAutoInitialize: true,
        });
        // Auto refresh stays on (initialisation refreshes because of it) but its ticker is not under test here.
        auth.stopAutoRefresh();
        const events: string[] = [];
        auth.onAuthStateChange((event) => events.push(event));
        auth.initialize().subscribe();
        ts.flush();
        expect(events).toEqual(expected);
        expect(
          transport.requests.filter((r) => r.query.grant_type === 'refresh_token'),
        ).toHaveLength(refreshes);
        if (expected[0] === 'SIGNED_OUT') expect(storage.items.has(KEY)).toBe(false);
        auth.dispose();
      });
    });
  }

  it('sign-in, user update, refresh, sign-out in order; subscribers may call methods from a handler', () => {
    const ts = scheduler();
    ts.run(() => {
      const auth = new AuthClient({
        url: URL_,
        transport: signInTransport(ts),
        scheduler: ts,
        storage: mapStorage(),
        autoRefreshToken: false,
      });
      const events: string[] = [];
      let nested = '';
      auth.onAuthStateChange((event, session) => {
        events.push(event);
        // Calling the client from inside the callback must neither deadlock nor reorder events.
        if (event === 'SIGNED_IN')
          auth.getSession().subscribe(({ session: s }) => (nested = s!.access_token));
        if (event === 'SIGNED_IN') expect(session).not.toBeNull();
      });
      auth.signInWithPassword({ email: 'a@b.c', password: 'pw' }).subscribe();
      auth.updateUser({ data: { theme: 'dark' } }).subscribe();
      auth.refreshSession().subscribe();
      auth.signOut().subscribe();
      ts.flush();
      expect(events).toEqual([
        'INITIAL_SESSION',
        'SIGNED_IN',
        'USER_UPDATED',
        'TOKEN_REFRESHED',
        'SIGNED_OUT',
      ]);
      expect(nested).toBe(tokenBody(0, 3600, 'password').access_token);
      expect(auth.session).toBeNull();
    });
  });

  it('session$ and user$ follow sign-in and sign-out', async () => {
    const auth = new AuthClient({
      url: URL_,
      transport: signInTransport(),
      storage: mapStorage(),
      autoRefreshToken: false,
    });
    const users = auth.user$.pipe(take(3), toArray());
    const seen = lastValueFrom(users);
    await lastValueFrom(auth.signInWithPassword({ email: 'a@b.c', password: 'pw' }));
    await lastValueFrom(auth.signOut());
    expect((await seen).map((u) => u?.id ?? null)).toEqual([null, USER.id, null]);
  });
});

describe('storage adapters', () => {
  it('persists supabase-js’s key and shape, so a session written by either client is read by the other', async () => {
    const storage = mapStorage();
    const auth = new AuthClient({
      url: 'https://abcdefghijklmnop.supabase.co/auth/v1',
      transport: signInTransport(),
      storage,
      autoRefreshToken: false,
    });
    await lastValueFrom(auth.signInWithPassword({ email: 'a@b.c', password: 'pw' }));
    const stored = JSON.parse(storage.items.get('sb-abcdefghijklmnop-auth-token')!);
    expect(Object.keys(stored).sort()).toEqual([
      'access_token',
      'expires_at',
      'expires_in',
      'refresh_token',
      'token_type',
      'user',
    ]);
    const second = new AuthClient({
      url: 'https://abcdefghijklmnop.supabase.co/auth/v1',
      transport: signInTransport(),
      storage,
      autoRefreshToken: false,
    });
    expect((await firstValueFrom(second.getSession())).session?.access_token).toBe(
      stored.access_token,
    );
  });

  it('works with an async adapter', async () => {
    const items = new Map<string, string>([
      [KEY, JSON.stringify(tokenBody(Date.now(), 3600, 'old'))],
    ]);
    const storage = {
      getItem: async (k: string) => items.get(k) ?? null,
      setItem: async (k: string, v: string) => void items.set(k, v),
      removeItem: async (k: string) => void items.delete(k),
    };
    const auth = new AuthClient({
      url: URL_,
      transport: signInTransport(),
      storage,
      autoRefreshToken: false,
    });
    const events = firstValueFrom(auth.events$.pipe(take(2), toArray()));
    expect((await events).map((e) => e.event)).toEqual(['SIGNED_IN', 'INITIAL_SESSION']);
    await lastValueFrom(auth.signOut({ scope: 'local' }));
    expect(items.has(KEY)).toBe(false);
  });

  it('an adapter that throws gives a defined state: no session, INITIAL_SESSION, the failure reported, sign-in still works', async () => {
    const storage = {
      getItem: () => {
        throw new Error('quota');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => Promise.reject(new Error('denied')),
    };
    const auth = new AuthClient({
      url: URL_,
      transport: signInTransport(),
      storage,
      autoRefreshToken: false,
      skipAutoInitialize: true,
    });
    const failures: StorageFailure[] = [];
    auth.storageFailures$.subscribe((f) => failures.push(f));
    const events: string[] = [];
    auth.onAuthStateChange((e) => events.push(e));
    await lastValueFrom(auth.initialize(), { defaultValue: undefined });
    expect(events).toEqual(['INITIAL_SESSION']);
    const { session } = await lastValueFrom(
      auth.signInWithPassword({ email: 'a@b.c', password: 'pw' }),
    );
    expect(auth.session).toBe(session);
    await lastValueFrom(auth.signOut({ scope: 'local' }));
    expect(events).toEqual(['INITIAL_SESSION', 'SIGNED_IN', 'SIGNED_OUT']);
    expect(failures.map((f) => f.operation)).toEqual(
      expect.arrayContaining(['getItem', 'setItem', 'removeItem']),
    );
    expect(auth.session).toBeNull();
  });

  it('persistSession: false never touches the given storage', async () => {
    const storage = mapStorage();
    const auth = new AuthClient({
      url: URL_,
      transport: signInTransport(),
      storage,
      persistSession: false,
      autoRefreshToken: false,
    });
    await lastValueFrom(auth.signInWithPassword({ email: 'a@b.c', password: 'pw' }));
    expect(storage.items.size).toBe(0);
    expect(auth.session).not.toBeNull();
  });
});
