/** The relay's answers, by what went wrong (bodies and statuses as Supabase's relay sends them). */
export const RELAY_ERRORS = {
  notFound: { status: 404, code: 'NOT_FOUND', message: 'Requested function was not found' },
  bootError: {
    status: 503,
    code: 'BOOT_ERROR',
    message: 'Worker failed to boot (please check logs)',
  },
  workerError: {
    status: 500,
    code: 'WORKER_ERROR',
    message: 'Function exited due to an error (please check logs)',
  },
} as const;

/** What the relay can answer on its own. */
export type RelayErrorKind = keyof typeof RELAY_ERRORS;

/**
 * The relay's own answer (marked `x-relay-error: true`, which functions-js turns into a
 * `FunctionsRelayError`): no such function (404), a function that failed to boot (503), a
 * handler that crashed or threw (500).
 *
 * @example
 * ```ts
 * return relayError('notFound'); // 404 {"code":"NOT_FOUND","message":"Requested function was not found"}
 * ```
 */
export function relayError(kind: RelayErrorKind): Response {
  const { status, code, message } = RELAY_ERRORS[kind];
  return new Response(JSON.stringify({ code, message }), {
    status,
    headers: { 'content-type': 'application/json', 'x-relay-error': 'true' },
  });
}
