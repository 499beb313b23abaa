import {
  createClient as createOfficialClient,
  FunctionsHttpError as JsHttpError,
  FunctionsRelayError as JsRelayError,
} from '@supabase/supabase-js';
import { FunctionsClient as JsFunctionsClient } from '@supabase/functions-js';
import { firstValueFrom, toArray } from 'rxjs';
import { createClient } from 'supabase-rx';
import { FunctionsHttpError, FunctionsRelayError } from 'supabase-rx/functions';
import { toResult } from 'supabase-rx/operators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ws from 'ws';
import { startFunctionsEmulator } from '../../../emulator/test/functions/helpers.js';
import type { EmulatorHandle } from '../helpers/emulator.js';

/** What one client's invoke settled to, in supabase-js's shape. */
interface Settled {
  data: any;
  error: any;
}

/** `invoke(name, options)` through one client, as `{ data, error }`. */
type Invoke = (name: string, options?: Record<string, unknown>, token?: string) => Promise<Settled>;

const noSession = { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false };

let emu: EmulatorHandle;
let stop: () => Promise<void>;

const clients: [string, Invoke][] = [
  [
    'supabase-rx',
    (name, options, token) => {
      const client = createClient(emu.url, emu.anonKey, {
        auth: noSession,
        global: { headers: token ? { Authorization: `Bearer ${token}` } : {} },
      });
      return firstValueFrom(
        client.functions.invoke(name, options).pipe(toResult()),
      ) as Promise<Settled>;
    },
  ],
  [
    '@supabase/supabase-js',
    (name, options, token) => {
      const client = createOfficialClient(emu.url, emu.anonKey, {
        auth: noSession,
        realtime: { transport: ws as any },
        global: { headers: token ? { Authorization: `Bearer ${token}` } : {} },
      });
      return client.functions.invoke(name, options) as Promise<Settled>;
    },
  ],
  [
    '@supabase/functions-js',
    (name, options, token) => {
      const client = new JsFunctionsClient(`${emu.url}/functions/v1`, {
        headers: { apikey: emu.anonKey, Authorization: `Bearer ${token ?? emu.anonKey}` },
      });
      return client.invoke(name, options) as Promise<Settled>;
    },
  ],
];

beforeAll(async () => {
  const started = await startFunctionsEmulator('deno');
  emu = started.emu;
  stop = () => emu.stop();
});
afterAll(() => stop?.());

const isRx = (client: string) => client === 'supabase-rx';

