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

/** Realtime's refusal of bindings that match no published table (its exact wording). */
export function unableToSubscribe(binding: {
  event: string;
  schema: string;
  table?: string;
  filter?: string;
}): ChangeFeedError {
  const filters = binding.filter ? `["${binding.filter}"]` : '[]';
  return new ChangeFeedError(
    'Unable to subscribe to changes with given parameters. Please check Realtime is enabled for ' +
      `the given connect parameters: [event: ${binding.event}, schema: ${binding.schema}, ` +
      `table: ${binding.table ?? '*'}, filters: ${filters}]`,
  );
}
