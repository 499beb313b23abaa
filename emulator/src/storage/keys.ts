// Storage's S3-safe set (word characters, `/`, and `!-.*'() &$@=;:+,?`), widened to Unicode
// letters, digits and marks as current Storage versions accept them.
const KEY_CHARS = /^[\p{L}\p{N}\p{M}_/!\-.*'() &$@=;:+,?]+$/u;
const BUCKET_CHARS = /^[\p{L}\p{N}\p{M}_!\-.*'() &$@=;:+,?]+$/u;

/** The longest object key Storage accepts, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

/**
 * Whether `key` is an object key Storage accepts: non-empty, its allowed characters only (no
 * NUL, control characters, `\`, `%` or `#`), not absolute, no empty, `.` or `..` segment.
 * Keys never name a file on disk (bytes are stored under the object's version id), so this is
 * Storage's rule, not the emulator's only defence.
 *
 * @example
 * ```ts
 * isValidKey('folder/a b.png'); // true
 * isValidKey('../etc/passwd'); // false
 * ```
 */
export function isValidKey(key: string): boolean {
  if (!key || !KEY_CHARS.test(key)) return false;
  if (new TextEncoder().encode(key).length > MAX_KEY_BYTES) return false;
  return key.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

/**
 * Whether `name` is a bucket id Storage accepts (the key's characters without `/`; not `.`/`..`).
 *
 * @example
 * ```ts
 * isValidBucketName('avatars'); // true
 * isValidBucketName('a/b'); // false
 * ```
 */
export function isValidBucketName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 100 &&
    BUCKET_CHARS.test(name) &&
    name !== '.' &&
    name !== '..'
  );
}
