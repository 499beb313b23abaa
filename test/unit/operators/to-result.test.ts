import { firstValueFrom, throwError } from 'rxjs';
import { marbles } from 'rxjs-marbles';
import { describe, expect, it } from 'vitest';
import { PostgrestError } from '../../../src/db/postgrest-error.js';
import { SupabaseRxInputError } from '../../../src/http/supabase-rx-error.js';
import { toResult } from '../../../src/operators/index.js';

const ok = { data: [{ id: 1 }], count: 3, status: 200, statusText: 'OK' };
const err = new PostgrestError(
  { message: 'JSON object requested, multiple (or no) rows returned', code: 'PGRST116' },
  { status: 406, statusText: 'Not Acceptable' },
);

describe('toResult()', () => {
  it(
    'maps responses to { data, error: null, … } and an error to a last value, then completes',
    marbles((m) => {
      const source = m.cold('--r--#', { r: ok }, err);
      const expected = m.cold('--a--(b|)', {
        a: { data: [{ id: 1 }], error: null, count: 3, status: 200, statusText: 'OK' },
        b: { data: null, error: err, count: null, status: 406, statusText: 'Not Acceptable' },
      });
      m.expect(source.pipe(toResult())).toBeObservable(expected);
    }),
  );

  it(
    'passes completion and several values through',
    marbles((m) => {
      const source = m.cold('-x-y-|', { x: 1, y: 'two' });
      m.expect(source.pipe(toResult())).toBeObservable('-a-b-|', {
        a: { data: 1, error: null, count: null, status: 200, statusText: '' },
        b: { data: 'two', error: null, count: null, status: 200, statusText: '' },
      });
    }),
  );

  it('never errors, whatever is thrown', async () => {
    const r = await firstValueFrom(throwError(() => 'a string').pipe(toResult()));
    expect(r.error).toBeInstanceOf(Error);
    expect(r.error?.message).toBe('a string');
    expect(r.status).toBe(0);
    const input = await firstValueFrom(
      throwError(() => new SupabaseRxInputError('range(): bad')).pipe(toResult()),
    );
    expect(input).toMatchObject({ data: null, status: 0, statusText: '' });
    expect(input.error).toBeInstanceOf(SupabaseRxInputError);
  });
});
