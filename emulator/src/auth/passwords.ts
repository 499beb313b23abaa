import bcrypt from 'bcryptjs';
import { AuthHttpError } from './errors.js';
import type { AuthSettings } from './settings.js';

/** The character sets of `password_requirements`, as GoTrue lists them in its message. */
const REQUIREMENTS: Record<string, string[]> = {
  letters_digits: ['abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', '0123456789'],
  lower_upper_letters_digits: [
    'abcdefghijklmnopqrstuvwxyz',
    'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    '0123456789',
  ],
  lower_upper_letters_digits_symbols: [
    'abcdefghijklmnopqrstuvwxyz',
    'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    '0123456789',
    '!@#$%^&*()_+-=[]{};\':"|<>?,./`~',
  ],
};

/**
 * Checks a new password against `minimum_password_length` and `password_requirements`; throws
 * GoTrue's 422 `weak_password` with `weak_password.reasons` (`length`, `characters`).
 *
 * @example
 * checkPasswordStrength(settings, 'hunter2');
 */
export function checkPasswordStrength(settings: AuthSettings, password: string): void {
  const reasons: string[] = [];
  const messages: string[] = [];
  if (password.length < settings.minimumPasswordLength) {
    reasons.push('length');
    messages.push(`Password should be at least ${settings.minimumPasswordLength} characters.`);
  }
  const sets = REQUIREMENTS[settings.passwordRequirements];
  if (sets && !sets.every((set) => [...password].some((ch) => set.includes(ch)))) {
    reasons.push('characters');
    messages.push(`Password should contain at least one character of each: ${sets.join(', ')}.`);
  }
  if (reasons.length > 0) {
    throw new AuthHttpError(422, 'weak_password', messages.join(' '), {
      weak_password: { reasons },
    });
  }
}

/**
 * Hashes a password with bcrypt. Cost 6 rather than GoTrue's 10: the emulator serves test suites that
 * sign up many users, and any cost verifies the same way (imported `password_hash`es too).
 *
 * @example
 * const hash = await hashPassword('s3cret!');
 */
export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, 6);
}

/**
 * Compares a password with a stored bcrypt hash; `false` when there is no hash.
 *
 * @example
 * if (!(await passwordMatches('s3cret!', row.encrypted_password))) throw invalidCredentials();
 */
export async function passwordMatches(password: string, hash: string | null): Promise<boolean> {
  if (!hash) return false;
  return bcrypt.compare(password, hash);
}
