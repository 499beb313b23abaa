import type { Engine, Queryable } from '../db/engine.js';

// Statements that can change what the schema cache holds.
const DDL = /^(create|alter|drop|grant|revoke|comment|security\s+label|import\s+foreign)\b/i;

function stripLeadingComments(sql: string): string {
  let s = sql.trimStart();
  for (;;) {
    if (s.startsWith('--')) s = s.slice(s.indexOf('\n') + 1 || s.length).trimStart();
    else if (s.startsWith('/*')) s = s.slice(s.indexOf('*/') + 2 || s.length).trimStart();
    else return s;
  }
}

/**
 * Whether a statement may change the schema (DDL or privileges).
 *
 * @example
 * ```ts
 * isSchemaChange('-- add a table\ncreate table t (id int)'); // true
 * ```
 */
export function isSchemaChange(sql: string): boolean {
  return DDL.test(stripLeadingComments(sql));
}

/**
 * Wraps an engine so that schema changes made through it invalidate the schema cache at once,
 * synchronously with the statement's completion: a test that runs `create table` and then
 * queries the API must never see the old schema. (DDL from elsewhere arrives by
 * `NOTIFY pgrst`, which the event triggers of the bootstrap send.)
 *
 * @example
 * ```ts
 * const db = watchSchemaChanges(engine, () => generation++);
 * await db.exec('create table t (id int)'); // generation bumped
 * ```
 */
export function watchSchemaChanges(engine: Engine, onChange: () => void): Engine {
  const watch = (q: Queryable, seen: () => void): Queryable => ({
    async query<R = Record<string, unknown>>(sql: string, params?: unknown[]) {
      const result = await q.query<R>(sql, params);
      if (isSchemaChange(sql)) seen();
      return result;
    },
    async exec(sql: string) {
      await q.exec(sql);
      seen();
    },
  });
  const direct = watch(engine, onChange);
  return {
    kind: engine.kind,
    query: direct.query,
    exec: direct.exec,
    async transaction(fn) {
      let changed = false;
      try {
        return await engine.transaction((tx) => fn(watch(tx, () => (changed = true))));
      } finally {
        // After commit (or rollback, which is harmless): only then is the change visible.
        if (changed) onChange();
      }
    },
    listen: (channel, onNotify) => engine.listen(channel, onNotify),
    close: () => engine.close(),
  };
}
