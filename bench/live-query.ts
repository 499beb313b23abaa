/**
 * liveQuery's per-change cost: 10,000 changes (updates that reorder, inserts, deletes) applied
 * to a 10,000-row view sorted by `score desc` (ties by `id`), at 10,000 changes per second in
 * animation-frame batches (167 changes per frame at 60 fps).
 *
 * The contenders, in the same run, on the same changes:
 * - `liveQuery store`: the state machine alone (filter, projection, binary search, splice), plus
 *   one `data` array per frame, as a UI would get it.
 * - `liveQuery stream`: the whole Observable (`liveQuery` over a fake channel, `batch: 'tick'`):
 *   what a subscriber pays, one emission (a new 10,000-row `data` array) per frame.
 * - the same stream with `batch: 'none'`: one emission, so one `data` array copied, per change —
 *   O(n) per change, shown for what batching saves.
 * - `naive re-sort`: a key → row map, re-sorted into a fresh array on every change (what a
 *   hand-written `postgres_changes` handler usually does; a refetch per change is a round trip,
 *   milliseconds, and is left out).
 *
 * The target (issue 10): under 20 µs per change for the stream with `batch: 'tick'`, and a
 * per-change cost that grows as log n: the store is also run on 1,000 and 100,000 rows.
 *
 * Memory: the heap retained by each view once built (after `gc()`, with `--expose-gc`), rows
 * included, and the same rows in a plain array as the baseline.
 */
import { cpus, loadavg } from 'node:os';
import { asapScheduler, filter, NEVER, Observable, of, Subject } from 'rxjs';
// From src, as the store below: the stream and the store are measured on the same code.
import { PostgrestClient } from '../src/db/client.js';
import { liveQuery, type LiveChannel } from '../src/live/live-query.js';
import { LiveStore, type LiveQueryState } from '../src/live/live-store.js';
import { liveSpec } from '../src/live/query-spec.js';
import type { RowChange } from '../src/live/reconcile.js';
import { rowComparator } from '../src/live/sort-order.js';
import { fmt } from './stats.js';

const ROWS = Number(process.env.BENCH_LIVE_ROWS ?? 10_000);
const TARGET_US = 20;
const CHANGES = Number(process.env.BENCH_LIVE_CHANGES ?? 10_000);
const PER_FRAME = Math.ceil(10_000 / 60);
// The naive view costs milliseconds per change: timed on the first changes only.
const NAIVE_SAMPLE = Math.min(CHANGES, Number(process.env.BENCH_LIVE_NAIVE ?? 500));

type Row = { id: number; score: number; done: boolean; title: string };

const db = new PostgrestClient('http://localhost/rest/v1', {
  transport: { request: () => of() as never },
});
const query = db
  .from('items')
  .select('id, score, done, title')
  .eq('done', false)
  .order('score', { ascending: false });

