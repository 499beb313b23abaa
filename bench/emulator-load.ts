/**
 * The emulator under load: 200 concurrent small selects, then 200 concurrent single-row inserts,
 * on PGlite and (when `TEST_DATABASE_URL` or `DATABASE_URL` names one) on a PostgreSQL server.
 * Closed loop: CONCURRENCY requests always in flight, REQUESTS of each kind in all, as the `anon`
 * role (grants, no RLS), loopback only; the client runs in the emulator's own process, as a test
 * suite's does. Every answer is checked, and so are the database's counts afterwards.
 * `BENCH_LOAD_ENGINE=pglite` (or `postgresql`) runs one engine only.
 */
import { loadavg } from 'node:os';
import { startEmulator } from 'supabase-rx-emulator';
import { benchEngines, load } from './closed-loop.js';
import { fmt, percentile } from './stats.js';

const REQUESTS = Number(process.env.BENCH_LOAD_REQUESTS ?? 4_000);
const CONCURRENCY = Number(process.env.BENCH_LOAD_CONCURRENCY ?? 200);
const TARGETS: Record<string, number> = { PGlite: 1_000, PostgreSQL: 2_000 };
const SETUP_SQL = `
  drop table if exists load_items, load_inserts;
  create table load_items (id int primary key, name text not null);
  insert into load_items select i, 'item ' || i from generate_series(1, 1000) i;
  create table load_inserts (id bigint generated always as identity primary key, n int not null);
  grant select on load_items to anon;
  grant select, insert on load_inserts to anon;
`;

export async function emulatorLoad(): Promise<void> {
  const only = process.env.BENCH_LOAD_ENGINE?.toLowerCase(); // pglite or postgresql: one engine
  const engines = benchEngines().filter((e) => !only || only === e.name.toLowerCase());
  // The machine's load says how much of it the numbers had (a shared machine depresses them).
  const loadAverage = () => loadavg()[0].toFixed(1);
  console.log(
    `\n## Emulator load (${REQUESTS} requests of each kind, ${CONCURRENCY} concurrent; load average ${loadAverage()})`,
  );
  console.log('| engine | requests | requests/s | p50 ms | p99 ms | checked | target |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const engine of engines) {
    const emulator = await startEmulator({
      port: 0,
      databaseUrl: engine.databaseUrl,
      sql: SETUP_SQL,
      functions: false,
    });
    try {
      const headers = { apikey: emulator.anonKey, Authorization: `Bearer ${emulator.anonKey}` };
      const rest = `${emulator.url}/rest/v1`;
      const select = async (i: number) => {
        const id = (i % 1000) + 1;
        const res = await fetch(`${rest}/load_items?select=id,name&id=eq.${id}`, { headers });
        const body = (await res.json()) as { id: number; name: string }[];
        if (res.status !== 200 || body.length !== 1 || body[0].id !== id)
          throw new Error(`select ${id} answered ${res.status} ${JSON.stringify(body)}`);
      };
      const insert = async (i: number) => {
        const res = await fetch(`${rest}/load_inserts`, {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'application/json' },
          body: JSON.stringify({ n: i }),
        });
        await res.arrayBuffer();
        if (res.status !== 201) throw new Error(`insert ${i} answered ${res.status}`);
      };
      const count = async () =>
        (await emulator.db.query<{ n: number }>('select count(*)::int as n from load_inserts'))
          .rows[0].n;

      await load(CONCURRENCY, CONCURRENCY, select); // warm-up
      await load(CONCURRENCY, CONCURRENCY, insert);
      await emulator.db.query('truncate load_inserts');
      const reads = await load(REQUESTS, CONCURRENCY, select);
      const writes = await load(REQUESTS, CONCURRENCY, insert);
      const inserted = await count();
      const distinct = (
        await emulator.db.query<{ n: number }>(
          'select count(distinct n)::int as n from load_inserts where n between 0 and $1',
          [REQUESTS - 1],
        )
      ).rows[0].n;
      if (inserted !== REQUESTS || distinct !== REQUESTS)
        throw new Error(`${REQUESTS} inserts answered 201, the table holds ${inserted} rows`);
      const target = TARGETS[engine.name];
      for (const [label, run, checked] of [
        ['select (1 row)', reads, `${REQUESTS} × 1 row`],
        ['insert (1 row)', writes, `${inserted} rows`],
      ] as const) {
        const verdict = label.startsWith('select')
          ? `≥ ${target}/s: ${run.rps >= target ? 'PASS' : 'FAIL'}`
          : '';
        console.log(
          `| ${engine.name} | ${label} | ${fmt(run.rps, 0)} | ${fmt(percentile(run.latencies, 50))} | ${fmt(percentile(run.latencies, 99))} | ${checked} | ${verdict} |`,
        );
      }
    } finally {
      await emulator.stop();
    }
  }
  console.log(`\nLoad average at the end: ${loadAverage()}`);
}
