import { SupabaseRxError } from '../http/supabase-rx-error.js';

/**
 * The base class of the Edge Functions errors. `context` is what functions-js puts there: the
 * `Response` for an HTTP or relay error, the underlying failure for a fetch error.
 *
 * @example
 * ```ts
 * invoke$.subscribe({ error: (e) => e instanceof FunctionsError && console.log(e.name, e.status) });
 * ```
 */
export class FunctionsError extends SupabaseRxError {
  declare readonly context: unknown;

  constructor(
    message: string,
    name = 'FunctionsError',
    context?: unknown,
    options: { status?: number; cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = name;
    this.context = context;
  }

  /** As functions-js: `{ name, message, context }`. */
  toJSON(): { name: string; message: string; context: unknown } {
    return { name: this.name, message: this.message, context: this.context };
  }
}

/**
 * No response arrived (network failure, timeout): `context` is the failure, `status` 0.
 *
 * @example
 * ```ts
 * if (e instanceof FunctionsFetchError) console.log('offline?', e.context);
 * ```
 */
export class FunctionsFetchError extends FunctionsError {
  /** `detail` (e.g. which timeout elapsed) follows functions-js's message after a colon. */
  constructor(context: unknown, detail?: string) {
    const message = 'Failed to send a request to the Edge Function';
    super(detail ? `${message}: ${detail}` : message, 'FunctionsFetchError', context, {
      cause: context,
    });
  }
}

/**
 * The relay answered with `x-relay-error: true` (no such function, boot failure, crash):
 * `context` is the `Response`.
 *
 * @example
 * ```ts
 * if (e instanceof FunctionsRelayError) console.log(await e.context.text());
 * ```
 */
export class FunctionsRelayError extends FunctionsError {
  declare readonly context: Response;

  constructor(context: Response) {
    super('Relay Error invoking the Edge Function', 'FunctionsRelayError', context, {
      status: context.status,
    });
  }
}

/**
 * The function answered with a non-2xx status: `context` is the `Response`.
 *
 * @example
 * ```ts
 * if (e instanceof FunctionsHttpError) console.log(e.status, await e.context.json());
 * ```
 */
export class FunctionsHttpError extends FunctionsError {
  declare readonly context: Response;

  constructor(context: Response) {
    super('Edge Function returned a non-2xx status code', 'FunctionsHttpError', context, {
      status: context.status,
    });
  }
}
