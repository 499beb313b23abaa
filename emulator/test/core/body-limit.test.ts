import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import { DEFAULT_MAX_BODY_BYTES, maxBodyBytes } from '../../src/core/body-limit.js';
import { startTestEmulator } from '../helpers/index.js';

describe('maxBodyBytes', () => {
  it.each([
    [undefined, DEFAULT_MAX_BODY_BYTES],
    ['2048', 2048],
    ['0', DEFAULT_MAX_BODY_BYTES],
    ['lots', DEFAULT_MAX_BODY_BYTES],
  ])('SUPABASE_RX_MAX_BODY_BYTES=%s → %s', (value, expected) => {
    expect(maxBodyBytes({ SUPABASE_RX_MAX_BODY_BYTES: value })).toBe(expected);
  });
});

describe('request bodies past the limit', () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    process.env.SUPABASE_RX_MAX_BODY_BYTES = '1024';
    try {
      emu = await startTestEmulator({ sql: 'create table public.notes (body text)' });
    } finally {
      delete process.env.SUPABASE_RX_MAX_BODY_BYTES;
    }
  });
  afterAll(() => emu?.stop());

  const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
    fetch(`${emu.url}${path}`, {
      method: 'POST',
      headers: {
        apikey: emu.serviceRoleKey,
        authorization: `Bearer ${emu.serviceRoleKey}`,
        'content-type': 'application/json',
        ...headers,
      },
      body,
      duplex: 'half',
    } as RequestInit);

  const big = JSON.stringify({ body: 'x'.repeat(2000) });
  const EXPECTED = {
    code: 'request_too_large',
    message: 'Request body is larger than the limit of 1024 bytes',
  };

  it.each(['/rest/v1/notes', '/auth/v1/signup'])('%s: 413 with a clear message', async (path) => {
    const res = await post(path, big);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual(EXPECTED);
  });

  it('a streamed body without Content-Length stops at the limit too', async () => {
    const chunks = [big.slice(0, 1000), big.slice(1000)];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    const res = await post('/rest/v1/notes', stream);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual(EXPECTED);
  });

  it('a body within the limit is served', async () => {
    const res = await post('/rest/v1/notes', JSON.stringify({ body: 'small' }));
    expect(res.status).toBe(201);
  });
});
