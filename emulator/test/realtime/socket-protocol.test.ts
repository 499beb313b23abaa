import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EmulatorHandle } from '../../src/index.js';
import { startTestEmulator, testEngines } from '../helpers/index.js';
import { joinPayload, PhoenixClient } from './helpers/phoenix-client.js';

const now = () => Math.floor(Date.now() / 1000);

describe.each(testEngines())('realtime socket protocol on %s', (engine) => {
  let emu: EmulatorHandle;
  const token = (claims: Record<string, unknown>) => emu.context.jwt.sign(claims);
  const connect = (vsn: '1.0.0' | '2.0.0' = '2.0.0') =>
    PhoenixClient.connect(emu.url, { apikey: emu.anonKey }, vsn);

  beforeAll(async () => {
    emu = await startTestEmulator({ engine });
  });
  afterAll(() => emu.stop());

  describe('upgrade', () => {
    const refusal = (params: Record<string, string>) =>
      PhoenixClient.connect(emu.url, params).then(
        () => expect.unreachable('the upgrade was accepted'),
        (e: { status: number; body: unknown }) => ({ status: e.status, body: e.body }),
      );

    it('refuses a missing, malformed, badly signed or expired API key with 401 and Realtime’s error', async () => {
      expect(await refusal({})).toEqual({ status: 401, body: { error: 'API key is missing' } });
      expect(await refusal({ apikey: 'nope' })).toEqual({
        status: 401,
        body: { error: 'The token provided is not a valid JWT' },
      });
      const [h, p] = emu.anonKey.split('.');
      expect(await refusal({ apikey: `${h}.${p}.c2lnbmF0dXJl` })).toEqual({
        status: 401,
        body: { error: 'Failed to validate JWT signature' },
      });
      const expired = await token({ role: 'anon', exp: now() - 100 });
      expect(await refusal({ apikey: expired })).toEqual({
        status: 401,
        body: { error: 'Token has expired' },
      });
      const noExp = await token({ role: 'anon' });
      expect(await refusal({ apikey: noExp })).toEqual({
        status: 401,
        body: { error: 'Fields `role` and `exp` are required in JWT' },
      });
    });

    it('takes the key from the x-api-key header, and the CLI’s publishable key', async () => {
      const url = `${emu.url.replace('http', 'ws')}/realtime/v1/websocket?vsn=2.0.0`;
      const ws = new WebSocket(url, { headers: { 'x-api-key': emu.anonKey } });
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      ws.close();
      const client = await PhoenixClient.connect(emu.url, {
        apikey: 'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH',
      });
      const { reply } = await client.join('pub', joinPayload());
      expect(reply.payload.status).toBe('ok');
      await client.close();
    });

    it('answers other paths as the gateway does, and an unknown vsn with 400', async () => {
      const res = await new Promise<number>((resolve) => {
        const ws = new WebSocket(
          `${emu.url.replace('http', 'ws')}/realtime/v1/other?apikey=${emu.anonKey}`,
        );
        ws.once('unexpected-response', (_req, r) => resolve(r.statusCode ?? 0));
      });
      expect(res).toBe(404);
      await expect(
        PhoenixClient.connect(emu.url, { apikey: emu.anonKey }, '3.0.0' as never),
      ).rejects.toMatchObject({
        status: 400,
      });
    });
  });

  it.each(['1.0.0', '2.0.0'] as const)('answers heartbeats (vsn %s)', async (vsn) => {
    const client = await connect(vsn);
    const ref = client.push('phoenix', 'heartbeat', {});
    expect(await client.reply(ref)).toEqual({
      joinRef: null,
      ref,
      topic: 'phoenix',
      event: 'phx_reply',
      payload: { status: 'ok', response: {} },
    });
    await client.close();
  });

  it('joins with Realtime’s reply, leaves with a reply then phx_close', async () => {
    const client = await connect();
    const { reply, joinRef, topic } = await client.join('room-leave', joinPayload());
    expect(reply).toEqual({
      joinRef,
      ref: joinRef,
      topic,
      event: 'phx_reply',
      payload: { status: 'ok', response: { postgres_changes: [] } },
    });
    const leaveRef = client.push(topic, 'phx_leave', {}, joinRef);
    expect((await client.reply(leaveRef)).payload).toEqual({ status: 'ok', response: {} });
    const close = await client.next((f) => f.event === 'phx_close');
    expect(close).toMatchObject({ joinRef, ref: joinRef, topic, payload: {} });
    // Left: the topic no longer answers.
    const ref = client.push(
      topic,
      'broadcast',
      { type: 'broadcast', event: 'e', payload: {} },
      joinRef,
    );
    expect((await client.reply(ref)).payload).toEqual({
      status: 'error',
      response: { reason: 'unmatched topic' },
    });
    await client.close();
  });

  it('refuses joins with Realtime’s reasons', async () => {
    const client = await connect();
    const reason = async (name: string, accessToken?: string) =>
      (await client.join(name, joinPayload({}, accessToken))).reply.payload;
    expect(await reason('')).toEqual({
      status: 'error',
      response: { reason: 'TopicNameRequired: You must provide a topic name' },
    });
    const expired = await reason('r1', await token({ role: 'authenticated', exp: now() - 59 }));
    expect(expired.response.reason).toMatch(
      /^InvalidJWTToken: Token has expired (59|60) seconds ago$/,
    );
    expect(await reason('r2', await token({ exp: now() + 60 }))).toEqual({
      status: 'error',
      response: { reason: 'InvalidJWTToken: Fields `role` and `exp` are required in JWT' },
    });
    expect((await reason('r3', 'a.b')).response.reason).toBe(
      'MalformedJWT: The token provided is not a valid JWT',
    );
    expect(
      (await client.join('r4', joinPayload({ broadcast: { replay: { since: 0 } } }))).reply.payload,
    ).toEqual({
      status: 'error',
      response: { reason: 'UnableToReplayMessages: Replay is not allowed for public channels' },
    });
    const ref = client.push('room:other', 'phx_join', {});
    expect((await client.reply(ref)).payload).toEqual({
      status: 'error',
      response: { reason: 'unmatched topic' },
    });
    await client.close();
  });

  it('closes a channel whose token expires, with a system error then phx_close', async () => {
    const client = await connect();
    const { reply, joinRef, topic } = await client.join(
      'expiring',
      joinPayload({}, await token({ role: 'authenticated', exp: now() + 2 })),
    );
    expect(reply.payload.status).toBe('ok');
    const system = await client.next((f) => f.event === 'system');
    expect(system).toMatchObject({ joinRef, topic });
    expect(system.payload).toEqual({
      extension: 'system',
      status: 'error',
      message: expect.stringMatching(/^Token has expired [01] seconds ago$/),
      channel: 'expiring',
    });
    await client.next((f) => f.event === 'phx_close' && f.joinRef === joinRef);
    await client.close();
  });

  it('re-checks access_token pushes: ignores null, sb_ keys and the same token; an expired one closes', async () => {
    const client = await connect();
    const first = await token({ role: 'authenticated', sub: 'u1', exp: now() + 600 });
    const { joinRef, topic } = await client.join(
      'refresh',
      joinPayload({ broadcast: { self: true, ack: true } }, first),
    );
    client.push(topic, 'access_token', { access_token: null }, joinRef);
    client.push(topic, 'access_token', { access_token: 'sb_publishable_x' }, joinRef);
    client.push(topic, 'access_token', { access_token: first }, joinRef);
    client.push(
      topic,
      'access_token',
      { access_token: await token({ role: 'authenticated', exp: now() + 900 }) },
      joinRef,
    );
    const ack = client.push(
      topic,
      'broadcast',
      { type: 'broadcast', event: 'ping', payload: {} },
      joinRef,
    );
    expect((await client.reply(ack)).payload.status).toBe('ok');
    expect(client.frames.some((f) => f.event === 'system')).toBe(false);

    client.push(
      topic,
      'access_token',
      { access_token: await token({ role: 'authenticated', exp: now() - 5 }) },
      joinRef,
    );
    const system = await client.next((f) => f.event === 'system');
    expect(system.payload.message).toMatch(/^Token has expired [56] seconds ago$/);
    await client.next((f) => f.event === 'phx_close');
    await client.close();
  });

  it('closes the socket on an unreadable frame, without crashing', async () => {
    const client = await connect();
    client.ws.send('not json');
    expect((await client.closed).code).toBe(1003);
    const again = await connect('1.0.0');
    again.ws.send(Buffer.from([3, 0]), { binary: true });
    expect((await again.closed).code).toBe(1003);
  });

  it('stop() closes every open socket', async () => {
    const client = await connect();
    await client.join('last', joinPayload());
    expect(emu.realtime.connectionCount()).toBeGreaterThan(0);
    await emu.stop();
    await client.closed;
    expect(emu.realtime.connectionCount()).toBe(0);
  });
});
