import { AuthError } from '../errors.js';

/**
 * An experimental API was called without its `experimental` option: `mfa.recoveryCodes` needs
 * `experimental: { recoveryCodes: true }`. The message is auth-js 2.119's.
 *
 * @example
 * ```ts
 * auth.mfa.recoveryCodes.getStatus().subscribe({
 *   error: (e) => e instanceof AuthExperimentalDisabledError && console.warn(e.message),
 * });
 * ```
 */
export class AuthExperimentalDisabledError extends AuthError {
  constructor(message: string) {
    super(message, undefined, 'experimental_disabled');
    this.name = 'AuthExperimentalDisabledError';
  }
}
