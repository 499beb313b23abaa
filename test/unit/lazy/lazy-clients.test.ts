import { firstValueFrom, lastValueFrom, map, toArray } from 'rxjs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createFakeFetch,
  createFakeWebSocket,
  createVirtualClock,
  jsonResponse,
  textResponse,
} from '../../../src/testing/index.js';

// Each test gets fresh modules, so createClient's realtime, storage and functions are not loaded.
type Index = typeof import('../../../src/index.js');
let sdk: Index;
let lazy: {
  realtime: typeof import('../../../src/lazy/lazy-realtime.js');
  storage: typeof import('../../../src/lazy/lazy-storage.js');
  functions: typeof import('../../../src/lazy/lazy-functions.js');
  authFlows: typeof import('../../../src/auth/lazy-flows.js');
  authApis: typeof import('../../../src/auth/lazy-apis.js');
};
beforeEach(async () => {
  vi.resetModules();
  sdk = await import('../../../src/index.js');
  lazy = {
    realtime: await import('../../../src/lazy/lazy-realtime.js'),
    storage: await import('../../../src/lazy/lazy-storage.js'),
    functions: await import('../../../src/lazy/lazy-functions.js'),
    authFlows: await import('../../../src/auth/lazy-flows.js'),
    authApis: await import('../../../src/auth/lazy-apis.js'),
  };
});

const URL_ = 'http://127.0.0.1:54321';
const auth = { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false };

