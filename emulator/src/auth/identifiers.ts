import { validationFailed } from './errors.js';

/**
 * GoTrue's e-mail rule: `validateEmail` (internal/api/mail.go) runs `checkmail.ValidateFormat`
 * (github.com/badoux/checkmail), whose whole-string pattern is this one. A dot in the domain is
 * not required; `:`, `;`, spaces, quotes and non-ASCII letters are refused.
 */
const EMAIL_RE =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/**
 * Validates and lower-cases an e-mail address as GoTrue's `validateEmail` does, with its 400
 * `validation_failed` messages: empty, longer than 255 bytes, or not matching the format
 * (the address is not trimmed first).
 *
 * @example
 * normalizeEmail('A@B.io'); // 'a@b.io'
 */
export function normalizeEmail(raw: string): string {
  if (raw === '') throw validationFailed('An email address is required');
  if (Buffer.byteLength(raw) > 255) throw validationFailed('An email address is too long');
  if (!EMAIL_RE.test(raw)) {
    throw validationFailed('Unable to validate email address: invalid format');
  }
  return raw.toLowerCase();
}

/**
 * Normalises a phone number as GoTrue stores it (digits only, no `+`), requiring E.164.
 *
 * @example
 * normalizePhone('+1 (555) 123-4567'); // '15551234567'
 */
export function normalizePhone(raw: string): string {
  const phone = raw.replace(/[\s\-()]/g, '').replace(/^\+/, '');
  if (!/^[1-9]\d{6,14}$/.test(phone)) {
    throw validationFailed('Invalid phone number format (E.164 required)');
  }
  return phone;
}
