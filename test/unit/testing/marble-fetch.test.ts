import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import {
  createMarbleFetch,
  jsonResponse,
  networkError,
  never,
  textResponse,
} from 'supabase-rx/testing';
import { SyncThenable } from '../../../src/testing/sync-thenable.js';

/** Follows a thenable synchronously: what it settled with by now, if anything. */
function peek<T>(p: PromiseLike<T>): { value?: T; error?: unknown; settled: boolean } {
  const out: { value?: T; error?: unknown; settled: boolean } = { settled: false };
  p.then(
    (value) => Object.assign(out, { value, settled: true }),
    (error: unknown) => Object.assign(out, { error, settled: true }),
  );
  return out;
}

describe('createMarbleFetch', () => {
  it('answers synchronously and records the request', () => {
    const fake = createMarbleFetch(() => jsonResponse({ a: 1 }, { status: 201 }));
    const res = peek(
      fake('http://h.test/x?y=1', { method: 'POST', headers: { 'X-A': '1' }, body: 'b' }),
    );
    expect(res.settled).toBe(true);
    const response = res.value as Response;
    expect([response.status, response.ok, response.headers.get('content-type')]).toEqual([
      201,
      true,
      'application/json',
    ]);
    expect(peek(response.text()).value).toBe('{"a":1}');
    expect(response.bodyUsed).toBe(true);
    expect(peek(response.text()).error).toBeInstanceOf(TypeError);
    expect(fake.requests[0]).toMatchObject({
      method: 'POST',
      path: '/x?y=1',
      body: 'b',
      headers: { 'x-a': '1' },
    });
  });

  it('reads bodies as json, arrayBuffer and blob too', () => {
    const fake = createMarbleFetch({ '/j': jsonResponse([1]), '/t': textResponse('hé') });
    const j = peek(fake('http://h.test/j')).value as Response;
    expect(peek(j.json()).value).toEqual([1]);
    const t = peek(fake('http://h.test/t')).value as Response;
    expect(new Uint8Array(peek(t.arrayBuffer()).value as ArrayBuffer)).toEqual(
      new TextEncoder().encode('hé'),
    );
    const b = peek(fake('http://h.test/t')).value as Response;
    expect(peek(b.blob()).value).toBeInstanceOf(Blob);
  });

  it('delivers an Observable answer at its virtual time', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ cold, flush }) => {
      const fake = createMarbleFetch(() => cold('30ms a', { a: { status: 202, body: 'ok' } }));
      const res = peek(fake('http://h.test/x'));
      expect(res.settled).toBe(false);
      flush();
      expect(scheduler.now()).toBe(30);
      expect((res.value as Response).status).toBe(202);
    });
  });

  it('aborting rejects at once and cancels the pending answer', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ cold, expectSubscriptions, flush }) => {
      const answer$ = cold('30ms a', { a: { status: 200 } });
      const fake = createMarbleFetch(() => answer$);
      const controller = new AbortController();
      const res = peek(fake('http://h.test/x', { signal: controller.signal }));
      cold('10ms x').subscribe(() => controller.abort());
      flush();
      expect((res.error as DOMException).name).toBe('AbortError');
      expectSubscriptions(answer$.subscriptions).toBe('^ 9ms !');
    });
  });

  it('networkError() rejects, never() stays pending until aborted', () => {
    const failing = createMarbleFetch(() => networkError('EPIPE'));
    expect(peek(failing('http://h.test/x')).error).toBeInstanceOf(TypeError);
    const hanging = createMarbleFetch(() => never());
    const controller = new AbortController();
    const res = peek(hanging('http://h.test/x', { signal: controller.signal }));
    expect(res.settled).toBe(false);
    controller.abort();
    expect((res.error as DOMException).name).toBe('AbortError');
  });

  it('refuses answers whose body it cannot know synchronously, saying why', () => {
    const fake = createMarbleFetch(() => new Response('opaque'));
    const error = peek(fake('http://h.test/x')).error as Error;
    expect(error.message).toMatch(/jsonResponse\(\)\/textResponse\(\)/);
    const asyncHandler = createMarbleFetch((() => Promise.resolve(jsonResponse(1))) as never);
    expect((peek(asyncHandler('http://h.test/x')).error as Error).message).toMatch(/synchronously/);
  });
});

describe('SyncThenable', () => {
  it('runs callbacks synchronously, chains values and errors, adopts thenables', () => {
    const seen: unknown[] = [];
    const t = new SyncThenable<number>();
    t.then((v) => v + 1)
      .then((v) => SyncThenable.resolve(v * 10))
      .then((v) => seen.push(v));
    t.then(() => {
      throw new Error('boom');
    })
      .then(() => seen.push('skipped'))
      .catch((e: unknown) => seen.push((e as Error).message))
      .finally(() => seen.push('finally'));
    expect(seen).toEqual([]);
    t.resolve(1);
    expect(seen).toEqual([20, 'boom', 'finally']);
    t.resolve(5); // settled once only
    expect(seen).toHaveLength(3);
  });
});
