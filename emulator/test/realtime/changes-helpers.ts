import type { EmulatorHandle, RequestAuth } from '../../src/index.js';
import type { ChangeData } from '../../src/realtime/changes/change-feed.js';

/** Collects a subscriber's deliveries; `next(n)` resolves once n have arrived in total. */
export class Collector {
  readonly got: { ids: number[]; data: ChangeData }[] = [];
  #waiters: { done: () => boolean; resolve: () => void }[] = [];

  readonly onChange = (ids: number[], data: ChangeData) => {
    this.got.push({ ids, data });
    this.#waiters = this.#waiters.filter((w) => (w.done() ? (w.resolve(), false) : true));
  };

  /** Resolves once `n` deliveries have arrived in total. */
  count(n: number): Promise<void> {
    return this.until(() => this.got.length >= n);
  }

  /** Resolves once the marker row `n` (table `marks`) has arrived: everything before it has too. */
  marked(n: number): Promise<void> {
    return this.until(() =>
      this.got.some((g) => g.data.table === 'marks' && g.data.record?.n === n),
    );
  }

  /** The records delivered from `table` (old records for deletes), in order. */
  records(table: string): Record<string, unknown>[] {
    return this.got
      .filter((g) => g.data.table === table)
      .map((g) => g.data.record ?? g.data.old_record ?? {});
  }

  until(done: () => boolean): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ done, resolve }));
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
export const MARKS_SQL =
  'create table marks (n int primary key); alter publication supabase_realtime add table marks;';

/** The binding of the marker table. */
export const MARKS = { event: '*', schema: 'public', table: 'marks' } as const;

export async function mark(emu: EmulatorHandle, n: number): Promise<void> {
  await emu.db.query('insert into marks (n) values ($1)', [n]);
}