describe.each(clients)('%s functions.invoke against the emulator', (client, invoke) => {
  it('sends a JSON body and reads a JSON answer', async () => {
    const { data, error } = await invoke('echo', { body: { a: 1, s: 'ü' } });
    expect(error).toBeNull();
    expect(data).toMatchObject({ method: 'POST', path: '/echo', search: '' });
    expect(data.headers['content-type']).toBe('application/json');
    expect(data.headers.authorization).toBe(`Bearer ${emu.anonKey}`);
    expect(data.headers.apikey).toBe(emu.anonKey);
    expect(new TextDecoder().decode(Uint8Array.from(atob(data.body), (c) => c.charCodeAt(0)))).toBe(
      '{"a":1,"s":"ü"}',
    );
  });

  it('sends a string as text/plain, with the method asked for', async () => {
    const { data } = await invoke('echo', { body: 'plain', method: 'PUT' });
    expect(data.method).toBe('PUT');
    expect(data.headers['content-type']).toBe('text/plain');
    expect(atob(data.body)).toBe('plain');
  });

  it("passes the caller's headers unchanged, and region as x-region and forceFunctionRegion", async () => {
    const { data } = await invoke('echo', {
      method: 'GET',
      headers: { 'x-custom': 'Mixed Case; v=1', 'x-other': '' },
      region: 'eu-west-1',
    });
    expect(data.method).toBe('GET');
    expect(data.search).toBe('?forceFunctionRegion=eu-west-1');
    expect(data.headers).toMatchObject({
      'x-custom': 'Mixed Case; v=1',
      'x-other': '',
      'x-region': 'eu-west-1',
    });
  });

  it('sends binary bytes and reads an octet-stream answer as a Blob, byte for byte', async () => {
    const bytes = new Uint8Array(4096).map((_, i) => (i * 31) % 256);
    const { data, error } = await invoke('echo?raw', { body: bytes.buffer });
    expect(error).toBeNull();
    expect(data).toBeInstanceOf(Blob);
    expect(new Uint8Array(await (data as Blob).arrayBuffer())).toEqual(bytes);
  });

  it('reads a text/event-stream answer', async () => {
    const { data, error } = await invoke('stream?count=2', { method: 'GET' });
    expect(error).toBeNull();
    const text = data instanceof Response ? await data.text() : String(data);
    expect(text).toBe('data: {"n":1}\n\ndata: {"n":2}\n\n');
  });

  it('verify_jwt: a bad token is a FunctionsHttpError with the 401 body; verify_jwt = false lets it through', async () => {
    const refused = await invoke('echo', {}, 'not-a-jwt');
    expect(refused.data).toBeNull();
    expect(refused.error).toBeInstanceOf(isRx(client) ? FunctionsHttpError : JsHttpError);
    expect(refused.error.context.status).toBe(401);
    expect(await refused.error.context.json()).toEqual({ code: 401, message: 'Invalid JWT' });

    const open = await invoke('public', {}, 'not-a-jwt');
    expect(open.error).toBeNull();
    expect(open.data).toEqual({ public: true, path: '/public' });
  });

  it('a missing function is a FunctionsRelayError (404 NOT_FOUND)', async () => {
    const { data, error } = await invoke('no-such-function');
    expect(data).toBeNull();
    expect(error).toBeInstanceOf(isRx(client) ? FunctionsRelayError : JsRelayError);
    expect(error.context.status).toBe(404);
    expect(await error.context.json()).toEqual({
      code: 'NOT_FOUND',
      message: 'Requested function was not found',
    });
  });

  it('a function that fails to boot is a FunctionsRelayError (503 BOOT_ERROR)', async () => {
    const { error } = await invoke('boot-error');
    expect(error).toBeInstanceOf(isRx(client) ? FunctionsRelayError : JsRelayError);
    expect(error.context.status).toBe(503);
    expect((await error.context.json()).code).toBe('BOOT_ERROR');
  });

  it('a crash is a FunctionsRelayError (500 WORKER_ERROR), and the function answers again after', async () => {
    const { error } = await invoke('crash?exit');
    expect(error).toBeInstanceOf(isRx(client) ? FunctionsRelayError : JsRelayError);
    expect(error.context.status).toBe(500);
    expect((await error.context.json()).code).toBe('WORKER_ERROR');
    const after = await invoke('crash', { method: 'GET' });
    expect(after.error).toBeNull();
    expect(typeof after.data.pid).toBe('number');
  });

  it("a handler's own non-2xx answer is a FunctionsHttpError with its body", async () => {
    const { error } = await invoke('echo?raw&status=418', { body: 'teapot' });
    expect(error).toBeInstanceOf(isRx(client) ? FunctionsHttpError : JsHttpError);
    expect(error.context.status).toBe(418);
    expect(await error.context.text()).toBe('teapot');
  });
});

describe('the three clients', () => {
  it('send what the function sees the same way, apart from X-Client-Info', async () => {
    const seen = await Promise.all(
      clients.map(([, invoke]) => invoke('echo', { body: { a: 1 }, headers: { 'x-h': '1' } })),
    );
    const strip = ({ data }: Settled) => {
      const { 'x-client-info': _, ...headers } = data.headers;
      return { ...data, headers, pid: null };
    };
    expect(strip(seen[0]!)).toEqual(strip(seen[1]!));
    expect(strip(seen[0]!)).toEqual(strip(seen[2]!));
  });
});

describe('supabase-rx streams a function answer as it arrives (beyond functions-js)', () => {
  const rx = () => createClient(emu.url, emu.anonKey, { auth: noSession });

  it('invokeEvents: each server-sent event of a text/event-stream answer', async () => {
    const events = await firstValueFrom(
      rx().functions.invokeEvents('stream?count=3', { method: 'GET' }).pipe(toArray()),
    );
    expect(events.map((e) => JSON.parse(e.data))).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(events.every((e) => e.event === 'message')).toBe(true);
  });

  it('invokeStream: the same answer as bytes, which decode to the whole event stream', async () => {
    const chunks = await firstValueFrom(
      rx().functions.invokeStream('stream?count=2', { method: 'GET' }).pipe(toArray()),
    );
    const decoder = new TextDecoder();
    expect(chunks.map((c) => decoder.decode(c, { stream: true })).join('')).toBe(
      'data: {"n":1}\n\ndata: {"n":2}\n\n',
    );
  });

  it('invokeEvents on a JSON function errors naming the media type', async () => {
    const error = await firstValueFrom(rx().functions.invokeEvents('echo')).catch((e) => e);
    expect(error.message).toMatch(/answered application\/json, not text\/event-stream/);
  });
});