function seeded(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function workload(rows = ROWS) {
  const rnd = seeded(7);
  const row = (id: number): Row => ({
    id,
    score: Math.floor(rnd() * 1_000_000),
    done: false,
    title: `item ${id}`,
  });
  const initial = Array.from({ length: rows }, (_, i) => row(i + 1));
  const live = new Set(initial.map((r) => r.id));
  let next = rows + 1;
  const changes: RowChange[] = [];
  const pick = () => {
    // A random live id: sample until one is still there (deletes are a fifth of the changes).
    for (;;) {
      const id = 1 + Math.floor(rnd() * (next - 1));
      if (live.has(id)) return id;
    }
  };
  for (let i = 0; i < CHANGES; i++) {
    const r = rnd();
    if (r < 0.6) changes.push({ eventType: 'UPDATE', new: row(pick()), old: {} });
    else if (r < 0.8) {
      const id = next++;
      live.add(id);
      changes.push({ eventType: 'INSERT', new: row(id), old: {} });
    } else {
      const id = pick();
      live.delete(id);
      changes.push({ eventType: 'DELETE', new: {}, old: { id } });
    }
  }
  return { initial, changes };
}

/** One UI-visible array per frame, like the stream's emissions. */
function runStore(initial: Row[], changes: RowChange[], perFrame = PER_FRAME) {
  const store = new LiveStore(liveSpec(query.state, ['id']), ['id'], Infinity);
  store.handle({ type: 'status', status: 'SUBSCRIBED' });
  store.handle({ type: 'fetch-start' });
  store.handle({ type: 'snapshot', rows: initial });
  const start = performance.now();
  let frames = 0;
  for (let i = 0; i < changes.length; i++) {
    store.handle({ type: 'change', change: changes[i]! });
    if ((i + 1) % perFrame === 0 || i === changes.length - 1) {
      frames++;
      void store.state<Row>().data.length;
    }
  }
  return {
    ms: performance.now() - start,
    frames,
    size: store.state<Row>().data.length,
    keep: store,
  };
}

function runNaive(initial: Row[], changes: RowChange[]) {
  const cmp = rowComparator([{ column: 'score', ascending: false, nullsFirst: true }], ['id']);
  const byKey = new Map<number, Row>(initial.map((r) => [r.id, r]));
  let data: Row[] = [...byKey.values()].sort(cmp);
  const start = performance.now();
  for (const c of changes) {
    if (c.eventType === 'DELETE') byKey.delete(c.old.id as number);
    else byKey.set(c.new.id as number, c.new as Row);
    data = [...byKey.values()].sort(cmp);
  }
  return { ms: performance.now() - start, size: data.length, keep: { byKey, data } };
}

async function runStream(initial: Row[], changes: RowChange[], batch: 'tick' | 'none') {
  const status$ = new Subject<{ status: string }>();
  const changes$ = new Subject<RowChange>();
  const source = Object.assign(
    new Observable<{ data: Row[] }>((s) => {
      s.next({ data: initial });
      s.complete();
    }),
    { state: query.state },
  );
  const realtime = {
    channel: () => ({
      status$,
      // As Realtime: each binding gets the changes of its event only.
      on: ((type: string, binding?: { event: string }) =>
        type === 'system'
          ? NEVER
          : changes$.pipe(
              filter((c) => binding?.event === '*' || c.eventType === binding?.event),
            )) as unknown as LiveChannel['on'],
    }),
    removeChannel: () => of('ok'),
  };
  let emissions = 0;
  let last: LiveQueryState<Row> | undefined;
  const sub = liveQuery(source, {
    realtime,
    primaryKey: 'id',
    batch,
    maxRows: Infinity,
    readyTimeout: false,
    scheduler: asapScheduler,
  }).subscribe((s) => {
    emissions++;
    last = s;
  });
  status$.next({ status: 'SUBSCRIBED' });
  await new Promise((r) => setTimeout(r, 0));
  const before = emissions;
  const start = performance.now();
  for (let i = 0; i < changes.length; i += PER_FRAME) {
    for (let j = i; j < Math.min(i + PER_FRAME, changes.length); j++) changes$.next(changes[j]!);
    await Promise.resolve(); // the tick: one emission per frame's burst
    await Promise.resolve();
  }
  const ms = performance.now() - start;
  sub.unsubscribe();
  return { ms, emissions: emissions - before, size: last?.data.length ?? 0 };
}

function retained(build: () => unknown): { bytes: number; keep: unknown } {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const keep = build();
  gc?.();
  return { bytes: process.memoryUsage().heapUsed - before, keep };
}

export async function liveQueryBench(): Promise<void> {
  const { initial, changes } = workload();
  // Warm-up (JIT) on a copy of the workload.
  runStore(initial, changes.slice(0, 2000));
  runNaive(initial, changes.slice(0, 200));
  await runStream(initial, changes.slice(0, 2000), 'tick');
  const store = runStore(initial, changes);
  const stream = await runStream(initial, changes, 'tick');
  const unbatched = await runStream(initial, changes, 'none');
  const sample = changes.slice(0, NAIVE_SAMPLE);
  const naive = runNaive(initial, sample);
  // Same changes, same view: the store and the naive view must agree row for row.
  const check = runStore(initial, sample).keep.state<Row>().data;
  if (
    JSON.stringify(check) !== JSON.stringify(naive.keep.data) ||
    stream.size !== store.size ||
    unbatched.size !== store.size
  ) {
    throw new Error(`views disagree (store ${store.size}, stream ${stream.size})`);
  }
  const us = (ms: number, n = changes.length) => (ms * 1000) / n;
  const perNaive = us(naive.ms, sample.length);
  // x µs per change at 10,000 changes per second = x × 10,000 µs per second = x % of a second.
  const share = (perChange: number) => `${fmt(perChange, 1)}%`;
  console.log(
    `\n## liveQuery: ${CHANGES} changes into a ${ROWS}-row sorted view (${PER_FRAME} per frame)`,
  );
  console.log('| view | µs per change | CPU share of 1 s at 10,000 changes/s | emissions |');
  console.log('| --- | ---: | ---: | ---: |');
  const line = (name: string, perChange: number, emissions: string | number) =>
    console.log(`| ${name} | ${fmt(perChange)} | ${share(perChange)} | ${emissions} |`);
  line('liveQuery store', us(store.ms), store.frames);
  line("liveQuery stream (batch: 'tick')", us(stream.ms), stream.emissions);
  line("liveQuery stream (batch: 'none')", us(unbatched.ms), unbatched.emissions);
  line(`naive re-sort per change (first ${sample.length} changes)`, perNaive, 'one per change');
  console.log(`naive / liveQuery store, per change: ${fmt(perNaive / us(store.ms), 0)}×`);
  const pass = us(stream.ms) < TARGET_US;
  console.log(
    `target: under ${TARGET_US} µs per change for the stream (batch: 'tick'): ${pass ? 'PASS' : 'FAIL'} (${fmt(us(stream.ms))} µs)`,
  );
  console.log(
    `(load average ${loadavg()
      .map((l) => fmt(l, 1))
      .join(' ')} on ${cpus().length} CPUs)`,
  );

  // O(log n): the same mix of changes on views of 1,000 to 100,000 rows; the state machine alone
  // (one `data` array at the end) and with one `data` array (O(n)) per frame.
  console.log(
    `\n| rows in the view | store, µs per change, no emission | with one data array per frame |`,
  );
  console.log('| ---: | ---: | ---: |');
  for (const n of [1_000, 10_000, 100_000]) {
    const w = n === ROWS ? { initial, changes } : workload(n);
    runStore(w.initial, w.changes.slice(0, 2000));
    const alone = runStore(w.initial, w.changes, Infinity).ms;
    const framed = runStore(w.initial, w.changes).ms;
    console.log(`| ${n} | ${fmt(us(alone))} | ${fmt(us(framed))} |`);
  }

  const rows = retained(() => initial.map((r) => ({ ...r })));
  const live = retained(
    () =>
      runStore(
        initial.map((r) => ({ ...r })),
        [],
      ).keep,
  );
  const plain = retained(
    () =>
      runNaive(
        initial.map((r) => ({ ...r })),
        [],
      ).keep,
  );
  const kb = (b: number) => fmt(b / 1024, 0);
  console.log(`\n| retained after build (${ROWS} rows, after gc) | KB |`);
  console.log('| --- | ---: |');
  console.log(`| the rows alone (plain array) | ${kb(rows.bytes)} |`);
  console.log(`| liveQuery store (sorted blocks + key map + data array) | ${kb(live.bytes)} |`);
  console.log(`| naive (key map + sorted array) | ${kb(plain.bytes)} |`);
  void [rows.keep, live.keep, plain.keep];
}
