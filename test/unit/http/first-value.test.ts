import { EMPTY, NEVER, Observable, Subject, of, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { firstValue } from '../../../src/http/first-value.js';

function collect<T>(produce: () => Observable<T | null> | T | null) {
  const log: string[] = [];
  const sub = firstValue(
    produce,
    (v) => log.push(`next ${String(v)}`),
    (e) => log.push(`error ${(e as Error).message}`),
  );
  return { log, sub };
}

describe('firstValue', () => {
  it('hands over a plain value at once, without a subscription', () => {
    const { log, sub } = collect(() => 'token');
    expect(log).toEqual(['next token']);
    expect(sub).toBeUndefined();
  });

  it('takes only the first value of an Observable', () => {
    const { log, sub } = collect(() => of('a', 'b'));
    expect(log).toEqual(['next a']);
    expect(sub).toBeUndefined();
  });

  it('an empty Observable gives null; an error goes to error; so does a throw', () => {
    expect(collect(() => EMPTY).log).toEqual(['next null']);
    expect(collect(() => throwError(() => new Error('nope'))).log).toEqual(['error nope']);
    expect(
      collect(() => {
        throw new Error('thrown');
      }).log,
    ).toEqual(['error thrown']);
  });

  it('waits for a later value and stops listening after it', () => {
    const token$ = new Subject<string>();
    const { log, sub } = collect(() => token$);
    expect(log).toEqual([]);
    token$.next('late');
    token$.next('ignored');
    expect(log).toEqual(['next late']);
    expect(token$.observed).toBe(false);
    expect(sub?.closed).toBe(true);
  });

  it('the returned subscription cancels a pending lookup', () => {
    let torn = false;
    const { log, sub } = collect(() => new Observable<string>(() => () => void (torn = true)));
    sub?.unsubscribe();
    expect(torn).toBe(true);
    expect(log).toEqual([]);
    expect(collect(() => NEVER).sub).toBeDefined();
  });
});
