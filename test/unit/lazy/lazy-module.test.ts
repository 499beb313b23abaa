import { firstValueFrom, of, throwError, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { lazyModule } from '../../../src/lazy/lazy-module.js';

describe('lazyModule()', () => {
  it('loads once at the first subscribe, not before; later subscriptions run synchronously', async () => {
    let loads = 0;
    const lazy = lazyModule(async () => {
      loads++;
      return { twice: (n: number) => of(n * 2) };
    });
    const a$ = lazy((m) => m.twice(2));
    expect(loads).toBe(0);
    expect(
      await Promise.all([firstValueFrom(a$), firstValueFrom(lazy((m) => m.twice(3)))]),
    ).toEqual([4, 6]);
    expect(loads).toBe(1);
    let seen: number | undefined;
    lazy((m) => m.twice(5)).subscribe((v) => (seen = v));
    expect(seen).toBe(10);
  });

  it('unsubscribed while loading: nothing is subscribed to', async () => {
    let used = 0;
    let resolve!: (m: { run: () => Observable<number> }) => void;
    const lazy = lazyModule(
      () => new Promise<{ run: () => Observable<number> }>((r) => (resolve = r)),
    );
    lazy((m) => {
      used++;
      return m.run();
    })
      .subscribe()
      .unsubscribe();
    resolve({ run: () => of(1) });
    await Promise.resolve();
    await Promise.resolve();
    expect(used).toBe(0);
  });

  it('a failed load errors the subscriber and is tried again; a throwing use is an error', async () => {
    let loads = 0;
    const lazy = lazyModule(async () => {
      if (++loads === 1) throw new Error('chunk failed');
      return {
        boom: (): ReturnType<typeof throwError> => {
          throw new Error('bad input');
        },
      };
    });
    await expect(firstValueFrom(lazy((m) => m.boom()))).rejects.toThrow('chunk failed');
    await expect(firstValueFrom(lazy((m) => m.boom()))).rejects.toThrow('bad input');
    expect(loads).toBe(2);
  });
});
