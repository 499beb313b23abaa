import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import { startTestEmulator, testEngines } from '../helpers/index.js';
import {
  ALICE,
  BOB,
  bounded,
  closeAll,
  Inbox,
  jsClient,
  userToken,
} from './supabase-js-helpers.js';

/**
 * The official supabase-js 2.119 realtime client against the emulator: tokens on the socket —
 * `access_token` pushes re-checked, an expired or unauthorised token closing the channel with
 * Realtime's system error.
 */

const SQL = `
create policy alice_reads on realtime.messages for select to authenticated
  using (realtime.topic() = 'vault' and auth.uid() = '${ALICE}'::uuid);
create policy alice_writes on realtime.messages for insert to authenticated
  with check (realtime.topic() = 'vault' and auth.uid() = '${ALICE}'::uuid);
`;

describe.each(testEngines())('supabase-js realtime tokens against the emulator (%s)', (engine) => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startTestEmulator({ engine, sql: SQL });
  });
  afterEach(() => closeAll());
  afterAll(() => emu?.stop());

  /** A channel's statuses after its join, and a promise of the first CLOSED. */
  function watch(ch: ReturnType<Awaited<ReturnType<typeof jsClient>>['channel']>) {
    const statuses = new Inbox<string>();
    const first = new Promise<string>((resolve) =>
      ch.subscribe((s) => {
        statuses.push(s);
        if (s !== 'CLOSED') resolve(s);
      }),
    );
    return { statuses, first: bounded(`${ch.topic} joins`, first) };
  }

  it('a fresh valid token is accepted: the channel stays joined', async () => {
    const sb = await jsClient(emu, { token: await userToken(emu, ALICE) });
    const inbox = new Inbox();
    const ch = sb
      .channel('vault', { config: { private: true, broadcast: { self: true, ack: true } } })
      .on('broadcast', { event: 'x' }, inbox.push);
    const { first } = watch(ch);
    expect(await first).toBe('SUBSCRIBED');
    await sb.realtime.setAuth(await userToken(emu, ALICE, 7200));
    expect(await bounded('send', ch.send({ type: 'broadcast', event: 'x', payload: {} }))).toBe(
      'ok',
    );
    await inbox.until(1, 'a broadcast after the new token');
  });

  it('an expired token pushed with access_token: system error, then the channel closes', async () => {
    const sb = await jsClient(emu, { token: await userToken(emu, ALICE) });
    const system = new Inbox();
    const ch = sb.channel('open-room').on('system', {}, system.push);
    const { statuses, first } = watch(ch);
    expect(await first).toBe('SUBSCRIBED');
    await sb.realtime.setAuth(await userToken(emu, ALICE, -60));
    const err = await system.find((m) => m.status === 'error', 'the system error');
    expect(err).toMatchObject({ extension: 'system', status: 'error' });
    expect(err.message).toMatch(/Token has expired/);
    await statuses.find((s) => s === 'CLOSED', 'CLOSED after phx_close');
  });

  it('a token the private channel policies refuse: system error, then the channel closes', async () => {
    const sb = await jsClient(emu, { token: await userToken(emu, ALICE) });
    const system = new Inbox();
    const ch = sb.channel('vault', { config: { private: true } }).on('system', {}, system.push);
    const { statuses, first } = watch(ch);
    expect(await first).toBe('SUBSCRIBED');
    await sb.realtime.setAuth(await userToken(emu, BOB));
    const err = await system.find((m) => m.status === 'error', 'the system error');
    expect(err.extension).toBe('system');
    await statuses.find((s) => s === 'CLOSED', 'CLOSED after phx_close');
  });

  it('refuses the WebSocket upgrade with an API key that is not a valid JWT: 401', async () => {
    const status = await bounded(
      'the upgrade answer',
      new Promise<number>((resolve) => {
        const sock = new WebSocket(
          `${emu.url.replace('http', 'ws')}/realtime/v1/websocket?apikey=not-a-jwt&vsn=2.0.0`,
        );
        sock.on('unexpected-response', (_req, r) => {
          resolve(r.statusCode ?? 0);
          sock.terminate();
        });
        sock.on('open', () => {
          resolve(101);
          sock.close();
        });
        sock.on('error', () => undefined);
      }),
    );
    expect(status).toBe(401);
  });
});
