/**
 * Realtime benchmarks, supabase-rx against realtime-js 2.119 in the same run:
 * - decode and dispatch of broadcast frames across 100 joined channels (frames per second), through
 *   an in-process socket so that only the clients' own work is timed;
 * - heap retained per idle subscribed channel;
 * - end-to-end latency through the emulator: a broadcast from one client to another (p50/p99), and
 *   an insert reaching a postgres_changes subscriber.
 */
import { RealtimeClient as RealtimeJs } from '@supabase/realtime-js';
import { createClient as createSupabaseJs } from '@supabase/supabase-js';
import { firstValueFrom, filter, map, take } from 'rxjs';
import ws from 'ws';
import { createClient } from 'supabase-rx';
import { RealtimeClient } from 'supabase-rx/realtime';
import { startEmulator } from 'supabase-rx-emulator';
import { FakeRealtimeSocket, openSockets } from './fake-realtime-socket.js';
import { fmt, median, percentile } from './stats.js';

const CHANNELS = 100;
const FRAMES = Number(process.env.BENCH_REALTIME_FRAMES ?? 100_000);
const DISPATCH_ROUNDS = Number(process.env.BENCH_REALTIME_ROUNDS ?? 7);
const IDLE_CHANNELS = 2_000;
const MESSAGES = Number(process.env.BENCH_REALTIME_MESSAGES ?? 1_000);
const INSERTS = Number(process.env.BENCH_REALTIME_INSERTS ?? 200);
const WARM_UP = { messages: 100, inserts: 20 };
const ROUNDS = 4;
const ENDPOINT = 'ws://127.0.0.1:1/realtime/v1';
const KEY = 'bench-anon-key';

const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** A client that joins channels and counts what its broadcast listeners receive. */
interface Harness {
  name: string;
  received: number;
  join(topic: string): Promise<void>;
  close(): Promise<void>;
}

function realtimeJsHarness(): Harness {
  const client = new RealtimeJs(ENDPOINT, {
    params: { apikey: KEY },
    transport: FakeRealtimeSocket as any,
  });
  const harness: Harness = {
    name: 'realtime-js 2.119',
    received: 0,
    join: (topic) =>
      new Promise((resolve, reject) => {
        client
          .channel(topic)
          .on('broadcast', { event: 'cursor' }, () => harness.received++)
          .subscribe((status) => {
            if (status === 'SUBSCRIBED') resolve();
            else if (status !== 'CLOSED') reject(new Error(`${topic}: ${status}`));
          });
      }),
    close: async () => {
      await client.removeAllChannels();
    },
  };
  return harness;
}

function supabaseRxHarness(): Harness {
  const client = new RealtimeClient(ENDPOINT, {
    params: { apikey: KEY },
    transport: FakeRealtimeSocket as any,
  });
  const subscriptions: { unsubscribe(): void }[] = [];
  const harness: Harness = {
    name: 'supabase-rx',
    received: 0,
    join: async (topic) => {
      const channel = client.channel(topic);
      subscriptions.push(
        channel.on('broadcast', { event: 'cursor' }).subscribe(() => harness.received++),
      );
      await firstValueFrom(channel.status$.pipe(filter((s) => s.status === 'SUBSCRIBED')));
    },
    close: async () => {
      for (const s of subscriptions) s.unsubscribe();
      await firstValueFrom(client.removeAllChannels());
    },
  };
  return harness;
}

/** Frames as Realtime sends them to a vsn 2.0.0 socket: JSON text, and binary kind 4. */
function broadcastFrames(count: number, binary: boolean): (string | ArrayBuffer)[] {
  const encoder = new TextEncoder();
  return Array.from({ length: count }, (_, i) => {
    const topic = `realtime:room-${i % CHANNELS}`;
    const payload = { x: i, y: i * 2 };
    if (!binary) {
      return JSON.stringify([
        null,
        null,
        topic,
        'broadcast',
        { type: 'broadcast', event: 'cursor', payload },
      ]);
    }
    const t = encoder.encode(topic);
    const e = encoder.encode('cursor');
    const p = encoder.encode(JSON.stringify(payload));
    const bytes = new Uint8Array(5 + t.length + e.length + p.length);
    bytes.set([4, t.length, e.length, 0, 1]);
    bytes.set(t, 5);
    bytes.set(e, 5 + t.length);
    bytes.set(p, 5 + t.length + e.length);
    return bytes.buffer;
  });
}

