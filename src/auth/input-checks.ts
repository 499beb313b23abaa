import { AuthValidationError } from './errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `value` when it is a non-empty string, else an `AuthValidationError` naming `what` (checked
 * before anything is sent: ids go into request paths).
 *
 * @example
 * ```ts
 * requireNonEmptyString('', 'passkeyId'); // throws 'passkeyId must be a non-empty string, got ""'
 * ```
 */
export function requireNonEmptyString(value: unknown, what: string): string {
  if (typeof value !== 'string' || !value) {
    throw new AuthValidationError(
      `${what} must be a non-empty string, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/**
 * `value` when it is a UUID, as auth-js's `validateUUID` requires of ids that go into admin
 * paths; else an `AuthValidationError` naming `what`.
 *
 * @example
 * ```ts
 * requireUuid('nope', 'factor id'); // throws 'Expected the factor id to be a UUID, got "nope"'
 * ```
 */
export function requireUuid(value: unknown, what = 'user id'): string {
  if (typeof value !== 'string' || !UUID.test(value)) {
    throw new AuthValidationError(
      `Expected the ${what} to be a UUID, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}
