import { AuthError } from '../errors.js';

/**
 * A WebAuthn ceremony in the browser failed (`navigator.credentials.create()` / `get()`), with
 * auth-js's codes: `ERROR_CEREMONY_ABORTED` when it was aborted, `ERROR_PASSTHROUGH_SEE_CAUSE_PROPERTY`
 * for the browser's own `DOMException` (in `cause`), `ERROR_UNKNOWN` for an empty or foreign
 * answer.
 *
 * @example
 * ```ts
 * auth.signInWithPasskey().subscribe({
 *   error: (e) => e instanceof WebAuthnError && e.cause instanceof DOMException && show(e.cause.name),
 * });
 * ```
 */
export class WebAuthnError extends AuthError {
  constructor(
    message: string,
    readonly webAuthnCode:
      'ERROR_CEREMONY_ABORTED' | 'ERROR_PASSTHROUGH_SEE_CAUSE_PROPERTY' | 'ERROR_UNKNOWN',
    cause?: unknown,
  ) {
    super(message, undefined, webAuthnCode, cause);
    this.name = 'WebAuthnError';
  }
}

/**
 * The error of a failed ceremony call.
 *
 * @example
 * ```ts
 * promise.catch((e) => subscriber.error(ceremonyError(e)));
 * ```
 */
export function ceremonyError(error: unknown): WebAuthnError {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'AbortError') {
    return new WebAuthnError('The WebAuthn ceremony was aborted', 'ERROR_CEREMONY_ABORTED', error);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new WebAuthnError(message, 'ERROR_PASSTHROUGH_SEE_CAUSE_PROPERTY', error);
}