/** A harness joined to its channels, and the fake socket that feeds it. */
interface Fed {
  harness: Harness;
  socket: FakeRealtimeSocket;
}

async function joined(make: () => Harness): Promise<Fed> {
  const harness = make();
  openSockets.length = 0;
  for (let i = 0; i < CHANNELS; i++) await harness.join(`room-${i}`);
  return { harness, socket: openSockets[openSockets.length - 1] };
}

/** A timed pass: frames per second of wall-clock time and of this process's CPU time. */
interface Rate {
  wall: number;
  cpu: number;
}

/** One timed pass of every frame. */
function pass({ harness, socket }: Fed, frames: (string | ArrayBuffer)[]): Rate {
  harness.received = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  for (const frame of frames) socket.deliver(frame);
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  if (harness.received !== frames.length) {
    throw new Error(`${harness.name} dispatched ${harness.received} of ${frames.length} frames`);
  }
  return { wall: frames.length / seconds, cpu: frames.length / ((cpu.user + cpu.system) / 1e6) };
}

/**
 * Each client's passes: one untimed pass each to warm up, then DISPATCH_ROUNDS timed passes of
 * every frame, the two clients taking turns (who goes first alternates), so load from other
 * processes falls on both. On a shared 2-core machine one wall-clock pass per client gave 1.5× to
 * 5.3× from one run to the next; CPU time (the process's own, GC threads included) is what the load
 * disturbs least.
 */
async function dispatchRates(
  frames: (string | ArrayBuffer)[],
): Promise<{ js: Rate[]; rx: Rate[] }> {
  const js = await joined(realtimeJsHarness);
  const rx = await joined(supabaseRxHarness);
  pass(js, frames);
  pass(rx, frames);
  const rates = { js: [] as Rate[], rx: [] as Rate[] };
  for (let round = 0; round < DISPATCH_ROUNDS; round++) {
    const order = round % 2 === 0 ? (['js', 'rx'] as const) : (['rx', 'js'] as const);
    for (const who of order) rates[who].push(pass(who === 'js' ? js : rx, frames));
  }
  await js.harness.close();
  await rx.harness.close();
  return rates;
}

async function heapPerChannel(make: () => Harness): Promise<number | undefined> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return undefined;
  const harness = make();
  await harness.join('warm-up');
  await flush();
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < IDLE_CHANNELS; i++) await harness.join(`idle-${i}`);
  await flush();
  gc();
  const after = process.memoryUsage().heapUsed;
  await harness.close();
  return (after - before) / IDLE_CHANNELS;
}

