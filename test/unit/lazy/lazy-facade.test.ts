import { firstValueFrom, of, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { lazyFacade } from '../../../src/lazy/lazy-facade.js';
import { lazyModule } from '../../../src/lazy/lazy-module.js';

class Api {
  readonly nested = { twice: (n: number): Observable<number> => of(n * 2) };
  constructor(private readonly prefix: string) {}
  greet(name: string): Observable<string> {
    return of(`${this.prefix} ${name}`);
  }
  fail(): Observable<never> {
    throw new TypeError('checked at the call');
  }
}

function setup() {
  let loads = 0;
  let made = 0;
  const module = lazyModule(async () => (loads++, { Api }));
  const api = lazyFacade(module, (m) => (made++, new m.Api('hello')), {
    nested: { twice: true },
    greet: true,
    fail: true,
  });
  return { api, module, loads: () => loads, made: () => made };
}

describe('lazyFacade', () => {
  it('before the load: a call is cold, loads at subscribe, then runs the real method with `this`', async () => {
    const { api, module, loads, made } = setup();
    const greet$ = api.greet('you');
    expect([loads(), made(), module.current]).toEqual([0, 0, undefined]);
    expect(await firstValueFrom(greet$)).toBe('hello you');
    expect(await firstValueFrom(api.nested.twice(21))).toBe(42);
    expect([loads(), made()]).toEqual([1, 1]);
  });

  it('before the load, what the real method throws is an error notification; after it, a throw', async () => {
    const { api, module } = setup();
    const failed = await firstValueFrom(api.fail()).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(TypeError);
    expect(module.current).toBeDefined();
    expect(() => api.fail()).toThrow('checked at the call');
  });

  it('after the load: the real method is called at once (one object for all calls)', async () => {
    const { api, module, made } = setup();
    await module.load();
    let value: string | undefined;
    api.greet('now').subscribe((v) => (value = v));
    expect(value).toBe('hello now');
    api.greet('again').subscribe();
    expect(made()).toBe(1);
  });

  it('a failed load errors the call, and the next call tries again', async () => {
    let attempt = 0;
    const module = lazyModule(async () => {
      if (attempt++ === 0) throw new Error('offline');
      return { Api };
    });
    const api = lazyFacade(module, (m) => new m.Api('hi'), {
      nested: { twice: true },
      greet: true,
      fail: true,
    });
    await expect(firstValueFrom(api.greet('a'))).rejects.toThrow('offline');
    expect(await firstValueFrom(api.greet('b'))).toBe('hi b');
  });
});
