import { firstValueFrom, lastValueFrom, merge } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createTransport } from '../../../src/http/transport.js';
import { createFakeFetch, jsonResponse, never } from '../../../src/testing/index.js';

const req = { method: 'GET', url: 'http://db.test/rest/v1/movies', headers: {} } as const;

describe('transport is cold', () => {
  it('sends nothing before subscribe, not even a token lookup', () => {
    let tokenReads = 0;
    const fake = createFakeFetch(() => jsonResponse([]));
    const transport = createTransport({
      fetch: fake,
      tokenSource: { token: () => (tokenReads++, 'jwt') },
    });
    const request$ = transport.request(req);
    expect(fake.requests).toHaveLength(0);
    expect(tokenReads).toBe(0);
    request$.subscribe();
    expect(fake.requests).toHaveLength(1);
    expect(tokenReads).toBe(1);
  });

  it('every subscription sends again', async () => {
    let n = 0;
    const fake = createFakeFetch(() => jsonResponse({ n: ++n }));
    const request$ = createTransport({ fetch: fake }).request(req);
    const first = await firstValueFrom(request$);
    const second = await firstValueFrom(request$);
    expect([first.body, second.body]).toEqual(['{"n":1}', '{"n":2}']);
    const both = await lastValueFrom(merge(request$, request$), { defaultValue: null });
    expect(both).not.toBeNull();
    expect(fake.requests).toHaveLength(4);
  });

  it('emits exactly one response and completes', async () => {
    const fake = createFakeFetch(() => jsonResponse([1, 2]));
    const seen: string[] = [];
    await new Promise<void>((done) =>
      createTransport({ fetch: fake })
        .request(req)
        .subscribe({
          next: (res) => seen.push(`next ${res.status} ${String(res.body)}`),
          complete: () => {
            seen.push('complete');
            done();
          },
        }),
    );
    expect(seen).toEqual(['next 200 [1,2]', 'complete']);
  });

  it('each subscription has its own abort signal: unsubscribing one leaves the other', () => {
    const fake = createFakeFetch(() => never());
    const request$ = createTransport({ fetch: fake }).request(req);
    const a = request$.subscribe();
    request$.subscribe();
    a.unsubscribe();
    expect(fake.requests.map((r) => r.signal?.aborted)).toEqual([true, false]);
  });
});
