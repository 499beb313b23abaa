/**
 * The MIME type of a `Content-Type` value, lower-cased and without parameters.
 *
 * @example
 * ```ts
 * mimeOf('text/plain;charset=UTF-8'); // 'text/plain'
 * ```
 */
export function mimeOf(contentType: string | null | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Whether a bucket's `allowed_mime_types` admit `contentType`: no list (or an empty one) admits
 * everything; entries match exactly or by wildcard (`image/*`, `*\/*`), case-insensitively.
 *
 * @example
 * ```ts
 * mimeAllowed('image/png', ['image/*']); // true
 * mimeAllowed('text/plain;charset=UTF-8', ['image/*']); // false
 * ```
 */
export function mimeAllowed(
  contentType: string,
  allowed: readonly string[] | null | undefined,
): boolean {
  if (!allowed || allowed.length === 0) return true;
  const [type, subtype] = mimeOf(contentType).split('/');
  if (!type || !subtype) return false;
  return allowed.some((entry) => {
    const [t, s] = mimeOf(entry).split('/');
    return (t === '*' || t === type) && (s === '*' || s === subtype);
  });
}
