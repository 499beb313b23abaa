/**
 * Start-up of the emulator's command as a user runs it (`npx supabase-rx-emulator`, compiled
 * code): the time from spawning the process to the first answered request, and the process's peak
 * RSS at that moment. Cold: an empty template cache (the database is bootstrapped from SQL and the
 * template written); warm: the template cached by an earlier start. Needs `npm run build`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, median } from './stats.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'emulator/bin/supabase-rx-emulator.mjs');
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 5);
const TARGET_MS = 1000;

interface Start {
  ms: number;
  peakRssMiB: number;
  /** CPU time the process used (all its threads), which a loaded machine inflates less than `ms`. */
  cpuMs: number;
}

/** The process's peak resident set so far (Linux), in MiB. */
async function peakRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** The CPU time (user + system, all threads) a process used so far (Linux), in ms. */
async function cpuTime(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // Fields 14 and 15 (utime, stime) follow the parenthesised command name, in clock ticks (100 Hz).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Spawns the command, polls until a request is answered, and stops it. */
async function startOnce(projectDir: string, cache: string): Promise<Start> {
  const t0 = performance.now();
  const env: NodeJS.ProcessEnv = { ...process.env, SUPABASE_RX_EMULATOR_CACHE: cache };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [BIN, '--port', '0', '--project-dir', projectDir], {
    env,
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /API URL: (http:\/\/\S+)/.exec(out);
        if (found) resolve(found[1]);
      });
      child.once('exit', (code) => reject(new Error(`the emulator exited with ${code}`)));
    });
    for (;;) {
      const res = await fetch(`${url}/auth/v1/health`).catch(() => undefined);
      if (res?.ok) break;
    }
    const ms = performance.now() - t0;
    const [peakRssMiB, cpuMs] = await Promise.all([peakRss(child.pid!), cpuTime(child.pid!)]);
    return { ms, peakRssMiB, cpuMs };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

export async function emulatorStartup(): Promise<void> {
  if (!existsSync(join(ROOT, 'emulator/dist/cli.js'))) {
    throw new Error('emulator/dist is missing: run npm run build first');
  }
  const projects = {
    'empty project': join(ROOT, 'emulator/test/helpers/empty-project'),
    'examples/supabase (4 migrations, a bucket, seed)': join(ROOT, 'examples/supabase'),
  };
  console.log(
    `\n## Emulator start-up (npx supabase-rx-emulator, to the first answer; ${RUNS} runs)`,
  );
  console.log(
    'Supabase CLI `supabase start` (Docker, for comparison): about 3 min 30 s in a GitHub Actions ' +
      "workflow, 1 min 44 s in a CLI maintainer's run without image caching, each pulling the " +
      'images (supabase/setup-cli#361); a start with the images already pulled is not measured here.',
  );
  // The parent's own first fetch (loading undici) is no part of the emulator's start.
  await fetch('data:,').catch(() => undefined);
  const load = () => loadavg()[0].toFixed(1);
  console.log(`Load average before the runs: ${load()} (other processes slow every figure).`);
  console.log(
    '| project | start | median ms | min ms | max ms | CPU ms (median) | peak RSS MiB | target |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [name, dir] of Object.entries(projects)) {
    const cold: Start[] = [];
    const warm: Start[] = [];
    for (let i = 0; i < RUNS; i++) {
      const cache = await mkdtemp(join(tmpdir(), 'emu-startup-'));
      try {
        cold.push(await startOnce(dir, cache)); // writes the template
        warm.push(await startOnce(dir, cache));
      } finally {
        await rm(cache, { recursive: true, force: true });
      }
    }
    for (const [kind, starts] of [
      ['cold', cold],
      ['warm', warm],
    ] as const) {
      const ms = starts.map((s) => s.ms);
      const med = median(ms);
      const verdict = kind === 'warm' ? (med < TARGET_MS ? 'PASS (< 1 s)' : 'FAIL (< 1 s)') : '';
      console.log(
        `| ${name} | ${kind} | ${fmt(med, 0)} | ${fmt(Math.min(...ms), 0)} | ${fmt(Math.max(...ms), 0)} | ${fmt(median(starts.map((s) => s.cpuMs)), 0)} | ${fmt(median(starts.map((s) => s.peakRssMiB)), 0)} | ${verdict} |`,
      );
    }
  }
  console.log(`Load average after the runs: ${load()}.`);
}
