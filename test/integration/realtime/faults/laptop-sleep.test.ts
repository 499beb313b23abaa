import { firstValueFrom, map } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RealtimeClient } from 'supabase-rx/realtime';
import type { EmulatorHandle } from 'supabase-rx-emulator';
import { startTestEmulator } from '../../../../emulator/test/helpers/index.js';
import { suiteEngines } from '../../helpers/emulator.js';
import { topic } from '../helpers.js';
import {
  Signal,
  StreamRecord,
  bounded,
  joinsPerSocket,
  recordingTransport,
  statusNames,
  subscribedSince,
} from './helpers.js';

/**
 * Issue 9's sleep fault: the connection goes silent without closing (a laptop asleep: nothing is
 * read, no close arrives); the heartbeat timeout must notice, reconnect and rejoin.
 */

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
    const client = new RealtimeClient(`${emu.url.replace(/^http/, 'ws')}/realtime/v1`, {
      params: { apikey: emu.anonKey },
      transport: t.transport,
      heartbeatIntervalMs: 200,
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

    await signal.until('SUBSCRIBED', () => subscribedSince(status, 0));
    await insert(1);
    await signal.until('row 1', () => rows.values.some((v) => v.value === 1));

    const asleep = t.sockets[0];
    asleep.ws.pause(); // nothing more is read from it
    await insert(2); // sent to the sleeping socket, never read while it mattered
    await signal.until(
      'CHANNEL_ERROR on the heartbeat timeout',
      () => status.values.at(-1)?.value.status === 'CHANNEL_ERROR',
    );
    const lost = status.values.at(-1)!.at;
    asleep.ws.resume(); // waking: what it buffered is read by a socket the client dropped
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
