import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { PostgrestClient } from '../../../src/db/client.js';
import { PostgrestError } from '../../../src/db/postgrest-error.js';
import type { RunSink } from '../../../src/http/request-run.js';
import type { Transport } from '../../../src/http/transport.js';
import type { HttpRequest } from '../../../src/http/types.js';
import { BASE, response } from './helpers.js';

/** A transport with `open` only working: `request` must not be used when `open` is there. */
function openOnlyTransport(answer: (req: HttpRequest, sink: RunSink) => void) {
  const opened: HttpRequest[] = [];
  let tornDown = 0;
  const transport: Transport = {
    request: () => {
      throw new Error('request() used although open() is there');
    },
    open(req, sink) {
      opened.push(req);
      answer(req, sink);
      return { unsubscribe: () => void tornDown++ };
    },
  };
  return { transport, opened, tornDown: () => tornDown };
}

describe('runQuery through Transport.open', () => {
  it('parses what the run delivers, and tears the run down', async () => {
    const t = openOnlyTransport((_req, sink) => {
      sink.next(response(200, '[{"id":1}]'));
      sink.complete();
    });
    const db = new PostgrestClient(BASE, { transport: t.transport });
    const res = await firstValueFrom(db.from('movies').select('id').eq('id', 1));
    expect(res).toEqual({ data: [{ id: 1 }], count: null, status: 200, statusText: 'OK' });
    expect(t.opened.map((r) => r.url)).toEqual([`${BASE}/movies?select=id&id=eq.1`]);
    expect(t.tornDown()).toBe(1);
  });

  it('maps a failed run and a bad body to PostgrestErrors; the sink is closed after unsubscribe', async () => {
    const failing = openOnlyTransport((_req, sink) => sink.error(new TypeError('fetch failed')));
    const db = new PostgrestClient(BASE, { transport: failing.transport });
    const error = await firstValueFrom(db.from('t').select()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostgrestError);
    expect(error).toMatchObject({ status: 0, message: 'TypeError: fetch failed' });

    const bad = openOnlyTransport((_req, sink) => sink.next(response(200, '<html>')));
    const parsed = new PostgrestClient(BASE, { transport: bad.transport });
    await expect(firstValueFrom(parsed.from('t').select())).rejects.toMatchObject({
      message: '<html>',
    });

    let kept: RunSink | undefined;
    const pending = openOnlyTransport((_req, sink) => (kept = sink));
    const sub = new PostgrestClient(BASE, { transport: pending.transport })
      .from('t')
      .select()
      .subscribe();
    expect(kept?.closed).toBe(false);
    sub.unsubscribe();
    expect(kept?.closed).toBe(true);
    expect(pending.tornDown()).toBe(1);
  });
});
