/**
 * Base64url without padding.
 *
 * @example
 * ```ts
 * base64Url(new Uint8Array([251])); // '-w'
 * ```
 */
export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * The bytes of base64url text (padded or not).
 *
 * @example
 * ```ts
 * base64UrlBytes('-w'); // Uint8Array [251]
 * ```
 */
export function base64UrlBytes(value: string): Uint8Array {
  const b64 = value.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}
