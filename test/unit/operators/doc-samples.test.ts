import { firstValueFrom, Subject, take } from 'rxjs';
import { expect, it } from 'vitest';
import { createClient } from 'supabase-rx';
import {
  keysetPaginate,
  pluckData,
  refreshOnExpiry,
  withSession,
  type Page,
} from 'supabase-rx/operators';
import { createFakeFetch, jsonResponse } from 'supabase-rx/testing';
import { tokenBody } from '../auth/helpers.js';

/** The Operators samples of the README, against a fake fetch. */

const movie = (id: number, year: number) => ({ id, year, title: `m${id}` });

it('README: keysetPaginate, 20 movies then the 20 after the last row seen', async () => {
  const first = Array.from({ length: 21 }, (_, i) => movie(i + 1, 1990 + Math.floor(i / 3)));
  const fetch = createFakeFetch({
    'GET /rest/v1/movies': [jsonResponse(first), jsonResponse([movie(22, 1997)])],
  });
  const supabase = createClient('http://127.0.0.1:54321', 'anon-key', { global: { fetch } });
  const more$ = new Subject<void>();
  const got: Page<unknown>[] = [];
  let completed = false;
  keysetPaginate(supabase.from('movies').select('id, year, title'), {
    orderBy: 'year',
    key: 'id',
    pageSize: 20,
    next$: more$,
  }).subscribe({ next: (page) => got.push(page), complete: () => (completed = true) });
  await waitFor(() => got.length === 1);
  more$.next();
  await waitFor(() => completed);
  expect(got.map(({ rows, hasMore }) => [rows.length, hasMore])).toEqual([
    [20, true],
    [1, false],
  ]);
  const urls = fetch.requests.map((r) => decodeURIComponent(new URL(r.url).search));
  expect(urls[0]).toBe('?select=id,year,title&order=year.asc.nullslast,id.asc&limit=21');
  // The last row of page 1 is id 20, year 1996.
  expect(urls[1]).toBe(
    '?select=id,year,title&or=(year.gt.1996,and(year.eq.1996,id.gt.20),year.is.null)&order=year.asc.nullslast,id.asc&limit=21',
  );
});

it('README: notes per user with refreshOnExpiry and withSession, [] when signed out', async () => {
  const fetch = createFakeFetch({ 'GET /rest/v1/notes': jsonResponse([{ id: 1, body: 'x' }]) });
  const supabase = createClient('http://127.0.0.1:54321', 'anon-key', {
    global: { fetch },
    auth: { persistSession: false },
  });
  const notes = await firstValueFrom(
    supabase
      .from('notes')
      .select('id, body')
      .pipe(
        refreshOnExpiry(supabase.auth),
        pluckData(),
        withSession(supabase.auth, { signedOut: [] }),
        take(1),
      ),
  );
  // Nobody is signed in: no request, the signedOut value.
  expect(notes).toEqual([]);
  expect(fetch.requests).toHaveLength(0);
});

it('README: notes per user — signed in, the user’s token is sent; signed out, []', async () => {
  const session = tokenBody(Date.now(), 3600, 'a');
  const fetch = createFakeFetch({
    'POST /auth/v1/token': jsonResponse(session),
    'POST /auth/v1/logout': jsonResponse({}, { status: 204 }),
    'GET /rest/v1/notes': jsonResponse([{ id: 1, body: 'mine' }]),
  });
  const supabase = createClient('http://127.0.0.1:54321', 'anon-key', {
    global: { fetch },
    auth: { persistSession: false, autoRefreshToken: false },
  });
  const seen: unknown[] = [];
  const sub = supabase
    .from('notes')
    .select('id, body')
    .pipe(
      refreshOnExpiry(supabase.auth),
      pluckData(),
      withSession(supabase.auth, { signedOut: [] }),
    )
    .subscribe((notes) => seen.push(notes));
  await waitFor(() => seen.length === 1);
  await firstValueFrom(
    supabase.auth.signInWithPassword({ email: 'a@example.com', password: 'pw' }),
  );
  await waitFor(() => seen.length === 2);
  const notesRequest = fetch.requests.find((r) => r.url.includes('/rest/v1/notes'))!;
  expect(notesRequest.headers.authorization).toBe(`Bearer ${session.access_token}`);
  await firstValueFrom(supabase.auth.signOut(), { defaultValue: undefined });
  await waitFor(() => seen.length === 3);
  expect(seen).toEqual([[], [{ id: 1, body: 'mine' }], []]);
  sub.unsubscribe();
});

async function waitFor(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 0));
  expect(done()).toBe(true);
}
