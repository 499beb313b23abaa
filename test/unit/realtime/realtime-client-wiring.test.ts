import { describe, expect, it } from 'vitest';
import { createClient } from 'supabase-rx';
import {
  createFakeFetch,
  createFakeWebSocket,
  createVirtualClock,
  textResponse,
} from 'supabase-rx/testing';

const URL_ = 'http://127.0.0.1:54321';
const KEY = 'anon-key';

const frames = (sent: (string | ArrayBuffer)[]) =>
  sent.filter((d): d is string => typeof d === 'string').map((d) => JSON.parse(d));

/** A client on a virtual clock, over a fake socket and fetch; sockets open at once. */
function client(options: Record<string, unknown> = {}) {
  const clock = createVirtualClock();
  const ws = createFakeWebSocket();
  ws.onSocket = (s) => clock.scheduler.schedule(() => s.open(), 0);
  const fetch = createFakeFetch(() => textResponse('', { status: 202 }));
  const supabase = createClient(URL_, KEY, {
    scheduler: clock.scheduler,
    global: { fetch },
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: ws.WebSocket, graceMs: 0 },
    ...options,
  });
  return { clock, ws, fetch, supabase };
}

describe('createClient wires realtime', () => {
  it('supabase.realtime, channel(), getChannels(); the socket URL carries the key; signed out → the key as token', async () => {
    const { clock, ws, supabase } = client();
    // The realtime client's API (its code loads on first use: test/unit/lazy/lazy-realtime.test.ts).
    expect(supabase.realtime.endpointURL).toBe(
      'ws://127.0.0.1:54321/realtime/v1/websocket?apikey=anon-key&vsn=2.0.0',
    );
    const ch = supabase.channel('room1');
    expect([ch.topic, ch.subTopic]).toEqual(['realtime:room1', 'room1']);
    expect(supabase.channel('room1')).toBe(ch);
    expect(supabase.getChannels()).toEqual([ch]);
    const sub = ch.on('broadcast', { event: 'x' }).subscribe();
    await clock.advanceBy(10);
    expect(ws.last.url).toBe(
      'ws://127.0.0.1:54321/realtime/v1/websocket?apikey=anon-key&vsn=2.0.0',
    );
    const join = frames(ws.last.sent).find((f) => f[3] === 'phx_join');
    expect(join[4].access_token).toBe(KEY);
    sub.unsubscribe();
    supabase.realtime.disconnect();
  });

  it('third-party accessToken: the join carries its token', async () => {
    const { clock, ws, supabase } = client({ accessToken: async () => 'third-party-jwt' });
    const sub = supabase.channel('room1').on('system').subscribe();
    await clock.advanceBy(10);
    const join = frames(ws.last.sent).find((f) => f[3] === 'phx_join');
    expect(join[4].access_token).toBe('third-party-jwt');
    sub.unsubscribe();
    supabase.realtime.disconnect();
  });

  it('send() before the join falls back to POST /realtime/v1/api/broadcast with the apikey', async () => {
    const { clock, fetch, supabase } = client();
    const ch = supabase.channel('room 1', { config: { private: true } });
    const results: string[] = [];
    ch.send({ type: 'broadcast', event: 'ev', payload: { a: 1 } }).subscribe((r) =>
      results.push(r),
    );
    await clock.runAll();
    expect(results).toEqual(['ok']);
    expect(fetch.requests).toHaveLength(1);
    const req = fetch.requests[0];
    expect(req.method).toBe('POST');
    expect(req.url).toBe(
      'http://127.0.0.1:54321/realtime/v1/api/broadcast?apikey=anon-key&vsn=2.0.0',
    );
    expect(req.headers.apikey).toBe(KEY);
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body as string)).toEqual({
      messages: [{ topic: 'room 1', event: 'ev', payload: { a: 1 }, private: true }],
    });
  });

  it('httpSend posts to …/api/broadcast/<topic>/events/<event>', async () => {
    const { clock, fetch, supabase } = client();
    const out: unknown[] = [];
    supabase
      .channel('r')
      .httpSend('ev', { a: 1 })
      .subscribe((r) => out.push(r));
    await clock.runAll();
    expect(out).toEqual([{ success: true }]);
    expect(fetch.requests[0].url).toBe(
      'http://127.0.0.1:54321/realtime/v1/api/broadcast/r/events/ev?apikey=anon-key&vsn=2.0.0',
    );
  });

  it('a REST fallback that gets no answer within the timeout resolves "timed out"', async () => {
    const clock = createVirtualClock();
    const fetch = createFakeFetch(() => new Promise(() => undefined) as never);
    const supabase = createClient(URL_, KEY, {
      scheduler: clock.scheduler,
      global: { fetch },
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      realtime: { timeout: 500 },
    });
    const results: string[] = [];
    supabase
      .channel('r')
      .send({ type: 'broadcast', event: 'ev', payload: {} })
      .subscribe((r) => results.push(`${clock.now()} ${r}`));
    await clock.runAll();
    expect(results).toEqual(['500 timed out']);
  });
});
