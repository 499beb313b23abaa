import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from 'supabase-rx-emulator';

/**
 * examples/node-worker: the worker runs as a child process (plain node, the built package)
 * against an emulator on its project; jobs go in through the database, results come back on
 * the rows, and SIGTERM lets the job in hand finish before a clean exit.
 */

const EXAMPLE = fileURLToPath(new URL('../../examples/node-worker/', import.meta.url));
const BUILT = fileURLToPath(new URL('../../dist/operators.js', import.meta.url));

type WorkerEvent = { event: string; id?: number; attempts?: number };

let emu: EmulatorHandle;
let service: Server;
let serviceUrl = '';
let worker: ChildProcess;
const events: WorkerEvent[] = [];
const waiters: { match: (e: WorkerEvent) => boolean; resolve: () => void }[] = [];
const hits = new Map<string, number>();
let held: { response?: ServerResponse; arrived: Promise<void>; arrive: () => void };

/** Resolves once the worker has logged an event that matches (already or later). */
function workerLogged(match: (e: WorkerEvent) => boolean): Promise<void> {
  if (events.some(match)) return Promise.resolve();
  return new Promise((resolve) => waiters.push({ match, resolve }));
}

/** The flaky service a `fetch` job calls: `/flaky/<name>?fail=N` fails N times with 503. */
function startService(): Promise<void> {
  let arrive = () => undefined as void;
  held = { arrived: new Promise<void>((r) => (arrive = r)), arrive: () => arrive() };
  service = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const count = (hits.get(url.pathname) ?? 0) + 1;
    hits.set(url.pathname, count);
    if (url.pathname === '/hold') {
      held.response = res;
      held.arrive();
    } else if (url.pathname.startsWith('/flaky/')) {
      const fail = Number(url.searchParams.get('fail'));
      res.writeHead(count <= fail ? 503 : 200).end(count <= fail ? 'busy' : 'ok');
    } else {
      res.writeHead(404).end('no such thing');
    }
  });
  return new Promise((resolve) =>
    service.listen(0, '127.0.0.1', () => {
      serviceUrl = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;
      resolve();
    }),
  );
}

const insertJob = async (kind: string, payload: unknown): Promise<number> => {
  const { rows } = await emu.db.query<{ id: number }>(
    'insert into jobs (kind, payload) values ($1, $2) returning id',
    [kind, JSON.stringify(payload)],
  );
  return Number(rows[0].id);
};

type JobRow = {
  status: string;
  attempts: number;
  result: unknown;
  error: string | null;
  locked_by: string | null;
};
const job = async (id: number): Promise<JobRow> =>
  (
    await emu.db.query<JobRow>(
      'select status, attempts, result, error, locked_by from jobs where id = $1',
      [id],
    )
  ).rows[0];

beforeAll(async () => {
  expect(existsSync(BUILT), 'the worker runs the built package: npm run build').toBe(true);
  await startService();
  emu = await startEmulator({ port: 0, projectDir: `${EXAMPLE}supabase` });
  worker = spawn(process.execPath, [`${EXAMPLE}worker.mjs`], {
    env: {
      ...process.env,
      SUPABASE_URL: emu.url,
      SUPABASE_SERVICE_ROLE_KEY: emu.serviceRoleKey,
      WORKER_ID: 'w1',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let buffered = '';
  worker.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines.filter(Boolean)) {
      const event = JSON.parse(line) as WorkerEvent;
      events.push(event);
      for (const w of waiters.filter((w) => w.match(event))) w.resolve();
    }
  });
  await workerLogged((e) => e.event === 'listening');
});

afterAll(async () => {
  if (worker && worker.exitCode === null) worker.kill('SIGKILL');
  await emu?.stop();
  service?.close();
});

it('does queued jobs, retries flaky work, and writes every result back', async () => {
  const square = await insertJob('square', { n: 7 });
  const flaky = await insertJob('fetch', { url: `${serviceUrl}/flaky/a?fail=2` });
  const missing = await insertJob('fetch', { url: `${serviceUrl}/missing` });
  const ended = (id: number) =>
    workerLogged((e) => e.id === id && (e.event === 'done' || e.event === 'failed'));
  await Promise.all([ended(square), ended(flaky), ended(missing)]);

  expect(await job(square)).toMatchObject({
    status: 'done',
    attempts: 1,
    result: { square: 49 },
    locked_by: 'w1',
  });
  // Two 503s, then the answer: three attempts by retryBackoff.
  expect(await job(flaky)).toMatchObject({
    status: 'done',
    attempts: 3,
    result: { status: 200, body: 'ok' },
  });
  expect(hits.get('/flaky/a')).toBe(3);
  // A 404 is not retried: the job fails at once, with the reason.
  expect(await job(missing)).toMatchObject({ status: 'failed', attempts: 1, result: null });
  expect((await job(missing)).error).toContain('404');
});

it('on SIGTERM finishes the job in hand, takes no other, and exits 0', async () => {
  const slow = await insertJob('fetch', { url: `${serviceUrl}/hold` });
  await held.arrived; // the worker is inside the job's work now
  const exited = new Promise<number | null>((resolve) =>
    worker.on('exit', (code) => resolve(code)),
  );
  worker.kill('SIGTERM');
  await workerLogged((e) => e.event === 'stopping');
  const after = await insertJob('square', { n: 2 });
  expect((await job(slow)).status).toBe('running');
  held.response!.writeHead(200).end('finally');

  expect(await exited).toBe(0);
  expect(await job(slow)).toMatchObject({
    status: 'done',
    result: { status: 200, body: 'finally' },
  });
  expect(await job(after)).toMatchObject({ status: 'queued', attempts: 0, locked_by: null });
  const { rows } = await emu.db.query("select id from jobs where status = 'running'");
  expect(rows).toEqual([]);
  expect(events.map((e) => e.event).slice(-2)).toEqual(['done', 'stopped']);
});
