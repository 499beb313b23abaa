import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import { startTestEmulator, testEngines } from '../helpers/index.js';
import { joinPayload, PhoenixClient } from './helpers/phoenix-client.js';

// Who may read and write private channels, as a Supabase project writes it.
const POLICIES = /* sql */ `
create policy "club members read" on realtime.messages for select to authenticated
  using (realtime.topic() = 'club' and (auth.jwt() ->> 'sub') in ('reader', 'writer'));
create policy "club writer writes" on realtime.messages for insert to authenticated
  with check (realtime.topic() = 'club' and (auth.jwt() ->> 'sub') = 'writer');
`;

describe.each(testEngines())('realtime private channels and REST broadcast on %s', (engine) => {
  let emu: EmulatorHandle;
  const user = (sub: string) =>
    emu.context.jwt.sign({ role: 'authenticated', sub, exp: Math.floor(Date.now() / 1000) + 600 });
  const connect = (vsn: '1.0.0' | '2.0.0' = '2.0.0') =>
    PhoenixClient.connect(emu.url, { apikey: emu.anonKey }, vsn);
  const joinPrivate = async (client: PhoenixClient, token?: string, ack = false) =>
    client.join('club', joinPayload({ private: true, broadcast: { self: false, ack } }, token));
  const post = (path: string, token: string, body: BodyInit, type = 'application/json') =>
    fetch(`${emu.url}/realtime/v1/api/broadcast${path}`, {
      method: 'POST',
      headers: { apikey: emu.anonKey, authorization: `Bearer ${token}`, 'content-type': type },
      body,
    });

  beforeAll(async () => {
    emu = await startTestEmulator({ engine, sql: POLICIES });
  });
  afterAll(() => emu.stop());

  it('refuses a private join the select policy does not allow, with Realtime’s reason', async () => {
    const client = await connect();
    expect((await joinPrivate(client)).reply.payload).toEqual({
      status: 'error',
      response: {
        reason: 'Unauthorized: You do not have permissions to read from this Channel topic: club',
      },
    });
    expect((await joinPrivate(client, await user('stranger'))).reply.payload.status).toBe('error');
    expect((await joinPrivate(client, await user('reader'))).reply.payload.status).toBe('ok');
    await client.close();
  });

  it('delivers broadcasts of the writer only, and only to private subscribers of the topic', async () => {
    const [writer, reader, service, outsider] = await Promise.all([
      connect(),
      connect(),
      connect(),
      connect(),
    ]);
    const w = await joinPrivate(writer, await user('writer'), true);
    const r = await joinPrivate(reader, await user('reader'), true);
    expect((await joinPrivate(service, emu.serviceRoleKey)).reply.payload.status).toBe('ok');
    await outsider.join('club', joinPayload());

    const ref = writer.push(
      w.topic,
      'broadcast',
      { type: 'broadcast', event: 'news', payload: { n: 1 } },
      w.joinRef,
    );
    expect((await writer.reply(ref)).payload.status).toBe('ok');
    expect((await reader.next((f) => f.event === 'broadcast')).payload.payload).toEqual({ n: 1 });
    expect((await service.next((f) => f.event === 'broadcast')).payload.payload).toEqual({ n: 1 });

    // The reader may not write: Realtime drops the push without a reply.
    const denied = reader.push(
      r.topic,
      'broadcast',
      { type: 'broadcast', event: 'news', payload: { n: 2 } },
      r.joinRef,
    );
    await reader.sync();
    await Promise.all([writer.sync(), outsider.sync()]);
    expect(reader.frames.some((f) => f.ref === denied)).toBe(false);
    expect(writer.frames.some((f) => f.event === 'broadcast')).toBe(false);
    expect(outsider.frames.some((f) => f.event === 'broadcast')).toBe(false);
    await Promise.all([writer, reader, service, outsider].map((c) => c.close()));
  });

  it('closes a private channel when a refreshed token loses the read policy', async () => {
    const client = await connect();
    const { topic, joinRef } = await joinPrivate(client, await user('reader'));
    client.push(topic, 'access_token', { access_token: await user('stranger') }, joinRef);
    expect((await client.next((f) => f.event === 'system')).payload).toEqual({
      extension: 'system',
      status: 'error',
      message: 'You do not have permissions to read from this Channel topic: club',
      channel: 'club',
    });
    await client.next((f) => f.event === 'phx_close');
    await client.close();
  });

  it('POST /api/broadcast delivers public messages, and private ones the insert policy allows', async () => {
    const [publicSub, privateSub] = await Promise.all([connect('1.0.0'), connect()]);
    await publicSub.join('club', joinPayload());
    await joinPrivate(privateSub, await user('reader'));
    const batch = (messages: unknown[]) => JSON.stringify({ messages });

    const anon = await post(
      '',
      emu.anonKey,
      batch([
        { topic: 'club', event: 'hello', payload: { from: 'anon' } },
        { topic: 'club', event: 'secret', payload: { from: 'anon' }, private: true },
      ]),
    );
    expect(anon.status).toBe(202);
    expect(await anon.text()).toBe('');
    expect((await publicSub.next((f) => f.event === 'broadcast')).payload).toEqual({
      type: 'broadcast',
      event: 'hello',
      payload: { from: 'anon' },
    });

    const writer = await post(
      '',
      await user('writer'),
      batch([{ topic: 'club', event: 'secret', payload: { from: 'writer' }, private: true }]),
    );
    expect(writer.status).toBe(202);
    const first = await privateSub.next((f) => f.event === 'broadcast');
    expect(first.payload).toEqual({
      type: 'broadcast',
      event: 'secret',
      payload: { from: 'writer' },
    });
    const service = await post(
      '',
      emu.serviceRoleKey,
      batch([{ topic: 'club', event: 'secret', payload: { from: 'service' }, private: true }]),
    );
    expect(service.status).toBe(202);
    await privateSub.next((f) => f.event === 'broadcast' && f.payload.payload.from === 'service');
    await Promise.all([publicSub.sync(), privateSub.sync()]);
    expect(
      privateSub.frames.filter((f) => f.event === 'broadcast').map((f) => f.payload.payload.from),
    ).toEqual(['writer', 'service']);
    expect(publicSub.frames.filter((f) => f.event === 'broadcast')).toHaveLength(1);
    await Promise.all([publicSub.close(), privateSub.close()]);
  });

  it('POST /api/broadcast/<topic>/events/<event> sends one JSON or binary message', async () => {
    const [v2, v1] = await Promise.all([connect(), connect('1.0.0')]);
    await v2.join('room 1', joinPayload());
    await v1.join('room 1', joinPayload());
    const json = await post('/room%201/events/ping', emu.anonKey, JSON.stringify({ a: 1 }));
    expect(json.status).toBe(202);
    expect((await v1.next((f) => f.event === 'broadcast')).payload).toEqual({
      type: 'broadcast',
      event: 'ping',
      payload: { a: 1 },
    });
    expect((await v2.next((f) => f.event === 'broadcast')).binary).toBeUndefined();

    const bytes = await post(
      '/room%201/events/blob',
      emu.anonKey,
      new Uint8Array([9, 8, 7]),
      'application/octet-stream',
    );
    expect(bytes.status).toBe(202);
    const blob = await v2.next((f) => f.event === 'broadcast' && f.payload.event === 'blob');
    expect(blob.binary!.encoding).toBe(0);
    expect([...blob.payload.payload]).toEqual([9, 8, 7]);

    const refused = await post('/club/events/x?private=true', emu.anonKey, '{}');
    expect(refused.status).toBe(401);
    expect((await post('/room%201/events/x', emu.anonKey, 'hi', 'text/plain')).status).toBe(415);
    await Promise.all([v2.close(), v1.close()]);
  });

  it('refuses REST broadcasts without a valid key or with a malformed batch', async () => {
    const none = await fetch(`${emu.url}/realtime/v1/api/broadcast`, {
      method: 'POST',
      body: '{}',
    });
    expect(none.status).toBe(401);
    expect((await post('', 'not-a-jwt', '{}')).status).toBe(401);
    const bad = await post(
      '',
      emu.anonKey,
      JSON.stringify({ messages: [{ topic: 'x', payload: 'no' }] }),
    );
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({
      errors: { messages: [{ event: ["can't be blank"], payload: ['is invalid'] }] },
    });
  });
});
