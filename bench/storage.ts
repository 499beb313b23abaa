/**
 * Storage upload benchmarks against the emulator (bytes on disk, in a child process so that this
 * process's memory is the client's), supabase-rx against storage-js 2.119 in the same run:
 * - a streamed upload of BENCH_STORAGE_MB (default 1024) MB from a `ReadableStream` that makes
 *   its bytes as it is read: throughput and peak RSS growth of the client process (and of the
 *   emulator's, to see where memory goes);
 * - supabase-rx with `observe: 'events'` against without: progress events per upload (against
 *   the bound of one per throttle interval plus the final one) and their cost on throughput, also
 *   from BENCH_STORAGE_PAIRS (default 8) back-to-back pairs of BENCH_STORAGE_PAIR_MB (256) MB.
 * - a file upload of the same size (a file-backed Blob from `fs.openAsBlob`, sent as multipart
 *   form data by both clients): memory of both sides with the emulator's streamed multipart.
 * A bare `fetch` of the same request is the floor. Each measured upload runs in a fresh client
 * process (after a small warm-up upload), so that memory an earlier upload left mapped cannot
 * hide its growth; each round runs the four in a rotated order; tables give medians of rounds.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createWriteStream, openAsBlob } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient as createSupabaseJs } from '@supabase/supabase-js';
import { lastValueFrom, tap } from 'rxjs';
import ws from 'ws';
import { createClient } from 'supabase-rx';
import { fmt, median } from './stats.js';

const MB = 1024 * 1024;
const SIZE_MB = Number(process.env.BENCH_STORAGE_MB ?? 1024);
const ROUNDS = Number(process.env.BENCH_STORAGE_ROUNDS ?? 3);
const CHUNK = 64 * 1024;
const WARM_UP_MB = 16;
const SAMPLE_MS = 5;
/** supabase-rx's default `progressInterval`. */
const PROGRESS_INTERVAL = 100;
const BUCKET = 'bench';
const CHILD_FLAG = '--storage-bench-emulator';
/** The file the file uploads send (written once by the parent, named to the clients by env). */
const FILE_ENV = 'BENCH_STORAGE_FILE';
const CLIENT_FLAG = '--storage-bench-client';
const PAIRS_FLAG = '--storage-bench-pairs';
/** Progress cost: pairs of uploads (plain, events) of this size, in one client process. */
const PAIR_MB = Number(process.env.BENCH_STORAGE_PAIR_MB ?? 256);
const PAIRS = Number(process.env.BENCH_STORAGE_PAIRS ?? 8);

/** A stream of `bytes` bytes, made 64 KiB at a time as it is pulled (never held whole). */
function generatedBody(bytes: number): ReadableStream<Uint8Array> {
  const template = new Uint8Array(CHUNK).map((_, i) => i & 0xff);
  let left = bytes;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (left <= 0) return controller.close();
      const n = Math.min(CHUNK, left);
      left -= n;
      // A fresh chunk each time: fetch may still hold the previous one in a socket write.
      controller.enqueue(template.slice(0, n));
    },
  });
}

/** Peak RSS above a baseline taken after a garbage collection, sampled every SAMPLE_MS. */
function rssSampler(): { stop(): number } {
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return peak - base;
    },
  };
}

/** The emulator in a child process: its URL, keys, and its own peak RSS between two calls. */
interface ChildEmulator {
  url: string;
  serviceRoleKey: string;
  markRss(): Promise<void>;
  peakRss(): Promise<number>;
  stop(): Promise<void>;
}

async function startChildEmulator(): Promise<ChildEmulator> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [CHILD_FLAG], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const ask = <T>(type: string) =>
    new Promise<T>((resolve) => {
      child.once('message', (m: { value: T }) => resolve(m.value));
      child.send({ type });
    });
  const ready = await new Promise<{ url: string; serviceRoleKey: string }>((resolve, reject) => {
    child.once('message', (m: { url: string; serviceRoleKey: string }) => resolve(m));
    child.once('exit', (code) => reject(new Error(`emulator child exited with ${code}`)));
  });
  return {
    ...ready,
    markRss: () => ask<void>('mark'),
    peakRss: () => ask<number>('peak'),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.disconnect();
      }),
  };
}

