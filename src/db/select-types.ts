/**
 * `SelectRow`: the row type of a `select()` string on a bare row type, with no schema around it
 * (so no embeds). Builders use `SelectResult` (`./types/select-result.ts`), which also resolves
 * embeds through the schema's `Relationships`.
 */
import type { SelectResult } from './types/select-result.js';

interface NoSchema {
  Tables: Record<never, never>;
  Views: Record<never, never>;
  Functions: Record<never, never>;
}

/**
 * The row type `select(Query)` yields on a relation whose rows are `Row`.
 *
 * @example
 * ```ts
 * type R = SelectRow<{ id: number; title: string }, 'id, name:title'>; // { id: number; name: string }
 * ```
 */
export type SelectRow<Row extends Record<string, unknown>, Query extends string> = SelectResult<
  NoSchema,
  Row,
  '',
  Query
>;
