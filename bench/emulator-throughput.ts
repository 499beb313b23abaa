/**
 * Requests per second and p50/p99 latency of a one-row and a 100-row select against the emulator,
 * on PGlite and (when `TEST_DATABASE_URL` or `DATABASE_URL` names one) on a PostgreSQL server.
 * Closed loop: CONCURRENCY workers, a fixed number of requests each, loopback only.
 */
import { startEmulator } from 'supabase-rx-emulator';
import { fmt, percentile } from './stats.js';

const REQUESTS = Number(process.env.BENCH_EMULATOR_REQUESTS ?? 2_000);
const CONCURRENCY = 8;
const SETUP_SQL = `
  create table if not exists bench_items (id int primary key, name text not null, score numeric);
  insert into bench_items select i, 'item ' || i, i * 1.5 from generate_series(1, 1000) i
    on conflict do nothing;
`;

export async function emulatorThroughput(): Promise<void> {
  const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  const engines: { name: string; databaseUrl?: string }[] = [{ name: 'PGlite' }];
  if (serverUrl) engines.push({ name: 'PostgreSQL', databaseUrl: serverUrl });
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
        await load(url, headers, 100); // warm-up
        const { rps, latencies } = await load(url, headers, REQUESTS);
        console.log(
          `| ${engine.name} | ${label} | ${fmt(rps, 0)} | ${fmt(percentile(latencies, 50))} | ${fmt(percentile(latencies, 99))} |`,
        );
      }
    } finally {
      await emulator.stop();
    }
  }
}

async function load(url: string, headers: Record<string, string>, total: number) {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < total) {
      next++;
      const t = performance.now();
      const res = await fetch(url, { headers });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${url} answered ${res.status}`);
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { rps: total / seconds, latencies };
}