/** Child side: an emulator with a data folder (bytes on disk) and a 64 GiB upload limit. */
async function runEmulatorChild(): Promise<void> {
  const { startEmulator } = await import('supabase-rx-emulator');
  const dir = await mkdtemp(join(tmpdir(), 'supabase-rx-storage-bench-'));
  await writeFile(join(dir, 'config.toml'), '[storage]\nfile_size_limit = "64GiB"\n');
  const emulator = await startEmulator({
    port: 0,
    projectDir: dir,
    dataDir: join(dir, 'data'),
    functions: false,
  });
  let peak = 0;
  setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, SAMPLE_MS).unref();
  process.on('message', (m: { type: string }) => {
    if (m.type === 'mark') {
      (globalThis as { gc?: () => void }).gc?.();
      peak = process.memoryUsage().rss;
      process.send!({ value: undefined });
    } else if (m.type === 'peak') {
      process.send!({ value: Math.max(peak, process.memoryUsage().rss) });
    }
  });
  process.on('disconnect', async () => {
    await emulator.stop();
    await rm(dir, { recursive: true, force: true });
    process.exit(0);
  });
  process.send!({ url: emulator.url, serviceRoleKey: emulator.serviceRoleKey });
}

/** What one upload measured. */
interface Run {
  seconds: number;
  /** The client process's CPU time (user + system) during the upload. */
  cpuSeconds: number;
  rssGrowth: number;
  emulatorRssGrowth: number;
  progress: number;
  /** Smallest gap between two progress events before the final one (ms). */
  minGap: number;
}

type Upload = (path: string, bytes: number) => Promise<{ progress: number; minGap: number }>;

/** The first `bytes` of the bench's file as a file-backed Blob (never read into memory whole). */
async function fileBlob(bytes: number): Promise<Blob> {
  const blob = await openAsBlob(process.env[FILE_ENV]!, { type: 'application/octet-stream' });
  return blob.size === bytes ? blob : blob.slice(0, bytes, 'application/octet-stream');
}

