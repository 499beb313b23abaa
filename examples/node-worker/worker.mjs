// A job worker: hears of queued jobs through liveQuery, claims them one at a time, retries flaky
// work with retryBackoff, writes each result back, and on SIGTERM finishes the job in hand and
// exits. Run it with plain Node after `npm run build` (README.md).
import { concatMap, defer, EMPTY, expand, filter, fromEvent, map, of, take, takeUntil } from 'rxjs';
import { catchError, last, tap } from 'rxjs/operators';
import { createClient } from 'supabase-rx';
import { liveQuery, retryBackoff } from 'supabase-rx/operators';

const url = process.env.SUPABASE_URL ?? 'http://127.0.0.1:54321';
const key = process.env.SUPABASE_SERVICE_ROLE_KEY;
const worker = process.env.WORKER_ID ?? `worker-${process.pid}`;
const retries = Number(process.env.WORKER_RETRIES ?? 4);
if (!key)
  throw new Error('SUPABASE_SERVICE_ROLE_KEY is required: the jobs table is service-role only');

const supabase = createClient(url, key, {
  auth: { persistSession: false, autoRefreshToken: false },
});

/** One JSON line per event on stdout: what a log collector (or the example's test) reads. */
const log = (event, fields = {}) => console.log(JSON.stringify({ event, worker, ...fields }));

let stopping = false;
let listening = false;
const stop$ = fromEvent(process, 'SIGTERM').pipe(
  take(1),
  tap(() => {
    stopping = true;
    log('stopping');
  }),
);

/** The work itself: a job's kind says what to do with its payload. */
const work = {
  square: ({ n }) => of({ square: n * n }),
  // Fetches a URL: a network error or a 5xx is retried (the error carries `status` and `method`
  // as isSafeToRetry expects), a 4xx is not.
  fetch: ({ url }) =>
    defer(async () => {
      const response = await fetch(url);
      const text = await response.text();
      if (!response.ok) {
        throw Object.assign(new Error(`GET ${url}: ${response.status}`), {
          status: response.status,
          method: 'GET',
        });
      }
      return { status: response.status, body: text };
    }),
};

/** Runs one claimed job to its end and writes the outcome back. Never errors. */
function perform(job) {
  let attempts = 0;
  return defer(() => {
    attempts += 1;
    log('attempt', { id: job.id, attempt: attempts });
    const run = work[job.kind];
    return run ? run(job.payload) : EMPTY;
  }).pipe(
    retryBackoff({ maxRetries: retries, initialDelay: 100, maxDelay: 2_000 }),
    last(),
    map((result) => ({ status: 'done', result, error: null })),
    catchError((error) =>
      of({ status: 'failed', result: null, error: String(error?.message ?? error) }),
    ),
    concatMap((outcome) =>
      supabase
        .from('jobs')
        .update({ ...outcome, attempts, finished_at: new Date().toISOString() })
        .eq('id', job.id)
        .eq('locked_by', worker)
        .pipe(map(() => outcome)),
    ),
    tap((outcome) => log(outcome.status, { id: job.id, attempts })),
  );
}

/** The oldest queued job, now ours, or null. */
const claim = () =>
  defer(() =>
    stopping
      ? of(null)
      : supabase.rpc('claim_job', { worker }).pipe(map(({ data }) => data?.[0] ?? null)),
  ).pipe(tap((job) => job && log('claimed', { id: job.id, kind: job.kind })));

/** Claims and performs jobs until none is queued (or SIGTERM came). */
const drain = () =>
  claim().pipe(expand((job) => (job ? perform(job).pipe(concatMap(() => claim())) : EMPTY)));

liveQuery(supabase.from('jobs').select('id').eq('status', 'queued'), {
  realtime: supabase,
  primaryKey: 'id',
})
  .pipe(
    tap(({ status }) => {
      if (status === 'live' && !listening) log('listening');
      listening ||= status === 'live';
    }),
    filter(({ data }) => data.length > 0),
    takeUntil(stop$),
    // One job at a time; a wake during a drain runs one more claim after it.
    concatMap(() => drain()),
  )
  .subscribe({
    complete: () => {
      log('stopped');
      process.exit(0);
    },
    error: (error) => {
      log('crashed', { error: String(error?.message ?? error) });
      process.exit(1);
    },
  });