export async function realtimeBench(): Promise<void> {
  console.log(
    `\n## Realtime: decode and dispatch (${FRAMES.toLocaleString()} broadcast frames, ${CHANNELS} channels)`,
  );
  console.log(
    `(${DISPATCH_ROUNDS} timed passes per client, taking turns, after one warm-up pass each; medians)`,
  );
  console.log(
    '| frames | client | frames/s, CPU time | × realtime-js | frames/s, wall clock | × realtime-js | passes, CPU k frames/s |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const binary of [false, true]) {
    const { js, rx } = await dispatchRates(broadcastFrames(FRAMES, binary));
    const kind = binary ? 'binary (kind 4)' : 'JSON text';
    const row = (client: string, rates: Rate[], base: Rate[]) => {
      const [cpu, wall] = [median(rates.map((r) => r.cpu)), median(rates.map((r) => r.wall))];
      const [baseCpu, baseWall] = [median(base.map((r) => r.cpu)), median(base.map((r) => r.wall))];
      const passes = rates.map((r) => Math.round(r.cpu / 1000)).join(' / ');
      console.log(
        `| ${kind} | ${client} | ${Math.round(cpu).toLocaleString()} | ${fmt(cpu / baseCpu)} | ${Math.round(wall).toLocaleString()} | ${fmt(wall / baseWall)} | ${passes} |`,
      );
    };
    row('realtime-js 2.119', js, js);
    row('supabase-rx', rx, js);
  }

  console.log(
    `\n## Realtime: heap retained per idle subscribed channel (${IDLE_CHANNELS.toLocaleString()} channels)`,
  );
  const jsHeap = await heapPerChannel(realtimeJsHarness);
  const rxHeap = await heapPerChannel(supabaseRxHarness);
  if (jsHeap === undefined || rxHeap === undefined) {
    console.log('(skipped: run with node --expose-gc, as `npm run bench` does)');
  } else {
    console.log('| client | bytes per channel | × realtime-js |');
    console.log('| --- | --- | --- |');
    console.log(`| realtime-js 2.119 | ${Math.round(jsHeap).toLocaleString()} | 1.00 |`);
    console.log(
      `| supabase-rx | ${Math.round(rxHeap).toLocaleString()} | ${fmt(rxHeap / jsHeap)} |`,
    );
  }

  await endToEnd();
}

/** Latency through the emulator on PGlite: broadcast between two clients, and insert → change. */
async function endToEnd(): Promise<void> {
  const emulator = await startEmulator({
    port: 0,
    sql: `create table if not exists bench_events (id bigserial primary key, sent_at double precision not null);
          grant all on bench_events to anon, authenticated;
          grant usage, select on sequence bench_events_id_seq to anon, authenticated;
          alter publication supabase_realtime add table bench_events;`,
  });
  try {
    console.log(
      `\n## Realtime: end to end through the emulator (PGlite, ${MESSAGES.toLocaleString()} broadcasts, ${INSERTS} inserts, in ${ROUNDS} alternating rounds)`,
    );
    console.log('| path | client | p50 ms | p99 ms |');
    console.log('| --- | --- | --- | --- |');
    // A short warm-up round of each first, so neither client pays for the cold emulator.
    const insert = () => insertNow(emulator);
    await rxLatencies(emulator.url, emulator.anonKey, insert, WARM_UP);
    await jsLatencies(emulator.url, emulator.anonKey, insert, WARM_UP);
    // Whichever client is measured first pays for a colder emulator (swapping the order swapped
    // the winner), so the clients take turns over ROUNDS rounds, alternating who goes first.
    const rx: Latencies = { broadcast: [], change: [] };
    const js: Latencies = { broadcast: [], change: [] };
    const share = { messages: MESSAGES / ROUNDS, inserts: INSERTS / ROUNDS };
    const add = (into: Latencies, from: Latencies) => {
      into.broadcast.push(...from.broadcast);
      into.change.push(...from.change);
    };
    for (let round = 0; round < ROUNDS; round++) {
      const rxRound = () => rxLatencies(emulator.url, emulator.anonKey, insert, share);
      const jsRound = () => jsLatencies(emulator.url, emulator.anonKey, insert, share);
      if (round % 2 === 0) {
        add(rx, await rxRound());
        add(js, await jsRound());
      } else {
        add(js, await jsRound());
        add(rx, await rxRound());
      }
    }
    for (const [path, key] of [
      ['broadcast', 'broadcast'],
      ['insert → postgres_changes', 'change'],
    ] as const) {
      for (const [client, runs] of [
        ['realtime-js 2.119', js],
        ['supabase-rx', rx],
      ] as const) {
        const sorted = [...runs[key]].sort((a, b) => a - b);
        console.log(
          `| ${path} | ${client} | ${fmt(percentile(sorted, 50))} | ${fmt(percentile(sorted, 99))} |`,
        );
      }
    }
  } finally {
    await emulator.stop();
  }
}

function insertNow(emulator: { db: { query(sql: string, params: unknown[]): Promise<unknown> } }) {
  return emulator.db.query('insert into bench_events (sent_at) values ($1)', [performance.now()]);
}

