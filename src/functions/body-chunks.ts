import { Observable } from 'rxjs';
import { FunctionsFetchError } from './errors.js';

/**
 * A response body as a cold Observable of its chunks, read one at a time as the subscriber takes
 * them; unsubscribing cancels the body (and so the request). A read failure (the connection
 * dropped mid-stream) errors with a `FunctionsFetchError`.
 *
 * @example
 * ```ts
 * bodyChunks(response.body!).subscribe((chunk) => console.log(chunk.byteLength));
 * ```
 */
export function bodyChunks(body: ReadableStream<Uint8Array>): Observable<Uint8Array> {
  return new Observable<Uint8Array>((subscriber) => {
    const reader = body.getReader();
    let done = false;
    const pump = (): void => {
      reader.read().then(
        (result) => {
          if (subscriber.closed) return;
          if (result.done) {
            done = true;
            subscriber.complete();
            return;
          }
          subscriber.next(result.value);
          pump();
        },
        (error: unknown) => {
          done = true;
          if (!subscriber.closed) subscriber.error(new FunctionsFetchError(error));
        },
      );
    };
    pump();
    return () => {
      if (!done) reader.cancel().catch(() => undefined);
    };
  });
}
