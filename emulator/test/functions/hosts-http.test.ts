import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFunctionsEmulator, type FunctionsEmulator } from './helpers.js';

const RUNTIMES = ['deno', 'node'] as const;

describe.each(RUNTIMES)('functions on %s, over HTTP', (runtime) => {
  let f: FunctionsEmulator;
  let url: string;
  let auth: Record<string, string>;
  beforeAll(async () => {
    f = await startFunctionsEmulator(runtime);
    url = `${f.emu.url}/functions/v1`;
    auth = { authorization: `Bearer ${f.emu.anonKey}` };
  });
  afterAll(() => f.emu.stop());

  it('hands the handler the method, the path without /functions/v1, the query and the headers unchanged', async () => {
    const res = await fetch(`${url}/echo/items/1?a=1&b=%20x`, {
      method: 'PATCH',
      headers: {
        ...auth,
        'x-custom': 'Value With Case',
        'content-type': 'text/plain',
        accept: 'x/y',
      },
      body: 'hi',
    });
    expect(res.status).toBe(200);
    const seen = await res.json();
    expect(seen).toMatchObject({
      method: 'PATCH',
      path: '/echo/items/1',
      search: '?a=1&b=%20x',
      runtime,
    });
    expect(seen.headers).toMatchObject({
      authorization: auth.authorization,
      'x-custom': 'Value With Case',
      'content-type': 'text/plain',
      accept: 'x/y',
      'content-length': '2',
    });
    expect(atob(seen.body)).toBe('hi');
  });

  it('adds no header of its own to the request', async () => {
    // node:http request straight from the test: exactly these headers go in.
    const { request } = await import('node:http');
    const target = new URL(`${url}/echo`);
    const headers = await new Promise<Record<string, string>>((resolve, reject) => {
      const req = request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'GET',
          headers: { ...auth, 'x-one': '1' },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve(JSON.parse(text).headers));
        },
      );
      req.on('error', reject);
      req.end();
    });
    const names = Object.keys(headers).sort();
    expect(names).toEqual(
      ['authorization', 'connection', 'host', 'x-one'].filter((n) => n in headers).sort(),
    );
    expect(headers).not.toHaveProperty('accept-encoding');
    expect(headers).not.toHaveProperty('user-agent');
    expect(headers.host).toBe(target.host);
  });

  it('passes a binary body both ways byte for byte, with the status and headers the handler set', async () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 7 + 3) % 256);
    const res = await fetch(`${url}/echo?raw&status=201`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-echo')).toBe('yes');
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
  });

  it('streams both ways: each request chunk is answered before the next one is sent', async () => {
    let push!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (push = c) });
    const encoder = new TextEncoder();
    push.enqueue(encoder.encode('one'));
    const res = await fetch(`${url}/stream`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body,
      // @ts-expect-error Node's fetch needs it for a streamed body; the DOM types lack it.
      duplex: 'half',
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    expect((await reader.read()).value).toBe('data: {"echo":"one"}\n\n');
    push.enqueue(encoder.encode('two'));
    expect((await reader.read()).value).toBe('data: {"echo":"two"}\n\n');
    push.close();
    expect((await reader.read()).done).toBe(true);
  });

  it('serves the export default { fetch } form and [functions.<name>] entrypoint', async () => {
    expect(await (await fetch(`${url}/default-export`, { headers: auth })).text()).toBe(
      'default export GET',
    );
    expect(await (await fetch(`${url}/elsewhere/x`)).json()).toEqual({
      public: true,
      path: '/elsewhere/x',
    });
  });

  describe('verify_jwt', () => {
    it.each([
      ['no Authorization header', {}, 'Missing authorization header'],
      [
        'a scheme other than Bearer',
        { authorization: 'Basic abc' },
        "Auth header is not 'Bearer {token}'",
      ],
      ['a token that is not a JWT', { authorization: 'Bearer nope' }, 'Invalid JWT'],
      ['an apikey alone', { apikey: 'anon' }, 'Missing authorization header'],
    ])('refuses %s with 401', async (_, headers, message) => {
      const res = await fetch(`${url}/echo`, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('x-relay-error')).toBeNull();
      expect(await res.json()).toEqual({ code: 401, message });
    });

    it('refuses a JWT signed with another secret', async () => {
      const { SignJWT } = await import('jose');
      const forged = await new SignJWT({ role: 'anon' })
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode('another-secret-another-secret-xx'));
      const res = await fetch(`${url}/echo`, { headers: { authorization: `Bearer ${forged}` } });
      expect(await res.json()).toEqual({ code: 401, message: 'Invalid JWT' });
    });

    it('accepts the anon key, the service key and a user JWT', async () => {
      const user = await f.emu.context.jwt.sign({
        sub: 'u1',
        role: 'authenticated',
        exp: Math.floor(Date.now() / 1000) + 60,
      });
      for (const token of [f.emu.anonKey, f.emu.serviceRoleKey, user]) {
        const res = await fetch(`${url}/echo`, { headers: { authorization: `Bearer ${token}` } });
        expect(res.status).toBe(200);
      }
    });

    it('lets a function with verify_jwt = false be called without a token', async () => {
      const res = await fetch(`${url}/public`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ public: true, path: '/public' });
    });

    it('answers a CORS preflight without a token, as the gateway does', async () => {
      const res = await fetch(`${url}/echo`, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://app.test',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, x-client-info, apikey, content-type',
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-headers')?.split(/,\s*/)).toEqual([
        'authorization',
        'x-client-info',
        'apikey',
        'content-type',
      ]);
    });

    it("adds the CORS headers to the function's answer", async () => {
      const res = await fetch(`${url}/public`, { headers: { origin: 'http://app.test' } });
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    });
  });

  it("gives each function .env's variables and the CLI's SUPABASE_* ones, not the emulator's own", async () => {
    const env = await (await fetch(`${url}/env`, { headers: auth })).json();
    expect(env).toMatchObject({
      GREETING: 'Hello from .env',
      PLAIN: 'plain value',
      SUPABASE_URL: f.emu.url,
      SUPABASE_ANON_KEY: f.emu.anonKey,
      SUPABASE_SERVICE_ROLE_KEY: f.emu.serviceRoleKey,
      SUPABASE_DB_URL: '',
    });
    for (const hidden of ['HOME', 'PATH', 'PWD']) expect(env).not.toHaveProperty(hidden);
    expect(Object.keys(env).some((k) => k.startsWith('SUPABASE_RX'))).toBe(false);
  });

  describe("the relay's errors", () => {
    it.each([['nope'], ['_shared'], ['disabled'], ['.env'], ['..%2F..%2Fetc'], ['']])(
      '404 NOT_FOUND for %j',
      async (name) => {
        const res = await fetch(`${url}/${name}`, { headers: auth });
        expect(res.status).toBe(404);
        expect(res.headers.get('x-relay-error')).toBe('true');
        expect(await res.json()).toEqual({
          code: 'NOT_FOUND',
          message: 'Requested function was not found',
        });
      },
    );

    it.each(['boot-error', 'no-serve'])('503 BOOT_ERROR for %s, logged', async (name) => {
      const res = await fetch(`${url}/${name}`, { headers: auth });
      expect(res.status).toBe(503);
      expect(res.headers.get('x-relay-error')).toBe('true');
      expect(await res.json()).toEqual({
        code: 'BOOT_ERROR',
        message: 'Worker failed to boot (please check logs)',
      });
      expect(f.logs.some((l) => l.name === name && l.line.includes(`Function "${name}"`))).toBe(
        true,
      );
    });

    it('500 WORKER_ERROR when the handler throws; the function keeps its state', async () => {
      expect(await (await fetch(`${url}/throws`, { headers: auth })).json()).toEqual({ calls: 1 });
      const res = await fetch(`${url}/throws?throw`, { headers: auth });
      expect(res.status).toBe(500);
      expect(res.headers.get('x-relay-error')).toBe('true');
      expect(res.headers.get('x-supabase-rx-worker-error')).toBeNull();
      expect(await res.json()).toEqual({
        code: 'WORKER_ERROR',
        message: 'Function exited due to an error (please check logs)',
      });
      expect(
        f.logs.some((l) => l.name === 'throws' && l.line.includes('handler failed on purpose')),
      ).toBe(true);
      expect(await (await fetch(`${url}/throws`, { headers: auth })).json()).toEqual({ calls: 3 });
    });

    it('500 WORKER_ERROR when the function crashes mid-request, and it serves again after', async () => {
      const res = await fetch(`${url}/crash?exit`, { headers: auth });
      expect(res.status).toBe(500);
      expect(res.headers.get('x-relay-error')).toBe('true');
      expect(await res.json()).toMatchObject({ code: 'WORKER_ERROR' });
      expect((await fetch(`${url}/crash`, { headers: auth })).status).toBe(200);
    });
  });
});