describe('createClient loads realtime, storage and functions on first use', () => {
  it('a client that only queries loads none of them', async () => {
    const fetch = createFakeFetch(() => jsonResponse([{ id: 1 }]));
    const supabase = sdk.createClient(URL_, 'key', { global: { fetch }, auth });
    supabase.channel('room1');
    supabase.storage.from('avatars').getPublicUrl('a.png');
    await firstValueFrom(supabase.from('movies').select('id'));
    expect(lazy.realtime.realtimeModule.current).toBeUndefined();
    expect(lazy.storage.storageModule.current).toBeUndefined();
    expect(lazy.functions.functionsModule.current).toBeUndefined();
    // Nor the auth flows, admin or MFA: reading the session and sending its token needs none.
    const authModules = { ...lazy.authFlows, ...lazy.authApis };
    const loaded = Object.entries(authModules).filter(([, m]) => 'current' in m && m.current);
    expect(loaded.map(([name]) => name)).toEqual([]);
  });

  it('auth before the load: admin and MFA methods and the flows are cold, then load and send', async () => {
    const fetch = createFakeFetch((req) =>
      req.url.includes('/admin/users')
        ? jsonResponse({ users: [] })
        : jsonResponse({}, { status: 401 }),
    );
    const supabase = sdk.createClient(URL_, 'key', { global: { fetch }, auth });
    const users$ = supabase.auth.admin.listUsers();
    const factors$ = supabase.auth.mfa.listFactors();
    expect(fetch.requests).toHaveLength(0);
    expect((await firstValueFrom(users$)).users).toEqual([]);
    expect(lazy.authApis.adminModule.current).toBeDefined();
    // Signed out: listFactors needs a session, as before the module loaded.
    await expect(firstValueFrom(factors$)).rejects.toBeInstanceOf(sdk.AuthSessionMissingError);
    await firstValueFrom(supabase.auth.signOut({ scope: 'local' }));
    expect(lazy.authFlows.signOutFlows.current).toBeDefined();
    expect(fetch.requests.map((r) => r.path)).toEqual(['/auth/v1/admin/users?page=&per_page=']);
  });

  it('storage before the load: bad input throws at the call; getPublicUrl is synchronous; a call sends the headers it was made with', async () => {
    const fetch = createFakeFetch(() => jsonResponse({ message: 'ok' }));
    const supabase = sdk.createClient(URL_, 'key', { global: { fetch }, auth });
    const avatars = supabase.storage.from('avatars');
    expect(() => avatars.download('../x')).toThrow(sdk.SupabaseRxInputError);
    expect(() => avatars.remove('a.png' as never)).toThrow('remove(): paths must be an array');
    expect(() => supabase.storage.getBucket('')).toThrow(sdk.SupabaseRxInputError);
    expect(avatars.getPublicUrl('u1/a b.png').data.publicUrl).toBe(
      'http://127.0.0.1:54321/storage/v1/object/public/avatars/u1/a%20b.png',
    );
    const move$ = avatars.setHeader('x-trace', 'one').move('a.png', 'b.png');
    avatars.setHeader('x-trace', 'two');
    expect(fetch.requests).toHaveLength(0);
    expect((await firstValueFrom(move$)).data).toEqual({ message: 'ok' });
    expect(lazy.storage.storageModule.current).toBeDefined();
    // Loaded: the same call on the file API now runs the real method, with the later header.
    await firstValueFrom(avatars.move('a.png', 'b.png'));
    expect(fetch.requests.map((r) => [r.path, r.headers['x-trace']])).toEqual([
      ['/storage/v1/object/move', 'one'],
      ['/storage/v1/object/move', 'two'],
    ]);
    expect(supabase.storage.from('avatars')).toBeInstanceOf(sdk.StorageFileApi);
  });

  it('functions before the load: a bad name throws at the call; an invoke is cold and emits the response', async () => {
    const fetch = createFakeFetch(() => textResponse('hi'));
    const supabase = sdk.createClient(URL_, 'key', { global: { fetch }, auth });
    expect(() => supabase.functions.invoke('')).toThrow(sdk.SupabaseRxInputError);
    const hello$ = supabase.functions.invoke('hello', { body: { a: 1 } });
    expect(fetch.requests).toHaveLength(0);
    const runs = await Promise.all([firstValueFrom(hello$), firstValueFrom(hello$)]);
    expect(runs.map((r) => r.data)).toEqual(['hi', 'hi']);
    expect(fetch.requests.map((r) => r.path)).toEqual([
      '/functions/v1/hello',
      '/functions/v1/hello',
    ]);
  });

  it('realtime before the load: channel() at once; the first subscription loads, makes the channels in order and joins', async () => {
    const clock = createVirtualClock();
    const ws = createFakeWebSocket();
    ws.onSocket = (s) => clock.scheduler.schedule(() => s.open(), 0);
    const supabase = sdk.createClient(URL_, 'key', {
      scheduler: clock.scheduler,
      global: { fetch: createFakeFetch(() => textResponse('', { status: 202 })) },
      auth,
      realtime: { transport: ws.WebSocket, graceMs: 0 },
    });
    const a = supabase.channel('a', { config: { broadcast: { self: true } } });
    const b = supabase.channel('b');
    expect(supabase.channel('a')).toBe(a);
    expect(supabase.getChannels()).toEqual([a, b]);
    expect(a.params.config?.broadcast).toEqual({ self: true });
    expect(a.presenceState()).toEqual({});
    expect(supabase.realtime.isConnected()).toBe(false);
    expect(a.status$).toBe(a.status$);
    const statuses: string[] = [];
    const sub = a.status$.pipe(map((s) => s.status)).subscribe((s) => statuses.push(s));
    await clock.advanceBy(10);
    expect(lazy.realtime.realtimeModule.current).toBeDefined();
    expect(supabase.realtime.isConnected()).toBe(true);
    const join = ws.last.sent
      .map((f) => JSON.parse(f as string))
      .find((f: unknown[]) => f[3] === 'phx_join');
    expect([join[2], join[4].config.broadcast]).toEqual(['realtime:a', { self: true }]);
    expect(statuses).toEqual(['CLOSED']);
    // Loaded: getChannels() is the real client's, still as the same objects.
    expect(supabase.getChannels()).toEqual([a, b]);
    sub.unsubscribe();
    const left = lastValueFrom(supabase.removeAllChannels().pipe(toArray()));
    await clock.runAll();
    expect((await left).length).toBe(1);
    expect(supabase.getChannels()).toEqual([]);
  });
});
