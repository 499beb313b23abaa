import { firstValueFrom, map } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RealtimeClient } from 'supabase-rx/realtime';
import type { EmulatorHandle } from 'supabase-rx-emulator';
import { startTestEmulator } from '../../../../emulator/test/helpers/index.js';
import { suiteEngines } from '../../helpers/emulator.js';
import { topic } from '../helpers.js';
import {
  HeldInterval,
  Signal,
  StreamRecord,
  bounded,
  joinsPerSocket,
  recordingTransport,
  statusNames,
  subscribedSince,
} from './helpers.js';

/**
 * Issue 9's sleep fault: the connection goes silent without closing (a laptop asleep: nothing
 * reaches the client, no close arrives); the heartbeat timeout must notice, reconnect and rejoin.
 *
 * Nothing waits on the wall clock. The heartbeat period elapses when the test says
 * (`HeldInterval`): with a real 200 ms period, a busy machine could delay a reply past it and time
 * out the awake connection too. And the test waits until the change committed while asleep has
 * reached the sleeping socket before the timeout, so it cannot go to the new connection instead.
 */

// An interval no other timer of the client uses (nor twice it, the empty-socket disconnect).
const HEARTBEAT_MS = 3_600_000;

const SQL = `
create table public.sleep_rows (n int primary key);
grant select on public.sleep_rows to anon, authenticated;
alter publication supabase_realtime add table public.sleep_rows;
`;

describe.each(suiteEngines())('realtime faults: a silent connection (%s)', (engine) => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startTestEmulator({ engine, sql: SQL });
  });
  afterAll(() => emu?.stop());

  it('the heartbeat timeout reconnects and rejoins; frames read after waking reach no stream', async () => {
    const signal = new Signal();
    const t = recordingTransport(signal);
    const heartbeats = new HeldInterval(HEARTBEAT_MS);
    const client = new RealtimeClient(`${emu.url.replace(/^http/, 'ws')}/realtime/v1`, {
      params: { apikey: emu.anonKey },
      transport: t.transport,
      scheduler: heartbeats,
      heartbeatIntervalMs: HEARTBEAT_MS,
      reconnectAfterMs: () => 10,
    });
    const ch = client.channel(topic('sleep'));
    const status = new StreamRecord(ch.status$, signal);
    const rows = new StreamRecord(
      ch
        .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'sleep_rows' })
        .pipe(map((p) => p.new.n as number)),
      signal,
    );
    const insert = (n: number) =>
      emu.db.query('insert into public.sleep_rows (n) values ($1)', [n]);
    const unreadFrame = (event: string, match: (payload: any) => boolean) => () =>
      asleep.unread.some((text) => {
        const [, , , e, payload] = JSON.parse(text) as [unknown, unknown, string, string, any];
        return e === event && match(payload);
      });

    await signal.until('SUBSCRIBED', () => subscribedSince(status, 0));
    await insert(1);
    await signal.until('row 1', () => rows.values.some((v) => v.value === 1));

    const asleep = t.sockets[0];
    asleep.sleep(); // nothing more reaches the client through it
    await insert(2);
    await signal.until(
      'row 2 at the sleeping socket',
      unreadFrame('postgres_changes', (p) => p?.data?.record?.n === 2),
    );
    expect(heartbeats.held).toBe(1);
    heartbeats.fire(); // a heartbeat goes out; its reply comes, and is not read
    await signal.until(
      'the heartbeat reply at the sleeping socket',
      unreadFrame('phx_reply', (p) => p?.status === 'ok'),
    );
    expect(status.values.at(-1)?.value.status).toBe('SUBSCRIBED');
    heartbeats.fire(); // a period later the reply is still missing: the timeout
    await signal.until(
      'CHANNEL_ERROR on the heartbeat timeout',
      () => status.values.at(-1)?.value.status === 'CHANNEL_ERROR',
    );
    const lost = status.values.at(-1)!.at;
    asleep.wake(); // waking: what it kept is read by a socket the client dropped
    await signal.until('SUBSCRIBED again', () => subscribedSince(status, lost));
    await insert(3);
    await signal.until('row 3', () => rows.values.some((v) => v.value === 3));

    expect(statusNames(status)).toEqual(['CLOSED', 'SUBSCRIBED', 'CHANNEL_ERROR', 'SUBSCRIBED']);
    expect(rows.values.map((v) => v.value)).toEqual([1, 3]);
    expect(status.ended || rows.ended).toBe(false);
    expect(joinsPerSocket(t)).toEqual([{ [ch.topic]: 1 }, { [ch.topic]: 1 }]);

    expect(await bounded('removeAllChannels', firstValueFrom(client.removeAllChannels()))).toEqual([
      'ok',
    ]);
    await bounded('every client socket closed', Promise.all(t.sockets.map((s) => s.closed)));
    expect(client._pending).toEqual({ socket: 'closed', timers: false, auth: 0, active: 0 });
    await bounded('the emulator saw every close', emu.realtime.whenIdle());
    expect(emu.realtime.hub.stats().members).toBe(0);
  });
});
