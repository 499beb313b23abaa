/**
 * Requests per second and p50/p99 latency of a one-row and a 100-row select against the emulator,
 * on PGlite and (when `TEST_DATABASE_URL` or `DATABASE_URL` names one) on a PostgreSQL server.
 * Closed loop: CONCURRENCY workers, a fixed number of requests each, loopback only.
 */
import { startEmulator } from 'supabase-rx-emulator';
import { benchEngines, load } from './closed-loop.js';
import { fmt, percentile } from './stats.js';

const REQUESTS = Number(process.env.BENCH_EMULATOR_REQUESTS ?? 2_000);
const CONCURRENCY = 8;
const SETUP_SQL = `
  create table if not exists bench_items (id int primary key, name text not null, score numeric);
  insert into bench_items select i, 'item ' || i, i * 1.5 from generate_series(1, 1000) i
    on conflict do nothing;
`;

export async function emulatorThroughput(): Promise<void> {
  const engines = benchEngines();
  console.log(`\n## Emulator throughput (${REQUESTS} requests, ${CONCURRENCY} concurrent)`);
  console.log('| engine | query | requests/s | p50 ms | p99 ms |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const engine of engines) {
    const emulator = await startEmulator({
      port: 0,
      databaseUrl: engine.databaseUrl,
      sql: SETUP_SQL,
    });
    try {
      const headers = {
        apikey: emulator.serviceRoleKey,
        Authorization: `Bearer ${emulator.serviceRoleKey}`,
      };
      const queries = {
        'one row': `${emulator.url}/rest/v1/bench_items?select=*&id=eq.7`,
        '100 rows': `${emulator.url}/rest/v1/bench_items?select=*&limit=100`,
      };
      for (const [label, url] of Object.entries(queries)) {
        await get(url, headers, 100); // warm-up
        const { rps, latencies } = await get(url, headers, REQUESTS);
        console.log(
          `| ${engine.name} | ${label} | ${fmt(rps, 0)} | ${fmt(percentile(latencies, 50))} | ${fmt(percentile(latencies, 99))} |`,
        );
      }
    } finally {
      await emulator.stop();
    }
  }
}

/** GETs `url` until `total` have been answered, CONCURRENCY at a time; a non-2xx throws. */
function get(url: string, headers: Record<string, string>, total: number) {
  return load(total, CONCURRENCY, async () => {
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  });
}
