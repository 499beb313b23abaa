import { TestScheduler } from 'rxjs/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuthClient, AuthRetryableFetchError, AuthSessionMissingError } from 'supabase-rx/auth';
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
const scheduler = () => new TestScheduler((a, e) => expect(a).toEqual(e));

function signedIn(ts: TestScheduler, answer: (req: Recorded) => Reply) {
  const storage = mapStorage({
    [KEY]: JSON.stringify(tokenBody(0, 3600, 'old')),
    [`${KEY}-code-verifier`]: JSON.stringify('v'),
  });
  const auth = new AuthClient({
    url: URL_,
    transport: fakeTransport(answer),
    scheduler: ts,
    storage,
    autoRefreshToken: false,
  });
  const events: string[] = [];
  auth.events$.subscribe(({ event }) => events.push(event));
  return { auth, storage, events };
}

describe('signOut (protocol.md §3.9)', () => {
  it('global: the server call, then the session, stored copy and PKCE verifiers are removed → SIGNED_OUT', () => {
    const ts = scheduler();
    ts.run(({ cold }) => {
      const { auth, storage, events } = signedIn(ts, () =>
        cold('--r|', { r: json(204, undefined) }),
      );
      auth.signOut().subscribe();
      ts.schedule(() => expect(auth.session).not.toBeNull(), 1);
      ts.flush();
      expect(auth.session).toBeNull();
      expect(storage.items.size).toBe(0);
      expect(events).toEqual(['INITIAL_SESSION', 'SIGNED_OUT']);
    });
  });

  it('local: the session goes first, whatever the server says', () => {
    const ts = scheduler();
    ts.run(({ cold }) => {
      const { auth, events } = signedIn(ts, () => cold('--#', undefined, new TypeError('offline')));
      let error: unknown;
      auth.signOut({ scope: 'local' }).subscribe({ error: (e) => (error = e) });
      expect(auth.session).toBeNull();
      ts.flush();
      expect(error).toBeInstanceOf(AuthRetryableFetchError);
      expect(events).toEqual(['INITIAL_SESSION', 'SIGNED_OUT']);
    });
  });

  it('global with a network failure keeps the session (the user can retry)', () => {
    const ts = scheduler();
    ts.run(({ cold }) => {
      const { auth, events } = signedIn(ts, () => cold('-#', undefined, new TypeError('offline')));
      let error: unknown;
      auth.signOut().subscribe({ error: (e) => (error = e) });
      ts.flush();
      expect(error).toBeInstanceOf(AuthRetryableFetchError);
      expect(auth.session).not.toBeNull();
      expect(events).toEqual(['INITIAL_SESSION']);
    });
  });

  it('a 401/403/404 from /logout counts as already signed out', () => {
    for (const status of [401, 403, 404]) {
      const ts = scheduler();
      ts.run(() => {
        const { auth } = signedIn(ts, () => json(status, { message: 'gone' }));
        let done = false;
        auth.signOut().subscribe({ complete: () => (done = true) });
        ts.flush();
        expect(done).toBe(true);
        expect(auth.session).toBeNull();
      });
    }
  });

  it('others: the local session stays and no event is emitted', () => {
    const ts = scheduler();
    ts.run(() => {
      const { auth, events } = signedIn(ts, () => json(204, undefined));
      auth.signOut({ scope: 'others' }).subscribe();
      ts.flush();
      expect(auth.session).not.toBeNull();
      expect(events).toEqual(['INITIAL_SESSION']);
    });
  });

  it('unsubscribing before the answer aborts: nothing changes', () => {
    const ts = scheduler();
    ts.run(({ cold }) => {
      const { auth, events } = signedIn(ts, () => cold('-----r|', { r: json(204, undefined) }));
      const sub = auth.signOut().subscribe();
      ts.schedule(() => sub.unsubscribe(), 2);
      ts.flush();
      expect(auth.session).not.toBeNull();
      expect(events).toEqual(['INITIAL_SESSION']);
    });
  });
});

describe('getUser and session_not_found', () => {
  it('the server no longer knowing the session signs out locally (SIGNED_OUT) with AuthSessionMissingError', () => {
    const ts = scheduler();
    ts.run(() => {
      const { auth, events } = signedIn(ts, () =>
        json(
          403,
          {
            code: 'session_not_found',
            message: 'Session from session_id claim in JWT does not exist',
          },
          { 'x-supabase-api-version': '2024-01-01' },
        ),
      );
      let error: unknown;
      auth.getUser().subscribe({ error: (e) => (error = e) });
      ts.flush();
      expect(error).toBeInstanceOf(AuthSessionMissingError);
      expect(auth.session).toBeNull();
      expect(events).toEqual(['INITIAL_SESSION', 'SIGNED_OUT']);
    });
  });
});