describe.each(RUNTIMES)('boot timeout on %s', (runtime) => {
  it('answers BOOT_ERROR and logs which function and which limit', async () => {
    const f = await startFunctionsEmulator(runtime, 300);
    try {
      const res = await fetch(`${f.emu.url}/functions/v1/hangs`, {
        headers: { authorization: `Bearer ${f.emu.anonKey}` },
      });
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({
        code: 'BOOT_ERROR',
        message: 'Worker failed to boot (please check logs)',
      });
      expect(f.logs.map((l) => l.line)).toContain(
        runtime === 'deno'
          ? 'Function "hangs" did not start listening within 300 ms (functions.bootTimeoutMs)'
          : 'Function "hangs" failed to boot: Error: did not finish loading within 300 ms (functions.bootTimeoutMs)',
      );
    } finally {
      await f.emu.stop();
    }
  });
});

describe('the Node host', () => {
  it('shows no Deno global to code outside a function (supabase-js must not think it runs on Deno)', async () => {
    const f = await startFunctionsEmulator('node');
    try {
      const res = await fetch(`${f.emu.url}/functions/v1/public`);
      expect(res.status).toBe(200);
      expect(typeof (globalThis as { Deno?: unknown }).Deno).toBe('undefined');
      expect(typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime).toBe('undefined');
    } finally {
      await f.emu.stop();
    }
  });
});
