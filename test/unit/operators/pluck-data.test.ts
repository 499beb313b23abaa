import { of, type Observable } from 'rxjs';
import { marbles } from 'rxjs-marbles';
import { describe, expectTypeOf, it } from 'vitest';
import { SupabaseRxError } from '../../../src/http/supabase-rx-error.js';
import { pluckData } from '../../../src/operators/index.js';

describe('pluckData()', () => {
  it(
    'emits each response’s data and passes completion',
    marbles((m) => {
      const r = { data: [{ id: 1 }], count: null, status: 200, statusText: 'OK' };
      const s = { data: null, count: 0, status: 204, statusText: 'No Content' };
      m.expect(m.cold('-r-s|', { r, s }).pipe(pluckData())).toBeObservable('-a-b|', {
        a: [{ id: 1 }],
        b: null,
      });
    }),
  );

  it(
    'passes errors through',
    marbles((m) => {
      const e = new SupabaseRxError('boom', { status: 500 });
      m.expect(m.cold<{ data: number }>('--#', {}, e).pipe(pluckData())).toBeObservable(
        '--#',
        {},
        e,
      );
    }),
  );

  it('types the output as the data type', () => {
    const out = of({ data: ['a'], status: 200 }).pipe(pluckData());
    expectTypeOf(out).toEqualTypeOf<Observable<string[]>>();
  });
});
