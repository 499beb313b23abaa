// The runtime smoke steps: plain ESM on web APIs only, so Node, Deno, Bun and a browser page run
// the same code. `sdk` is the module of supabase-rx's built ESM entry, `rx` is rxjs.
// Returns what each step saw; the test compares it with what the emulator holds.

/** @param {{ url: string, anonKey: string, serviceRoleKey: string, tag: string }} config */
export async function smoke(sdk, rx, config) {
  const { firstValueFrom, lastValueFrom, filter, toArray, timeout } = rx;
  const supabase = sdk.createClient(config.url, config.anonKey);
  const admin = sdk.createClient(config.url, config.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
  const within = (ms) => timeout({ first: ms });
  const seen = {};

  const movies = await firstValueFrom(
    supabase.from('movies').select('id, title').order('id').limit(2),
  );
  seen.query = movies.data.map((m) => m.id);

  const email = `smoke-${config.tag}@example.com`;
  await firstValueFrom(supabase.auth.signUp({ email, password: 'smoke-password-1' }));
  const signedIn = await firstValueFrom(
    supabase.auth.signInWithPassword({ email, password: 'smoke-password-1' }),
  );
  seen.signIn = { email: signedIn.user.email, id: signedIn.user.id };

  const note = `smoke ${config.tag}`;
  const inserted = await firstValueFrom(
    supabase
      .from('watchlist')
      .insert({ movie_id: seen.query[0], note })
      .select('owner, note')
      .single(),
  );
  seen.write = inserted.data;

  const room = supabase.channel(`smoke-${config.tag}`, { config: { broadcast: { self: true } } });
  const received = firstValueFrom(room.on('broadcast', { event: 'ping' }).pipe(within(10_000)));
  await firstValueFrom(
    room.status$.pipe(
      filter(({ status }) => status === 'SUBSCRIBED'),
      within(10_000),
    ),
  );
  seen.send = await firstValueFrom(
    room.send({ type: 'broadcast', event: 'ping', payload: { tag: config.tag } }),
  );
  seen.broadcast = (await received).payload;
  await firstValueFrom(supabase.removeAllChannels());

  const bucket = `smoke-${config.tag}`;
  await firstValueFrom(admin.storage.createBucket(bucket));
  const bytes = new Uint8Array(300_000).map((_, i) => i % 251);
  const events = await lastValueFrom(
    admin.storage
      .from(bucket)
      .upload('dir/smoke.bin', new Blob([bytes]), {
        observe: 'events',
        contentType: 'application/octet-stream',
      })
      .pipe(toArray(), within(20_000)),
  );
  const progress = events.filter((e) => e.type === 'progress');
  seen.upload = {
    progressEvents: progress.length,
    last: progress.at(-1),
    done: events.at(-1),
  };
  const downloaded = await firstValueFrom(
    admin.storage.from(bucket).download('dir/smoke.bin', { as: 'arrayBuffer' }),
  );
  const back = new Uint8Array(downloaded.data);
  seen.download = { size: back.length, same: back.every((b, i) => b === bytes[i]) };

  await firstValueFrom(supabase.auth.signOut());
  return seen;
}
