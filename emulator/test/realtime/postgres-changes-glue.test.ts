import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle, RequestAuth } from '../../src/index.js';
import {
  ChangeFeedError,
  type ChangeBinding,
  type ChangeData,
  type ChangeFeed,
} from '../../src/realtime/changes/change-feed.js';
import { startTestEmulator } from '../helpers/index.js';
import { joinPayload, PhoenixClient } from './helpers/phoenix-client.js';

// A stand-in for the change feed: records what the channel server asks of it.

interface FakeSubscription {
  bindings: ChangeBinding[];
  auth: RequestAuth;
  ids: number[];
  emit: (ids: number[], data: ChangeData) => void;
  auths: RequestAuth[];
  unsubscribed: boolean;
}

function fakeFeed(): ChangeFeed & { subs: FakeSubscription[] } {
  const subs: FakeSubscription[] = [];
  let next = 100;
  return {
    subs,
    async subscribe(bindings, auth, onChange) {
      if (bindings.some((b) => b.filter === 'broken'))
        throw new ChangeFeedError('invalid filter: broken');
      const sub: FakeSubscription = {
        bindings,
        auth,
        ids: bindings.map(() => next++),
        emit: onChange,
        auths: [],
        unsubscribed: false,
      };
      subs.push(sub);
      return {
        ids: sub.ids,
        setAuth: (a) => sub.auths.push(a),
        unsubscribe: () => void (sub.unsubscribed = true),
      };
    },
    async close() {},
  };
}

describe('realtime postgres_changes glue (with a stand-in feed)', () => {
  let emu: EmulatorHandle;
  const feed = fakeFeed();
  const connect = () => PhoenixClient.connect(emu.url, { apikey: emu.anonKey });
  const bindings = [
    { event: 'INSERT', schema: 'public', table: 'msgs', filter: 'room_id=eq.1' },
    { event: '*', schema: 'public' },
  ];

  beforeAll(async () => {
    emu = await startTestEmulator({ realtime: { changeFeed: async () => feed } });
  });
  afterAll(() => emu.stop());

  it('subscribes the bindings, echoes them with the feed’s ids, then says Subscribed to PostgreSQL', async () => {
    const client = await connect();
    const { reply, joinRef, topic } = await client.join(
      'db',
      joinPayload({ postgres_changes: bindings }),
    );
    const sub = feed.subs.at(-1)!;
    expect(sub.bindings).toEqual(bindings);
    expect(sub.auth.role).toBe('anon');
    expect(reply.payload).toEqual({
      status: 'ok',
      response: { postgres_changes: bindings.map((b, i) => ({ ...b, id: sub.ids[i] })) },
    });
    const system = await client.next((f) => f.event === 'system');
    expect(system).toMatchObject({ joinRef, topic });
    expect(system.payload).toEqual({
      extension: 'postgres_changes',
      status: 'ok',
      message: 'Subscribed to PostgreSQL',
      channel: 'db',
    });
    expect(client.frames.indexOf(system)).toBeGreaterThan(client.frames.indexOf(reply));

    const data: ChangeData = {
      schema: 'public',
      table: 'msgs',
      commit_timestamp: '2024-01-01T00:00:00.000Z',
      type: 'INSERT',
      columns: [{ name: 'id', type: 'int4' }],
      record: { id: 1 },
      errors: null,
    };
    sub.emit([sub.ids[0]], data);
    expect(await client.next((f) => f.event === 'postgres_changes')).toEqual({
      joinRef: null,
      ref: null,
      topic,
      event: 'postgres_changes',
      payload: { ids: [sub.ids[0]], data },
    });

    const fresh = await emu.context.jwt.sign({
      role: 'authenticated',
      sub: 'u',
      exp: Math.floor(Date.now() / 1000) + 60,
    });
    client.push(topic, 'access_token', { access_token: fresh }, joinRef);
    await client.reply(
      client.push(topic, 'presence', { type: 'presence', event: 'untrack' }, joinRef),
    );
    expect(sub.auths.map((a) => a.claims.sub)).toEqual(['u']);

    await client.reply(client.push(topic, 'phx_leave', {}, joinRef));
    expect(sub.unsubscribed).toBe(true);
    sub.emit([sub.ids[0]], data); // after leave: nothing is sent
    await client.sync();
    expect(client.frames.filter((f) => f.event === 'postgres_changes')).toHaveLength(1);
    await client.close();
  });

  it('refuses the join with the feed’s reason, and unsubscribes when the socket goes', async () => {
    const client = await connect();
    const refused = await client.join(
      'bad',
      joinPayload({ postgres_changes: [{ event: '*', schema: 'public', filter: 'broken' }] }),
    );
    expect(refused.reply.payload).toEqual({
      status: 'error',
      response: { reason: 'invalid filter: broken' },
    });
    await client.join(
      'gone',
      joinPayload({ postgres_changes: [{ event: 'DELETE', schema: 'public', table: 't' }] }),
    );
    const sub = feed.subs.at(-1)!;
    client.ws.terminate();
    await emu.realtime.whenIdle();
    expect(sub.unsubscribed).toBe(true);
  });

  it('joins without postgres_changes never touch the feed', async () => {
    const before = feed.subs.length;
    const client = await connect();
    expect((await client.join('plain', joinPayload())).reply.payload.response).toEqual({
      postgres_changes: [],
    });
    await client.sync();
    expect(feed.subs.length).toBe(before);
    expect(client.frames.some((f) => f.event === 'system')).toBe(false);
    await client.close();
  });
});
