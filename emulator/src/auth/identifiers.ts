import { validationFailed } from './errors.js';

/** A pragmatic e-mail shape check: something@domain.tld, no spaces. */
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Validates and lower-cases an e-mail address; 400 `validation_failed` with GoTrue's message
 * when it is malformed.
 *
 * @example
 * normalizeEmail(' A@B.io '); // 'a@b.io'
 */
export function normalizeEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (!EMAIL_RE.test(email) || email.length > 255) {
    throw validationFailed('Unable to validate email address: invalid format');
  }
  return email;
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
