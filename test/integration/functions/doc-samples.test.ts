import { fileURLToPath } from 'node:url';
import { firstValueFrom, map, toArray } from 'rxjs';
import { createClient } from 'supabase-rx';
import { toResult } from 'supabase-rx/operators';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestEmulator } from '../../../emulator/test/helpers/index.js';
import type { EmulatorHandle } from '../helpers/emulator.js';

/** The README's Edge Functions sample, against the emulator serving examples/supabase/functions. */

const EXAMPLES = fileURLToPath(new URL('../../../examples/supabase', import.meta.url));
let emu: EmulatorHandle;

beforeAll(async () => {
  emu = await startTestEmulator({ projectDir: EXAMPLES, functions: { log: () => undefined } });
});
afterAll(() => emu?.stop());

it('README: invoke hello with a JSON body, then toResult()', async () => {
  const supabase = createClient(emu.url, emu.anonKey, { auth: { persistSession: false } });
  const { data } = await firstValueFrom(
    supabase.functions.invoke<{ message: string }>('hello', {
      body: { name: 'Ada' },
      timeout: 5_000,
    }),
  );
  expect(data.message).toBe('Hello Ada!');
  const result = await firstValueFrom(supabase.functions.invoke('hello').pipe(toResult()));
  expect(result).toMatchObject({ data: { message: 'Hello world!' }, error: null });
});

it('examples/supabase/functions/stream answers server-sent events', async () => {
  const supabase = createClient(emu.url, emu.anonKey, { auth: { persistSession: false } });
  const { data } = await firstValueFrom(
    supabase.functions.invoke('stream?count=2', { method: 'GET' }).pipe(toArray()),
  ).then((values) => values[values.length - 1]!);
  const text = data instanceof Response ? await data.text() : String(data);
  expect(text).toBe('data: {"n":1}\n\ndata: {"n":2}\n\n');
});

it('docs/functions.md: invokeEvents on examples/supabase/functions/stream', async () => {
  const supabase = createClient(emu.url, emu.anonKey, { auth: { persistSession: false } });
  const ns = await firstValueFrom(
    supabase.functions.invokeEvents('stream?count=3', { method: 'GET' }).pipe(
      map((event) => JSON.parse(event.data) as { n: number }),
      map(({ n }) => n),
      toArray(),
    ),
  );
  expect(ns).toEqual([1, 2, 3]);
});
