// Type tests, checked by `tsc --noEmit -p .` (npm run typecheck): nothing here runs.
import { of, type Observable } from 'rxjs';
import { expectTypeOf } from 'vitest';
import { createClient } from '../../../src/index.js';
import type { AuthError } from '../../../src/auth/errors.js';
import type { PostgrestError } from '../../../src/db/postgrest-error.js';
import type { FunctionsError } from '../../../src/functions/errors.js';
import type { StorageError } from '../../../src/storage/errors.js';
import { toResult, type ResultError } from '../../../src/operators/index.js';

const supabase = createClient('http://127.0.0.1:54321', 'anon-key');
type ErrorOf<S> = S extends Observable<{ error: infer E }> ? Exclude<E, null> : never;
declare function errorOf<S>(stream: S): ErrorOf<S>;

// Database builders, rpc and the OpenAPI spec: PostgrestError, whose fields need no cast.
const select = supabase.from('movies').select('id').pipe(toResult());
expectTypeOf(errorOf(select)).toEqualTypeOf<PostgrestError>();
select.subscribe(({ error }) => {
  if (error) {
    expectTypeOf(error.code).toEqualTypeOf<string>();
    expectTypeOf(error.details).toEqualTypeOf<string | null>();
    expectTypeOf(error.hint).toEqualTypeOf<string | null>();
  }
});
const rpc = supabase.rpc('add', { a: 1, b: 2 }).pipe(toResult());
expectTypeOf(errorOf(rpc)).toEqualTypeOf<PostgrestError>();
const spec = supabase.getOpenApiSpec().pipe(toResult());
expectTypeOf(errorOf(spec)).toEqualTypeOf<PostgrestError>();

// Auth: sign-in, user and session streams.
const signIn = supabase.auth
  .signInWithPassword({ email: 'a@b.co', password: 'pw' })
  .pipe(toResult());
expectTypeOf(errorOf(signIn)).toEqualTypeOf<AuthError>();
const user = supabase.auth.getUser().pipe(toResult());
expectTypeOf(errorOf(user)).toEqualTypeOf<AuthError>();
const session = supabase.auth.getSession().pipe(toResult());
expectTypeOf(errorOf(session)).toEqualTypeOf<AuthError>();

// Storage: bucket and file calls.
const buckets = supabase.storage.listBuckets().pipe(toResult());
expectTypeOf(errorOf(buckets)).toEqualTypeOf<StorageError>();
const upload = supabase.storage.from('avatars').upload('a.png', 'x').pipe(toResult());
expectTypeOf(errorOf(upload)).toEqualTypeOf<StorageError>();
upload.subscribe(({ error }) => {
  if (error) expectTypeOf(error.statusCode).toEqualTypeOf<string | undefined>();
});

// Functions.
const invoke = supabase.functions.invoke<{ message: string }>('hello').pipe(toResult());
expectTypeOf(errorOf(invoke)).toEqualTypeOf<FunctionsError>();

// Any other stream: a plain Error (nothing is claimed about it).
const numbers = of(1, 2).pipe(toResult());
expectTypeOf(errorOf(numbers)).toEqualTypeOf<Error>();
expectTypeOf<ResultError<never>>().toEqualTypeOf<Error>();
expectTypeOf<ResultError<string>>().toEqualTypeOf<Error>();
expectTypeOf<ResultError<{ data: 1 }>>().toEqualTypeOf<Error>();

// The narrowing still works: with `error` null, `data` is the stream's data.
numbers.subscribe((r) => {
  if (r.error === null) expectTypeOf(r.data).toEqualTypeOf<number>();
  else expectTypeOf(r.data).toEqualTypeOf<null>();
});

// @ts-expect-error a PostgrestError has no `statusCode`: the type is the module's, not `any`.
select.subscribe(({ error }) => error?.statusCode);
