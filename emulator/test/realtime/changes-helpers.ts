import type { EmulatorHandle, RequestAuth } from '../../src/index.js';
import type { ChangeData } from '../../src/realtime/changes/change-feed.js';

/** Collects a subscriber's deliveries; `next(n)` resolves once n have arrived in total. */
export class Collector {
  readonly got: { ids: number[]; data: ChangeData }[] = [];
  #waiters: { n: number; resolve: () => void }[] = [];

  readonly onChange = (ids: number[], data: ChangeData) => {
    this.got.push({ ids, data });
    this.#waiters = this.#waiters.filter((w) =>
      this.got.length >= w.n ? (w.resolve(), false) : true,
    );
  };

  /** Resolves once `n` deliveries have arrived in total. */
  count(n: number): Promise<void> {
    if (this.got.length >= n) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ n, resolve }));
  }
}

/** The claims of a signed-in user, as the auth service signs them. */
export function userAuth(sub: string): RequestAuth {
  return { role: 'authenticated', claims: { sub, role: 'authenticated' } };
}

export const anonAuth: RequestAuth = { role: 'anon', claims: { role: 'anon' } };
export const serviceAuth: RequestAuth = { role: 'service_role', claims: { role: 'service_role' } };

/**
 * A marker change: an insert into `marks` every subscriber of it receives, so a test can await
 * "everything committed before it was delivered" instead of sleeping.
 */
export async function mark(emu: EmulatorHandle, n: number): Promise<void> {
  await emu.db.query('insert into marks (n) values ($1)', [n]);
}
