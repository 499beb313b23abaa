import { expect, it } from 'vitest';
import { realtimeSuite, topic } from './helpers.js';

/** Broadcast through the emulator: self, ack, between two clients, binary, REST. */

const ANY = { type: 'broadcast' as const, filter: { event: '*' } };

realtimeSuite('realtime broadcast', '', ({ connect, emu }) => {
  it('reaches another client and not the sender (self: false)', async () => {
    const t = topic('room');
    const a = await connect();
    const b = await connect();
    const chA = a.channel(t).on('all', ANY);
    const chB = b.channel(t).on('all', ANY);
    expect(await chA.subscribe()).toBe('SUBSCRIBED');
    expect(await chB.subscribe()).toBe('SUBSCRIBED');
    expect(await chA.send({ type: 'broadcast', event: 'cursor', payload: { x: 1 } })).toBe('ok');
    expect(await chB.waitFor('all', 'B receives A’s broadcast')).toEqual({
      type: 'broadcast',
      event: 'cursor',
      payload: { x: 1 },
    });
    // B answers; A's own message, had it been relayed, would have come before it.
    expect(await chB.send({ type: 'broadcast', event: 'reply', payload: {} })).toBe('ok');
    await chA.waitFor('all', 'A receives B’s reply');
    expect(chA.received.map(([, p]) => (p as { event: string }).event)).toEqual(['reply']);
  });

  it('self: true returns the broadcast to the sender; ack: true answers ok', async () => {
    const a = await connect();
    const ch = a
      .channel(topic('self'), { config: { broadcast: { self: true, ack: true } } })
      .on('ping', { type: 'broadcast', filter: { event: 'ping' } });
    expect(await ch.subscribe()).toBe('SUBSCRIBED');
    expect(await ch.send({ type: 'broadcast', event: 'ping', payload: { n: 1 } })).toBe('ok');
    expect(await ch.waitFor('ping', 'own broadcast')).toEqual({
      type: 'broadcast',
      event: 'ping',
      payload: { n: 1 },
    });
  });

  it('relays ArrayBuffer payloads as bytes', async () => {
    const t = topic('bin');
    const a = await connect();
    const b = await connect();
    const chA = a.channel(t, { config: { broadcast: { ack: true } } });
    const chB = b.channel(t).on('all', ANY);
    expect(await chA.subscribe()).toBe('SUBSCRIBED');
    expect(await chB.subscribe()).toBe('SUBSCRIBED');
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    expect(await chA.send({ type: 'broadcast', event: 'blob', payload: bytes.buffer })).toBe('ok');
    const got = await chB.waitFor('all', 'the binary broadcast');
    expect(got.event).toBe('blob');
    expect(got.payload).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(got.payload)]).toEqual([...bytes]);
  });

  it('vsn 1.0.0 clients exchange JSON broadcasts', async () => {
    const t = topic('v1');
    const a = await connect({ vsn: '1.0.0' });
    const b = await connect({ vsn: '1.0.0' });
    const chA = a.channel(t, { config: { broadcast: { ack: true } } });
    const chB = b.channel(t).on('all', ANY);
    expect(await chA.subscribe()).toBe('SUBSCRIBED');
    expect(await chB.subscribe()).toBe('SUBSCRIBED');
    expect(await chA.send({ type: 'broadcast', event: 'j', payload: { ok: true } })).toBe('ok');
    expect(await chB.waitFor('all', 'the JSON broadcast')).toEqual({
      type: 'broadcast',
      event: 'j',
      payload: { ok: true },
    });
  });

  it('REST: send() before joining, httpSend(), and the batch endpoint reach subscribers', async () => {
    const t = topic('rest');
    const listener = await connect();
    const ch = listener.channel(t).on('all', ANY);
    expect(await ch.subscribe()).toBe('SUBSCRIBED');
    const poster = await connect();
    const unjoined = poster.channel(t);
    expect(await unjoined.send({ type: 'broadcast', event: 'via-rest', payload: { a: 1 } })).toBe(
      'ok',
    );
    expect(await ch.waitFor('all', 'REST broadcast', (p) => p.event === 'via-rest')).toMatchObject({
      type: 'broadcast',
      event: 'via-rest',
      payload: { a: 1 },
    });
    await unjoined.httpSend('via-http', { b: 2 });
    expect(await ch.waitFor('all', 'httpSend', (p) => p.event === 'via-http')).toMatchObject({
      type: 'broadcast',
      event: 'via-http',
      payload: { b: 2 },
    });
    const e = emu();
    const res = await fetch(`${e.url}/realtime/v1/api/broadcast`, {
      method: 'POST',
      headers: {
        apikey: e.serviceRoleKey,
        authorization: `Bearer ${e.serviceRoleKey}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ messages: [{ topic: t, event: 'batch', payload: { c: 3 } }] }),
    });
    expect(res.status).toBe(202);
    expect(await ch.waitFor('all', 'batch', (p) => p.event === 'batch')).toMatchObject({
      payload: { c: 3 },
    });
  });
});
