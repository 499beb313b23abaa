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
function params(binding: BindingLike, filter: ChangeFilter | undefined): string {
  let filters = '[]';
  if (filter) {
    const value = filter.op === 'in' ? `(${filter.values.join(',')})` : filter.values[0];
    filters = `[{${[filter.column, filter.op, value].map((v) => JSON.stringify(v)).join(', ')}}]`;
  }
  const table = binding.table ?? '*';
  return `[event: ${binding.event}, schema: ${binding.schema}, table: ${table}, filters: ${filters}]`;
}

/** Realtime's refusal of bindings that match no table of the publication. */
export function unableToSubscribe(binding: BindingLike, filter?: ChangeFilter): ChangeFeedError {
  return new ChangeFeedError(
    'Unable to subscribe to changes with given parameters. Please check Realtime is enabled for ' +
      `the given connect parameters: ${params(binding, filter)}`,
  );
}

/** Realtime's refusal of a filter on a column the table does not have (walrus raises it). */
export function invalidFilterColumn(binding: BindingLike, filter: ChangeFilter): ChangeFeedError {
  return new ChangeFeedError(
    'Unable to subscribe to changes with given parameters. An exception happened so please check ' +
      `your connect parameters: ${params(binding, filter)}. Exception: ERROR P0001 ` +
      `(raise_exception) invalid column for filter ${filter.column}`,
  );
}
