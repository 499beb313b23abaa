/**
 * Per-request client overhead: 10,000 small selects against a local stub server (in its own
 * process), through a bare `fetch`, supabase-js and supabase-rx.
 *
 * Requests are interleaved one by one, in a freshly shuffled order each turn, and each is timed on
 * its own: this machine's speed drifts by 2× over seconds, which skews any scheme that times whole
 * blocks of one client; one-by-one interleaving exposes every client to the same drift, and the
 * shuffle stops any client from always following the same (heavier or lighter) predecessor.
 *
 * One extra row, `fetch + AbortSignal`, is a bare fetch given a fresh `AbortController`'s signal:
 * the platform's own price of a request that can be cancelled, which abort-on-unsubscribe needs.
 * `by hand` adds what every client must do per query besides fetching: build the URL from the
 * call's arguments (`URLSearchParams`, as supabase-js) and the headers, with no library code: the
 * floor of a cancellable client, which bare fetch (given a ready URL) is not. `supabase-rx
 * transport` is the request through `createTransport` alone (then `JSON.parse`): it splits the
 * SDK's time between the HTTP layer and the database module.
 *
 * Each request is timed twice: wall-clock, and the CPU time of this process (`process.cpuUsage`,
 * user + system). The stub answers from another process, so CPU time is the client's own work
 * without the wait for a busy machine to schedule the stub; on a shared machine it is the steadier
 * of the two, and issue 14's ratio is printed on both.
 */
import { createClient as createSupabaseJs } from '@supabase/supabase-js';
import { firstValueFrom } from 'rxjs';
import ws from 'ws';
import { createClient, createTransport } from 'supabase-rx';
import { PostgrestClient } from 'supabase-rx/postgrest';
import { startStubServer } from './stub-process.js';
import { fmt, median } from './stats.js';

const TOTAL = Number(process.env.BENCH_REQUESTS ?? 10_000);
const WARM_UP = 1_000;
const KEY = 'bench-anon-key';

type Contender = { name: string; once: () => Promise<unknown> };

export async function requestOverhead(): Promise<void> {
  const stub = await startStubServer();
  try {
    const contenders = makeContenders(stub.url);
    for (const c of contenders) for (let i = 0; i < WARM_UP; i++) await c.once(); // JIT, pool
    const wall = new Map<Contender, number[]>(contenders.map((c) => [c, []]));
    const cpu = new Map<Contender, number[]>(contenders.map((c) => [c, []]));
    const order = [...contenders];
    const random = seededRandom(42);
    for (let i = 0; i < TOTAL; i++) {
      shuffle(order, random);
      for (const c of order) {
        const cpuStart = process.cpuUsage();
        const start = performance.now();
        await c.once();
        wall.get(c)!.push((performance.now() - start) * 1000);
        const used = process.cpuUsage(cpuStart);
        cpu.get(c)!.push(used.user + used.system);
      }
    }
    const walls = new Map(contenders.map((c) => [c.name, summarise(wall.get(c)!)]));
    const cpus = new Map(contenders.map((c) => [c.name, summarise(cpu.get(c)!)]));
    const base = walls.get(contenders[0].name)!;
    console.log(`\n## Per-request overhead (${TOTAL} selects each, interleaved one by one)`);
    console.log(
      '| client | µs / request (median) | × bare fetch (median) | × bare fetch (trimmed mean) | CPU µs / request (median) |',
    );
    console.log('| --- | --- | --- | --- | --- |');
    for (const c of contenders) {
      const s = walls.get(c.name)!;
      console.log(
        `| ${c.name} | ${fmt(s.median, 1)} | ${fmt(s.median / base.median, 3)} | ${fmt(s.trimmedMean / base.trimmedMean, 3)} | ${fmt(cpus.get(c.name)!.median, 0)} |`,
      );
    }
    const rx = ['supabase-rx (createClient)', 'supabase-rx/postgrest'];
    // A library's own cost is what it adds to the work any client must do (the by-hand row).
    const medianOf = (name: string) => walls.get(name)!.median;
    const floor = medianOf('by hand (URL from the call + AbortSignal)');
    const js = medianOf('supabase-js') - floor;
    const shares = rx.map((name) => `${name} ${fmt((100 * (medianOf(name) - floor)) / js, 0)} %`);
    console.log(
      `\nTime added beyond the by-hand row, as a share of supabase-js's (medians): ${shares.join(', ')}.`,
    );
    // Issue 14's target, on Node 24: time beyond a bare fetch at most 40 % of supabase-js's.
    for (const [what, summaries] of [
      ['wall-clock', walls],
      ['CPU time', cpus],
    ] as const) {
      const of = (name: string) => summaries.get(name)!.median;
      const bare = of('bare fetch');
      const beyond = rx.map((name) => {
        const share = (100 * (of(name) - bare)) / (of('supabase-js') - bare);
        return `${name} ${fmt(share, 0)} % (${share <= 40 ? 'PASS' : 'FAIL'})`;
      });
      console.log(
        `supabase-rx overhead / supabase-js overhead (time beyond a bare fetch, ${what} medians; target ≤ 40 %, on Node ${process.versions.node}): ${beyond.join(', ')}.`,
      );
    }
  } finally {
    stub.stop();
  }
}

