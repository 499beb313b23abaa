import { firstValueFrom, map } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'supabase-rx';
import { RealtimeClient, type RealtimeChannel } from 'supabase-rx/realtime';
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
  tick,
  type RecordingTransport,
} from './helpers.js';

/**
 * Issue 9's network-loss fault: 4 channels on 2 clients, 1,000 inserts, the sockets killed 50
 * times (alternately the client's `terminate()` and the server dropping every socket).
 */

const SQL = `
create table public.fault_rows (n int primary key);
grant select on public.fault_rows to anon, authenticated;
alter publication supabase_realtime add table public.fault_rows;
`;

const ROWS = 1000;
const KILLS = 50;
const PERIOD = ROWS / KILLS;
// Per period: the first rows go in while the channels rejoin, the rest once all are joined; the
// kill comes when every channel has the period's last-but-RACE row, so RACE rows race the kill.
const GAP = 5;
const RACE = 2;
const FAST = { reconnectAfterMs: () => 10 };

interface Row {
  n: number;
  started: number;
  committed: number;
}

describe.each(suiteEngines())('realtime faults: socket killed 50 times (%s)', (engine) => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startTestEmulator({ engine, sql: SQL });
  });
  afterAll(() => emu?.stop());

  it('every channel rejoins once per connection and gets, once and in order, what was committed while it was joined; nothing is left behind', async () => {
    const signal = new Signal();
    const tA = recordingTransport(signal);
    const tB = recordingTransport(signal);
    const supabase = createClient(emu.url, emu.anonKey, {
      realtime: { transport: tA.transport, ...FAST },
    });
    const solo = new RealtimeClient(`${emu.url.replace(/^http/, 'ws')}/realtime/v1`, {
      params: { apikey: emu.anonKey },
      transport: tB.transport,
      ...FAST,
    });
    const on = (ch: RealtimeChannel, transport: RecordingTransport) => ({
      ch,
      transport,
      status: new StreamRecord(ch.status$, signal),
      rows: new StreamRecord(
        ch
          .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'fault_rows' })
          .pipe(map((p) => p.new.n as number)),
        signal,
      ),
    });
    const watches = [
      on(supabase.channel(topic('kill-a')), tA),
      on(supabase.channel(topic('kill-b')), tA),
      on(supabase.channel(topic('kill-c')), tA),
      on(solo.channel(topic('kill-d')), tB),
    ];
    const has = (w: (typeof watches)[number], n: number) =>
      w.rows.values.some((v) => v.value === n);
    const kills: { at: number; by: 'client' | 'server' }[] = [];
    const rows: Row[] = [];
    const started = Date.now();

    const insert = async (n: number) => {
      const at = tick();
      await emu.db.query('insert into public.fault_rows (n) values ($1)', [n]);
      rows.push({ n, started: at, committed: tick() });
      signal.notify();
    };
    const allSubscribedSince = (at: number) => watches.every((w) => subscribedSince(w.status, at));

    const writer = (async () => {
      for (let n = 1; n <= ROWS; n++) {
        const period = Math.floor((n - 1) / PERIOD);
        await signal.until(`row ${n}: kill ${period}`, () => kills.length >= period, 20_000);
        if ((n - 1) % PERIOD >= GAP) {
          const since = kills[period - 1]?.at ?? 0;
          await signal.until(`row ${n}: every channel SUBSCRIBED again after kill ${period}`, () =>
            allSubscribedSince(since),
          );
        }
        await insert(n);
      }
    })();
    const killer = (async () => {
      for (let k = 0; k < KILLS; k++) {
        const last = PERIOD * (k + 1) - RACE;
        await signal.until(`kill ${k + 1}: every channel has row ${last}`, () =>
          watches.every((w) => has(w, last)),
        );
        const by = k % 2 === 0 ? 'client' : 'server';
        kills.push({ at: tick(), by });
        signal.notify();
        if (by === 'client') for (const s of [...tA.open(), ...tB.open()]) s.ws.terminate();
        else void emu.realtime.terminateConnections();
      }
    })();
    await Promise.all([writer, killer]);

    // The streams carry on after the last kill: a row inserted once all are joined arrives.
    const lastKill = kills.at(-1)!.at;
    await signal.until('every channel SUBSCRIBED after the last kill', () =>
      allSubscribedSince(lastKill),
    );
    await insert(ROWS + 1);
    await signal.until(`every channel has row ${ROWS + 1}`, () =>
      watches.every((w) => has(w, ROWS + 1)),
    );
    const tookMs = Date.now() - started;

    const inserted = new Set(rows.map((r) => r.n));
    const killTimes = kills.map((k) => k.at);
    for (const w of watches) {
      const name = w.ch.topic;
      // One rejoin per kill, never TIMED_OUT or a second SUBSCRIBED; the streams never end.
      expect(statusNames(w.status), name).toEqual([
        'CLOSED',
        ...Array.from({ length: KILLS }, () => ['SUBSCRIBED', 'CHANNEL_ERROR']).flat(),
        'SUBSCRIBED',
      ]);
      expect(w.status.ended || w.rows.ended, name).toBe(false);

      const got = w.rows.values.map((v) => v.value);
      // Strictly increasing: commit order (one writer), and no row twice.
      expect(
        got.every((n, i) => i === 0 || n > got[i - 1]),
        `${name} in commit order, once`,
      ).toBe(true);
      expect(
        got.filter((n) => !inserted.has(n)),
        `${name} rows never inserted`,
      ).toEqual([]);
      // Committed while joined. A kill loses the rows still in flight, so a window's rows are
      // those whose insert began after its SUBSCRIBED, up to the last one it received (commit
      // order); the killer waited for each period's last-but-RACE row, so that is most of them.
      const statuses = w.status.values;
      const expected: number[] = [];
      statuses.forEach((v, i) => {
        if (v.value.status !== 'SUBSCRIBED') return;
        const end = statuses[i + 1]?.at ?? Infinity;
        const inWindow = w.rows.values.filter((r) => r.at > v.at && r.at < end);
        const upTo = inWindow.at(-1)?.value ?? 0;
        if (end !== Infinity) {
          const k = killTimes.findIndex((t) => t > v.at);
          expect(upTo, `${name}: the last row before kill ${k + 1}`).toBeGreaterThanOrEqual(
            PERIOD * (k + 1) - RACE,
          );
        }
        expected.push(...rows.filter((r) => r.started > v.at && r.n <= upTo).map((r) => r.n));
      });
      const received = new Set(got);
      expect(
        expected.filter((n) => !received.has(n)),
        `${name} missed rows committed while joined`,
      ).toEqual([]);
      expect(expected.length).toBeGreaterThanOrEqual(KILLS * (PERIOD - GAP - RACE));
    }

    // Exactly one phx_join per topic per connection: 51 connections of each client.
    for (const [t, topics] of [
      [tA, watches.slice(0, 3).map((w) => w.ch.topic)],
      [tB, [watches[3].ch.topic]],
    ] as const) {
      const perSocket = joinsPerSocket(t);
      expect(perSocket).toHaveLength(KILLS + 1);
      const once = Object.fromEntries(topics.map((name) => [name, 1]));
      expect(perSocket.filter((joins) => JSON.stringify(joins) !== JSON.stringify(once))).toEqual(
        [],
      );
    }

    // Removed and disconnected: the streams complete, nothing is held on either side.
    expect(
      await bounded('removeAllChannels (a)', firstValueFrom(supabase.removeAllChannels())),
    ).toEqual(['ok', 'ok', 'ok']);
    expect(
      await bounded('removeAllChannels (b)', firstValueFrom(solo.removeAllChannels())),
    ).toEqual(['ok']);
    for (const w of watches) {
      expect(w.status.completed && w.rows.completed, w.ch.topic).toBe(true);
      expect(w.status.error ?? w.rows.error).toBeUndefined();
    }
    await bounded(
      'every client socket closed',
      Promise.all([...tA.sockets, ...tB.sockets].map((s) => s.closed)),
    );
    const idle = { socket: 'closed', timers: false, auth: 0, active: 0 };
    expect(supabase.realtime._pending).toEqual(idle);
    expect(solo._pending).toEqual(idle);
    expect(supabase.getChannels()).toEqual([]);
    await bounded('the emulator saw every close', emu.realtime.whenIdle());
    expect(emu.realtime.connectionCount()).toBe(0);
    expect(emu.realtime.hub.stats()).toEqual({ topics: 0, members: 0, presenceTopics: 0 });
    console.info(`[${engine}] ${ROWS} inserts, ${KILLS} kills: ${tookMs} ms`);
  }, 90_000);
});
