import type { ChangeFilter } from './change-filter.js';

/**
 * A postgres_changes binding the feed refuses; `reason` is the text Realtime answers with.
 *
 * @example
 * ```ts
 * throw new ChangeFeedError('Error parsing `filter` params: ["id=bad.1"]');
 * ```
 */
export class ChangeFeedError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'ChangeFeedError';
  }
}

interface BindingLike {
  event: string;
  schema: string;
  table?: string;
}

// Realtime prints the parsed filters with Elixir's inspect: [{"id", "eq", "1"}].
function params(binding: BindingLike, parsed: ChangeFilter[]): string {
  const tuple = (f: ChangeFilter) => {
    const value = f.op === 'in' ? `(${f.values.join(',')})` : f.values[0];
    const op = f.negate ? `not.${f.op}` : f.op;
    return `{${[f.column, op, value].map((v) => JSON.stringify(v)).join(', ')}}`;
  };
  const filters = `[${parsed.map(tuple).join(', ')}]`;
  const table = binding.table ?? '*';
  return `[event: ${binding.event}, schema: ${binding.schema}, table: ${table}, filters: ${filters}]`;
}

/** Realtime's refusal of bindings that match no table of the publication. */
export function unableToSubscribe(
  binding: BindingLike,
  filters: ChangeFilter[] = [],
): ChangeFeedError {
  return new ChangeFeedError(
    'Unable to subscribe to changes with given parameters. Please check Realtime is enabled for ' +
      `the given connect parameters: ${params(binding, filters)}`,
  );
}

/** Realtime's refusal of a filter on a column the table does not have (walrus raises it). */
export function invalidFilterColumn(
  binding: BindingLike,
  filters: ChangeFilter[],
  column: string,
): ChangeFeedError {
  return new ChangeFeedError(
    'Unable to subscribe to changes with given parameters. An exception happened so please check ' +
      `your connect parameters: ${params(binding, filters)}. Exception: ERROR P0001 ` +
      `(raise_exception) invalid column for filter ${column}`,
  );
}
