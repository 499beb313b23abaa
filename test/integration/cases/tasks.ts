import type { CheckTools, RunContext } from '../helpers/case.js';

/**
 * Shared by the mutation cases: each run owns the rows that carry its tag (`tasks.tag`), so the
 * two clients and the cases never see each other's rows.
 */

/** The columns the cases read back (no id: ids differ between the two clients' runs). */
export const COLS = 'tag, slug, title, done, priority, due, labels, meta';
export const mine = {
  sql: `select ${COLS} from tasks where tag = $1 order by slug`,
  params: (r: RunContext) => [r.tag],
};

/** A task as the database holds it after an insert of `fields` (column defaults elsewhere). */
export function task(run: RunContext, fields: Record<string, unknown>): Record<string, unknown> {
  return { tag: run.tag, done: false, priority: 3, due: null, labels: [], meta: {}, ...fields };
}

/** Creates tasks `a`, `b`, `c` … for the run, with priorities 1, 2, 3 …; returns their ids. */
export function seedTasks(count: number) {
  return async (tools: CheckTools, run: RunContext) => {
    const ids: number[] = [];
    for (let i = 0; i < count; i++) {
      const slug = String.fromCharCode(97 + i);
      const r = await tools.db.query<{ id: number }>(
        'insert into tasks (tag, slug, title, priority) values ($1, $2, $3, $4) returning id',
        [run.tag, slug, `Task ${slug}`, i + 1],
      );
      ids.push(Number(r.rows[0].id));
    }
    return ids;
  };
}

export const seeded = (
  run: RunContext,
  slugs: string[],
  changes: Record<string, Record<string, unknown>> = {},
) =>
  slugs.map((s, i) => task(run, { slug: s, title: `Task ${s}`, priority: i + 1, ...changes[s] }));
