import { isObservable, type Observable, type Subscription } from 'rxjs';

/**
 * Hands `next` the first value of what `produce` returns: a plain value at once, or an
 * Observable's first value (`null` if it completes empty). A throw from `produce` or an error of
 * the Observable goes to `error`. Returns the subscription to cancel, if one is still open — so a
 * token source that answers synchronously costs no subscription at all. (By hand rather than with
 * `take(1)`, to keep operators out of the transport's bundle.)
 *
 * @example
 * ```ts
 * const sub = firstValue(() => tokenSource.token(), (token) => send(token), (e) => fail(e));
 * ```
 */
export function firstValue<T>(
  produce: () => Observable<T | null> | T | null,
  next: (value: T | null) => void,
  error: (error: unknown) => void,
): Subscription | undefined {
  let source: Observable<T | null> | T | null;
  try {
    source = produce();
  } catch (thrown) {
    error(thrown);
    return undefined;
  }
  if (!isObservable(source)) {
    next(source);
    return undefined;
  }
  let done = false;
  let sub: Subscription | undefined = undefined;
  const finish = (deliver: () => void) => {
    if (done) return;
    done = true;
    sub?.unsubscribe();
    deliver();
  };
  sub = source.subscribe({
    next: (value) => finish(() => next(value)),
    error: (e: unknown) => finish(() => error(e)),
    complete: () => finish(() => next(null)),
  });
  if (!done) return sub;
  sub.unsubscribe();
  return undefined;
}
