import { SupabaseRxInputError } from '../http/supabase-rx-error.js';

// C0 controls and DEL: Storage refuses them, and a NUL can cut a path short on disk.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Throws a `SupabaseRxInputError` for an object path no Storage server accepts, before anything
 * is sent: not a string, empty, a `.` or `..` segment (also percent-encoded), or a control
 * character. A leading `/` is allowed: storage-js strips it.
 *
 * @example
 * ```ts
 * assertObjectPath('folder/a.png', 'upload()'); // ok
 * assertObjectPath('../etc/passwd', 'upload()'); // throws
 * ```
 */
export function assertObjectPath(path: unknown, where: string): asserts path is string {
  if (typeof path !== 'string') {
    throw new SupabaseRxInputError(`${where}: the path must be a string`);
  }
  if (path.replace(/\//g, '') === '') {
    throw new SupabaseRxInputError(`${where}: the path must name a file (got "${path}")`);
  }
  if (CONTROL.test(path)) {
    throw new SupabaseRxInputError(`${where}: the path "${escape(path)}" has a control character`);
  }
  for (const segment of path.split('/')) {
    const s = segment.replace(/%2e/gi, '.');
    if (s === '.' || s === '..') {
      throw new SupabaseRxInputError(
        `${where}: the path "${path}" has a "${segment}" segment (Storage keys cannot climb folders)`,
      );
    }
  }
}

/**
 * Throws a `SupabaseRxInputError` for a bucket id that is not a non-empty string, holds a
 * control character, or would leave its URL path segment (`/`, `\`, `?`, `#`, or `.` / `..`).
 *
 * @example
 * ```ts
 * assertBucketId('avatars', 'from()');
 * ```
 */
export function assertBucketId(id: unknown, where: string): asserts id is string {
  if (typeof id !== 'string' || id === '') {
    throw new SupabaseRxInputError(`${where}: the bucket id must be a non-empty string`);
  }
  if (CONTROL.test(id)) {
    throw new SupabaseRxInputError(`${where}: the bucket id "${escape(id)}" is not valid`);
  }
  // An id reaches the URL's path (`/bucket/<id>`, `/object/<id>/…`): one that would leave its
  // segment (`/`, `\`, `?`, `#`, `.`, `..`) is refused, naming the character.
  const char = /[/\\?#]/.exec(id)?.[0];
  if (char !== undefined || /^(?:\.|%2e){1,2}$/i.test(id)) {
    throw new SupabaseRxInputError(
      `${where}: the bucket id "${escape(id)}" is not valid: it must not ` +
        (char === undefined ? `be "${id}"` : `hold "${escape(char)}"`),
    );
  }
}

/**
 * storage-js's upload path clean-up: one leading and one trailing `/` removed, repeated `/`
 * collapsed.
 *
 * @example
 * ```ts
 * cleanPath('/folder//a.png/'); // 'folder/a.png'
 * ```
 */
export function cleanPath(path: string): string {
  return path.replace(/^\/|\/$/g, '').replace(/\/+/g, '/');
}

/**
 * `<bucket>/<path>` with the path's leading slashes removed, unencoded (fetch's URL parser
 * percent-encodes it), as storage-js builds it.
 *
 * @example
 * ```ts
 * finalPath('avatars', '/a b.png'); // 'avatars/a b.png'
 * ```
 */
export function finalPath(bucketId: string, path: string): string {
  return `${bucketId}/${path.replace(/^\/+/, '')}`;
}

function escape(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}
