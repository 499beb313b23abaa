import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  FunctionsClient,
  FunctionsError,
  FunctionsFetchError,
  FunctionsHttpError,
  FunctionsRelayError,
} from '../../../src/functions/index.js';

const encoder = new TextEncoder();

/** A body that gives `chunks` one pull at a time and records whether it was cancelled. */
function streamedBody(chunks: string[], fail?: Error) {
  const state = { cancelled: false, pulls: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[state.pulls++];
      if (chunk !== undefined) controller.enqueue(encoder.encode(chunk));
      else if (fail) controller.error(fail);
      else controller.close();
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { body, state };
}

function clientAnswering(response: () => Response) {
  const requests: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(new Request(input, init));
    return response();
  };
  const functions = new FunctionsClient('http://fn.test/functions/v1', {
    fetch: fetch as typeof globalThis.fetch,
  });
  return { functions, requests };
}

const sse = (body: ReadableStream<Uint8Array>) =>
  new Response(body, { headers: { 'Content-Type': 'text/event-stream; charset=utf-8' } });

describe('invokeEvents()', () => {
  it('emits each server-sent event as it is parsed, then completes', async () => {
    const { body } = streamedBody([
      'data: {"n":1}\n\nda',
      'ta: {"n":2}\n\nevent: done\n',
      'data: \n\n',
    ]);
    const { functions, requests } = clientAnswering(() => sse(body));
    const events = await lastValueFrom(
      functions.invokeEvents('chat', { body: { prompt: 'hi' } }).pipe(toArray()),
    );
    expect(events).toEqual([
      { event: 'message', data: '{"n":1}', id: '' },
      { event: 'message', data: '{"n":2}', id: '' },
      { event: 'done', data: '', id: '' },
    ]);
    expect(requests[0]!.method).toBe('POST');
    expect(await requests[0]!.text()).toBe('{"prompt":"hi"}');
  });

  it('decodes a multi-byte character split across chunks', async () => {
    const bytes = encoder.encode('data: ü\n\n');
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(bytes.slice(0, 7)); // inside the two bytes of ü
        c.enqueue(bytes.slice(7));
        c.close();
      },
    });
    const { functions } = clientAnswering(() => sse(body));
    const events = await lastValueFrom(functions.invokeEvents('chat').pipe(toArray()));
    expect(events.map((e) => e.data)).toEqual(['ü']);
  });

  it('unsubscribing cancels the body: nothing more is read', async () => {
    const { body, state } = streamedBody(['data: 1\n\n', 'data: 2\n\n', 'data: 3\n\n']);
    const { functions } = clientAnswering(() => sse(body));
    const first = await firstValueFrom(functions.invokeEvents('chat').pipe(take(1)));
    expect(first.data).toBe('1');
    expect(state.cancelled).toBe(true);
    expect(state.pulls).toBeLessThan(3);
  });

  it('a response of another media type errors naming it, with the Response as context', async () => {
    const { functions } = clientAnswering(() => Response.json({ a: 1 }));
    const error = await firstValueFrom(functions.invokeEvents('json-fn')).catch((e) => e);
    expect(error).toBeInstanceOf(FunctionsError);
    expect(error.message).toBe(
      "invokeEvents('json-fn'): the function answered application/json, not text/event-stream",
    );
    expect(await (error.context as Response).json()).toEqual({ a: 1 });
  });

  it('non-2xx and relay answers error as invoke() does', async () => {
    const http = clientAnswering(() => new Response('no', { status: 500 }));
    const httpError = await firstValueFrom(http.functions.invokeEvents('f')).catch((e) => e);
    expect(httpError).toBeInstanceOf(FunctionsHttpError);
    expect(await (httpError.context as Response).text()).toBe('no');
    const relay = clientAnswering(
      () => new Response('{}', { status: 404, headers: { 'x-relay-error': 'true' } }),
    );
    expect(await firstValueFrom(relay.functions.invokeEvents('f')).catch((e) => e)).toBeInstanceOf(
      FunctionsRelayError,
    );
  });

  it('a connection dropped mid-stream errors with FunctionsFetchError after the events so far', async () => {
    const { body } = streamedBody(['data: 1\n\n'], new TypeError('terminated'));
    const { functions } = clientAnswering(() => sse(body));
    const seen: string[] = [];
    const error = await new Promise((resolve) =>
      functions.invokeEvents('chat').subscribe({ next: (e) => seen.push(e.data), error: resolve }),
    );
    expect(seen).toEqual(['1']);
    expect(error).toBeInstanceOf(FunctionsFetchError);
  });
});

describe('invokeStream()', () => {
  it('emits the body chunk by chunk, byte for byte', async () => {
    const { body } = streamedBody(['ab', 'c', 'def']);
    const { functions } = clientAnswering(
      () => new Response(body, { headers: { 'Content-Type': 'application/octet-stream' } }),
    );
    const chunks = await lastValueFrom(functions.invokeStream('bytes').pipe(toArray()));
    expect(chunks.map((c) => new TextDecoder().decode(c))).toEqual(['ab', 'c', 'def']);
  });

  it('a body-less answer completes at once', async () => {
    const { functions } = clientAnswering(() => new Response(null, { status: 204 }));
    expect(await lastValueFrom(functions.invokeStream('empty').pipe(toArray()))).toEqual([]);
  });
});
