import { StorageErrors } from './errors.js';
import { isValidBucketName, isValidKey } from './keys.js';

/** A bucket and an object key, decoded from a request path and checked. */
export interface ObjectTarget {
  bucket: string;
  key: string;
}

/**
 * The `<bucket>/<key>` that follows `marker` (e.g. `/object/info/`) in a raw URL pathname,
 * each segment percent-decoded once and then checked as Storage checks them (`InvalidKey`,
 * `InvalidBucketName`): `..`, `%2e%2e`, NUL and absolute keys are refused here.
 *
 * @example
 * ```ts
 * objectTarget('/storage/v1/object/avatars/a%20b.png', '/object/');
 * // { bucket: 'avatars', key: 'a b.png' }
 * ```
 */
export function objectTarget(pathname: string, marker: string): ObjectTarget {
  const at = pathname.indexOf(marker);
  const rest = at < 0 ? '' : pathname.slice(at + marker.length);
  const slash = rest.indexOf('/');
  const bucket = decode(slash < 0 ? rest : rest.slice(0, slash), rest);
  if (!isValidBucketName(bucket)) throw StorageErrors.invalidBucketName(bucket);
  const key =
    slash < 0
      ? ''
      : checkKey(
          rest
            .slice(slash + 1)
            .split('/')
            .map((s) => decode(s, rest))
            .join('/'),
        );
  return { bucket, key };
}

/** Decodes one path segment; malformed escapes are an invalid key. */
function decode(segment: string, whole: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw StorageErrors.invalidKey(whole);
  }
}

/**
 * Returns `key` when Storage accepts it, else throws `InvalidKey`.
 *
 * @example
 * ```ts
 * checkKey('folder/a.png'); // 'folder/a.png'
 * ```
 */
export function checkKey(key: unknown): string {
  if (typeof key !== 'string' || !isValidKey(key)) throw StorageErrors.invalidKey(String(key));
  return key;
}

/**
 * Returns `bucket` when it is a valid bucket id, else throws `InvalidBucketName`.
 *
 * @example
 * ```ts
 * checkBucket('avatars'); // 'avatars'
 * ```
 */
export function checkBucket(bucket: unknown): string {
  if (typeof bucket !== 'string' || !isValidBucketName(bucket)) {
    throw StorageErrors.invalidBucketName(String(bucket));
  }
  return bucket;
}
