import { firstValueFrom, map } from 'rxjs';
import { afterAll, describe, expect, it } from 'vitest';
import { RealtimeClient } from 'supabase-rx/realtime';
import type { EmulatorHandle } from 'supabase-rx-emulator';
import { restartableEmulator } from '../../helpers/restartable-emulator.js';
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

/** Issue 9's server-restart fault: the emulator stopped and started again under a joined client. */

// Run at every start, so it must hold on a database that already has it.
const SQL = `
create table if not exists public.restart_rows (n int primary key);
grant select on public.restart_rows to anon, authenticated;
do $$ begin
  alter publication supabase_realtime add table public.restart_rows;
exception when duplicate_object then null;
end $$;
`;

describe.each(suiteEngines())('realtime faults: emulator restarted (%s)', (engine) => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
  });

  it('the client reconnects and rejoins by itself; the same streams carry on; one join per connection', async () => {
    const { port, start, drop } = await restartableEmulator(engine, 'rx-restart', SQL);
    cleanup.push(drop);
    let emu: EmulatorHandle = await start();
    cleanup.push(() => emu.stop());

    const signal = new Signal();
    const t = recordingTransport(signal);
    const client = new RealtimeClient(`ws://127.0.0.1:${port}/realtime/v1`, {
      params: { apikey: emu.anonKey },
      transport: t.transport,
      reconnectAfterMs: () => 100,
    });
    const ch = client.channel(topic('restart'), { config: { broadcast: { self: true } } });
    const status = new StreamRecord(ch.status$, signal);
    const pings = new StreamRecord(
      ch.on('broadcast', { event: 'ping' }).pipe(map((m) => m.payload.at as string)),
      signal,
    );
    const rows = new StreamRecord(
      ch
        .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'restart_rows' })
        .pipe(map((p) => p.new.n as number)),
      signal,
    );
    const arrived = async (at: string, n: number) => {
      expect(await bounded(`send ${at}`, firstValueFrom(ch.send(ping(at))))).toBe('ok');
      await emu.db.query('insert into public.restart_rows (n) values ($1)', [n]);
      await signal.until(
        `the ${at} broadcast and row ${n}`,
        () => pings.values.some((v) => v.value === at) && rows.values.some((v) => v.value === n),
      );
    };
    const ping = (at: string) => ({ type: 'broadcast' as const, event: 'ping', payload: { at } });

    await signal.until('SUBSCRIBED', () => subscribedSince(status, 0));
    await arrived('before', 1);

    await bounded('the emulator stopped', emu.stop());
    await signal.until(
      'CHANNEL_ERROR after the stop',
      () => status.values.at(-1)?.value.status === 'CHANNEL_ERROR',
    );
    // While it is down the client keeps trying (refused attempts), and no stream ends.
    await signal.until('a refused reconnect', () =>
      t.sockets.some((s) => s.openedAt === null && s.closedAt !== null),
    );
    expect(status.ended || pings.ended || rows.ended).toBe(false);

    const down = status.values.at(-1)!.at;
    emu = await start();
    await signal.until(
      'SUBSCRIBED again after the restart',
      () => subscribedSince(status, down),
      15_000,
    );
    await arrived('after', 2);

    expect(statusNames(status)).toEqual(['CLOSED', 'SUBSCRIBED', 'CHANNEL_ERROR', 'SUBSCRIBED']);
    expect(pings.values.map((v) => v.value)).toEqual(['before', 'after']);
    expect(rows.values.map((v) => v.value)).toEqual([1, 2]);
    expect(joinsPerSocket(t)).toEqual([{ [ch.topic]: 1 }, { [ch.topic]: 1 }]);

    expect(await bounded('removeAllChannels', firstValueFrom(client.removeAllChannels()))).toEqual([
      'ok',
    ]);
    await bounded('every client socket closed', Promise.all(t.sockets.map((s) => s.closed)));
    expect(client._pending).toEqual({ socket: 'closed', timers: false, auth: 0, active: 0 });
    await bounded('the emulator saw the close', emu.realtime.whenIdle());
    expect(emu.realtime.hub.stats().members).toBe(0);
  }, 60_000);
});
