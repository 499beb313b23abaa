/** A PostgREST error as both clients report it, reduced to its four fields. */
export interface OutcomeError {
  code: string;
  message: string;
  details: unknown;
  hint: unknown;
}

/** The settled result of one query, in supabase-js's shape, whichever client ran it. */
export interface Outcome {
  data: unknown;
  error: OutcomeError | null;
  count: number | null;
  status: number;
  statusText: string;
}

/** Which client produced an outcome. */
export type ClientName = 'supabase-js' | 'supabase-rx';

/** Reduces a supabase-js-style result to an `Outcome`. */
export function toOutcome(result: any): Outcome {
  const error = result.error
    ? {
        code: result.error.code,
        message: result.error.message,
        details: result.error.details,
        hint: result.error.hint,
      }
    : null;
  return {
    data: result.data,
    error,
    count: result.count ?? null,
    status: result.status,
    statusText: result.statusText,
  };
}

/** supabase-js: a builder is a thenable resolving to `{ data, error, count, status, statusText }`. */
export async function settleJs(builder: PromiseLike<unknown>): Promise<Outcome> {
  return toOutcome(await builder);
}
