import { GoTrueClient } from '@supabase/auth-js';
import { lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createClient } from 'supabase-rx';
import { AuthClient } from 'supabase-rx/auth';
import { USER, fakeFetch, mapStorage, tokenBody } from './helpers.js';

/**
 * `userStorage` through auth-js 2.119.1 (the oracle) and supabase-rx: the same calls against the
 * same canned answers must leave the same keys and values in both storages.
 */

const URL_ = 'http://proj.test/auth/v1';
const KEY = 'sb-proj-auth-token';
const BODY = tokenBody(Date.now(), 3600, 't');

const answers = () =>
  fakeFetch(({ url }) =>
    url.includes('/logout')
      ? new Response(null, { status: 204 })
      : new Response(JSON.stringify(BODY), { headers: { 'content-type': 'application/json' } }),
  );

type Storage = ReturnType<typeof mapStorage>;
const common = { autoRefreshToken: false, detectSessionInUrl: false, storageKey: KEY } as const;

function clients(make: () => { storage: Storage; userStorage?: Storage }) {
  const js = make();
  const rx = make();
  const official = new GoTrueClient({ url: URL_, fetch: answers(), ...common, ...js });
  const ours = new AuthClient({ url: URL_, fetch: answers(), ...common, ...rx });
  return { js, rx, official, ours };
}

const parsed = (s: Storage) =>
  Object.fromEntries([...s.items].map(([k, v]) => [k, JSON.parse(v) as unknown]));

describe('auth: userStorage, as auth-js 2.119.1 keeps it', () => {
  it('a sign-in stores { user } under <key>-user there and the session without its user', async () => {
    const { js, rx, official, ours } = clients(() => ({
      storage: mapStorage(),
      userStorage: mapStorage(),
    }));
    await official.signInWithPassword({ email: 'a@b.c', password: 'pw' });
    await lastValueFrom(ours.signInWithPassword({ email: 'a@b.c', password: 'pw' }));
    expect(parsed(rx.userStorage!)).toEqual(parsed(js.userStorage!));
    expect(parsed(rx.userStorage!)).toEqual({ [`${KEY}-user`]: { user: USER } });
    expect(Object.keys(parsed(rx.storage))).toEqual(Object.keys(parsed(js.storage)));
    expect((parsed(rx.storage)[KEY] as Record<string, unknown>).user).toBeUndefined();
    expect(parsed(rx.storage)[KEY]).toEqual(parsed(js.storage)[KEY]);
  });

  it('a stored session gets its user back from userStorage', async () => {
    const { user, ...withoutUser } = BODY;
    const { official, ours } = clients(() => ({
      storage: mapStorage({ [KEY]: JSON.stringify(withoutUser) }),
      userStorage: mapStorage({ [`${KEY}-user`]: JSON.stringify({ user }) }),
    }));
    const theirs = (await official.getSession()).data.session;
    const mine = (await lastValueFrom(ours.getSession())).session;
    expect(mine?.user).toEqual(theirs?.user);
    expect(mine?.user).toEqual(USER);
    expect(mine?.access_token).toBe(theirs?.access_token);
  });

  it('signOut removes the session, the verifiers and <key>-user from both storages', async () => {
    const { user, ...withoutUser } = BODY;
    const { js, rx, official, ours } = clients(() => ({
      storage: mapStorage({
        [KEY]: JSON.stringify(withoutUser),
        [`${KEY}-code-verifier`]: JSON.stringify('v'),
      }),
      userStorage: mapStorage({ [`${KEY}-user`]: JSON.stringify({ user }) }),
    }));
    await official.signOut();
    await lastValueFrom(ours.signOut());
    expect(parsed(rx.storage)).toEqual(parsed(js.storage));
    expect(parsed(rx.userStorage!)).toEqual(parsed(js.userStorage!));
    expect(rx.storage.items.size + rx.userStorage!.items.size).toBe(0);
  });

  it('the same object as storage and userStorage: the user is copied to <key>-user on load', async () => {
    const { official, ours, js, rx } = clients(() => {
      const storage = mapStorage({ [KEY]: JSON.stringify(BODY) });
      return { storage, userStorage: storage };
    });
    await official.getSession();
    await lastValueFrom(ours.getSession());
    expect(parsed(rx.storage)).toEqual(parsed(js.storage));
    expect(parsed(rx.storage)[`${KEY}-user`]).toEqual({ user: USER });
  });

  it('without userStorage, a user left under <key>-user is moved back into the session', async () => {
    const { user, ...withoutUser } = BODY;
    const { official, ours, js, rx } = clients(() => ({
      storage: mapStorage({
        [KEY]: JSON.stringify(withoutUser),
        [`${KEY}-user`]: JSON.stringify({ user }),
      }),
    }));
    await official.getSession();
    const mine = (await lastValueFrom(ours.getSession())).session;
    expect(parsed(rx.storage)).toEqual(parsed(js.storage));
    expect(parsed(rx.storage)).toEqual({ [KEY]: { ...withoutUser, user: USER } });
    expect(mine?.user).toEqual(USER);
  });

  it('persistSession false ignores userStorage (memory only), as auth-js does', async () => {
    const userStorage = mapStorage();
    const ours = new AuthClient({
      url: URL_,
      fetch: answers(),
      ...common,
      persistSession: false,
      userStorage,
    });
    await lastValueFrom(ours.signInWithPassword({ email: 'a@b.c', password: 'pw' }));
    expect(userStorage.items.size).toBe(0);
    expect(ours.session?.user).toEqual(USER);
  });

  it('createClient passes auth.userStorage through', async () => {
    const storage = mapStorage();
    const userStorage = mapStorage();
    const supabase = createClient('http://proj.test', 'key', {
      global: { fetch: answers() },
      auth: { autoRefreshToken: false, detectSessionInUrl: false, storage, userStorage },
    });
    await lastValueFrom(supabase.auth.signInWithPassword({ email: 'a@b.c', password: 'pw' }));
    expect(parsed(userStorage)).toEqual({ [`${KEY}-user`]: { user: USER } });
    expect((parsed(storage)[KEY] as Record<string, unknown>).user).toBeUndefined();
  });
});
