/**
 * Per-request client overhead: 10,000 small selects against a local stub server, through a bare
 * `fetch`, supabase-js and supabase-rx, interleaved in rounds so drift hits all three alike.
 */
import { createClient as createSupabaseJs } from '@supabase/supabase-js';
import { firstValueFrom } from 'rxjs';
import ws from 'ws';
import { createClient } from 'supabase-rx';
import { startStubServer } from './stub-process.js';
import { fmt, median } from './stats.js';

const TOTAL = Number(process.env.BENCH_REQUESTS ?? 10_000);
const ROUNDS = 10;
const KEY = 'bench-anon-key';

type Contender = { name: string; once: () => Promise<unknown> };

export async function requestOverhead(): Promise<void> {
  const stub = await startStubServer();
  try {
    const headers = { apikey: KEY, Authorization: `Bearer ${KEY}`, 'Accept-Profile': 'public' };
    const directUrl = `${stub.url}/rest/v1/movies?select=id%2Ctitle&id=eq.1`;
    const js = createSupabaseJs(stub.url, KEY, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: ws as never },
    });
    const rx = createClient(stub.url, KEY);
    const contenders: Contender[] = [
      { name: 'bare fetch', once: async () => (await fetch(directUrl, { headers })).json() },
      {
        name: 'supabase-js',
        once: async () => await js.from('movies').select('id, title').eq('id', 1),
      },
      {
        name: 'supabase-rx',
        once: () => firstValueFrom(rx.from('movies').select('id, title').eq('id', 1)),
      },
    ];
    for (const c of contenders) await run(c, 500); // warm-up: JIT, connection pool
    const perRound = Math.ceil(TOTAL / ROUNDS);
    const times = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]);
      for (const c of order) times.get(c.name)!.push((await run(c, perRound)) / perRound);
    }
    const base = median(times.get('bare fetch')!);
    console.log(`\n## Per-request overhead (${perRound * ROUNDS} sequential selects each)`);
    console.log('| client | µs / request (median of rounds) | × bare fetch |');
    console.log('| --- | --- | --- |');
    for (const c of contenders) {
      const us = median(times.get(c.name)!);
      console.log(`| ${c.name} | ${fmt(us * 1000, 1)} | ${fmt(us / base, 3)} |`);
    }
  } finally {
    stub.stop();
  }
}

async function run(c: Contender, n: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i++) await c.once();
  return performance.now() - start;
}