/** The uploads compared, each through its client, as the service role. */
function makeUploads(url: string, key: string): Record<string, Upload> {
  const options = { auth: { persistSession: false } };
  const rx = createClient(url, key, options);
  const js = createSupabaseJs(url, key, { ...options, realtime: { transport: ws as any } });
  return {
    // The floor: the same request by hand, with no library.
    'bare fetch': async (path, n) => {
      const res = await fetch(`${url}/storage/v1/object/${BUCKET}/${path}`, {
        method: 'POST',
        headers: {
          apikey: key,
          authorization: `Bearer ${key}`,
          'content-type': 'application/octet-stream',
          'x-upsert': 'false',
        },
        body: generatedBody(n),
        duplex: 'half',
      } as RequestInit);
      if (!res.ok) throw new Error(`bare fetch: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
      return { progress: 0, minGap: NaN };
    },
    'storage-js 2.119': async (path, n) => {
      const { error } = await js.storage
        .from(BUCKET)
        .upload(path, generatedBody(n), { contentType: 'application/octet-stream' });
      if (error) throw error;
      return { progress: 0, minGap: NaN };
    },
    'supabase-rx': async (path, n) => {
      await lastValueFrom(
        rx.storage
          .from(BUCKET)
          .upload(path, generatedBody(n), { contentType: 'application/octet-stream' }),
      );
      return { progress: 0, minGap: NaN };
    },
    'storage-js 2.119, file (multipart)': async (path, n) => {
      const { error } = await js.storage.from(BUCKET).upload(path, await fileBlob(n));
      if (error) throw error;
      return { progress: 0, minGap: NaN };
    },
    'supabase-rx, file (multipart)': async (path, n) => {
      await lastValueFrom(rx.storage.from(BUCKET).upload(path, await fileBlob(n)));
      return { progress: 0, minGap: NaN };
    },
    "supabase-rx, observe: 'events'": async (path, n) => {
      const times: number[] = [];
      let last = 0;
      await lastValueFrom(
        rx.storage
          .from(BUCKET)
          .upload(path, generatedBody(n), {
            contentType: 'application/octet-stream',
            observe: 'events',
          })
          .pipe(
            tap((e) => {
              if (e.type !== 'progress') return;
              times.push(performance.now());
              last = e.loaded;
            }),
          ),
      );
      if (last !== n) throw new Error(`the last progress event said ${last} of ${n} bytes`);
      let minGap = Infinity;
      for (let i = 1; i < times.length - 1; i++) minGap = Math.min(minGap, times[i] - times[i - 1]);
      return { progress: times.length, minGap };
    },
  };
}

const EVENTS = "supabase-rx, observe: 'events'";

const UPLOAD_NAMES = [
  'bare fetch',
  'storage-js 2.119',
  'supabase-rx',
  "supabase-rx, observe: 'events'",
  'storage-js 2.119, file (multipart)',
  'supabase-rx, file (multipart)',
];

/**
 * Client side, in a fresh process per measured upload (so that memory an earlier upload left
 * mapped cannot hide this one's growth): a small warm-up upload, then the timed one.
 */
async function runClientChild(name: string, bytes: number, url: string, key: string) {
  const uploads = makeUploads(url, key);
  const js = createSupabaseJs(url, key, {
    auth: { persistSession: false },
    realtime: { transport: ws as any },
  });
  const remove = async (path: string) => {
    const { error } = await js.storage.from(BUCKET).remove([path]);
    if (error) throw error;
  };
  const path = () => `run-${Date.now()}-${Math.random().toString(36).slice(2)}.bin`;
  const warm = path();
  await uploads[name](warm, WARM_UP_MB * MB);
  await remove(warm);
  const timed = path();
  const rss = rssSampler();
  const cpu = process.cpuUsage();
  const start = performance.now();
  const { progress, minGap } = await uploads[name](timed, bytes);
  const seconds = (performance.now() - start) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  const rssGrowth = rss.stop();
  process.send!({ seconds, cpuSeconds: (user + system) / 1e6, rssGrowth, progress, minGap });
  await remove(timed);
  process.disconnect();
}

/** What one pair measured: seconds and client CPU seconds of each upload. */
interface Pair {
  plain: number;
  events: number;
  plainCpu: number;
  eventsCpu: number;
}

/**
 * Progress cost, in one client process: PAIRS pairs of a plain upload and one with
 * `observe: 'events'`, back to back (which goes first alternates), so that each pair's two
 * uploads meet the same machine load.
 */
async function runPairsChild(bytes: number, url: string, key: string) {
  const uploads = makeUploads(url, key);
  const js = createSupabaseJs(url, key, {
    auth: { persistSession: false },
    realtime: { transport: ws as any },
  });
  const timed = async (name: string) => {
    const path = `pair-${Date.now()}-${Math.random().toString(36).slice(2)}.bin`;
    const cpu = process.cpuUsage();
    const start = performance.now();
    await uploads[name](path, bytes);
    const seconds = (performance.now() - start) / 1000;
    const { user, system } = process.cpuUsage(cpu);
    const { error } = await js.storage.from(BUCKET).remove([path]);
    if (error) throw error;
    return { seconds, cpu: (user + system) / 1e6 };
  };
  await timed('supabase-rx');
  const pairs: Pair[] = [];
  for (let i = 0; i < PAIRS; i++) {
    const order = i % 2 === 0 ? ['supabase-rx', EVENTS] : [EVENTS, 'supabase-rx'];
    const [a, b] = [await timed(order[0]!), await timed(order[1]!)];
    const [plain, events] = i % 2 === 0 ? [a, b] : [b, a];
    pairs.push({
      plain: plain.seconds,
      events: events.seconds,
      plainCpu: plain.cpu,
      eventsCpu: events.cpu,
    });
  }
  process.send!(pairs);
  process.disconnect();
}

/**
 * A server that reads every request body and throws the bytes away, answering as Storage does
 * (an upload's `{ Key, Id }`, a delete's `[]`): pairs against it time the client alone, with no
 * disk or emulator in the way — the events' cost at its largest share.
 */
async function startSink(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    req.once('end', () => {
      const body = req.method === 'DELETE' ? '[]' : JSON.stringify({ Key: req.url, Id: 'sink' });
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function measurePairs(
  emulator: Pick<ChildEmulator, 'url' | 'serviceRoleKey'>,
  bytes: number,
): Promise<Pair[]> {
  const child = fork(
    fileURLToPath(import.meta.url),
    [PAIRS_FLAG, String(bytes), emulator.url, emulator.serviceRoleKey],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  return new Promise<Pair[]>((resolve, reject) => {
    child.once('message', (m: Pair[]) => resolve(m));
    child.once('exit', (code) => reject(new Error(`pairs: client process exited with ${code}`)));
  });
}

async function measure(emulator: ChildEmulator, name: string, bytes: number): Promise<Run> {
  await emulator.markRss();
  const emulatorBase = await emulator.peakRss();
  const child = fork(
    fileURLToPath(import.meta.url),
    [CLIENT_FLAG, name, String(bytes), emulator.url, emulator.serviceRoleKey],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const result = await new Promise<Omit<Run, 'emulatorRssGrowth'>>((resolve, reject) => {
    child.once('message', (m: Omit<Run, 'emulatorRssGrowth'>) => resolve(m));
    child.once('exit', (code) => reject(new Error(`${name}: client process exited with ${code}`)));
  });
  const emulatorRssGrowth = (await emulator.peakRss()) - emulatorBase;
  await new Promise<void>((resolve) =>
    child.exitCode === null ? child.once('exit', () => resolve()) : resolve(),
  );
  return { ...result, emulatorRssGrowth };
}

/** Writes the file that the file uploads send (the generated bytes, on disk). */
async function writeBenchFile(bytes: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'supabase-rx-storage-bench-file-'));
  const file = join(dir, 'upload.bin');
  await pipeline(Readable.fromWeb(generatedBody(bytes) as any), createWriteStream(file));
  return file;
}

export async function storageBench(): Promise<void> {
  const bytes = SIZE_MB * MB;
  const file = await writeBenchFile(bytes);
  process.env[FILE_ENV] = file;
  const emulator = await startChildEmulator();
  try {
    const js = createSupabaseJs(emulator.url, emulator.serviceRoleKey, {
      auth: { persistSession: false },
      realtime: { transport: ws as any },
    });
    const created = await js.storage.createBucket(BUCKET, { public: false });
    if (created.error) throw created.error;
    const runs: Record<string, Run[]> = Object.fromEntries(UPLOAD_NAMES.map((n) => [n, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < UPLOAD_NAMES.length; i++) {
        const name = UPLOAD_NAMES[(round + i) % UPLOAD_NAMES.length];
        runs[name].push(await measure(emulator, name, bytes));
      }
    }
    const pairs = await measurePairs(emulator, PAIR_MB * MB);
    const sink = await startSink();
    const sinkPairs = await measurePairs(
      { url: sink.url, serviceRoleKey: emulator.serviceRoleKey },
      PAIR_MB * MB,
    ).finally(() => sink.close());
    report(runs, bytes);
    reportPairs(pairs, 'to the emulator');
    reportPairs(sinkPairs, 'to a local sink that discards the bytes: the client alone');
  } finally {
    await emulator.stop();
    await rm(join(file, '..'), { recursive: true, force: true });
  }
}

function report(runs: Record<string, Run[]>, bytes: number): void {
  const mbps = (r: Run) => bytes / MB / r.seconds;
  const js = median(runs['storage-js 2.119'].map(mbps));
  const rx = median(runs['supabase-rx'].map(mbps));
  const events = median(runs["supabase-rx, observe: 'events'"].map(mbps));
  const mb = (n: number) => fmt(n / MB, 1);

  console.log(
    `\n## Storage: streamed upload to the emulator (${SIZE_MB.toLocaleString()} MB from a generated ReadableStream, bytes on disk, median of ${ROUNDS} rounds; MB = 2^20 bytes)`,
  );
  console.log(
    '| client | MB/s | × storage-js | client CPU s | client peak RSS growth MB (max) | emulator peak RSS growth MB (max) |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const [name, list] of Object.entries(runs)) {
    const rate = median(list.map(mbps));
    const cpu = median(list.map((r) => r.cpuSeconds));
    const rss = Math.max(...list.map((r) => r.rssGrowth));
    const emu = Math.max(...list.map((r) => r.emulatorRssGrowth));
    console.log(
      `| ${name} | ${fmt(rate, 1)} | ${fmt(rate / js)} | ${fmt(cpu)} | ${mb(rss)} | ${mb(emu)} |`,
    );
  }
  const rxRss = Math.max(...runs['supabase-rx'].map((r) => r.rssGrowth));
  console.log(
    `targets: supabase-rx RSS growth < 64 MB: ${rxRss < 64 * MB ? 'met' : 'NOT met'} (${mb(rxRss)} MB); ` +
      `throughput ≥ storage-js's: ${rx >= js ? 'met' : 'NOT met'} (${fmt(rx / js)}×)`,
  );
  const jsFile = median(runs['storage-js 2.119, file (multipart)'].map(mbps));
  const rxFile = median(runs['supabase-rx, file (multipart)'].map(mbps));
  const rxFileRss = Math.max(...runs['supabase-rx, file (multipart)'].map((r) => r.rssGrowth));
  console.log(
    `file (multipart): supabase-rx RSS growth ${mb(rxFileRss)} MB, throughput ${fmt(rxFile / jsFile)}× storage-js's`,
  );
  console.log(
    `per round, MB/s: ${Object.entries(runs)
      .map(([name, list]) => `${name} ${list.map((r) => fmt(mbps(r), 0)).join(' / ')}`)
      .join('; ')}`,
  );
  console.log(
    `per round, client RSS growth MB: ${Object.entries(runs)
      .map(([name, list]) => `${name} ${list.map((r) => mb(r.rssGrowth)).join(' / ')}`)
      .join('; ')}`,
  );

  console.log(
    `\n## Storage: progress events (observe: 'events', progressInterval ${PROGRESS_INTERVAL} ms)`,
  );
  console.log(
    '| round | seconds | progress events | bound (⌈ms / interval⌉ + 1 final) | smallest gap ms |',
  );
  console.log('| --- | --- | --- | --- | --- |');
  let within = true;
  runs["supabase-rx, observe: 'events'"].forEach((r, i) => {
    const bound = Math.ceil((r.seconds * 1000) / PROGRESS_INTERVAL) + 1;
    within &&= r.progress <= bound;
    console.log(
      `| ${i + 1} | ${fmt(r.seconds)} | ${r.progress} | ${bound} | ${fmt(r.minGap, 1)} |`,
    );
  });
  // Paired by round (the two run close together in each), then the median of the rounds.
  const plain = runs['supabase-rx'];
  const withEvents = runs["supabase-rx, observe: 'events'"];
  const cost = 1 - median(withEvents.map((r, i) => plain[i]!.seconds / r.seconds));
  const cpuCost = median(withEvents.map((r, i) => r.cpuSeconds - plain[i]!.cpuSeconds));
  console.log(
    `targets: at most one per interval (+ final): ${within ? 'met' : 'NOT met'}; ` +
      `throughput cost < 2 %: ${cost < 0.02 ? 'met' : 'NOT met'} (${fmt(cost * 100, 1)} %, ` +
      `median of per-round ratios; medians ${fmt(events, 1)} against ${fmt(rx, 1)} MB/s); ` +
      `client CPU with events ${cpuCost >= 0 ? '+' : ''}${fmt(cpuCost)} s per upload (median of rounds)`,
  );
}

function reportPairs(pairs: Pair[], where: string): void {
  const ratios = pairs.map((p) => p.events / p.plain);
  const timeCost = median(ratios) - 1;
  const cpu = median(pairs.map((p) => p.eventsCpu - p.plainCpu));
  // What the events cost is CPU in the client; as a share of an upload's time it bounds what
  // they can take from throughput. Time ratios of single uploads swing by ±10 % here (disk,
  // GC, the other process), more than the 2 % asked, so they are shown but do not decide.
  const cpuShare = cpu / median(pairs.map((p) => p.plain));
  console.log(
    `\n## Storage: progress events' cost, ${where} (${PAIRS} pairs of ${PAIR_MB} MB uploads, plain and observe: 'events' back to back, one client process)`,
  );
  console.log(
    `per pair, events/plain time: ${ratios.map((r) => fmt(r)).join(' / ')}; ` +
      `client CPU s plain ${pairs.map((p) => fmt(p.plainCpu)).join(' / ')}, events ${pairs.map((p) => fmt(p.eventsCpu)).join(' / ')}`,
  );
  console.log(
    `target: throughput cost < 2 %: ${cpuShare < 0.02 ? 'met' : 'NOT met'} (the CPU events add, ${cpu >= 0 ? '+' : ''}${fmt(cpu)} s per upload, is ${fmt(cpuShare * 100, 1)} % of its time; medians of pairs); ` +
      `median time ratio ${fmt(timeCost * 100, 1)} % (range ${fmt((Math.min(...ratios) - 1) * 100, 0)} to ${fmt((Math.max(...ratios) - 1) * 100, 0)} %)`,
  );
}

if (process.argv[2] === CHILD_FLAG) await runEmulatorChild();
if (process.argv[2] === PAIRS_FLAG) {
  const [bytes, url, key] = process.argv.slice(3);
  await runPairsChild(Number(bytes), url!, key!);
}
if (process.argv[2] === CLIENT_FLAG) {
  const [name, bytes, url, key] = process.argv.slice(3);
  await runClientChild(name, Number(bytes), url, key);
}
