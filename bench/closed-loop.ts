/** What the emulator benches share: the engines to run on, and a closed-loop load. */

/** PGlite, and a PostgreSQL server when `TEST_DATABASE_URL` or `DATABASE_URL` names one. */
export function benchEngines(): { name: 'PGlite' | 'PostgreSQL'; databaseUrl?: string }[] {
  const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  return serverUrl
    ? [{ name: 'PGlite' }, { name: 'PostgreSQL', databaseUrl: serverUrl }]
    : [{ name: 'PGlite' }];
}

export interface Run {
  rps: number;
  latencies: number[];
}

/** Keeps `concurrency` requests in flight until `total` have been answered. */
export async function load(
  total: number,
  concurrency: number,
  send: (i: number) => Promise<void>,
): Promise<Run> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const t = performance.now();
      await send(i);
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { rps: total / seconds, latencies };
}
