import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import { createRealtimeServer } from '../../src/realtime/realtime-server.js';
import { startTestEmulator, testEngines } from '../helpers/index.js';
import { joinPayload, PhoenixClient, userPush } from './helpers/phoenix-client.js';

const MAX = 64 * 1024;

describe.each(testEngines())('realtime broadcast and presence on %s', (engine) => {
  let emu: EmulatorHandle;
  const connect = (vsn: '1.0.0' | '2.0.0' = '2.0.0') =>
    PhoenixClient.connect(emu.url, { apikey: emu.anonKey }, vsn);

  beforeAll(async () => {
    emu = await startTestEmulator({ engine, realtime: { maxPayloadBytes: MAX } });
  });
  afterAll(() => emu.stop());

  it('fans a broadcast out to the other subscribers; the sender gets it only with self, and an ack', async () => {
    const [a, b, c] = await Promise.all([connect(), connect(), connect('1.0.0')]);
    const joinA = await a.join('fan', joinPayload({ broadcast: { self: false, ack: true } }));
    await b.join('fan', joinPayload());
    await c.join('fan', joinPayload());
    const other = await connect();
    await other.join('elsewhere', joinPayload());

    const ref = a.push(
      joinA.topic,
      'broadcast',
      { type: 'broadcast', event: 'cursor', payload: { x: 1 } },
      joinA.joinRef,
    );
    expect((await a.reply(ref)).payload).toEqual({ status: 'ok', response: {} });
    const expected = { joinRef: null, ref: null, topic: 'realtime:fan', event: 'broadcast' };
    const payload = { type: 'broadcast', event: 'cursor', payload: { x: 1 } };
    expect(await b.next((f) => f.event === 'broadcast')).toEqual({ ...expected, payload });
    expect(await c.next((f) => f.event === 'broadcast')).toEqual({ ...expected, payload });
    await other.sync();
    expect(a.frames.some((f) => f.event === 'broadcast')).toBe(false);
    expect(other.frames.some((f) => f.event === 'broadcast')).toBe(false);

    const self = await connect();
    const joinS = await self.join('fan', joinPayload({ broadcast: { self: true, ack: false } }));
    self.push(
      joinS.topic,
      'broadcast',
      { type: 'broadcast', event: 'mine', payload: { y: 2 } },
      joinS.joinRef,
    );
    expect((await self.next((f) => f.event === 'broadcast')).payload).toEqual({
      type: 'broadcast',
      event: 'mine',
      payload: { y: 2 },
    });
    await Promise.all([a, b, c, other, self].map((x) => x.close()));
  });

  it('relays binary pushes as kind-4 frames to 2.0.0 sockets and as JSON to 1.0.0 sockets', async () => {
    const [sender, v2, v1] = await Promise.all([connect(), connect(), connect('1.0.0')]);
    const joinS = await sender.join('bin', joinPayload({ broadcast: { self: true, ack: true } }));
    await v2.join('bin', joinPayload());
    await v1.join('bin', joinPayload());

    const ackRef = sender.nextRef();
    sender.ws.send(userPush(joinS.joinRef, ackRef, 'realtime:bin', 'cursor', { x: 3 }), {
      binary: true,
    });
    expect((await sender.reply(ackRef)).payload.status).toBe('ok');
    const binary = await v2.next((f) => f.event === 'broadcast');
    expect(Buffer.from(binary.binary!.bytes).toString('hex')).toBe(
      Buffer.concat([
        Buffer.from([4, 12, 6, 0, 1]),
        Buffer.from('realtime:bincursor{"x":3}'),
      ]).toString('hex'),
    );
    expect(binary.payload).toEqual({ type: 'broadcast', event: 'cursor', payload: { x: 3 } });
    expect((await sender.next((f) => f.event === 'broadcast')).binary).toBeDefined();
    const json = await v1.next((f) => f.event === 'broadcast');
    expect(json.binary).toBeUndefined();
    expect(json.payload).toEqual({ type: 'broadcast', event: 'cursor', payload: { x: 3 } });

    const raw = new Uint8Array([0, 1, 2, 255]);
    sender.ws.send(userPush(joinS.joinRef, sender.nextRef(), 'realtime:bin', 'blob', raw), {
      binary: true,
    });
    const blob = await v2.next((f) => f.event === 'broadcast' && f.payload.event === 'blob');
    expect(blob.binary!.encoding).toBe(0);
    expect([...blob.payload.payload]).toEqual([0, 1, 2, 255]);
    await Promise.all([sender, v2, v1].map((x) => x.close()));
  });

  it('refuses a payload over the limit with payload_size_exceeded and delivers nothing', async () => {
    const [a, b] = await Promise.all([connect(), connect()]);
    const joinA = await a.join('big', joinPayload({ broadcast: { self: true, ack: true } }));
    await b.join('big', joinPayload());
    const ref = a.push(
      joinA.topic,
      'broadcast',
      { type: 'broadcast', event: 'e', payload: { s: 'x'.repeat(MAX) } },
      joinA.joinRef,
    );
    expect((await a.reply(ref)).payload).toEqual({
      status: 'error',
      response: 'payload_size_exceeded',
    });
    await b.sync();
    expect([...a.frames, ...b.frames].some((f) => f.event === 'broadcast')).toBe(false);
    await Promise.all([a.close(), b.close()]);
  });

  it('tracks presence per key: state on join, diffs on track, update and untrack', async () => {
    const a = await connect();
    const joinA = await a.join('lobby', joinPayload({ presence: { key: 'ada', enabled: true } }));
    expect((await a.next((f) => f.event === 'presence_state')).payload).toEqual({});
    const track = a.push(
      joinA.topic,
      'presence',
      { type: 'presence', event: 'track', payload: { name: 'a' } },
      joinA.joinRef,
    );
    expect((await a.reply(track)).payload).toEqual({ status: 'ok', response: {} });
    const joined = await a.next((f) => f.event === 'presence_diff');
    const firstRef = joined.payload.joins.ada.metas[0].phx_ref;
    expect(joined.payload).toEqual({
      joins: { ada: { metas: [{ name: 'a', phx_ref: firstRef }] } },
      leaves: {},
    });

    const b = await connect('1.0.0');
    const joinB = await b.join('lobby', joinPayload({ presence: { key: '', enabled: true } }));
    expect((await b.next((f) => f.event === 'presence_state')).payload).toEqual({
      ada: { metas: [{ name: 'a', phx_ref: firstRef }] },
    });
    b.push(
      joinB.topic,
      'presence',
      { type: 'presence', event: 'track', payload: { name: 'b' } },
      joinB.joinRef,
    );
    const bJoin = await a.next(
      (f) => f.event === 'presence_diff' && Object.keys(f.payload.joins)[0] !== 'ada',
    );
    expect(Object.keys(bJoin.payload.joins)[0]).toMatch(/^[0-9a-f-]{36}$/); // empty key → a UUID

    const count = b.frames.length;
    a.push(
      joinA.topic,
      'presence',
      { type: 'presence', event: 'track', payload: { name: 'a2' } },
      joinA.joinRef,
    );
    const update = await b.next(
      (f) => f.event === 'presence_diff' && 'ada' in f.payload.joins,
      count,
    );
    expect(update.payload).toEqual({
      joins: {
        ada: { metas: [{ name: 'a2', phx_ref: expect.any(String), phx_ref_prev: firstRef }] },
      },
      leaves: { ada: { metas: [{ name: 'a', phx_ref: firstRef }] } },
    });
    // The same payload again changes nothing.
    const same = a.push(
      joinA.topic,
      'presence',
      { type: 'presence', event: 'track', payload: { name: 'a2' } },
      joinA.joinRef,
    );
    await a.reply(same);
    const after = b.frames.length;
    a.push(joinA.topic, 'presence', { type: 'presence', event: 'untrack' }, joinA.joinRef);
    const left = await b.next(
      (f) => f.event === 'presence_diff' && 'ada' in f.payload.leaves,
      after,
    );
    expect(left.payload.joins).toEqual({});
    expect(b.frames.slice(after).filter((f) => f.event === 'presence_diff')).toHaveLength(1);

    const bad = a.push(
      joinA.topic,
      'presence',
      { type: 'presence', event: 'track', payload: 'x' },
      joinA.joinRef,
    );
    expect((await a.reply(bad)).payload).toEqual({
      status: 'error',
      response: { reason: 'Presence track payload must be a map' },
    });
    await Promise.all([a.close(), b.close()]);
  });

  it('sends no presence to a channel joined without it', async () => {
    const [a, quiet] = await Promise.all([connect(), connect()]);
    const joinA = await a.join('hushed', joinPayload({ presence: { key: 'a', enabled: true } }));
    await quiet.join('hushed', joinPayload({ presence: { key: 'q', enabled: false } }));
    a.push(
      joinA.topic,
      'presence',
      { type: 'presence', event: 'track', payload: {} },
      joinA.joinRef,
    );
    await a.next((f) => f.event === 'presence_diff');
    await quiet.sync();
    expect(quiet.frames.some((f) => f.event.startsWith('presence'))).toBe(false);
    // Tracking turns presence on for it, starting with the whole state.
    const joinQ = { topic: 'realtime:hushed', joinRef: quiet.frames[0].joinRef };
    quiet.push(
      joinQ.topic,
      'presence',
      { type: 'presence', event: 'track', payload: { q: 1 } },
      joinQ.joinRef,
    );
    const state = await quiet.next((f) => f.event === 'presence_state');
    expect(Object.keys(state.payload).sort()).toEqual(['a', 'q']);
    await quiet.next((f) => f.event === 'presence_diff' && 'q' in f.payload.joins);
    await Promise.all([a.close(), quiet.close()]);
  });

  it('untracks the presences of a socket that dies', async () => {
    const [a, b] = await Promise.all([connect(), connect()]);
    const joinA = await a.join(
      'crash',
      joinPayload({ presence: { key: 'doomed', enabled: true } }),
    );
    await b.join('crash', joinPayload({ presence: { key: 'watcher', enabled: true } }));
    a.push(
      joinA.topic,
      'presence',
      { type: 'presence', event: 'track', payload: { here: true } },
      joinA.joinRef,
    );
    await b.next((f) => f.event === 'presence_diff' && 'doomed' in f.payload.joins);
    a.ws.terminate();
    const gone = await b.next((f) => f.event === 'presence_diff' && 'doomed' in f.payload.leaves);
    expect(gone.payload.leaves.doomed.metas[0]).toMatchObject({ here: true });
    await Promise.all([b.close(), a.closed]);
    await emu.realtime.whenIdle();
    expect(emu.realtime.hub.stats()).toEqual({ topics: 0, members: 0, presenceTopics: 0 });
  });

  it('closes a silent socket after the idle timeout, and its presences with it', async () => {
    const realtime = createRealtimeServer(emu.context, { idleTimeoutMs: 300 });
    const server = createServer((_req, res) => res.end());
    server.on('upgrade', realtime.handleUpgrade);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const [silent, watcher] = await Promise.all([
      PhoenixClient.connect(url, { apikey: emu.anonKey }),
      PhoenixClient.connect(url, { apikey: emu.anonKey }),
    ]);
    const joinS = await silent.join('idle', joinPayload({ presence: { key: 's', enabled: true } }));
    silent.push(
      joinS.topic,
      'presence',
      { type: 'presence', event: 'track', payload: {} },
      joinS.joinRef,
    );
    await watcher.join('idle', joinPayload({ presence: { key: 'w', enabled: true } }));
    // The watcher keeps itself alive; the silent one says nothing more.
    const keepAlive = setInterval(() => watcher.push('phoenix', 'heartbeat', {}), 100);
    try {
      await silent.closed;
      await watcher.next((f) => f.event === 'presence_diff' && 's' in f.payload.leaves);
    } finally {
      clearInterval(keepAlive);
    }
    await realtime.close();
    await watcher.closed;
    expect(realtime.connectionCount()).toBe(0);
    await new Promise((resolve) => server.close(resolve));
  });
});
