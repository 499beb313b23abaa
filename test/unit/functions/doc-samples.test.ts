import { firstValueFrom } from 'rxjs';
import { expect, it } from 'vitest';
import { createClient } from 'supabase-rx';
import { toResult } from 'supabase-rx/operators';
import { createFakeFetch, jsonResponse } from 'supabase-rx/testing';

/** The Edge Functions samples of the README and docs/functions.md, against a fake fetch. */

it('README: invoke hello with a JSON body, then toResult()', async () => {
  const fetch = createFakeFetch({
    'POST /functions/v1/hello': jsonResponse({ message: 'Hello Ada!' }),
  });
  const supabase = createClient('http://127.0.0.1:54321', 'anon-key', { global: { fetch } });
  const { data } = await firstValueFrom(
    supabase.functions.invoke<{ message: string }>('hello', {
      body: { name: 'Ada' },
      timeout: 5_000,
    }),
  );
  expect(data.message).toBe('Hello Ada!');
  expect(fetch.requests[0]!.body).toBe('{"name":"Ada"}');
  expect(fetch.requests[0]!.headers['content-type']).toBe('application/json');
  expect(fetch.requests[0]!.headers.authorization).toBe('Bearer anon-key');
  const result = await firstValueFrom(supabase.functions.invoke('hello').pipe(toResult()));
  expect(result).toMatchObject({ data: { message: 'Hello Ada!' }, error: null });
});