interface Latencies {
  broadcast: number[];
  change: number[];
}

async function rxLatencies(
  url: string,
  key: string,
  insert: () => Promise<unknown>,
  counts = { messages: MESSAGES, inserts: INSERTS },
): Promise<Latencies> {
  const sender = createClient(url, key, { auth: { persistSession: false } });
  const receiver = createClient(url, key, { auth: { persistSession: false } });
  const out: Latencies = { broadcast: [], change: [] };
  const inbox = receiver.channel('bench-latency');
  const outbox = sender.channel('bench-latency');
  const got = inbox.on('broadcast', { event: 'ping' });
  const changes = inbox.on('postgres_changes', {
    event: 'INSERT',
    schema: 'public',
    table: 'bench_events',
  });
  const keepSender = outbox.status$.subscribe();
  const keepChanges = changes.subscribe();
  await firstValueFrom(inbox.status$.pipe(filter((s) => s.status === 'SUBSCRIBED')));
  await firstValueFrom(outbox.status$.pipe(filter((s) => s.status === 'SUBSCRIBED')));
  for (let i = 0; i < counts.messages; i++) {
    // Timed where the payload reaches the subscriber, not where the awaiting code resumes.
    const arrived = firstValueFrom(
      got.pipe(
        take(1),
        map(() => performance.now()),
      ),
    );
    const sentAt = performance.now();
    await firstValueFrom(outbox.send({ type: 'broadcast', event: 'ping', payload: { i } }));
    out.broadcast.push((await arrived) - sentAt);
  }
  for (let i = 0; i < counts.inserts; i++) {
    const arrived = firstValueFrom(
      changes.pipe(
        take(1),
        map((p) => performance.now() - (p.new as { sent_at: number }).sent_at),
      ),
    );
    await insert();
    out.change.push(await arrived);
  }
  keepSender.unsubscribe();
  keepChanges.unsubscribe();
  await firstValueFrom(sender.removeAllChannels());
  await firstValueFrom(receiver.removeAllChannels());
  return out;
}

async function jsLatencies(
  url: string,
  key: string,
  insert: () => Promise<unknown>,
  counts = { messages: MESSAGES, inserts: INSERTS },
): Promise<Latencies> {
  const options = { auth: { persistSession: false }, realtime: { transport: ws as any } };
  const sender = createSupabaseJs(url, key, options);
  const receiver = createSupabaseJs(url, key, options);
  const out: Latencies = { broadcast: [], change: [] };
  let onPing: (at: number) => void = () => undefined;
  let onChange: (latency: number) => void = () => undefined;
  const joined = (channel: ReturnType<typeof sender.channel>) =>
    new Promise<void>((resolve, reject) =>
      channel.subscribe((status) =>
        status === 'SUBSCRIBED' ? resolve() : status !== 'CLOSED' && reject(new Error(status)),
      ),
    );
  const inbox = receiver
    .channel('bench-latency-js')
    .on('broadcast', { event: 'ping' }, () => onPing(performance.now()))
    .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'bench_events' }, (p) =>
      onChange(performance.now() - (p.new as { sent_at: number }).sent_at),
    );
  const outbox = sender.channel('bench-latency-js');
  await joined(inbox);
  await joined(outbox);
  for (let i = 0; i < counts.messages; i++) {
    const arrived = new Promise<number>((resolve) => (onPing = resolve));
    const sentAt = performance.now();
    await outbox.send({ type: 'broadcast', event: 'ping', payload: { i } });
    out.broadcast.push((await arrived) - sentAt);
  }
  for (let i = 0; i < counts.inserts; i++) {
    // Timed in the callback (the previous `now() - (await arrived)` read the clock before the
    // change arrived, so realtime-js was timed to the end of the insert instead).
    const arrived = new Promise<number>((resolve) => (onChange = resolve));
    await insert();
    out.change.push(await arrived);
  }
  await sender.removeAllChannels();
  await receiver.removeAllChannels();
  return out;
}
