import { isObservable, take, type Observable, type Subscription } from 'rxjs';

/**
 * Hands `next` the first value of what `produce` returns: a plain value at once, or an
 * Observable's first value (`null` if it completes empty). A throw from `produce` or an error of
 * the Observable goes to `error`. Returns the subscription to cancel, if one was needed — so a
 * token source that answers synchronously costs no subscription at all.
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
  let got = false;
  return source.pipe(take(1)).subscribe({
    next: (value) => {
      got = true;
      next(value);
    },
    error,
    complete: () => got || next(null),
  });
}