function makeContenders(url: string): Contender[] {
  const headers = { apikey: KEY, Authorization: `Bearer ${KEY}`, 'Accept-Profile': 'public' };
  const directUrl = `${url}/rest/v1/movies?select=id%2Ctitle&id=eq.1`;
  const js = createSupabaseJs(url, KEY, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: ws as never },
  });
  const rx = createClient(url, KEY);
  const http = createTransport({ apiKey: KEY });
  const byHand = async (table: string, columns: string, column: string, value: unknown) => {
    const query = new URLSearchParams([
      ['select', columns.replace(/\s/g, '')],
      [column, `eq.${String(value)}`],
    ]);
    const res = await fetch(`${url}/rest/v1/${table}?${query}`, {
      headers: {
        apikey: KEY,
        Authorization: `Bearer ${KEY}`,
        'Accept-Profile': 'public',
        'X-Client-Info': 'by-hand/1',
      },
      signal: new AbortController().signal,
    });
    return (await res.json()) as unknown;
  };
  const db = new PostgrestClient(`${url}/rest/v1`, {
    headers: { apikey: KEY, Authorization: `Bearer ${KEY}` },
  });
  return [
    { name: 'bare fetch', once: async () => (await fetch(directUrl, { headers })).json() },
    {
      name: 'fetch + AbortSignal',
      once: async () =>
        (await fetch(directUrl, { headers, signal: new AbortController().signal })).json(),
    },
    {
      name: 'by hand (URL from the call + AbortSignal)',
      once: () => byHand('movies', 'id, title', 'id', 1),
    },
    {
      name: 'supabase-rx transport',
      once: async () => {
        const res = await firstValueFrom(
          http.request({ method: 'GET', url: directUrl, headers: { 'accept-profile': 'public' } }),
        );
        return JSON.parse(res.body as string) as unknown;
      },
    },
    {
      name: 'supabase-js',
      once: async () => await js.from('movies').select('id, title').eq('id', 1),
    },
    {
      name: 'supabase-rx (createClient)',
      once: () => firstValueFrom(rx.from('movies').select('id, title').eq('id', 1)),
    },
    {
      name: 'supabase-rx/postgrest',
      once: () => firstValueFrom(db.from('movies').select('id, title').eq('id', 1)),
    },
  ];
}

function summarise(ms: number[]): { median: number; trimmedMean: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  const cut = Math.floor(sorted.length * 0.05);
  const kept = sorted.slice(cut, sorted.length - cut);
  return { median: median(ms), trimmedMean: kept.reduce((a, b) => a + b, 0) / kept.length };
}

/** Mulberry32: a small seeded PRNG, so that every run shuffles the same way. */
function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}
