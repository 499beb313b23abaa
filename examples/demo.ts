/**
 * The console demo (`npm run demo`): a local Supabase project (examples/supabase/) on the emulator, used
 * through supabase-rx. Every operation is a cold Observable; `firstValueFrom` runs one here.
 */
import { fileURLToPath } from 'node:url';
import { firstValueFrom, type Observable } from 'rxjs';
import { startEmulator, type EmulatorHandle } from 'supabase-rx-emulator';
import { createClient } from 'supabase-rx';

const projectDir = fileURLToPath(new URL('./supabase', import.meta.url));

let failures = 0;

/** Runs one step of the demo and prints what it did; a failing step is reported, not fatal. */
async function step<T>(
  title: string,
  run: () => Observable<T>,
  show: (value: T) => unknown,
): Promise<void> {
  console.log(`\n▸ ${title}`);
  try {
    console.log(show(await firstValueFrom(run())));
  } catch (error) {
    failures += 1;
    const e = error as { code?: string; message?: string };
    console.log(`  ✗ failed: ${e.code ? `[${e.code}] ` : ''}${e.message ?? String(error)}`);
  }
}

/** One line per row, indented under the step's title. */
const json = (value: unknown) =>
  (Array.isArray(value) ? value : [value]).map((row) => `  ${JSON.stringify(row)}`).join('\n');

async function demo(emu: EmulatorHandle): Promise<void> {
  const supabase = createClient(emu.url, emu.anonKey);

  await step(
    // movies reaches people twice (director_id, and the cast through movie_actors): the hint
    // `!director_id` says which relationship to embed, as PostgREST requires.
    "Movies with their director (many-to-one): from('movies').select('title, year, director:people!director_id(name)').order('year')",
    () =>
      supabase
        .from('movies')
        .select('title, year, director:people!director_id(name)')
        .order('year'),
    (r) => json(r.data),
  );

  await step(
    "This century's movies, counted: select('title', { count: 'exact' }).gte('year', 2000)",
    () => supabase.from('movies').select('title', { count: 'exact' }).gte('year', 2000),
    (r) =>
      `  count = ${r.count}; titles = ${(r.data as { title: string }[]).map((m) => m.title).join(', ')}`,
  );

  await step(
    "The cast (many-to-many through movie_actors): select('title, cast:people!movie_actors(name)').eq('title', 'The Matrix').single()",
    () =>
      supabase
        .from('movies')
        .select('title, cast:people!movie_actors(name)')
        .eq('title', 'The Matrix')
        .single(),
    (r) => json(r.data),
  );

  await step(
    "Only the 5-star reviews of each movie (one-to-many, filtered embed): select('title, reviews(stars, body)').eq('reviews.stars', 5)",
    () =>
      supabase
        .from('movies')
        .select('title, reviews(stars, body)')
        .eq('reviews.stars', 5)
        .order('id'),
    (r) => json(r.data),
  );

  await step(
    "A function over the API: rpc('average_stars', { movie: 2 })",
    () => supabase.rpc('average_stars', { movie: 2 }),
    (r) => `  Inception averages ${String(r.data)} stars`,
  );

  await step(
    "A write: from('reviews').insert({ movie_id: 3, stars: 5, body: 'Saw it again.' }).select()",
    () =>
      supabase.from('reviews').insert({ movie_id: 3, stars: 5, body: 'Saw it again.' }).select(),
    (r) => `  status ${r.status} ${r.statusText}: ${JSON.stringify(r.data)}`,
  );

  // Row level security: the watchlist is private. The anon key sees nothing; a signed-in user
  // sees only their own rows.
  await step(
    "Row level security, as anon: from('watchlist').select('note')",
    () => supabase.from('watchlist').select('note'),
    (r) => `  anon sees ${JSON.stringify(r.data)}`,
  );

  const user = createClient(emu.url, emu.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
  await step(
    "Sign up (the session's token then goes with every request): auth.signUp({ email: 'ada@example.com', password })",
    () => user.auth.signUp({ email: 'ada@example.com', password: 'correct-horse-battery' }),
    (r) =>
      `  signed up ${r.user?.email ?? '?'} (user ${r.user?.id ?? '?'}), session: ${r.session ? 'yes' : 'no'}`,
  );

  await step(
    "As a signed-in user: from('watchlist').insert({ movie_id: 4, note: 'Watch with my sister' }).select('note')",
    () =>
      user.from('watchlist').insert({ movie_id: 4, note: 'Watch with my sister' }).select('note'),
    (r) => `  inserted ${JSON.stringify(r.data)}`,
  );

  await step(
    "The same user reads the watchlist: only their own row, not the other user's",
    () => user.from('watchlist').select('note, movies(title)'),
    (r) => json(r.data),
  );

  const admin = createClient(emu.url, emu.serviceRoleKey);
  await step(
    'With the service_role key (bypasses RLS): every row',
    () => admin.from('watchlist').select('owner, note').order('id'),
    (r) => json(r.data),
  );
}

async function main(): Promise<void> {
  console.log(
    'Starting the supabase-rx emulator (embedded Postgres, PGlite) with examples/supabase …',
  );
  const emu = await startEmulator({ projectDir, port: 0 });
  console.log(`  API URL:          ${emu.url}`);
  console.log(`  anon key:         ${emu.anonKey}`);
  console.log(`  service_role key: ${emu.serviceRoleKey}`);
  try {
    await demo(emu);
  } finally {
    await emu.stop();
    console.log('\nEmulator stopped.');
  }
  if (failures > 0) {
    console.log(`${failures} step(s) failed: a part of the stack may still be in progress.`);
    process.exitCode = 1;
  }
  // Everything is stopped, so Node should exit now. If a timer or socket left behind still holds
  // the process, say so and exit anyway: a demo must not hang.
  setTimeout(() => {
    console.log('(Something still held the process open after the demo: exiting anyway.)');
    process.exit();
  }, 2000).unref();
}

await main();
